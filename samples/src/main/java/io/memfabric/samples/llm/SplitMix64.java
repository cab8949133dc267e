/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

/**
 * Vigna's SplitMix64 generator, written out here rather than taken from {@link java.util.SplittableRandom} so that the
 * weights, and with them every KV page, stay the same bits on every Java version: the JDK documents its generators'
 * algorithms as subject to change, a published mixing function is not.
 */
final class SplitMix64
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(final long seed)
    {
        this.state = seed;
    }

    /**
     * @return the next 64 pseudo-random bits.
     */
    long nextLong()
    {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @return a float uniform on [-1, 1) in steps of 2<sup>-23</sup>, from the top 24 bits; every step of the
     * computation is exact, so no rounding mode or JIT can change it.
     */
    float nextSigned()
    {
        return (int)(nextLong() >>> 40) * 0x1p-23f - 1.0f;
    }

    /**
     * Fills an array with {@code nextSigned() * scale}, in index order.
     *
     * @param array to fill.
     * @param scale the largest magnitude.
     */
    void fill(final float[] array, final float scale)
    {
        for (int i = 0; i < array.length; i++)
        {
            array[i] = nextSigned() * scale;
        }
    }
}
