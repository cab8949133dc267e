/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.FabricException;
import io.memfabric.transport.PageKey;
import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PinnedPage;
import io.memfabric.transport.pool.PoolFullException;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store over a real page pool of 8 slots of 4 KiB, so eviction is easy to cause; expiry on a clock moved by hand.
 */
@Timeout(60)
class PoolRespStoreTest
{
    private static final int SLOT = 4096;
    private static final int SLOTS = 8;

    private final CachedEpochClock clock = new CachedEpochClock();
    private Path dir;
    private PagePool pool;
    private PoolRespStore store;

    @BeforeEach
    void open(final TestInfo test)
    {
        clock.update(1_000_000);
        dir = RespTestServer.directory(test.getTestMethod().orElseThrow().getName());
        pool = PagePool.open(RespTestServer.poolConfig(dir, (long)SLOT * SLOTS, SLOT));
        store = new PoolRespStore(pool, clock);
    }

    @AfterEach
    void close()
    {
        try
        {
            store.close();
            pool.close();
        }
        finally
        {
            RespTestServer.delete(dir);
        }
    }

    @Test
    void aValueIsOnePageOfThePoolReadInPlace()
    {
        set("k", "hello");
        final String pageKey = store.locate("k");
        assertNotNull(pageKey);
        try (PinnedPage page = pool.pin(PageKey.fromHex(pageKey)))
        {
            assertNotNull(page, "another JVM of the host finds the value by its page key");
            final byte[] bytes = new byte[page.length()];
            page.buffer().getBytes(0, bytes);
            assertEquals("hello", new String(bytes, StandardCharsets.ISO_8859_1));
        }
        try (RespValue value = store.get("k"))
        {
            assertEquals("hello", text(value));
            assertTrue(value.buffer().isDirect(), "a view of the mapping, not a heap copy");
        }
        assertEquals(1, pool.stats().pages());
    }

    @Test
    void anOverwriteIsANewPageAndTheOldOneIsDiscardedAtOnce()
    {
        set("k", "one");
        final PageKey first = PageKey.fromHex(store.locate("k"));
        set("k", "two");
        final PageKey second = PageKey.fromHex(store.locate("k"));
        assertNotEquals(first, second);
        assertFalse(pool.contains(first), "the replaced page freed its slot");
        assertEquals(1, pool.stats().pages());
        assertEquals(0, pool.stats().evictions(), "discarded, not evicted");
        assertTrue(store.delete("k"));
        assertEquals(0, pool.stats().pages());
        assertEquals(0, store.stats().valueBytes());
    }

    @Test
    void pageKeysDifferPerStoreAndVersionAndAreDeterministic()
    {
        try (PoolRespStore other = new PoolRespStore(pool, clock))
        {
            assertEquals(store.pageKey("k", 7), store.pageKey("k", 7));
            assertNotEquals(store.pageKey("k", 7), store.pageKey("k", 8));
            assertNotEquals(store.pageKey("k", 7), store.pageKey("j", 7));
            assertNotEquals(store.pageKey("k", 7), other.pageKey("k", 7), "two stores on one pool never collide");
        }
    }

    @Test
    void aReadBeingSentKeepsItsPageUntilClosed()
    {
        set("k", "old");
        final RespValue reading = store.get("k");
        final PageKey old = PageKey.fromHex(store.locate("k"));
        set("k", "new");
        assertTrue(pool.contains(old), "still being read");
        assertEquals("old", text(reading));
        reading.close();
        assertFalse(pool.contains(old), "discarded once its last read ended");
        try (RespValue value = store.get("k"))
        {
            assertEquals("new", text(value));
        }
    }

    @Test
    void evictedValuesReadAsMissesAndPinnedOnesStay()
    {
        set("pinned", "keep me");
        assertTrue(store.pin("pinned", RespStore.NO_EXPIRY));
        for (int i = 0; i < 3 * SLOTS; i++)
        {
            set("filler:" + i, "x".repeat(100));
        }
        try (RespValue value = store.get("pinned"))
        {
            assertEquals("keep me", text(value), "a pinned value is never evicted");
        }
        assertNull(store.get("filler:0"), "the least recently used were evicted");
        assertFalse(store.exists("filler:1"));
        assertEquals(RespStore.TTL_MISSING, store.ttlMs("filler:2"));
        final RespStoreStats stats = store.stats();
        assertTrue(stats.evictedKeys() >= 3, stats.toString());
        assertTrue(stats.misses() >= 1, stats.toString());
        assertEquals(1, stats.pinnedKeys());

        // The sweep finds the rest of the evicted keys without anyone reading them.
        for (int i = 0; i < 10; i++)
        {
            store.sweep();
        }
        assertEquals(pool.stats().pages(), store.size(), "every key left has its page");
    }

    @Test
    void aPinBelongsToTheKeyAcrossOverwritesAndEndsWithIt()
    {
        set("k", "v1");
        assertTrue(store.pin("k", RespStore.NO_EXPIRY));
        set("k", "v2");
        assertEquals(1, store.stats().pinnedKeys());
        for (int i = 0; i < 3 * SLOTS; i++)
        {
            set("filler:" + i, "x");
        }
        try (RespValue value = store.get("k"))
        {
            assertEquals("v2", text(value), "the new value is pinned as the old one was");
        }
        assertTrue(store.delete("k"));
        assertEquals(0, store.stats().pinnedKeys());
        assertFalse(store.unpin("k"));
    }

    @Test
    void aTimedPinLapsesAtTheSweep()
    {
        set("k", "v");
        assertTrue(store.pin("k", clock.time() + 100));
        clock.advance(99);
        store.sweep();
        assertEquals(1, store.stats().pinnedKeys());
        clock.advance(1);
        store.sweep();
        assertEquals(0, store.stats().pinnedKeys());
        assertFalse(store.unpin("k"));
        assertTrue(store.exists("k"), "the key stays; only its pin lapsed");
        assertTrue(store.pin("k", RespStore.NO_EXPIRY));
        clock.advance(1_000_000);
        store.sweep();
        assertEquals(1, store.stats().pinnedKeys(), "a pin without a time holds until unpinned");
    }

    @Test
    void expiryIsLazyAndSwept()
    {
        final RespValueWriter value = store.reserve("k", 1);
        value.buffer().put((byte)'v');
        assertTrue(store.set("k", value, clock.time() + 50, 0));
        assertEquals(50, store.ttlMs("k"));
        set("forever", "v");
        assertEquals(RespStore.TTL_NONE, store.ttlMs("forever"));
        clock.advance(50);
        assertEquals(2, store.size(), "nothing swept yet");
        assertEquals(1, store.sweep());
        assertEquals(1, store.size());
        assertEquals(1, store.stats().expiredKeys());
        assertEquals(1, pool.stats().pages(), "the expired key's page went with it");
    }

    @Test
    void emptyValuesNeedNoPage()
    {
        set("empty", "");
        assertEquals(0, pool.stats().pages());
        try (RespValue value = store.get("empty"))
        {
            assertEquals(0, value.length());
        }
        assertTrue(store.exists("empty"));
        assertTrue(store.pin("empty", RespStore.NO_EXPIRY));
        assertNull(store.locate("empty"));
    }

    @Test
    void valuesThatCannotFitAreRefusedWithWhatToDo()
    {
        final RespStoreException tooLarge = assertThrows(RespStoreException.class,
            () -> store.reserve("k", SLOT * SLOTS + 1));
        assertTrue(tooLarge.errorLine().startsWith("ERR value of 32769 bytes is larger than the page pool"),
            tooLarge.errorLine());
        assertTrue(tooLarge.errorLine().contains("--pool-bytes"), tooLarge.errorLine());
        assertEquals(FabricException.Category.LIMIT, tooLarge.category());

        for (int i = 0; i < SLOTS; i++)
        {
            set("k" + i, "v");
            assertTrue(store.pin("k" + i, RespStore.NO_EXPIRY));
        }
        final RespStoreException full = assertThrows(RespStoreException.class, () -> store.reserve("more", 10));
        assertTrue(full.errorLine().startsWith("OOM no room in the page pool"), full.errorLine());
        assertEquals(FabricException.Category.LIMIT, full.category());
        assertInstanceOf(PoolFullException.class, full.getCause());
        store.unpin("k0");
        set("more", "fits now");
        assertFalse(store.exists("k0"), "k0 made room");
    }

    @Test
    void aDroppedWriterFreesItsSlotsAndConditionsHold()
    {
        final RespValueWriter dropped = store.reserve("k", 100);
        dropped.close();
        assertEquals(0, pool.stats().slotsUsed());
        set("k", "v");
        final RespValueWriter notStored = store.reserve("k", 1);
        notStored.buffer().put((byte)'w');
        assertFalse(store.set("k", notStored, RespStore.NO_EXPIRY, RespStore.SET_IF_ABSENT));
        assertEquals(1, pool.stats().slotsUsed(), "the refused value's slot was freed");
        final RespValueWriter other = store.reserve("j", 1);
        other.buffer().put((byte)'w');
        assertFalse(store.set("j", other, RespStore.NO_EXPIRY, RespStore.SET_IF_PRESENT));
        assertFalse(store.exists("j"));
    }

    @Test
    void clearAndCloseDiscardEveryPage()
    {
        set("a", "1");
        set("b", "2");
        store.clear();
        assertEquals(0, store.size());
        assertEquals(0, pool.stats().pages());
        set("c", "3");
        store.close();
        assertEquals(0, pool.stats().pages(), "nobody can find them once the directory is gone");
        assertThrows(IllegalStateException.class, () -> store.get("c"));
    }

    private void set(final String key, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final RespValueWriter value = store.reserve(key, bytes.length);
        value.buffer().put(bytes);
        assertTrue(store.set(key, value, RespStore.NO_EXPIRY, 0));
    }

    private static String text(final RespValue value)
    {
        final ByteBuffer buffer = value.buffer();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
