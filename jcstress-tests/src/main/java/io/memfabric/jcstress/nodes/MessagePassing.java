/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

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
 * Message passing between nodes: node 0 writes data, then a flag (separate objects); node 1, which holds the data
 * in its cache, waits for the flag and then reads the data. Seeing the flag and the old data would mean a stale
 * cached copy survived a write that completed before the flag's.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "saw the flag, then the data it guards")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "the flag did not show within the bound")
@Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = "the flag did not show within the bound")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "saw the flag but the data from before it")
@State
public class MessagePassing
{
    final Cell[] data = FabricNodes.cluster().share(Cell::new);
    final Cell[] flag = FabricNodes.cluster().share(Cell::new);

    public MessagePassing()
    {
        // The reader last wrote the flag itself (it reset it), so it reads the flag from the cluster; the data stays
        // in its cache under a lease.
        flag[1].value = 0;
    }

    @Actor
    public void writer()
    {
        data[0].value = 1;
        flag[0].value = 1;
    }

    @Actor
    public void reader(final II_Result r)
    {
        r.r1 = Spin.until(() -> flag[1].value == 1, Spin.BOUND_MS) ? 1 : 0;
        r.r2 = data[1].value;
    }
}
