/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Parallel;
import io.memfabric.jcstress.cells.Cell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Independent reads of independent writes: node 0 writes x while node 1 writes y; a reader on node 2 reads x then y,
 * one on node 0 reads y then x. The readers must agree on the order of the two writes. Four parties in two actors
 * ({@link Parallel}), so the test runs on a two-core machine.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 0", expect = FORBIDDEN, desc = "the readers saw the two writes in opposite orders")
@Outcome(expect = ACCEPTABLE, desc = "the readers agree on an order of the writes")
@State
public class Iriw
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);
    final Cell[] y = FabricNodes.cluster().share(Cell::new);

    @Actor
    public void writers()
    {
        Parallel.both(() -> x[0].value = 1, () -> y[1].value = 1);
    }

    @Actor
    public void readers(final IIII_Result r)
    {
        Parallel.both(() ->
        {
            r.r1 = x[2].value;
            r.r2 = y[2].value;
        }, () ->
        {
            r.r3 = y[0].value;
            r.r4 = x[0].value;
        });
    }
}
