/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.nodes;

import io.memfabric.jcstress.FabricNodes;
import io.memfabric.jcstress.Spin;
import io.memfabric.jcstress.cells.Mailbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@code wait}/{@code notifyAll} between nodes: node 1 waits in a {@code synchronized} method until node 0 puts an
 * item and notifies; the item arrives, and the waiter is woken by the notify, not by its timeout.
 */
@JCStressTest
@Outcome(id = "42", expect = ACCEPTABLE, desc = "the item was handed over")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "the waiter was not woken within the bound: a lost notify")
@Outcome(expect = FORBIDDEN, desc = "a value nobody put")
@State
public class WaitNotifyHandOff
{
    final Mailbox[] box = FabricNodes.cluster().share(Mailbox::new);

    @Actor
    public void producer()
    {
        box[0].put(42);
    }

    @Actor
    public void consumer(final I_Result r)
    {
        try
        {
            r.r1 = box[1].take(Spin.BOUND_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            r.r1 = -2;
        }
    }
}
