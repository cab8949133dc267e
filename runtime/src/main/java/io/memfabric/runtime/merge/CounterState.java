/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.merge;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A counter that merges (a PN-counter): per JVM, the total it added and the total it subtracted; the value is the sum
 * of the one less the sum of the other. An operation carries a JVM's totals, and merging keeps the larger of each, so
 * operations apply in any order and any number of times.
 */
public final class CounterState extends MergeState
{
    private final Map<Integer, long[]> totals = new TreeMap<>();
    private boolean dirty;

    CounterState(final int node, final Outbox outbox)
    {
        super(node, outbox);
    }

    public byte kind()
    {
        return COUNTER;
    }

    /**
     * Adds to the counter.
     *
     * @param delta any amount; negative subtracts.
     */
    public void add(final long delta)
    {
        synchronized (this)
        {
            final long[] own = totals.computeIfAbsent(node(), id -> new long[2]);
            if (delta >= 0)
            {
                own[0] = Math.addExact(own[0], delta);
            }
            else
            {
                own[1] = Math.addExact(own[1], -delta);
            }
            dirty = true;
        }
        changed();
    }

    /**
     * @return the counter's value as this JVM knows it.
     */
    public synchronized long value()
    {
        long value = 0;
        for (final long[] total : totals.values())
        {
            value += total[0] - total[1];
        }
        return value;
    }

    protected void applyOperation(final ByteBuffer operation)
    {
        final int node = operation.getInt();
        final long added = operation.getLong();
        final long subtracted = operation.getLong();
        final long[] total = totals.computeIfAbsent(node, id -> new long[2]);
        total[0] = Math.max(total[0], added);
        total[1] = Math.max(total[1], subtracted);
    }

    protected void collectPending(final List<byte[]> out)
    {
        if (dirty)
        {
            dirty = false;
            final long[] own = totals.get(node());
            out.add(operation(node(), own[0], own[1]));
        }
    }

    protected void collectWhole(final List<byte[]> out)
    {
        for (final Map.Entry<Integer, long[]> total : totals.entrySet())
        {
            out.add(operation(total.getKey(), total.getValue()[0], total.getValue()[1]));
        }
    }

    protected void absorbLocal(final MergeState local)
    {
        final long[] own = totals.computeIfAbsent(node(), id -> new long[2]);
        for (final long[] total : ((CounterState)local).totals.values())
        {
            own[0] += total[0];
            own[1] += total[1];
        }
        dirty = true;
    }

    private static byte[] operation(final int node, final long added, final long subtracted)
    {
        return ByteBuffer.allocate(20).putInt(node).putLong(added).putLong(subtracted).array();
    }
}
