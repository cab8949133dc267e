/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.EventualCell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Convergence of an EVENTUAL field that two nodes write at once: each applies its own write at once and the other's
 * when it arrives; once both arrived, both nodes must hold the same value (the write with the higher stamp).
 */
@JCStressTest
@Outcome(id = {"1, 1", "2, 2"}, expect = ACCEPTABLE, desc = "both nodes hold the same winner")
@Outcome(id = {"1, 2", "2, 1"}, expect = FORBIDDEN, desc = "the nodes did not converge within the bound")
@Outcome(expect = FORBIDDEN, desc = "a write was lost")
@State
public class EventualConvergence
{
    final EventualCell[] cell = FabricNodes.cluster().share(EventualCell::new);

    @Actor
    public void first()
    {
        cell[0].value = 1;
    }

    @Actor
    public void second()
    {
        cell[1].value = 2;
    }

    @Arbiter
    public void settle(final II_Result r)
    {
        Spin.until(() -> cell[0].value != 0 && cell[0].value == cell[1].value, Spin.BOUND_MS);
        r.r1 = cell[0].value;
        r.r2 = cell[1].value;
    }
}
