/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.causal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A mutable vector clock over sparse node ids: one counter per node, where a node that is absent has counter 0.
 * {@link CausalOrder} stamps every broadcast with one and holds a message back until the receiver has delivered
 * everything the stamp says its sender had seen.
 * <p>
 * Entries are kept sorted by node id in two parallel arrays, without zero counters, so a clock has exactly one
 * representation: {@link #equals(Object)} and the encoding need no normalising, and comparisons are linear merges.
 * Operations allocate only when a clock grows past the largest size it has had.
 * <p>
 * Encoded layout, all little-endian, {@link #HEADER_LENGTH} + count x {@link #ENTRY_LENGTH} bytes:
 * <pre>
 *  0  u16   count   number of entries, 0..{@link #MAX_ENTRIES}
 *  2  u16   flags   0; anything else is refused, so a later layout cannot be misread by this one
 *  4  entries, count times, 12 bytes each:
 *     +0 int32  node id   >= 0, strictly ascending from entry to entry
 *     +4 int64  counter   >= 1 (a zero counter is never written: the node is left out)
 * </pre>
 * Not thread safe.
 */
public final class VectorClock
{
    /** Bytes before the first entry of an encoded clock. */
    public static final int HEADER_LENGTH = 4;

    /** Bytes per encoded entry: node id (int32) and counter (int64). */
    public static final int ENTRY_LENGTH = 12;

    /** The most entries a clock can hold, as the encoding counts them in 16 bits. */
    public static final int MAX_ENTRIES = 0xFFFF;

    private static final int COUNT_OFFSET = 0;
    private static final int FLAGS_OFFSET = 2;
    private static final int NODE_OFFSET = 0;
    private static final int COUNTER_OFFSET = 4;

    private static final int LESS = 1;
    private static final int GREATER = 2;
    private static final int CONCURRENT = LESS | GREATER;

    private int[] nodes;
    private long[] counters;
    private int size;

    /**
     * An empty clock: every counter 0.
     */
    public VectorClock()
    {
        this(8);
    }

    /**
     * An empty clock with room for some entries before it must grow.
     *
     * @param initialCapacity entries to make room for.
     */
    public VectorClock(final int initialCapacity)
    {
        if (initialCapacity < 0 || initialCapacity > MAX_ENTRIES)
        {
            throw new IllegalArgumentException(
                "initialCapacity must be in 0.." + MAX_ENTRIES + ", got " + initialCapacity);
        }
        nodes = new int[initialCapacity];
        counters = new long[initialCapacity];
    }

    /**
     * @return how many nodes have a counter above 0.
     */
    public int size()
    {
        return size;
    }

    /**
     * For walking the entries without allocating: they are in ascending node id order.
     *
     * @param index of the entry, 0 until {@link #size()}.
     * @return the node id of that entry.
     */
    public int nodeAt(final int index)
    {
        checkIndex(index);
        return nodes[index];
    }

    /**
     * @param index of the entry, 0 until {@link #size()}.
     * @return the counter of that entry, always above 0.
     */
    public long counterAt(final int index)
    {
        checkIndex(index);
        return counters[index];
    }

    /**
     * @param node id.
     * @return its counter, 0 when the clock has no entry for it.
     */
    public long get(final int node)
    {
        final int index = Arrays.binarySearch(nodes, 0, size, node);
        return index >= 0 ? counters[index] : 0;
    }

    /**
     * @param node  id, not negative.
     * @param value its new counter, not negative; 0 removes the entry.
     */
    public void set(final int node, final long value)
    {
        checkNode(node);
        if (value < 0)
        {
            throw new IllegalArgumentException("a counter cannot be negative: node " + node + " value " + value);
        }
        final int index = Arrays.binarySearch(nodes, 0, size, node);
        if (index >= 0)
        {
            if (0 == value)
            {
                removeAt(index);
            }
            else
            {
                counters[index] = value;
            }
        }
        else if (0 != value)
        {
            insertAt(-index - 1, node, value);
        }
    }

    /**
     * @param node id, not negative.
     * @return the node's counter after adding one to it.
     */
    public long increment(final int node)
    {
        checkNode(node);
        final int index = Arrays.binarySearch(nodes, 0, size, node);
        if (index >= 0)
        {
            counters[index] = Math.addExact(counters[index], 1L);
            return counters[index];
        }
        insertAt(-index - 1, node, 1L);
        return 1L;
    }

    /**
     * Raises every counter to at least the other clock's: the entry-wise maximum.
     *
     * @param other clock to merge in; unchanged.
     */
    public void mergeFrom(final VectorClock other)
    {
        if (other == this || 0 == other.size)
        {
            return;
        }
        final int union = unionSize(other);
        ensureCapacity(union);

        // Merge from the back so the entries not yet read are never overwritten, without a scratch array.
        int i = size - 1;
        int j = other.size - 1;
        int w = union - 1;
        while (j >= 0)
        {
            if (i >= 0 && nodes[i] > other.nodes[j])
            {
                nodes[w] = nodes[i];
                counters[w] = counters[i];
                i--;
            }
            else if (i >= 0 && nodes[i] == other.nodes[j])
            {
                nodes[w] = nodes[i];
                counters[w] = Math.max(counters[i], other.counters[j]);
                i--;
                j--;
            }
            else
            {
                nodes[w] = other.nodes[j];
                counters[w] = other.counters[j];
                j--;
            }
            w--;
        }
        size = union;
    }

    /**
     * @param other clock to compare with.
     * @return whether every counter of this clock is at most the other's (equal clocks included).
     */
    public boolean coveredBy(final VectorClock other)
    {
        return 0 == (compare(other) & GREATER);
    }

    /**
     * @param other clock to compare with.
     * @return whether this clock is strictly before the other: no counter greater, at least one smaller.
     */
    public boolean happenedBefore(final VectorClock other)
    {
        return LESS == compare(other);
    }

    /**
     * @param other clock to compare with.
     * @return whether neither clock happened before the other and they differ: each has a counter above the other's.
     */
    public boolean concurrentWith(final VectorClock other)
    {
        return CONCURRENT == compare(other);
    }

    /**
     * Sets every counter to 0, keeping the arrays for reuse.
     */
    public void clear()
    {
        size = 0;
    }

    /**
     * @param other clock whose entries replace this clock's.
     * @return this clock.
     */
    public VectorClock copyFrom(final VectorClock other)
    {
        if (other != this)
        {
            ensureCapacity(other.size);
            System.arraycopy(other.nodes, 0, nodes, 0, other.size);
            System.arraycopy(other.counters, 0, counters, 0, other.size);
            size = other.size;
        }
        return this;
    }

    /**
     * @return a new clock with the same entries.
     */
    public VectorClock copy()
    {
        return new VectorClock(size).copyFrom(this);
    }

    /**
     * @return the bytes {@link #encode(MutableDirectBuffer, int)} writes.
     */
    public int encodedLength()
    {
        return HEADER_LENGTH + size * ENTRY_LENGTH;
    }

    /**
     * Writes the clock in the layout described on the class.
     *
     * @param buffer to write into; it needs {@link #encodedLength()} bytes from offset.
     * @param offset of the first byte.
     * @return the bytes written, {@link #encodedLength()}.
     */
    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putShort(offset + COUNT_OFFSET, (short)size, LITTLE_ENDIAN);
        buffer.putShort(offset + FLAGS_OFFSET, (short)0, LITTLE_ENDIAN);
        int position = offset + HEADER_LENGTH;
        for (int i = 0; i < size; i++)
        {
            buffer.putInt(position + NODE_OFFSET, nodes[i], LITTLE_ENDIAN);
            buffer.putLong(position + COUNTER_OFFSET, counters[i], LITTLE_ENDIAN);
            position += ENTRY_LENGTH;
        }
        return position - offset;
    }

    /**
     * Reads a clock written by {@link #encode(MutableDirectBuffer, int)}, checking every rule of the layout first:
     * no byte at or past limit is read, and into is left as it was when the encoding is refused.
     *
     * @param buffer holding the encoding.
     * @param offset of its first byte.
     * @param limit  index just past the last byte that may belong to it (e.g. the end of the frame).
     * @param into   clock to overwrite with the decoded entries.
     * @return the bytes read.
     * @throws MalformedStampException if the encoding is truncated, has flags set, or has a node id that is negative
     *                                 or not above the previous one, or a counter below 1.
     */
    public static int decode(final DirectBuffer buffer, final int offset, final int limit, final VectorClock into)
    {
        if (offset < 0 || limit > buffer.capacity())
        {
            throw new IllegalArgumentException(
                "offset " + offset + " and limit " + limit + " must lie within the buffer of " + buffer.capacity());
        }
        final int available = limit - offset;
        if (available < HEADER_LENGTH)
        {
            throw new MalformedStampException(
                "truncated stamp: " + Math.max(available, 0) + " bytes, the header alone is " + HEADER_LENGTH, offset);
        }
        final int count = buffer.getShort(offset + COUNT_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        final int flags = buffer.getShort(offset + FLAGS_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if (0 != flags)
        {
            throw new MalformedStampException("unknown stamp flags 0x" + Integer.toHexString(flags), offset);
        }
        final int length = HEADER_LENGTH + count * ENTRY_LENGTH;
        if (length > available)
        {
            throw new MalformedStampException(
                "truncated stamp: " + count + " entries need " + length + " bytes, " + available + " remain", offset);
        }

        int previous = -1;
        for (int i = 0, position = offset + HEADER_LENGTH; i < count; i++, position += ENTRY_LENGTH)
        {
            final int node = buffer.getInt(position + NODE_OFFSET, LITTLE_ENDIAN);
            if (node <= previous)
            {
                throw new MalformedStampException(node < 0 ?
                    "negative node id " + node :
                    "node ids not strictly ascending: " + node + " after " + previous, position);
            }
            final long counter = buffer.getLong(position + COUNTER_OFFSET, LITTLE_ENDIAN);
            if (counter < 1)
            {
                throw new MalformedStampException(
                    "counter " + counter + " for node " + node + " (zero entries are left out)", position + 4);
            }
            previous = node;
        }

        into.ensureCapacity(count);
        for (int i = 0, position = offset + HEADER_LENGTH; i < count; i++, position += ENTRY_LENGTH)
        {
            into.nodes[i] = buffer.getInt(position + NODE_OFFSET, LITTLE_ENDIAN);
            into.counters[i] = buffer.getLong(position + COUNTER_OFFSET, LITTLE_ENDIAN);
        }
        into.size = count;

        return length;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof VectorClock))
        {
            return false;
        }
        final VectorClock that = (VectorClock)other;
        return size == that.size &&
            Arrays.equals(nodes, 0, size, that.nodes, 0, size) &&
            Arrays.equals(counters, 0, size, that.counters, 0, size);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int hashCode()
    {
        int hash = 1;
        for (int i = 0; i < size; i++)
        {
            hash = 31 * (31 * hash + nodes[i]) + Long.hashCode(counters[i]);
        }
        return hash;
    }

    /**
     * @return the entries as {@code [node:counter, ...]} in node order.
     */
    @Override
    public String toString()
    {
        final StringBuilder builder = new StringBuilder(2 + size * 8).append('[');
        for (int i = 0; i < size; i++)
        {
            if (i > 0)
            {
                builder.append(", ");
            }
            builder.append(nodes[i]).append(':').append(counters[i]);
        }
        return builder.append(']').toString();
    }

    /**
     * @return {@link #LESS} if some counter is below the other's, {@link #GREATER} if some is above, both, or 0.
     */
    private int compare(final VectorClock other)
    {
        int result = 0;
        int i = 0;
        int j = 0;
        while (i < size && j < other.size && CONCURRENT != result)
        {
            final int node = nodes[i];
            final int otherNode = other.nodes[j];
            if (node == otherNode)
            {
                final long counter = counters[i++];
                final long otherCounter = other.counters[j++];
                if (counter < otherCounter)
                {
                    result |= LESS;
                }
                else if (counter > otherCounter)
                {
                    result |= GREATER;
                }
            }
            else if (node < otherNode)
            {
                result |= GREATER;
                i++;
            }
            else
            {
                result |= LESS;
                j++;
            }
        }
        if (i < size)
        {
            result |= GREATER;
        }
        if (j < other.size)
        {
            result |= LESS;
        }
        return result;
    }

    private int unionSize(final VectorClock other)
    {
        int union = size + other.size;
        int i = 0;
        int j = 0;
        while (i < size && j < other.size)
        {
            final int node = nodes[i];
            final int otherNode = other.nodes[j];
            if (node == otherNode)
            {
                union--;
                i++;
                j++;
            }
            else if (node < otherNode)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        if (union > MAX_ENTRIES)
        {
            throw new IllegalStateException("a vector clock holds at most " + MAX_ENTRIES + " nodes");
        }
        return union;
    }

    private void insertAt(final int index, final int node, final long value)
    {
        if (size == MAX_ENTRIES)
        {
            throw new IllegalStateException("a vector clock holds at most " + MAX_ENTRIES + " nodes");
        }
        ensureCapacity(size + 1);
        System.arraycopy(nodes, index, nodes, index + 1, size - index);
        System.arraycopy(counters, index, counters, index + 1, size - index);
        nodes[index] = node;
        counters[index] = value;
        size++;
    }

    private void removeAt(final int index)
    {
        System.arraycopy(nodes, index + 1, nodes, index, size - index - 1);
        System.arraycopy(counters, index + 1, counters, index, size - index - 1);
        size--;
    }

    private void ensureCapacity(final int required)
    {
        if (required > nodes.length)
        {
            final int capacity = (int)Math.min(MAX_ENTRIES, Math.max(required, 2L * nodes.length));
            nodes = Arrays.copyOf(nodes, capacity);
            counters = Arrays.copyOf(counters, capacity);
        }
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("entry " + index + " of a clock with " + size);
        }
    }

    private static void checkNode(final int node)
    {
        if (node < 0)
        {
            throw new IllegalArgumentException("node ids are not negative, got " + node);
        }
    }
}
