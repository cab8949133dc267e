/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.DoubleCell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A {@code double} written on one node and read on another is never torn (the result is its raw bits).
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "the old value, 0.0")
@Outcome(id = "9218868437227405311", expect = ACCEPTABLE, desc = "the new value, Double.MAX_VALUE")
@Outcome(expect = FORBIDDEN, desc = "bits of both: the write was torn")
@State
public class DoubleAtomicity
{
    final DoubleCell[] x = FabricNodes.cluster().share(DoubleCell::new);

    @Actor
    public void writer()
    {
        x[0].value = Double.MAX_VALUE;
    }

    @Actor
    public void reader(final J_Result r)
    {
        r.r1 = Double.doubleToRawLongBits(x[1].value);
    }
}
