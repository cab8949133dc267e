/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The point of the KV pages: an agent that imports a prefix's pages, stored by another agent's model, and prefills only
 * its suffix gets the same logits, bit for bit, as if it had computed the whole sequence itself.
 */
class PrefixReuseTest
{
    @Test
    void suffixOverImportedPrefixPagesEqualsFullRecomputeTiny()
    {
        final ModelConfig config = ModelConfig.TINY;
        final int blockSize = 16;
        final int[] prefix = LlmTesting.tokens(config, 4 * blockSize, 1);
        assertSuffixesOverImportedPrefixEqualFullRecompute(config, blockSize, 2, prefix,
            LlmTesting.tokens(config, 9, 2), LlmTesting.tokens(config, 70, 3));
    }

    @Test
    void suffixOverImportedPrefixPagesEqualsFullRecomputeSmallWithAPartialLastPage()
    {
        // Pages of 4 blocks of 16 positions; the 80-token prefix is one whole page and a page of one block. It also
        // crosses a prefill chunk boundary, which the suffix-only prefill cuts elsewhere.
        final ModelConfig config = ModelConfig.SMALL;
        final int blockSize = 16;
        final int[] prefix = LlmTesting.tokens(config, 5 * blockSize, 4);
        assertSuffixesOverImportedPrefixEqualFullRecompute(config, blockSize, 4, prefix,
            LlmTesting.tokens(config, 7, 5), LlmTesting.tokens(config, 23, 6));
    }

    @Test
    void theComparisonSeesOneImportedKeyChangedByOnePartIn2048()
    {
        final ModelConfig config = ModelConfig.TINY;
        final TinyTransformer model = new TinyTransformer(config);
        final KvPages pages = new KvPages(config);
        final int[] prefix = LlmTesting.tokens(config, 32, 7);
        final int[] suffix = LlmTesting.tokens(config, 3, 8);
        final KvState state = model.newState();
        model.prefill(state, prefix);
        final byte[] page = pages.export(state, 0, 2);

        final KvState exact = new KvState(config);
        pages.importInto(exact, ByteBuffer.wrap(page), 0, 2);
        final float[] expected = model.prefill(exact, suffix);

        // Layer 1, key, position 5, KV head 0, dimension 0 of block 0: mantissa bit 12 of that float (byte 1, little
        // endian). A change in the last bit alone can round away in the attention sums; this one must not.
        page[4 * (((1 * 2 + 0) * 16 + 5) * config.kvDim()) + 1] ^= 0x10;
        final KvState flipped = new KvState(config);
        pages.importInto(flipped, ByteBuffer.wrap(page), 0, 2);
        assertTrue(LlmTesting.differ(expected, model.prefill(flipped, suffix)));
    }

    private static void assertSuffixesOverImportedPrefixEqualFullRecompute(
        final ModelConfig config,
        final int blockSize,
        final int blocksPerPage,
        final int[] prefix,
        final int[] suffixA,
        final int[] suffixB)
    {
        // The agent that computes the prefix and stores its pages.
        final TinyTransformer first = new TinyTransformer(config);
        final KvPages firstPages = new KvPages(config, blockSize);
        final KvState prefixState = first.newState();
        first.prefill(prefixState, prefix);
        final List<byte[]> stored = new ArrayList<>();
        final int blocks = firstPages.wholeBlocks(prefixState);
        assertEquals(prefix.length / blockSize, blocks);
        for (int block = 0; block < blocks; block += blocksPerPage)
        {
            stored.add(firstPages.export(prefixState, block, Math.min(blocksPerPage, blocks - block)));
        }
        assertEquals((blocks + blocksPerPage - 1) / blocksPerPage, stored.size());

        // Another agent, with a model of its own built from the same config.
        final TinyTransformer second = new TinyTransformer(config);
        final KvPages secondPages = new KvPages(config, blockSize);
        for (final int[] suffix : List.of(suffixA, suffixB))
        {
            final int[] whole = LlmTesting.concat(prefix, suffix);
            final KvState recomputed = first.newState();
            final float[] expected = first.prefill(recomputed, whole);

            final KvState reused = new KvState(config);
            int block = 0;
            for (final byte[] page : stored)
            {
                final int count = page.length / secondPages.blockBytes();
                secondPages.importInto(reused, ByteBuffer.wrap(page), block, count);
                block += count;
            }
            assertEquals(prefix.length, reused.length());
            final float[] actual = second.prefill(reused, suffix);

            LlmTesting.assertSameBits(expected, actual, "logits after a " + suffix.length + "-token suffix");
            LlmTesting.assertSameCache(recomputed, reused);
        }
    }
}
