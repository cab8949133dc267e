/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.agent;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.Cell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Store buffering between two threads of one cluster node, reading local copies cached under leases while writing
 * through the cluster.
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "at least one write was seen")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "both threads read old values after writing")
@State
public class SameNodeStoreBuffering
{
    final Cell x = FabricNodes.cluster().share(Cell::new)[0];
    final Cell y = FabricNodes.cluster().share(Cell::new)[0];

    @Actor
    public void thread1(final II_Result r)
    {
        x.value = 1;
        r.r1 = y.value;
    }

    @Actor
    public void thread2(final II_Result r)
    {
        y.value = 1;
        r.r2 = x.value;
    }
}
