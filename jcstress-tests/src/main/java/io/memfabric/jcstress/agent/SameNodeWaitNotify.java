/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.agent;

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
 * {@code wait}/{@code notifyAll} between two threads of one cluster node, where the JVM monitor and the cluster lock
 * are both held and the waiter is woken by the cluster's grant.
 */
@JCStressTest
@Outcome(id = "42", expect = ACCEPTABLE, desc = "the item was handed over")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "the waiter was not woken within the bound: a lost notify")
@Outcome(expect = FORBIDDEN, desc = "a value nobody put")
@State
public class SameNodeWaitNotify
{
    final Mailbox box = FabricNodes.cluster().share(Mailbox::new)[0];

    @Actor
    public void producer()
    {
        box.put(42);
    }

    @Actor
    public void consumer(final I_Result r)
    {
        try
        {
            r.r1 = box.take(Spin.BOUND_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            r.r1 = -2;
        }
    }
}
