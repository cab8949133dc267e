/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.Pair;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Visibility and atomicity under {@code synchronized}: node 0 writes two fields in one critical section; node 1 reads
 * both in critical sections of its own, again until it sees the first field written (bounded), and then sees the
 * second one too: a critical section's writes become visible together.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "saw the whole critical section")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "the writer's section did not show within the bound")
@Outcome(id = {"1, 0", "0, 1"}, expect = FORBIDDEN, desc = "saw half of a critical section")
@State
public class CriticalSection
{
    final Pair[] pair = FabricNodes.cluster().share(Pair::new);

    @Actor
    public void writer()
    {
        pair[0].writeBoth(1);
    }

    @Actor
    public void reader(final II_Result r)
    {
        final long[] both = new long[1];
        Spin.until(() -> (both[0] = pair[1].readBoth()) != 0, Spin.BOUND_MS);
        r.r1 = (int)(both[0] >>> 32);
        r.r2 = (int)both[0];
    }
}
