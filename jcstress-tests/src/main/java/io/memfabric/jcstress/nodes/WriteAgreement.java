/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.Cell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Write-write coherence: nodes 0 and 1 write different values to one field at once; afterwards every node, the
 * third included, shows the same last value.
 */
@JCStressTest
@Outcome(id = {"1, 1, 1", "2, 2, 2"}, expect = ACCEPTABLE, desc = "every node agrees on the last write")
@Outcome(expect = FORBIDDEN, desc = "nodes disagree on the field's value after both writes completed")
@State
public class WriteAgreement
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);

    @Actor
    public void node0()
    {
        x[0].value = 1;
    }

    @Actor
    public void node1()
    {
        x[1].value = 2;
    }

    @Arbiter
    public void check(final III_Result r)
    {
        r.r1 = x[0].value;
        r.r2 = x[1].value;
        r.r3 = x[2].value;
    }
}
