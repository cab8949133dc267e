/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prefix borrowed in place from pages ({@link KvPages#borrowInto}) instead of copied into the cache: the logits of a
 * suffix are the bits of a full recompute, whatever the pages' split, block size or threads, and the cache owns only
 * its suffix.
 */
class BorrowedPrefixTest
{
    private static final ModelConfig TINY = ModelConfig.TINY;
    private static final TinyTransformer MODEL = new TinyTransformer(TINY);

    @Test
    void suffixOverABorrowedPrefixEqualsFullRecomputeTinyForAnyPageSplitAndThreads()
    {
        final TinyTransformer twoThreads = new TinyTransformer(TINY, 2);
        // Block sizes of 16 and of 5 (runs of positions not a multiple of the kernel's 4); pages of one block, of two,
        // and of three with a short last page; suffixes of one token, a few, and more than a prefill chunk.
        for (final int blockSize : new int[]{ 16, 5 })
        {
            final int[] prefix = LlmTesting.tokens(TINY, 7 * blockSize, blockSize);
            final List<int[]> suffixes = List.of(LlmTesting.tokens(TINY, 1, 21), LlmTesting.tokens(TINY, 9, 22),
                LlmTesting.tokens(TINY, 70, 23));
            for (final int blocksPerPage : new int[]{ 1, 2, 3 })
            {
                for (final TinyTransformer model : List.of(MODEL, twoThreads))
                {
                    assertSuffixesOverBorrowedPrefixEqualFullRecompute(model, blockSize, blocksPerPage, prefix,
                        suffixes);
                }
            }
        }
    }

    @Test
    void suffixOverABorrowedPrefixEqualsFullRecomputeSmallWithAShortLastPageAndThreads()
    {
        // Pages of 4 blocks of 16 positions: the 80-token prefix is a whole page and a page of one block.
        final ModelConfig config = ModelConfig.SMALL;
        final int[] prefix = LlmTesting.tokens(config, 5 * 16, 4);
        final List<int[]> suffixes = List.of(LlmTesting.tokens(config, 7, 5), LlmTesting.tokens(config, 1, 6));
        assertSuffixesOverBorrowedPrefixEqualFullRecompute(new TinyTransformer(config), 16, 4, prefix, suffixes);
        assertSuffixesOverBorrowedPrefixEqualFullRecompute(new TinyTransformer(config, 2), 16, 2, prefix, suffixes);
    }

    @Test
    void theCacheOwnsOnlyItsSuffixAndReadsThePagesInPlace()
    {
        final KvPages pages = new KvPages(TINY);
        final int[] prefix = LlmTesting.tokens(TINY, 64 * 16, 31);
        final int[] suffix = LlmTesting.tokens(TINY, 9, 32);
        final ByteBuffer page = pageOf(pages, prefix, 0, 64);

        final KvState state = new KvState(TINY);
        final int ownCapacity = state.capacity();
        pages.borrowInto(state, page.asReadOnlyBuffer(), 0, 64);
        assertEquals(prefix.length, state.length());
        assertEquals(prefix.length, state.borrowedLength());
        assertEquals(0, state.ownedBytes());
        assertEquals(prefix.length * TINY.kvBytesPerToken(), state.borrowedBytes());
        assertEquals(prefix.length + ownCapacity, state.capacity(), "borrowing made the arrays no larger");

        final float[] logits = MODEL.prefill(state, suffix);
        assertEquals(suffix.length * TINY.kvBytesPerToken(), state.ownedBytes());
        assertEquals(prefix.length * TINY.kvBytesPerToken(), state.borrowedBytes());
        assertEquals(state.length() * TINY.kvBytesPerToken(), state.sizeInBytes());
        assertEquals(prefix.length + ownCapacity, state.capacity(), "the arrays hold the suffix only");

        // A bit of the page changed after borrowing changes the logits: attention read the page, not a copy of it.
        // Layer 1, key, position 5 of block 3, KV head 0, dimension 0: mantissa bit 12 (as in PrefixReuseTest).
        final int at = 3 * pages.blockBytes() + 4 * (((1 * 2 + 0) * 16 + 5) * TINY.kvDim()) + 1;
        page.put(at, (byte)(page.get(at) ^ 0x10));
        state.truncate(prefix.length);
        assertTrue(LlmTesting.differ(logits, MODEL.prefill(state, suffix)));
        page.put(at, (byte)(page.get(at) ^ 0x10));
        state.truncate(prefix.length);
        LlmTesting.assertSameBits(logits, MODEL.prefill(state, suffix), "the page restored");
    }

    @Test
    void truncatingIntoTheBorrowedPrefixLetsGoOfItsLaterPages()
    {
        final KvPages pages = new KvPages(TINY, 8);
        final int[] tokens = LlmTesting.tokens(TINY, 60, 41);
        final KvState state = new KvState(TINY);
        pages.borrowInto(state, pageOf(pages, tokens, 0, 2), 0, 2);
        pages.borrowInto(state, pageOf(pages, tokens, 2, 3), 2, 3);
        MODEL.prefill(state, tokens, 40, 45);

        // Into the middle of a block: the rest of the sequence is computed after what is left of the prefix.
        state.truncate(21);
        assertEquals(21, state.borrowedLength());
        assertEquals(0, state.ownedBytes());
        final float[] actual = MODEL.prefill(state, tokens, 21, tokens.length);
        final KvState recomputed = MODEL.newState();
        LlmTesting.assertSameBits(MODEL.prefill(recomputed, tokens), actual, "logits");
        LlmTesting.assertSameCache(recomputed, state);
        assertArrayEquals(pages.export(recomputed, 0, 7), pages.export(state, 0, 7));

        state.truncate(0);
        assertEquals(0, state.borrowedLength());
        pages.borrowInto(state, pageOf(pages, tokens, 0, 1), 0, 1);
        assertEquals(8, state.length());
    }

    @Test
    void borrowRefusesPagesOutOfOrderOfAnotherLengthOrModelAndAfterOwnPositions()
    {
        final KvPages pages = new KvPages(TINY);
        final int[] tokens = LlmTesting.tokens(TINY, 48, 51);
        final ByteBuffer page = pageOf(pages, tokens, 0, 2);

        assertRefused("block 1 starts at position 16 but the cache holds 0 positions: pages are borrowed in order",
            () -> pages.borrowInto(new KvState(TINY), page.duplicate(), 1, 2));
        assertRefused("this one is " + page.remaining(),
            () -> pages.borrowInto(new KvState(TINY), page.duplicate(), 0, 3));
        assertRefused("this one is " + (page.remaining() - 1),
            () -> pages.borrowInto(new KvState(TINY), page.duplicate().limit(page.limit() - 1), 0, 2));
        assertRefused("the KV cache is of model",
            () -> pages.borrowInto(new KvState(TINY.withSeed(43L)), page.duplicate(), 0, 2));

        final KvState halfway = new KvState(TINY);
        pages.borrowInto(halfway, pageOf(pages, tokens, 0, 1), 0, 1);
        assertRefused("block 0 starts at position 0 but the cache holds 16 positions",
            () -> pages.borrowInto(halfway, pageOf(pages, tokens, 0, 1), 0, 1));
        assertRefused("block 2 starts at position 32 but the cache holds 16 positions",
            () -> pages.borrowInto(halfway, pageOf(pages, tokens, 2, 1), 2, 1));
        assertRefused("the cache borrowed blocks of 16 positions; these are of 8",
            () -> new KvPages(TINY, 8).borrowInto(halfway, ByteBuffer.allocate(new KvPages(TINY, 8).pageBytes(1)),
                2, 1));
        assertEquals(16, halfway.length(), "a refused borrow leaves the cache as it was");

        MODEL.prefill(halfway, tokens, 16, 17);
        assertRefused("the cache holds 1 positions of its own: pages are borrowed before any position",
            () -> pages.borrowInto(halfway, pageOf(pages, tokens, 1, 1), 1, 1));
        final KvState imported = new KvState(TINY);
        pages.importInto(imported, pageOf(pages, tokens, 0, 1), 0, 1);
        assertRefused("the cache holds 16 positions of its own",
            () -> pages.borrowInto(imported, pageOf(pages, tokens, 1, 1), 1, 1));
        assertEquals(17, halfway.length());
        assertEquals(16, halfway.borrowedLength());
    }

    @Test
    void pagesImportedAfterABorrowedPrefixAreOwned()
    {
        final KvPages pages = new KvPages(TINY);
        final int[] tokens = LlmTesting.tokens(TINY, 70, 61);
        final KvState state = new KvState(TINY);
        pages.borrowInto(state, pageOf(pages, tokens, 0, 2), 0, 2);
        pages.importInto(state, pageOf(pages, tokens, 2, 2), 2, 2);
        assertEquals(32 * TINY.kvBytesPerToken(), state.borrowedBytes());
        assertEquals(32 * TINY.kvBytesPerToken(), state.ownedBytes());
        final KvState recomputed = MODEL.newState();
        LlmTesting.assertSameBits(MODEL.prefill(recomputed, tokens), MODEL.prefill(state, tokens, 64, 70), "logits");
        LlmTesting.assertSameCache(recomputed, state);
    }

    private static void assertSuffixesOverBorrowedPrefixEqualFullRecompute(
        final TinyTransformer model,
        final int blockSize,
        final int blocksPerPage,
        final int[] prefix,
        final List<int[]> suffixes)
    {
        final ModelConfig config = model.config();
        final KvPages pages = new KvPages(config, blockSize);
        final int blocks = prefix.length / blockSize;
        // The pages as the pool holds them: direct, read-only, little endian, each starting at its own offset.
        final KvState prefixState = new KvState(config);
        model.prefill(prefixState, prefix);
        final List<ByteBuffer> stored = new ArrayList<>();
        for (int block = 0; block < blocks; block += blocksPerPage)
        {
            stored.add(inPool(pages, prefixState, block, Math.min(blocksPerPage, blocks - block)).asReadOnlyBuffer());
        }
        final String what = config.name() + ", blocks of " + blockSize + ", pages of " + blocksPerPage + ", " +
            model.threads() + " thread(s)";

        for (final int[] suffix : suffixes)
        {
            final int[] whole = LlmTesting.concat(prefix, suffix);
            final KvState recomputed = new KvState(config);
            final float[] expected = model.prefill(recomputed, whole);

            final KvState borrowed = new KvState(config);
            int block = 0;
            for (final ByteBuffer page : stored)
            {
                final int count = page.remaining() / pages.blockBytes();
                pages.borrowInto(borrowed, page.duplicate(), block, count);
                block += count;
            }
            assertEquals(prefix.length, borrowed.borrowedLength());
            final float[] actual = model.prefill(borrowed, suffix);

            final String after = what + ", a " + suffix.length + "-token suffix";
            LlmTesting.assertSameBits(expected, actual, "logits of " + after);
            LlmTesting.assertSameCache(recomputed, borrowed);
            assertEquals(suffix.length * config.kvBytesPerToken(), borrowed.ownedBytes(), after);
            final int wholeBlocks = pages.wholeBlocks(borrowed);
            assertArrayEquals(pages.export(recomputed, 0, wholeBlocks), pages.export(borrowed, 0, wholeBlocks),
                "pages exported, borrowed blocks included, after " + after);

            // The suffix again, in two calls over the same borrowed prefix.
            if (suffix.length > 1)
            {
                borrowed.truncate(prefix.length);
                model.prefill(borrowed, suffix, 0, suffix.length / 2);
                LlmTesting.assertSameBits(expected, model.prefill(borrowed, suffix, suffix.length / 2, suffix.length),
                    "logits of " + after + " in two calls");
            }
        }
    }

    /**
     * Blocks {@code fromBlock ..} of the tiny model's KV of a sequence, as a page in the pool.
     */
    private static ByteBuffer pageOf(final KvPages pages, final int[] tokens, final int fromBlock, final int count)
    {
        final KvState state = new KvState(TINY);
        MODEL.prefill(state, tokens, 0, (fromBlock + count) * pages.blockSize());
        return inPool(pages, state, fromBlock, count);
    }

    /**
     * A page the way the pool holds it: direct memory, not at the start of its mapping, little endian.
     */
    private static ByteBuffer inPool(final KvPages pages, final KvState state, final int fromBlock, final int count)
    {
        final ByteBuffer mapping = ByteBuffer.allocateDirect(pages.pageBytes(count) + 64);
        mapping.position(64);
        pages.export(state, fromBlock, count, mapping);
        return mapping.position(64).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void assertRefused(final String message, final Runnable call)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }
}
