/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Parallel;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.Cell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Independent reads of independent writes: two threads of node 0 write x and y at once; a reader on node 1 waits
 * until it sees x and then reads y, a reader on node 2 waits until it sees y and then reads x. The readers must agree
 * on the order of the two writes: each cannot see its first write while the other write has not happened yet, and
 * the other reader see the opposite. Node 1 reads x from the cluster and caches y; node 2 the other way round. Four
 * parties in two actors ({@link Parallel}), so the test runs on a two-core machine.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 0", expect = FORBIDDEN, desc = "the readers saw the two writes in opposite orders")
@Outcome(id = {"1, 1, 1, 1", "1, 0, 1, 1", "1, 1, 1, 0"}, expect = ACCEPTABLE,
    desc = "the readers agree on an order of the writes")
@Outcome(expect = ACCEPTABLE_INTERESTING, desc = "a write did not show within the bound")
@State
public class Iriw
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);
    final Cell[] y = FabricNodes.cluster().share(Cell::new);

    public Iriw()
    {
        // Node 1 last wrote x and node 2 last wrote y themselves: each reads its first cell from the cluster.
        x[1].value = 0;
        y[2].value = 0;
    }

    @Actor
    public void writers()
    {
        Parallel.both(() -> x[0].value = 1, () -> y[0].value = 1);
    }

    @Actor
    public void readers(final IIII_Result r)
    {
        Parallel.both(() ->
        {
            r.r1 = Spin.until(() -> x[1].value == 1, Spin.BOUND_MS) ? 1 : 0;
            r.r2 = y[1].value;
        }, () ->
        {
            r.r3 = Spin.until(() -> y[2].value == 1, Spin.BOUND_MS) ? 1 : 0;
            r.r4 = x[2].value;
        });
    }
}
