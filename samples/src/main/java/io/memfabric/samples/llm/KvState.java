/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

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
 * Not thread-safe: one sequence is extended by one thread at a time.
 */
public final class KvState
{
    private static final int MIN_CAPACITY = 16;

    private final ModelConfig config;
    private final int kvDim;
    private final float[][] keys;
    private final float[][] values;
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
     * An empty cache with room for a number of positions before it has to grow (growing copies the cache).
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
     * @return positions held: the next token appended is at this position.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return positions the cache holds before it has to grow.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return bytes of KV cache held: {@code length() * config().kvBytesPerToken()}.
     */
    public long sizeInBytes()
    {
        return length * config.kvBytesPerToken();
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
        return keys[layer][at(position, kvHead, index)];
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
        return values[layer][at(position, kvHead, index)];
    }

    /**
     * Forgets the positions from a length on, e.g. to run another suffix over the same prefix. Keeps the capacity.
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
        length = newLength;
    }

    /**
     * Keys of a layer, position-major; elements at and after {@code length() * kvDim} are not part of the cache.
     */
    float[] keys(final int layer)
    {
        return keys[layer];
    }

    /**
     * Values of a layer, laid out like {@link #keys(int)}.
     */
    float[] values(final int layer)
    {
        return values[layer];
    }

    /**
     * Makes room for positions up to {@code minCapacity}, at least doubling so that appending stays linear.
     */
    void ensureCapacity(final int minCapacity)
    {
        if (minCapacity <= capacity)
        {
            return;
        }
        checkCapacity(minCapacity);
        final long doubled = Math.max((long)capacity * 2, MIN_CAPACITY);
        final int newCapacity = (int)Math.min(Math.max(doubled, minCapacity), (Integer.MAX_VALUE - 8) / kvDim);
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

    private int at(final int position, final int kvHead, final int index)
    {
        if (position < 0 || position >= length)
        {
            throw new IndexOutOfBoundsException("position " + position + " of a cache of " + length);
        }
        if (kvHead < 0 || kvHead >= config.kvHeads() || index < 0 || index >= config.headDim())
        {
            throw new IndexOutOfBoundsException("KV head " + kvHead + " index " + index + " of a model with " +
                config.kvHeads() + " KV heads of " + config.headDim());
        }
        return (position * config.kvHeads() + kvHead) * config.headDim() + index;
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
