/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

/**
 * The indexed storage of the fabric's collections: a radix tree of {@link Chunk}s, 32 slots per level, that grows
 * a level at a time (32, 1,024, 32,768, ... slots) without moving what it holds. Reading or writing slot {@code i}
 * touches one chunk per level, so no operation fetches the whole collection. Not synchronized: its owner calls it
 * under its own lock.
 */
@Shared
final class Tree
{
    Chunk root;
    int depth;

    Object get(final int index)
    {
        if (depth == 0 || (long)index >= capacity(depth))
        {
            return null;
        }
        Chunk node = root;
        for (int level = depth - 1; level > 0 && node != null; level--)
        {
            node = (Chunk)node.get((index >>> (Chunk.BITS * level)) & Chunk.MASK);
        }
        return node == null ? null : node.get(index & Chunk.MASK);
    }

    void set(final int index, final Object value)
    {
        if (index < 0)
        {
            throw new IndexOutOfBoundsException(index);
        }
        if (value == null && (depth == 0 || (long)index >= capacity(depth)))
        {
            return;
        }
        while ((long)index >= capacity(depth))
        {
            final Chunk grown = new Chunk();
            if (root != null)
            {
                grown.e0 = root;
            }
            root = grown;
            depth++;
        }
        Chunk node = root;
        for (int level = depth - 1; level > 0; level--)
        {
            final int at = (index >>> (Chunk.BITS * level)) & Chunk.MASK;
            Chunk child = (Chunk)node.get(at);
            if (child == null)
            {
                if (value == null)
                {
                    return;
                }
                child = new Chunk();
                node.set(at, child);
            }
            node = child;
        }
        node.set(index & Chunk.MASK, value);
    }

    /**
     * Builds every chunk that holds slots {@code 0 .. length - 1} up front, so the path to each slot never changes
     * afterwards and a slot can be read and written without its owner's lock, like a field (a fabric array).
     */
    void allocate(final int length)
    {
        if (length > 0)
        {
            root = build(levelsFor(length), 0, length);
        }
        depth = levelsFor(length);
    }

    private static Chunk build(final int levels, final long first, final int length)
    {
        final Chunk chunk = new Chunk();
        if (levels > 1)
        {
            final long span = capacity(levels - 1);
            for (int i = 0; i < Chunk.SIZE && first + i * span < length; i++)
            {
                chunk.set(i, build(levels - 1, first + i * span, length));
            }
        }
        return chunk;
    }

    private static int levelsFor(final int length)
    {
        int levels = length > 0 ? 1 : 0;
        while ((long)length > capacity(levels))
        {
            levels++;
        }
        return levels;
    }

    void clear()
    {
        root = null;
        depth = 0;
    }

    private static long capacity(final int depth)
    {
        return depth == 0 ? 0 : 1L << (Chunk.BITS * depth);
    }
}
