/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded waiting for a value to show, for litmus tests whose reader waits for a flag (message passing with a
 * spinning reader): the reader yields between reads, since the cluster that must deliver the flag shares the cores.
 */
public final class Spin
{
    /**
     * How long a reader waits for a write that was certainly made: far beyond a round trip.
     */
    public static final long BOUND_MS = 5_000;

    private Spin()
    {
    }

    /**
     * @param seen    reads the value and says whether it showed.
     * @param boundMs how long to keep reading.
     * @return whether it showed within the bound.
     */
    public static boolean until(final BooleanSupplier seen, final long boundMs)
    {
        final long deadline = System.nanoTime() + boundMs * 1_000_000L;
        while (!seen.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    /**
     * Waits at most {@link #BOUND_MS} for a latch that another actor counts down once its operation returned (a
     * signal outside the fabric).
     *
     * @param latch the latch.
     * @return 1 if it was counted down within the bound, 0 if not, -1 if the thread was interrupted (its interrupt
     * flag is set again).
     */
    public static int awaited(final CountDownLatch latch)
    {
        try
        {
            return latch.await(BOUND_MS, TimeUnit.MILLISECONDS) ? 1 : 0;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
