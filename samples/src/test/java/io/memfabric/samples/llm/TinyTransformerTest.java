/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TinyTransformerTest
{
    private static final ModelConfig CONFIG = ModelConfig.TINY;
    private static final TinyTransformer MODEL = new TinyTransformer(CONFIG);

    @Test
    void twoInstancesOfTheSameConfigComputeTheSameBits()
    {
        final int[] tokens = LlmTesting.tokens(CONFIG, 150, 1);
        final TinyTransformer other = new TinyTransformer(CONFIG);
        final KvState a = MODEL.newState();
        final KvState b = other.newState();
        LlmTesting.assertSameBits(MODEL.prefill(a, tokens), other.prefill(b, tokens), "logits");
        LlmTesting.assertSameCache(a, b);
    }

    /**
     * Digests of the logits and of the first 5 blocks' page after 80 tokens. They were computed by this code and came
     * out the same under the interpreter ({@code -Xint}, tiny only), C1 alone ({@code -XX:TieredStopAtLevel=1}), C2
     * with and without vectorisation ({@code -XX:-UseSuperWord}) and without AVX ({@code -XX:UseAVX=0}): the bits do
     * not depend on the compiler. A change to the arithmetic changes them, and must come with a new
     * {@link ModelConfig#ARITHMETIC_VERSION} so that pages stored before stop matching.
     */
    @Test
    void pinnedDigestsOfLogitsAndPagesCatchAnyChangeToTheArithmetic() throws Exception
    {
        assertEquals(1, ModelConfig.ARITHMETIC_VERSION);
        assertDigests(MODEL, "d9721486d6b4c53288a36c3ba5237bb1ab4b0d294cd8fcd63bdb556a166212bb",
            "b0f668bb616043e5eec79987a85ad18e77d9e3287e699dd0a55b528c1fa243d3");
        assertDigests(new TinyTransformer(ModelConfig.SMALL),
            "39dc79facf25b50a707bbb4de815488778a85de527382c13bb511b197269382b",
            "3ecab6b69c1bb637304e27004564b9399db334b9bdc438c5c33d84403bb068f5");
    }

    private static void assertDigests(final TinyTransformer model, final String logitsDigest, final String pageDigest)
        throws Exception
    {
        final ModelConfig config = model.config();
        final int[] tokens = new int[80];
        for (int i = 0; i < tokens.length; i++)
        {
            tokens[i] = (i * 7919 + 13) % config.vocabSize();
        }
        final KvState state = model.newState();
        final float[] logits = model.prefill(state, tokens);
        final ByteBuffer bytes = ByteBuffer.allocate(logits.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (final float logit : logits)
        {
            bytes.putFloat(logit);
        }
        final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        assertEquals(logitsDigest, HexFormat.of().formatHex(sha256.digest(bytes.array())), config.name() + " logits");
        assertEquals(pageDigest, HexFormat.of().formatHex(sha256.digest(new KvPages(config).export(state, 0, 5))),
            config.name() + " page");
    }

    @Test
    void twoThreadsComputeTheSameBitsAsOne()
    {
        for (final ModelConfig config : new ModelConfig[]{ CONFIG, ModelConfig.SMALL })
        {
            final TinyTransformer one = config == CONFIG ? MODEL : new TinyTransformer(config);
            final TinyTransformer two = new TinyTransformer(config, 2);
            assertEquals(2, two.threads());
            final int[] tokens = LlmTesting.tokens(config, 100, 12);
            final KvState a = one.newState();
            final KvState b = two.newState();
            LlmTesting.assertSameBits(one.prefill(a, tokens), two.prefill(b, tokens), config.name());
            LlmTesting.assertSameCache(a, b);
        }
        assertRefused("threads is 0", () -> new TinyTransformer(CONFIG, 0));
    }

    @Test
    void anotherSeedComputesOtherLogits()
    {
        final int[] tokens = LlmTesting.tokens(CONFIG, 20, 2);
        final float[] logits = MODEL.prefill(MODEL.newState(), tokens);
        final TinyTransformer reseeded = new TinyTransformer(CONFIG.withSeed(CONFIG.seed() + 1));
        final float[] other = reseeded.prefill(reseeded.newState(), tokens);
        assertTrue(LlmTesting.differ(logits, other));
        assertTrue(maxAbsDifference(logits, other) > 0.1f, "not a rounding difference");
    }

    @Test
    void logitsAreFiniteAndOfOrderOne()
    {
        for (final ModelConfig config : new ModelConfig[]{ CONFIG, ModelConfig.SMALL })
        {
            final TinyTransformer model = config == CONFIG ? MODEL : new TinyTransformer(config);
            final float[] logits = model.prefill(model.newState(), LlmTesting.tokens(config, 40, 3));
            assertEquals(config.vocabSize(), logits.length);
            double squares = 0;
            for (final float logit : logits)
            {
                assertTrue(Float.isFinite(logit), config.name() + ": " + logit);
                squares += (double)logit * logit;
            }
            final double rms = Math.sqrt(squares / logits.length);
            assertTrue(rms > 0.1 && rms < 10, config.name() + ": logits' rms " + rms);
        }
    }

    @Test
    void prefillInOneCallEqualsOneTokenPerCallAndAnySplit()
    {
        // 150 tokens cross two prefill chunks; the splits cut them elsewhere.
        final int[] tokens = LlmTesting.tokens(CONFIG, 150, 4);
        final KvState whole = MODEL.newState();
        final float[] expected = MODEL.prefill(whole, tokens);

        final KvState perToken = MODEL.newState();
        float[] logits = null;
        for (int i = 0; i < tokens.length; i++)
        {
            logits = MODEL.prefill(perToken, tokens, i, i + 1);
        }
        LlmTesting.assertSameBits(expected, logits, "one token per call");
        LlmTesting.assertSameCache(whole, perToken);

        final KvState split = MODEL.newState();
        MODEL.prefill(split, tokens, 0, 1);
        MODEL.prefill(split, tokens, 1, 70);
        MODEL.prefill(split, tokens, 70, 133);
        LlmTesting.assertSameBits(expected, MODEL.prefill(split, tokens, 133, 150), "uneven splits");
        LlmTesting.assertSameCache(whole, split);
    }

    @Test
    void logitsDependOnTokenOrder()
    {
        final int[] tokens = LlmTesting.tokens(CONFIG, 12, 5);
        final int[] swapped = tokens.clone();
        swapped[3] = tokens[7];
        swapped[7] = tokens[3];
        assertTrue(tokens[3] != tokens[7]);
        final float[] logits = MODEL.prefill(MODEL.newState(), tokens);
        final float[] other = MODEL.prefill(MODEL.newState(), swapped);
        assertTrue(maxAbsDifference(logits, other) > 1e-3f, "rotary positions make the order matter");
    }

    @Test
    void aLaterTokenDoesNotChangeAnEarlierPositionsCache()
    {
        final int[] tokens = LlmTesting.tokens(CONFIG, 30, 6);
        final KvState first = MODEL.newState();
        MODEL.prefill(first, tokens, 0, 1);
        final KvState all = MODEL.newState();
        MODEL.prefill(all, tokens);
        all.truncate(1);
        LlmTesting.assertSameCache(first, all);
    }

    @Test
    void aSingleTokenAttendsOnlyToItself()
    {
        // With one position the softmax weight is exactly 1 (e = exp(0) = 1, sum = 1), so each query head's output is
        // its KV head's value vector, bit for bit.
        final int headDim = 8;
        final int group = 2;
        final int kvDim = 3 * headDim;
        final float[] keys = new float[kvDim];
        final float[] values = new float[kvDim];
        final SplitMix64 random = new SplitMix64(8);
        random.fill(keys, 3.0f);
        random.fill(values, 3.0f);
        final float[][] queries = new float[headDim][group];
        for (final float[] row : queries)
        {
            random.fill(row, 3.0f);
        }
        final float[][] out = new float[headDim][group];
        final int head = 2;
        Kernels.attend(queries, 1, group, 0, keys, values, head * headDim, kvDim, headDim, 0.35f,
            new float[1][group], new float[group], new float[group], new float[group], out);
        for (int d = 0; d < headDim; d++)
        {
            for (int r = 0; r < group; r++)
            {
                assertEquals(Float.floatToRawIntBits(values[head * headDim + d]), Float.floatToRawIntBits(out[d][r]));
            }
        }

        // And in the model: a token at position 0 sees only itself, not what a longer sequence left in the arrays
        // before the cache was truncated.
        final int[] tokens = LlmTesting.tokens(CONFIG, 20, 9);
        final float[] alone = MODEL.prefill(MODEL.newState(), tokens, 0, 1);
        final KvState reused = MODEL.newState();
        MODEL.prefill(reused, LlmTesting.tokens(CONFIG, 20, 10));
        reused.truncate(0);
        LlmTesting.assertSameBits(alone, MODEL.prefill(reused, tokens, 0, 1), "token 0 alone");
    }

    @Test
    void rotaryPositionsTurnKeysWithoutChangingTheirLength()
    {
        // Layer 0's key of a token depends only on the token, turned by its position: the same token at positions 0
        // and 5 has different keys of the same length, pair by pair.
        final int token = 17;
        final KvState state = MODEL.newState();
        MODEL.prefill(state, new int[]{ token, 1, 2, 3, 4, token });
        boolean turned = false;
        for (int g = 0; g < CONFIG.kvHeads(); g++)
        {
            for (int i = 0; i < CONFIG.headDim(); i += 2)
            {
                final double a0 = state.key(0, 0, g, i);
                final double b0 = state.key(0, 0, g, i + 1);
                final double a5 = state.key(0, 5, g, i);
                final double b5 = state.key(0, 5, g, i + 1);
                assertEquals(Math.hypot(a0, b0), Math.hypot(a5, b5), 1e-5 * (1 + Math.hypot(a0, b0)));
                turned |= Math.abs(a0 - a5) > 1e-4;
                assertEquals(Float.floatToRawIntBits(state.value(0, 0, g, i)),
                    Float.floatToRawIntBits(state.value(0, 5, g, i)), "values are not turned");
            }
        }
        assertTrue(turned);
    }

    @Test
    void prefillRefusesAnotherModelsCacheEmptyRangesAndUnknownTokensLeavingTheCacheAsItWas()
    {
        final KvState state = MODEL.newState();
        MODEL.prefill(state, new int[]{ 1, 2, 3 });
        final KvState otherModels = new KvState(CONFIG.withSeed(7L));
        assertRefused("the KV cache is of model", () -> MODEL.prefill(otherModels, new int[]{ 1 }));
        assertRefused("tokens 2..2 of 3", () -> MODEL.prefill(state, new int[]{ 1, 2, 3 }, 2, 2));
        assertRefused("tokens 0..4 of 3", () -> MODEL.prefill(state, new int[]{ 1, 2, 3 }, 0, 4));
        assertRefused("token 97 at index 1 is not in the vocabulary of 97",
            () -> MODEL.prefill(state, new int[]{ 1, 97, 3 }));
        assertRefused("token -1 at index 0", () -> MODEL.prefill(state, new int[]{ -1 }));
        assertEquals(3, state.length());
    }

    @Test
    void expIsWithinTwoUlpOfMathExpAndItsVectorisedFormIsTheSameBits()
    {
        final int n = 200_000;
        final float[] x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = -104.0f + 194.0f * i / n;
        }
        final float[] edges = { Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -0.0f, 0.0f, -87.33f,
            -87.34f, -88.0f, 88.0f, 88.72f, 88.73f, 89.0f, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f };
        final float[] all = new float[n + edges.length];
        System.arraycopy(x, 0, all, 0, n);
        System.arraycopy(edges, 0, all, n, edges.length);

        final float[] vectorised = all.clone();
        Kernels.expShifted(vectorised, new float[all.length], new float[all.length], 0, all.length);
        for (int i = 0; i < all.length; i++)
        {
            final float e = Kernels.exp(all[i]);
            assertEquals(Float.floatToRawIntBits(e), Float.floatToRawIntBits(vectorised[i]), "exp(" + all[i] + ")");
            final float reference = (float)Math.exp(all[i]);
            if (Float.isNaN(reference))
            {
                assertTrue(Float.isNaN(e));
            }
            else if (reference >= Float.MIN_NORMAL && !Float.isInfinite(reference))
            {
                assertTrue(Math.abs(e - reference) <= 2 * Math.ulp(reference),
                    "exp(" + all[i] + ") = " + e + ", Math.exp gives " + reference);
            }
            else
            {
                // Below the normal range or beyond the largest float.
                assertTrue(e == reference || Math.abs(e - reference) <= 2 * Float.MIN_NORMAL,
                    "exp(" + all[i] + ") = " + e + ", Math.exp gives " + reference);
            }
        }
    }

    private static float maxAbsDifference(final float[] a, final float[] b)
    {
        float max = 0;
        for (int i = 0; i < a.length; i++)
        {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static void assertRefused(final String message, final Runnable call)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }
}
