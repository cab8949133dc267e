/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.cells.LongCell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A {@code long} written on one node and read on another is never torn: the reader sees all 64 bits of the old
 * value or of the new one.
 */
@JCStressTest
@Outcome(id = "0", expect = ACCEPTABLE, desc = "the old value")
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
        r.r1 = x[1].value;
    }
}
