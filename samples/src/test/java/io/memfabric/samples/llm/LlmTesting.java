/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Token sequences and bit-exact comparisons for the model's tests.
 */
final class LlmTesting
{
    private LlmTesting()
    {
    }

    /**
     * @return {@code count} token ids of the config's vocabulary, the same for the same seed.
     */
    static int[] tokens(final ModelConfig config, final int count, final long seed)
    {
        final SplitMix64 random = new SplitMix64(seed);
        final int[] tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            tokens[i] = (int)Long.remainderUnsigned(random.nextLong(), config.vocabSize());
        }
        return tokens;
    }

    static int[] concat(final int[] a, final int[] b)
    {
        final int[] both = new int[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * Fails unless both arrays hold the same float bits, element by element ({@code Float.floatToRawIntBits}).
     */
    static void assertSameBits(final float[] expected, final float[] actual, final String what)
    {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
        {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
            {
                fail(what + ": element " + i + " is " + actual[i] + " (0x" +
                    Integer.toHexString(Float.floatToRawIntBits(actual[i])) + "), expected " + expected[i] + " (0x" +
                    Integer.toHexString(Float.floatToRawIntBits(expected[i])) + ")");
            }
        }
    }

    /**
     * @return whether any element differs in its bits.
     */
    static boolean differ(final float[] a, final float[] b)
    {
        for (int i = 0; i < a.length; i++)
        {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i]))
            {
                return true;
            }
        }
        return a.length != b.length;
    }

    /**
     * Fails unless both caches hold the same positions with the same key and value bits.
     */
    static void assertSameCache(final KvState expected, final KvState actual)
    {
        assertEquals(expected.length(), actual.length(), "cache length");
        final ModelConfig config = expected.config();
        for (int layer = 0; layer < config.layers(); layer++)
        {
            for (int p = 0; p < expected.length(); p++)
            {
                for (int g = 0; g < config.kvHeads(); g++)
                {
                    for (int d = 0; d < config.headDim(); d++)
                    {
                        if (Float.floatToRawIntBits(expected.key(layer, p, g, d)) !=
                            Float.floatToRawIntBits(actual.key(layer, p, g, d)) ||
                            Float.floatToRawIntBits(expected.value(layer, p, g, d)) !=
                            Float.floatToRawIntBits(actual.value(layer, p, g, d)))
                        {
                            fail("layer " + layer + " position " + p + " KV head " + g + " index " + d + " differs");
                        }
                    }
                }
            }
        }
    }
}
