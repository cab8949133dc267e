/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

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
 * Store buffering (Dekker) between nodes: each node writes its cell, then reads the other's, both cached. STRONG
 * fields are sequentially consistent, so at least one node sees the other's write.
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "at least one write was seen")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "both nodes read old values after writing: writes were buffered")
@State
public class StoreBuffering
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);
    final Cell[] y = FabricNodes.cluster().share(Cell::new);

    @Actor
    public void node0(final II_Result r)
    {
        x[0].value = 1;
        r.r1 = y[0].value;
    }

    @Actor
    public void node1(final II_Result r)
    {
        y[1].value = 1;
        r.r2 = x[1].value;
    }
}
