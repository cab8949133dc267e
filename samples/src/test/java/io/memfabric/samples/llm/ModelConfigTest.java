/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigTest
{
    @Test
    void kvBytesPerTokenAreLayersTimesTwoTimesKvHeadsTimesHeadDimTimesFour()
    {
        for (final ModelConfig config : List.of(ModelConfig.TINY, ModelConfig.SMALL))
        {
            assertEquals((long)config.layers() * 2 * config.kvHeads() * config.headDim() * 4,
                config.kvBytesPerToken(), config.name());
        }
        assertEquals(2 * 2 * 2 * 8 * 4, ModelConfig.TINY.kvBytesPerToken());
        assertEquals(8 * 2 * 4 * 64 * 4, ModelConfig.SMALL.kvBytesPerToken());
        assertEquals(16_384, ModelConfig.SMALL.kvBytesPerToken());
    }

    @Test
    void presetsHaveTheirSizes()
    {
        final ModelConfig small = ModelConfig.SMALL;
        assertEquals(64, small.headDim());
        assertEquals(256, small.kvDim());
        assertEquals(8, small.layers());
        assertEquals(4, small.kvHeads());
        assertEquals(2, small.heads() / small.kvHeads(), "two query heads per KV head");
        assertTrue(small.parameterCount() > 50_000_000L && small.parameterCount() < 60_000_000L,
            small.parameterCount() + " parameters");
        assertEquals(8, ModelConfig.TINY.headDim());
    }

    @Test
    void fingerprintNamesTheArithmeticEverySizeTheDtypeAndTheSeed()
    {
        assertEquals("tiny-transformer/1 name=tiny vocab=97 dim=32 layers=2 heads=4 kvHeads=2 headDim=8 hidden=64 " +
            "ropeTheta=10000 normEps=0.00000999999974737875163555145263671875 dtype=float32 seed=42",
            ModelConfig.TINY.fingerprint());

        final ModelConfig t = ModelConfig.TINY;
        final List<ModelConfig> variants = List.of(
            t,
            new ModelConfig("tiny2", 97, 32, 2, 4, 2, 64, 10_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 98, 32, 2, 4, 2, 64, 10_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 97, 64, 2, 4, 2, 64, 10_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 97, 32, 3, 4, 2, 64, 10_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 97, 32, 2, 2, 2, 64, 10_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 97, 32, 2, 4, 4, 64, 10_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 97, 32, 2, 4, 2, 65, 10_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 97, 32, 2, 4, 2, 64, 500_000.0, 1e-5f, 42L),
            new ModelConfig("tiny", 97, 32, 2, 4, 2, 64, 10_000.0, 1e-6f, 42L),
            t.withSeed(43L));
        final Set<String> fingerprints = new HashSet<>();
        for (final ModelConfig config : variants)
        {
            fingerprints.add(config.fingerprint());
        }
        assertEquals(variants.size(), fingerprints.size(), "every field changes the fingerprint");
        assertEquals(t.fingerprint(), new ModelConfig("tiny", 97, 32, 2, 4, 2, 64, 10_000.0, 1e-5f, 42L).fingerprint());
        assertNotEquals(t, t.withSeed(43L));
    }

    @Test
    void sizesThatDoNotFitAreRefusedWithTheReason()
    {
        assertRefused("dim 30 is not a multiple of heads 4", () -> config(30, 4, 2, 64));
        assertRefused("kvHeads 4 does not divide heads 6", () -> config(48, 6, 4, 64));
        assertRefused("the head dimension dim / heads = 12 / 4 = 3 is odd", () -> config(12, 4, 2, 64));
        assertRefused("heads is 0", () -> config(32, 0, 1, 64));
        assertRefused("kvHeads is 0", () -> config(32, 4, 0, 64));
        assertRefused("hiddenDim is 0", () -> config(32, 4, 2, 0));
        assertRefused("vocabSize is 0", () -> new ModelConfig("m", 0, 32, 2, 4, 2, 64, 1e4, 1e-5f, 1L));
        assertRefused("layers is 0", () -> new ModelConfig("m", 97, 32, 0, 4, 2, 64, 1e4, 1e-5f, 1L));
        assertRefused("ropeTheta is NaN", () -> new ModelConfig("m", 97, 32, 2, 4, 2, 64, Double.NaN, 1e-5f, 1L));
        assertRefused("normEps is 0.0", () -> new ModelConfig("m", 97, 32, 2, 4, 2, 64, 1e4, 0f, 1L));
        assertRefused("a model name is letters", () -> new ModelConfig("a b", 97, 32, 2, 4, 2, 64, 1e4, 1e-5f, 1L));
        assertRefused("more than one Java array holds",
            () -> new ModelConfig("m", 1_000_000, 4096, 2, 32, 8, 64, 1e4, 1e-5f, 1L));
    }

    private static ModelConfig config(final int dim, final int heads, final int kvHeads, final int hidden)
    {
        return new ModelConfig("m", 97, dim, 2, heads, kvHeads, hidden, 10_000.0, 1e-5f, 1L);
    }

    private static void assertRefused(final String message, final Runnable construct)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, construct::run);
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }
}
