/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.merge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A map that merges, last writer wins per key: every put and remove is stamped with a hybrid logical clock (physical
 * milliseconds and a counter, kept above every stamp this replica has seen) and the writer's node id; the higher
 * (stamp, node) wins, so replicas agree whatever order writes arrive in. A remove is a put of nothing, kept so that an
 * older put arriving later loses to it.
 */
public final class MapState extends MergeState
{
    private final Map<String, Cell> cells = new TreeMap<>();
    private long clock;

    MapState(final int node, final Outbox outbox)
    {
        super(node, outbox);
    }

    public byte kind()
    {
        return MAP;
    }

    /**
     * @param key   a key's text ({@link Values#encode}).
     * @param value a value's text, or {@code null} to remove the key.
     * @return the text of the value the key had, or {@code null}.
     */
    public String put(final String key, final String value)
    {
        final String before;
        synchronized (this)
        {
            clock = Math.max(System.currentTimeMillis() << 16, clock + 1);
            final Cell cell = new Cell(clock, node(), value);
            final Cell old = cells.put(key, cell);
            before = old == null ? null : old.value;
            if (old == null && value == null)
            {
                cells.remove(key);
                return null;
            }
            queue(operation(key, cell));
        }
        changed();
        return before;
    }

    /**
     * @param key a key's text.
     * @return the text of its value, or {@code null}.
     */
    public synchronized String get(final String key)
    {
        final Cell cell = cells.get(key);
        return cell == null ? null : cell.value;
    }

    /**
     * @return the keys' texts and their values' texts, sorted by key, removed keys left out.
     */
    public synchronized Map<String, String> entries()
    {
        final Map<String, String> entries = new TreeMap<>();
        for (final Map.Entry<String, Cell> cell : cells.entrySet())
        {
            if (cell.getValue().value != null)
            {
                entries.put(cell.getKey(), cell.getValue().value);
            }
        }
        return entries;
    }

    protected void applyOperation(final ByteBuffer operation)
    {
        final byte[] key = new byte[operation.getInt()];
        operation.get(key);
        final long stamp = operation.getLong();
        final int node = operation.getInt();
        final int length = operation.getInt();
        String value = null;
        if (length >= 0)
        {
            final byte[] bytes = new byte[length];
            operation.get(bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        clock = Math.max(clock, stamp);
        final String name = new String(key, StandardCharsets.UTF_8);
        final Cell held = cells.get(name);
        if (held == null || held.stamp < stamp || (held.stamp == stamp && held.node < node))
        {
            cells.put(name, new Cell(stamp, node, value));
        }
    }

    protected void collectWhole(final List<byte[]> out)
    {
        for (final Map.Entry<String, Cell> cell : cells.entrySet())
        {
            out.add(operation(cell.getKey(), cell.getValue()));
        }
    }

    protected void absorbLocal(final MergeState local)
    {
        for (final Map.Entry<String, Cell> cell : new ArrayList<>(((MapState)local).cells.entrySet()))
        {
            clock = Math.max(System.currentTimeMillis() << 16, clock + 1);
            final Cell own = new Cell(clock, node(), cell.getValue().value);
            cells.put(cell.getKey(), own);
            queue(operation(cell.getKey(), own));
        }
    }

    private static byte[] operation(final String key, final Cell cell)
    {
        final byte[] name = key.getBytes(StandardCharsets.UTF_8);
        final byte[] value = cell.value == null ? null : cell.value.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer out = ByteBuffer.allocate(4 + name.length + 8 + 4 + 4 + (value == null ? 0 : value.length));
        out.putInt(name.length).put(name).putLong(cell.stamp).putInt(cell.node).putInt(value == null ? -1 :
            value.length);
        if (value != null)
        {
            out.put(value);
        }
        return out.array();
    }

    private static final class Cell
    {
        final long stamp;
        final int node;
        final String value;

        Cell(final long stamp, final int node, final String value)
        {
            this.stamp = stamp;
            this.node = node;
            this.value = value;
        }
    }
}
