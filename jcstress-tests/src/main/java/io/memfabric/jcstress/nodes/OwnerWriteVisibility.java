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
 * A reader racing an owner: node 0 writes x twice inside {@code synchronized (x)}. Its first write makes node 0 the
 * owner of x; the second stays in node 0's copy (written back). While node 0 still holds the lock, the reader reads x
 * without it on nodes 1 and 2: the cluster must recall the owner's write before it answers, so a read that starts
 * after the second write returned sees 2.
 */
@JCStressTest
@Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "both nodes show the owner's completed write")
@Outcome(id = "0, .*", expect = ACCEPTABLE_INTERESTING, desc = "the writes did not return within the bound")
@Outcome(expect = FORBIDDEN, desc = "a read that started after the owner's write returned saw an older value")
@State
public class OwnerWriteVisibility
{
    final Cell[] x = FabricNodes.cluster().share(Cell::new);
    final CountDownLatch written = new CountDownLatch(1);
    final CountDownLatch read = new CountDownLatch(1);

    @Actor
    public void owner()
    {
        synchronized (x[0])
        {
            x[0].value = 1;
            x[0].value = 2;
            written.countDown();
            Spin.awaited(read);
        }
    }

    @Actor
    public void reader(final III_Result r)
    {
        r.r1 = Spin.awaited(written);
        r.r2 = x[1].value;
        r.r3 = x[2].value;
        read.countDown();
    }
}
