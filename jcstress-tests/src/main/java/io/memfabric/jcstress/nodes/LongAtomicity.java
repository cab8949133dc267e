/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.LongCell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A {@code long} written on one node and read on another is never torn: the reader, waiting for the write to show,
 * sees all 64 bits of the new value, never half of it over half of the old one.
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "the write did not show within the bound")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "the new value")
@Outcome(expect = FORBIDDEN, desc = "half of each: the write was torn")
@State
public class LongAtomicity
{
    final LongCell[] x = FabricNodes.cluster().share(LongCell::new);

    @Actor
    public void writer()
    {
        x[0].value = -1L;
    }

    @Actor
    public void reader(final J_Result r)
    {
        // Wait for the write to arrive (its invalidation, then a read of the whole slot), so that what is checked is
        // the value that crossed the cluster, not the initial one.
        final long[] seen = new long[1];
        Spin.until(() -> (seen[0] = x[1].value) != 0, Spin.BOUND_MS);
        r.r1 = seen[0];
    }
}
