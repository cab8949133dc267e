/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import io.memfabric.FabricConfigurationException;
import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCacheTest
{
    private static final int BYTES_PER_TOKEN = 64;
    private static final int BLOCK = 4;
    private static final int PER_PAGE = 4;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = open.size() - 1; i >= 0; i--)
        {
            open.get(i).close();
        }
    }

    private KvConfig config(final String model)
    {
        return new KvConfig().model(model).kvBytesPerToken(BYTES_PER_TOKEN).blockTokens(BLOCK).blocksPerPage(PER_PAGE)
            .pool(new PoolConfig().directory(dir).name("kv").capacityBytes(64 * 4096).slotBytes(4096));
    }

    private KvCache open(final String model)
    {
        final KvCache cache = KvCache.open(config(model));
        open.add(cache);
        return cache;
    }

    // The KV an engine would compute: a function of the token prefix up to each position, so a page put for one
    // prompt and read for another is checked byte for byte against what that other prompt's KV must be.
    private static byte kvByte(final int[] tokens, final int position, final int index)
    {
        int h = 17;
        for (int i = 0; i <= position; i++)
        {
            h = h * 31 + tokens[i];
        }
        return (byte)(h * 7 + index);
    }

    private static KvBlockSource engine(final int[] tokens, final List<Integer> asked)
    {
        return (fromBlock, blockCount, page) ->
        {
            asked.add(fromBlock);
            asked.add(blockCount);
            for (int position = fromBlock * BLOCK; position < (fromBlock + blockCount) * BLOCK; position++)
            {
                for (int i = 0; i < BYTES_PER_TOKEN; i++)
                {
                    page.put(kvByte(tokens, position, i));
                }
            }
        };
    }

    private static void assertKvOf(final int[] tokens, final KvMatch match)
    {
        int position = 0;
        for (final KvPage page : match.pages())
        {
            assertEquals(position, page.fromBlock() * BLOCK);
            final ByteBuffer bytes = page.bytes();
            assertEquals(page.blockCount() * BLOCK * BYTES_PER_TOKEN, bytes.remaining());
            for (int p = 0; p < page.blockCount() * BLOCK; p++, position++)
            {
                for (int i = 0; i < BYTES_PER_TOKEN; i++)
                {
                    assertEquals(kvByte(tokens, position, i), bytes.get(), "position " + position + " byte " + i);
                }
            }
        }
        assertEquals(match.tokens(), position);
    }

    @Test
    void aPutPrefixIsFoundWholeByAnotherStoreOnTheSamePool()
    {
        final int[] prompt = IntStream.range(1000, 1000 + 40).toArray();
        final KvCache writer = open("m");
        assertEquals(3, writer.put(prompt, 10, engine(prompt, new ArrayList<>())), "pages of 4, 4 and 2 blocks");

        final KvCache reader = open("m");
        try (KvMatch match = reader.match(prompt))
        {
            assertEquals(10, match.blocks());
            assertEquals(40, match.tokens());
            assertEquals(3, match.pages().size());
            assertKvOf(prompt, match);
        }
        final KvStats stats = reader.stats();
        assertEquals(10, stats.hitBlocks());
        assertEquals(0, stats.missBlocks());
        assertEquals(40, stats.tokensReused());
        assertEquals(40 * BYTES_PER_TOKEN, stats.bytesServed());
    }

    @Test
    void anotherPromptGetsExactlyTheSharedWholeBlocks()
    {
        final int[] first = IntStream.range(0, 44).toArray();
        final KvCache cache = open("m");
        cache.put(first, 11, engine(first, new ArrayList<>()));

        final int[] second = first.clone();
        second[22] = 99_999;
        try (KvMatch match = cache.match(second))
        {
            assertEquals(4, match.blocks(), "reuse is by page: blocks 0-3; page 1 (blocks 4-7) was stored for " +
                "the first prompt's blocks 4-7, and this prompt's block 5 differs");
            assertKvOf(second, match);
        }
        final KvCache perBlock = KvCache.open(config("m").blocksPerPage(1));
        open.add(perBlock);
        perBlock.put(first, 11, engine(first, new ArrayList<>()));
        try (KvMatch match = perBlock.match(second))
        {
            assertEquals(5, match.blocks(), "with a page per block, every shared whole block: tokens 0..19");
            assertKvOf(second, match);
        }
        final int[] other = first.clone();
        other[0] = 7;
        try (KvMatch match = cache.match(other))
        {
            assertEquals(0, match.blocks(), "the same later tokens after another first token share nothing");
        }
        final int[] longer = IntStream.range(0, 60).toArray();
        try (KvMatch match = cache.match(longer))
        {
            assertEquals(11, match.blocks(), "the stored 11 blocks, ending in a short page");
            assertEquals(List.of(4, 4, 3), match.pages().stream().map(KvPage::blockCount).toList());
        }
        assertEquals(7 + 11 + 4, cache.stats().missBlocks(), "blocks asked for and not found, over the three matches");
    }

    @Test
    void putAsksOnlyForMissingPagesFromTheirFirstBlock()
    {
        final int[] prompt = IntStream.range(0, 48).toArray();
        final KvCache cache = open("m");
        cache.put(prompt, 6, engine(prompt, new ArrayList<>()));

        final List<Integer> asked = new ArrayList<>();
        assertEquals(2, cache.put(prompt, 12, engine(prompt, asked)));
        assertEquals(List.of(4, 4, 8, 4), asked, "page 0 is stored; page 1 (blocks 4-7) is stored whole although " +
            "blocks 4-5 were stored short before; then page 2");
        assertEquals(1, cache.stats().pagesPresent());
        try (KvMatch match = cache.match(prompt))
        {
            assertEquals(12, match.blocks());
            assertKvOf(prompt, match);
        }
    }

    @Test
    void modelsBlockSizesAndGeometriesNeverShare()
    {
        final int[] prompt = IntStream.range(0, 32).toArray();
        open("model-a").put(prompt, 8, engine(prompt, new ArrayList<>()));
        try (KvMatch match = open("model-b").match(prompt))
        {
            assertEquals(0, match.blocks());
        }
        final KvCache wider = KvCache.open(config("model-a").kvBytesPerToken(BYTES_PER_TOKEN * 2));
        open.add(wider);
        try (KvMatch match = wider.match(prompt))
        {
            assertEquals(0, match.blocks(), "same fingerprint, other KV size: the page lengths disagree");
        }
        final KvCache otherBlocks = KvCache.open(config("model-a").blockTokens(8).blocksPerPage(2));
        open.add(otherBlocks);
        try (KvMatch match = otherBlocks.match(prompt))
        {
            assertEquals(0, match.blocks());
        }
    }

    @Test
    void evictedPagesCostARecomputeNeverAWrongAnswer()
    {
        final KvCache cache = open("m");
        final List<int[]> prompts = new ArrayList<>();
        for (int p = 0; p < 100; p++)
        {
            final int[] prompt = IntStream.range(p * 1000, p * 1000 + 16).toArray();
            prompts.add(prompt);
            cache.put(prompt, 4, engine(prompt, new ArrayList<>()));
        }
        int found = 0;
        for (final int[] prompt : prompts)
        {
            try (KvMatch match = cache.match(prompt))
            {
                assertTrue(match.blocks() == 0 || match.blocks() == 4);
                assertKvOf(prompt, match);
                found += match.blocks() > 0 ? 1 : 0;
            }
        }
        assertTrue(found < 100, "a pool of 64 slots held 100 pages of one slot? found " + found);
        assertTrue(found > 0, "the most recent pages are held");
    }

    @Test
    void badInputIsNamed()
    {
        final KvCache cache = open("m");
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
            () -> cache.put(new int[10], 3, engine(new int[10], new ArrayList<>())));
        assertTrue(tooMany.getMessage().contains("make 2 whole blocks of 4"), tooMany.getMessage());
        assertTrue(assertThrows(FabricConfigurationException.class, () -> KvCache.open(config(" ")))
            .getMessage().contains("fingerprint"));
        assertTrue(assertThrows(FabricConfigurationException.class,
            () -> KvCache.open(config("m").kvBytesPerToken(0))).getMessage().contains("kvBytesPerToken is 0"));
        try (KvMatch match = cache.match(new int[3]))
        {
            assertEquals(0, match.blocks(), "fewer tokens than a block");
        }
    }

    @Test
    void pagesStayInPoolAfterTheWriterCloses() throws Exception
    {
        final int[] prompt = IntStream.range(0, 16).toArray();
        try (KvCache writer = KvCache.open(config("m")))
        {
            writer.put(prompt, 4, engine(prompt, new ArrayList<>()));
        }
        try (PagePool pool = PagePool.open(config("m").pool()); KvCache reader = KvCache.over(pool, config("m")))
        {
            try (KvMatch match = reader.match(prompt))
            {
                assertEquals(4, match.blocks());
                assertKvOf(prompt, match);
            }
        }
    }

    @Test
    void aHeldPrefixSurvivesPressureUntilReleased() throws Exception
    {
        final KvCache cache = open("m");
        final int[] system = IntStream.range(7_000, 7_016).toArray();
        cache.put(system, 4, engine(system, new ArrayList<>()));
        final KvMatch hold = cache.hold(system, java.time.Duration.ZERO);
        assertEquals(4, hold.blocks());
        for (int p = 0; p < 200; p++)
        {
            final int[] other = IntStream.range(p * 1000, p * 1000 + 16).toArray();
            cache.put(other, 4, engine(other, new ArrayList<>()));
        }
        try (KvMatch match = cache.match(system))
        {
            assertEquals(4, match.blocks(), "held through 200 newer pages in a pool of 64");
            assertKvOf(system, match);
        }
        hold.close();
        for (int p = 200; p < 400; p++)
        {
            final int[] other = IntStream.range(p * 1000, p * 1000 + 16).toArray();
            cache.put(other, 4, engine(other, new ArrayList<>()));
        }
        try (KvMatch match = cache.match(system))
        {
            assertEquals(0, match.blocks(), "released, it aged out");
        }

        final KvMatch timed = cache.hold(IntStream.range(399_000, 399_016).toArray(), java.time.Duration.ofMillis(50));
        assertEquals(4, timed.blocks());
        final long deadline = System.currentTimeMillis() + 5_000;
        while (true)
        {
            try
            {
                timed.pages();
                assertTrue(System.currentTimeMillis() < deadline, "the hold ends after its time");
                Thread.sleep(10);
            }
            catch (final IllegalStateException ended)
            {
                break;
            }
        }
    }
}
