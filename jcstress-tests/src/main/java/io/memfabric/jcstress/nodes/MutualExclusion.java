/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.Counter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Mutual exclusion: two nodes increment one counter in {@code synchronized} methods; a third node reads it. The
 * monitor is a cluster lock, so no increment is lost.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
@Outcome(id = "1", expect = FORBIDDEN, desc = "an increment was lost: both nodes were in the critical section")
@Outcome(expect = FORBIDDEN, desc = "a value no increment could give")
@State
public class MutualExclusion
{
    final Counter[] counter = FabricNodes.cluster().share(Counter::new);

    @Actor
    public void node0()
    {
        counter[0].increment();
    }

    @Actor
    public void node1()
    {
        counter[1].increment();
    }

    @Arbiter
    public void check(final I_Result r)
    {
        r.r1 = counter[2].get();
    }
}
