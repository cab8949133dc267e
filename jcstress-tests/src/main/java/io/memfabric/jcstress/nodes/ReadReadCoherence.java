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
 * Read-read coherence across nodes: node 0 writes x; a thread waits until node 1 shows the write, then reads x on
 * node 2, which holds it in its cache. Once any node showed a value, no node may show an older one (one copy, as in
 * a single JVM).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "node 2 shows the write node 1 showed")
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE_INTERESTING, desc = "the write did not show on node 1 in time")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "node 2 showed a value older than one already seen")
@State
public class ReadReadCoherence
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);

    public ReadReadCoherence()
    {
        // Node 1 reads x from the cluster; node 2 keeps it cached.
        x[1].value = 0;
    }

    @Actor
    public void writer()
    {
        x[0].value = 1;
    }

    @Actor
    public void reader(final II_Result r)
    {
        r.r1 = Spin.until(() -> x[1].value == 1, Spin.BOUND_MS) ? 1 : 0;
        r.r2 = x[2].value;
    }
}
