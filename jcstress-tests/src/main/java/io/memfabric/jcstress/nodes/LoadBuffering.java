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
 * Load buffering between nodes: each node reads one cell, then writes the other. Both reads seeing the other
 * node's later write would need a read to return a value written after it.
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "each read saw a write made before it")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "both reads saw writes program-ordered after them")
@State
public class LoadBuffering
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);
    final Cell[] y = FabricNodes.cluster().share(Cell::new);

    @Actor
    public void node0(final II_Result r)
    {
        r.r1 = x[0].value;
        y[0].value = 1;
    }

    @Actor
    public void node1(final II_Result r)
    {
        r.r2 = y[1].value;
        x[1].value = 1;
    }
}
