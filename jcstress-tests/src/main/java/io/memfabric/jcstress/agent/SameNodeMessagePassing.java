/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.agent;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.Cell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Message passing between two threads of one cluster node: the writer's writes go through the cluster while the
 * reader reads the node's local copies, cached under a lease; the generated read path must not serve a copy a write
 * of the same node has overtaken.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "saw the flag, then the data")
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE_INTERESTING, desc = "the flag did not show within the bound")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "saw the flag but the data from before it")
@State
public class SameNodeMessagePassing
{
    final Cell data = FabricNodes.cluster().share(Cell::new)[0];
    final Cell flag = FabricNodes.cluster().share(Cell::new)[0];

    @Actor
    public void writer()
    {
        data.value = 1;
        flag.value = 1;
    }

    @Actor
    public void reader(final II_Result r)
    {
        r.r1 = Spin.until(() -> flag.value == 1, Spin.BOUND_MS) ? 1 : 0;
        r.r2 = data.value;
    }
}
