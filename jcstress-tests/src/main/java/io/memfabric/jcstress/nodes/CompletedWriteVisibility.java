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
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.CountDownLatch;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A completed write is visible everywhere (linearizability's real-time order): node 0 writes x and, once the write
 * has returned, tells the reader through a plain latch of this JVM, outside the fabric; the reader then reads x on
 * nodes 1 and 2, which both hold it in their caches. Every read that starts after a write returned sees it.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both nodes show the completed write")
@Outcome(id = "0, .*", expect = ACCEPTABLE_INTERESTING, desc = "the write did not return within the bound")
@Outcome(expect = FORBIDDEN, desc = "a read that started after the write returned saw the old value")
@State
public class CompletedWriteVisibility
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);
    final CountDownLatch written = new CountDownLatch(1);

    @Actor
    public void writer()
    {
        x[0].value = 1;
        written.countDown();
    }

    @Actor
    public void reader(final III_Result r)
    {
        r.r1 = Spin.awaited(written);
        r.r2 = x[1].value;
        r.r3 = x[2].value;
    }
}
