/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.Claim;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Compare-and-set: two nodes try to claim one object at once ({@code synchronized} check-then-write). Exactly one
 * wins, and the object names the winner on every node.
 */
@JCStressTest
@Outcome(id = "true, false, 1", expect = ACCEPTABLE, desc = "node 0 won")
@Outcome(id = "false, true, 2", expect = ACCEPTABLE, desc = "node 1 won")
@Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "both won: the check and the write were not atomic")
@Outcome(expect = FORBIDDEN, desc = "nobody won, or the owner is not the winner")
@State
public class CasUnderLock
{
    final Claim[] claim = FabricNodes.cluster().share(Claim::new);

    @Actor
    public void node0(final ZZI_Result r)
    {
        r.r1 = claim[0].claim(1);
    }

    @Actor
    public void node1(final ZZI_Result r)
    {
        r.r2 = claim[1].claim(2);
    }

    @Arbiter
    public void check(final ZZI_Result r)
    {
        r.r3 = claim[2].owner();
    }
}
