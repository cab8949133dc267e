/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * A one-slot hand-off with {@code wait}/{@code notifyAll}.
 */
@Shared
public class Mailbox
{
    private int value;
    private boolean full;

    public synchronized void put(final int item)
    {
        value = item;
        full = true;
        notifyAll();
    }

    /**
     * @param boundMs how long a hand-off may take before it counts as lost.
     * @return the item, or -1 if it was not handed over within {@code boundMs} (a lost wake-up).
     * @throws InterruptedException if interrupted while waiting.
     */
    public synchronized int take(final long boundMs) throws InterruptedException
    {
        final long start = System.nanoTime();
        final long boundNs = boundMs * 1_000_000L;
        while (!full)
        {
            final long leftNs = boundNs - (System.nanoTime() - start);
            if (leftNs <= 0)
            {
                break;
            }
            wait(Math.max(1, leftNs / 1_000_000L));
        }
        return System.nanoTime() - start >= boundNs ? -1 : value;
    }
}
