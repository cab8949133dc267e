/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvPagesTest
{
    private static final ModelConfig CONFIG = ModelConfig.TINY;
    private static final TinyTransformer MODEL = new TinyTransformer(CONFIG);

    @Test
    void pageLengthIsBlocksTimesBlockSizeTimesKvBytesPerToken()
    {
        final KvPages pages = new KvPages(CONFIG);
        assertEquals(16, pages.blockSize());
        assertEquals(16 * 256, pages.blockBytes());
        assertEquals(3 * 16 * CONFIG.kvBytesPerToken(), pages.pageBytes(3));
        assertEquals(5 * 8 * ModelConfig.SMALL.kvBytesPerToken(), new KvPages(ModelConfig.SMALL, 8).pageBytes(5));

        final KvState state = prefilled(3 * 16 + 5);
        assertEquals(3, pages.wholeBlocks(state));
        assertEquals(pages.pageBytes(3), pages.export(state, 0, 3).length);
        assertEquals(pages.pageBytes(2), pages.export(state, 1, 2).length);
    }

    @Test
    void pageBytesAreLittleEndianFloat32BlockLayerKvPositionHeadDim()
    {
        final int blockSize = 4;
        final KvPages pages = new KvPages(CONFIG, blockSize);
        final KvState state = prefilled(3 * blockSize);
        final int fromBlock = 1;
        final int blockCount = 2;
        final ByteBuffer page = ByteBuffer.wrap(pages.export(state, fromBlock, blockCount))
            .order(ByteOrder.LITTLE_ENDIAN);
        int checked = 0;
        for (int b = 0; b < blockCount; b++)
        {
            for (int layer = 0; layer < CONFIG.layers(); layer++)
            {
                for (int kv = 0; kv < 2; kv++)
                {
                    for (int p = 0; p < blockSize; p++)
                    {
                        for (int g = 0; g < CONFIG.kvHeads(); g++)
                        {
                            for (int d = 0; d < CONFIG.headDim(); d++)
                            {
                                final int offset = 4 * (((((b * CONFIG.layers() + layer) * 2 + kv) * blockSize + p) *
                                    CONFIG.kvHeads() + g) * CONFIG.headDim() + d);
                                final int position = (fromBlock + b) * blockSize + p;
                                final float expected = kv == 0 ?
                                    state.key(layer, position, g, d) : state.value(layer, position, g, d);
                                assertEquals(Float.floatToRawIntBits(expected), page.getInt(offset),
                                    "block " + b + " layer " + layer + " kv " + kv + " position " + p);
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(page.capacity() / 4, checked, "every element of the page is where the layout says");
    }

    @Test
    void aRunOfBlocksIsTheConcatenationOfItsSingleBlockPages()
    {
        final KvPages pages = new KvPages(CONFIG, 8);
        final KvState state = prefilled(5 * 8);
        final byte[] run = pages.export(state, 1, 3);
        final byte[] concatenated = new byte[run.length];
        for (int b = 0; b < 3; b++)
        {
            final byte[] single = pages.export(state, 1 + b, 1);
            System.arraycopy(single, 0, concatenated, b * pages.blockBytes(), pages.blockBytes());
        }
        assertArrayEquals(concatenated, run);
    }

    @Test
    void exportThenImportRoundTripsTheExactFloatBits()
    {
        final KvPages pages = new KvPages(CONFIG);
        final KvState state = prefilled(4 * 16 + 3);
        final ByteBuffer direct = ByteBuffer.allocateDirect(pages.pageBytes(4) + 10).order(ByteOrder.BIG_ENDIAN);
        direct.position(10);
        pages.export(state, 0, 4, direct);
        assertEquals(direct.capacity(), direct.position(), "the buffer's position moves past the page");
        direct.position(10);
        final byte[] fromDirect = new byte[pages.pageBytes(4)];
        direct.get(fromDirect);
        assertArrayEquals(pages.export(state, 0, 4), fromDirect, "a buffer's own byte order does not matter");

        final KvState imported = new KvState(CONFIG);
        final ByteBuffer first = ByteBuffer.wrap(pages.export(state, 0, 1));
        pages.importInto(imported, first, 0, 1);
        assertEquals(first.limit(), first.position(), "importing consumes the page");
        direct.position(10 + pages.blockBytes());
        pages.importInto(imported, direct.slice(), 1, 3);
        assertEquals(64, imported.length());

        final KvState truncated = prefilled(4 * 16 + 3);
        truncated.truncate(64);
        LlmTesting.assertSameCache(truncated, imported);
        assertArrayEquals(pages.export(state, 0, 4), pages.export(imported, 0, 4));
    }

    @Test
    void anyPageBitsSurviveImportAndExportIncludingNaNPayloads()
    {
        final KvPages pages = new KvPages(CONFIG, 2);
        final byte[] page = new byte[pages.pageBytes(3)];
        final SplitMix64 random = new SplitMix64(7);
        for (int i = 0; i < page.length; i++)
        {
            page[i] = (byte)random.nextLong();
        }
        // A signalling NaN with a payload and a negative zero, little endian.
        page[0] = 0x01;
        page[1] = 0x00;
        page[2] = (byte)0x80;
        page[3] = 0x7f;
        page[4] = 0;
        page[5] = 0;
        page[6] = 0;
        page[7] = (byte)0x80;
        final KvState state = new KvState(CONFIG);
        pages.importInto(state, ByteBuffer.wrap(page.clone()).asReadOnlyBuffer(), 0, 3);
        assertEquals(6, state.length());
        assertTrue(Float.isNaN(state.key(0, 0, 0, 0)));
        assertArrayEquals(page, pages.export(state, 0, 3));
    }

    @Test
    void importRefusesAnotherModelAnotherLengthAndPagesOutOfOrder()
    {
        final KvPages pages = new KvPages(CONFIG);
        final KvState source = prefilled(3 * 16);
        final byte[] page = pages.export(source, 0, 2);

        final KvState otherModel = new KvState(CONFIG.withSeed(43L));
        assertRefused("the KV cache is of model", () -> pages.importInto(otherModel, ByteBuffer.wrap(page), 0, 2));
        final KvPages otherPages = new KvPages(ModelConfig.SMALL);
        assertRefused("this one is " + page.length,
            () -> otherPages.importInto(new KvState(ModelConfig.SMALL), ByteBuffer.wrap(page), 0, 2));
        assertRefused("this one is " + page.length,
            () -> pages.importInto(new KvState(CONFIG), ByteBuffer.wrap(page), 0, 3));
        assertRefused("this one is " + (page.length - 1), () -> pages.importInto(
            new KvState(CONFIG), ByteBuffer.wrap(Arrays.copyOf(page, page.length - 1)), 0, 2));
        assertRefused("block 1 starts at position 16 but the cache holds 0 positions",
            () -> pages.importInto(new KvState(CONFIG), ByteBuffer.wrap(page), 1, 2));

        final KvState halfway = new KvState(CONFIG);
        pages.importInto(halfway, ByteBuffer.wrap(pages.export(source, 0, 1)), 0, 1);
        assertRefused("block 0 starts at position 0 but the cache holds 16 positions",
            () -> pages.importInto(halfway, ByteBuffer.wrap(pages.export(source, 0, 1)), 0, 1));
        assertRefused("block 2 starts at position 32 but the cache holds 16 positions",
            () -> pages.importInto(halfway, ByteBuffer.wrap(pages.export(source, 2, 1)), 2, 1));
        assertEquals(16, halfway.length(), "a refused import leaves the cache as it was");
    }

    @Test
    void exportRefusesBlocksTheCacheDoesNotHoldAndBuffersTooSmall()
    {
        final KvPages pages = new KvPages(CONFIG);
        final KvState state = prefilled(2 * 16 + 15);
        assertRefused("blocks 1..3 of 16 positions: the cache holds 47 positions, 2 whole blocks",
            () -> pages.export(state, 1, 2));
        assertRefused("blocks -1..0", () -> pages.export(state, -1, 1));
        assertRefused("a page of 0 blocks", () -> pages.pageBytes(0));
        assertRefused("the KV cache is of model",
            () -> new KvPages(CONFIG.withSeed(1L)).export(state, 0, 1));
        final ByteBuffer small = ByteBuffer.allocate(pages.pageBytes(1) - 1);
        assertRefused("the buffer has " + (pages.pageBytes(1) - 1) + " remaining",
            () -> pages.export(state, 0, 1, small));
        assertEquals(0, small.position());
        assertRefused("the block size is 0 positions", () -> new KvPages(CONFIG, 0));
    }

    @Test
    void fingerprintAddsBlockSizeAndLayoutToTheModels()
    {
        final String fingerprint = new KvPages(CONFIG, 32).fingerprint();
        assertTrue(fingerprint.startsWith(CONFIG.fingerprint() + " kvPage=32 "), fingerprint);
        assertTrue(!fingerprint.equals(new KvPages(CONFIG, 16).fingerprint()));
    }

    private static KvState prefilled(final int length)
    {
        final KvState state = MODEL.newState();
        MODEL.prefill(state, LlmTesting.tokens(CONFIG, length, 11));
        return state;
    }

    private static void assertRefused(final String message, final Runnable call)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }
}
