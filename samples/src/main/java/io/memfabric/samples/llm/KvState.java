/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The KV cache of one sequence: for every layer, the key and the value vectors of positions {@code 0 .. length()-1},
 * float32, growing as {@link TinyTransformer#prefill} appends tokens or {@link KvPages#importInto} appends pages.
 * Keys are stored after the rotary embedding of their position, as attention reads them, so a cache is only valid at
 * the positions it was computed at; pages go back in order for that reason.
 * <p>
 * Per layer, keys and values are each one flat array, position-major: element {@code d} of KV head {@code g} at
 * position {@code p} is at {@code (p * kvHeads + g) * headDim + d}. A run of positions is then one contiguous range,
 * which is what a page copies.
 * <p>
 * <b>A borrowed prefix.</b> The first positions may instead stay where they are, in pages of the {@link KvPages}
 * layout that someone else holds: the KV-cache store's pages in the host's shared pool, {@link KvPages#borrowInto}.
 * Attention reads them in place, and the arrays hold only the positions after them (position {@code p} at
 * {@code p - borrowedLength()}), so agents on one host that answer over the same context hold its KV once, in the
 * pool, and each owns only its own suffix: {@link #ownedBytes()} and {@link #borrowedBytes()}. The pages' memory must
 * stay valid and unchanged while the cache is used (for the store's pages: while their {@code KvMatch} is open,
 * which pins them); {@link #truncate truncate(0)} lets go of them.
 * <p>
 * Not thread-safe: one sequence is extended by one thread at a time (a prefill's helper threads only read it).
 */
public final class KvState
{
    private static final int MIN_CAPACITY = 16;
    private static final FloatBuffer[] NO_BLOCKS = new FloatBuffer[0];

    private final ModelConfig config;
    private final int kvDim;
    private final float[][] keys;
    private final float[][] values;
    private FloatBuffer[] borrowedBlocks = NO_BLOCKS;
    private int borrowedBlockCount;
    private int borrowedBlockSize;
    private int borrowed;
    private int capacity;
    private int length;

    /**
     * An empty cache that grows as needed.
     *
     * @param config the model the cache belongs to.
     */
    public KvState(final ModelConfig config)
    {
        this(config, MIN_CAPACITY);
    }

    /**
     * An empty cache with room for a number of positions of its own before it has to grow (growing copies the
     * cache).
     *
     * @param config   the model the cache belongs to.
     * @param capacity positions to make room for.
     * @throws IllegalArgumentException if the capacity is negative or more than an array per layer holds.
     */
    public KvState(final ModelConfig config, final int capacity)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException("a capacity of " + capacity + " positions");
        }
        this.config = config;
        this.kvDim = config.kvDim();
        checkCapacity(capacity);
        this.keys = new float[config.layers()][];
        this.values = new float[config.layers()][];
        for (int layer = 0; layer < config.layers(); layer++)
        {
            keys[layer] = new float[capacity * kvDim];
            values[layer] = new float[capacity * kvDim];
        }
        this.capacity = capacity;
    }

    /**
     * @return the model the cache belongs to.
     */
    public ModelConfig config()
    {
        return config;
    }

    /**
     * @return positions held, borrowed and owned: the next token appended is at this position.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return positions the cache holds before it has to grow: the borrowed ones and the room of its own arrays.
     */
    public int capacity()
    {
        return borrowed + capacity;
    }

    /**
     * @return positions {@code 0 .. borrowedLength()-1} are read from borrowed pages; 0 when none are.
     */
    public int borrowedLength()
    {
        return borrowed;
    }

    /**
     * @return bytes of KV cache of the sequence, owned and borrowed: {@code length() * config().kvBytesPerToken()}.
     */
    public long sizeInBytes()
    {
        return length * config.kvBytesPerToken();
    }

    /**
     * @return bytes of KV cache this cache holds in its own arrays: its positions after the borrowed ones,
     * {@code (length() - borrowedLength()) * config().kvBytesPerToken()}.
     */
    public long ownedBytes()
    {
        return (length - borrowed) * config.kvBytesPerToken();
    }

    /**
     * @return bytes of KV cache read in place from borrowed pages:
     * {@code borrowedLength() * config().kvBytesPerToken()}.
     */
    public long borrowedBytes()
    {
        return borrowed * config.kvBytesPerToken();
    }

    /**
     * One element of a key vector.
     *
     * @param layer    layer.
     * @param position position, below {@link #length()}.
     * @param kvHead   KV head.
     * @param index    index within the head, below {@code headDim}.
     * @return the key element, after the rotary embedding.
     */
    public float key(final int layer, final int position, final int kvHead, final int index)
    {
        return element(layer, 0, position, kvHead, index);
    }

    /**
     * One element of a value vector.
     *
     * @param layer    layer.
     * @param position position, below {@link #length()}.
     * @param kvHead   KV head.
     * @param index    index within the head, below {@code headDim}.
     * @return the value element.
     */
    public float value(final int layer, final int position, final int kvHead, final int index)
    {
        return element(layer, 1, position, kvHead, index);
    }

    /**
     * Forgets the positions from a length on, e.g. to run another suffix over the same prefix. Keeps the capacity of
     * its own arrays; borrowed pages wholly past the new length are let go.
     *
     * @param newLength positions to keep, at most {@link #length()}.
     * @throws IllegalArgumentException if the new length is negative or longer than the cache.
     */
    public void truncate(final int newLength)
    {
        if (newLength < 0 || newLength > length)
        {
            throw new IllegalArgumentException("cannot truncate a cache of " + length + " positions to " + newLength);
        }
        if (newLength < borrowed)
        {
            final int blocks = (newLength + borrowedBlockSize - 1) / borrowedBlockSize;
            Arrays.fill(borrowedBlocks, blocks, borrowedBlockCount, null);
            borrowedBlockCount = blocks;
            borrowed = newLength;
            if (blocks == 0)
            {
                borrowedBlockSize = 0;
            }
        }
        length = newLength;
    }

    /**
     * Keys of a layer that the cache owns, position-major, from position {@link #borrowedLength()} on: position
     * {@code p} at {@code (p - borrowedLength()) * kvDim}; elements at and after
     * {@code (length() - borrowedLength()) * kvDim} are not part of the cache.
     */
    float[] keys(final int layer)
    {
        return keys[layer];
    }

    /**
     * Values of a layer that the cache owns, laid out like {@link #keys(int)}.
     */
    float[] values(final int layer)
    {
        return values[layer];
    }

    /**
     * @return positions per borrowed block, 0 when nothing is borrowed.
     */
    int borrowedBlockSize()
    {
        return borrowedBlockSize;
    }

    /**
     * @return borrowed blocks, the last perhaps in part (after a truncation).
     */
    int borrowedBlocks()
    {
        return borrowedBlockCount;
    }

    /**
     * One borrowed block as floats in the {@link KvPages} layout: the section of layer {@code l}, {@code kv} (0 keys,
     * 1 values) starts at {@code (l * 2 + kv) * borrowedBlockSize() * kvDim}, position-major within it like the
     * arrays. Read with absolute gets only: helper threads of a prefill read it at once.
     */
    FloatBuffer borrowedBlock(final int block)
    {
        return borrowedBlocks[block];
    }

    /**
     * Copies one KV head's keys ({@code kv} 0) or values (1) at a borrowed block's positions into {@code section},
     * {@code headDim} floats per position, position after position: what attention reads of the block, one bounded
     * scratch per thread rather than a copy of the prefix.
     *
     * @return positions copied: the block's positions that are borrowed.
     */
    int readBorrowed(final int layer, final int kv, final int block, final int headAt, final float[] section)
    {
        final int headDim = config.headDim();
        final int positions = Math.min(borrowedBlockSize, borrowed - block * borrowedBlockSize);
        final FloatBuffer floats = borrowedBlocks[block];
        final int at = (layer * 2 + kv) * borrowedBlockSize * kvDim + headAt;
        for (int p = 0; p < positions; p++)
        {
            floats.get(at + p * kvDim, section, p * headDim, headDim);
        }
        return positions;
    }

    /**
     * Appends whole blocks read in place from a page in the {@link KvPages} layout; the caller has checked that the
     * cache owns no position yet, ends where the page begins, and that the page is {@code blockCount} blocks of
     * {@code blockSize} positions from its position on.
     */
    void borrow(final ByteBuffer page, final int blockSize, final int blockCount)
    {
        final int blockBytes = Math.toIntExact(blockSize * config.kvBytesPerToken());
        if (borrowedBlockCount + blockCount > borrowedBlocks.length)
        {
            borrowedBlocks = Arrays.copyOf(borrowedBlocks,
                Math.max(borrowedBlockCount + blockCount, 2 * borrowedBlocks.length));
        }
        for (int b = 0; b < blockCount; b++)
        {
            // A view of the block alone: its own index 0, so attention's offsets are the layout's.
            borrowedBlocks[borrowedBlockCount + b] = page.slice(page.position() + b * blockBytes, blockBytes)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
        borrowedBlockCount += blockCount;
        borrowedBlockSize = blockSize;
        borrowed += blockCount * blockSize;
        length = borrowed;
    }

    /**
     * Makes room for positions up to {@code minCapacity} (borrowed ones included), at least doubling the own arrays
     * so that appending stays linear.
     */
    void ensureCapacity(final int minCapacity)
    {
        final int own = minCapacity - borrowed;
        if (own <= capacity)
        {
            return;
        }
        checkCapacity(own);
        final long doubled = Math.max((long)capacity * 2, MIN_CAPACITY);
        final int newCapacity = (int)Math.min(Math.max(doubled, own), (Integer.MAX_VALUE - 8) / kvDim);
        for (int layer = 0; layer < keys.length; layer++)
        {
            keys[layer] = Arrays.copyOf(keys[layer], newCapacity * kvDim);
            values[layer] = Arrays.copyOf(values[layer], newCapacity * kvDim);
        }
        capacity = newCapacity;
    }

    /**
     * Makes positions {@code length() .. newLength-1}, already written into the arrays, part of the cache. Called once
     * every layer holds them, so a failure halfway leaves the cache as it was.
     */
    void commit(final int newLength)
    {
        length = newLength;
    }

    private float element(final int layer, final int kv, final int position, final int kvHead, final int index)
    {
        if (position < 0 || position >= length)
        {
            throw new IndexOutOfBoundsException("position " + position + " of a cache of " + length);
        }
        if (layer < 0 || layer >= config.layers() || kvHead < 0 || kvHead >= config.kvHeads() || index < 0 ||
            index >= config.headDim())
        {
            throw new IndexOutOfBoundsException("layer " + layer + " KV head " + kvHead + " index " + index +
                " of a model with " + config.layers() + " layers of " + config.kvHeads() + " KV heads of " +
                config.headDim());
        }
        final int at = kvHead * config.headDim() + index;
        if (position < borrowed)
        {
            final int within = position % borrowedBlockSize;
            return borrowedBlocks[position / borrowedBlockSize]
                .get(((layer * 2 + kv) * borrowedBlockSize + within) * kvDim + at);
        }
        return (kv == 0 ? keys : values)[layer][(position - borrowed) * kvDim + at];
    }

    private void checkCapacity(final int positions)
    {
        if ((long)positions * kvDim > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException(positions + " positions of " + kvDim + " floats per layer are more " +
                "than one Java array holds");
        }
    }
}
