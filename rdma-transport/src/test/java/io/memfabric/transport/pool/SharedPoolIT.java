/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.memfabric.transport.pool.Pages.assertPage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One pool file mapped by two real JVMs: a page published by either is read by the other through its own mapping,
 * with no copy.
 */
@Timeout(120)
class SharedPoolIT
{
    private static final int PAGES = 3;
    private static final int LENGTH = 2 * Pages.SLOT + 321;

    @Test
    void pagesPutByAnotherJvmAreReadHereWithoutACopy(@TempDir final Path dir) throws Exception
    {
        final PoolConfig config = Pages.config(dir, 16);
        try (ChildJvm child = ChildJvm.start(config, "put", String.valueOf(PAGES), String.valueOf(LENGTH), "child-"))
        {
            final List<String> puts = new ArrayList<>();
            for (int i = 0; i < PAGES; i++)
            {
                puts.add(child.await("PUT ", 60));
            }
            child.await("READY", 60);

            try (PagePool pool = PagePool.open(config))
            {
                assertEquals(2, pool.stats().liveHolders(), "the child still has the pool open");
                for (final String put : puts)
                {
                    final String[] words = put.split(" ");
                    final PageKey key = PageKey.fromHex(words[1]);
                    try (PinnedPage page = pool.pin(key))
                    {
                        assertNotNull(page, "the child's page " + key);
                        assertPage(page, key, LENGTH);
                        assertEquals(Integer.parseInt(words[2]), page.checksum(), "the CRC32C the child published");
                        assertTrue(pool.isInsideMapping(page.buffer()),
                            "the view at 0x" + Long.toHexString(page.buffer().addressOffset()) +
                            " lies in this JVM's mapping of the pool: it is the child's bytes, not a copy");
                    }
                }
                assertEquals(PAGES, pool.stats().pages());
            }

            child.send("exit");
            child.await("BYE", 30);
            assertEquals(0, child.awaitExit(30));
        }
    }

    @Test
    void pagesPutHereAreReadByAnotherJvmWithoutACopy(@TempDir final Path dir) throws Exception
    {
        final PoolConfig config = Pages.config(dir, 16);
        try (PagePool pool = PagePool.open(config))
        {
            final List<String> args = new ArrayList<>(List.of("read", String.valueOf(LENGTH)));
            final List<PinnedPage> pages = new ArrayList<>();
            for (int i = 0; i < PAGES; i++)
            {
                final PinnedPage page = Pages.put(pool, Pages.key("parent-" + i), LENGTH);
                pages.add(page);
                args.add(page.key().toString());
            }

            try (ChildJvm child = ChildJvm.start(config, args.toArray(new String[0])))
            {
                for (final PinnedPage page : pages)
                {
                    final String read = child.await("READ " + page.key(), 60);
                    assertEquals("READ " + page.key() + " " + page.checksum() + " diff=-1 inside=true", read,
                        "the child read the bytes, with their CRC32C, through its own mapping");
                }
                child.await("READY", 60);
                child.send("exit");
                child.await("BYE", 30);
                assertEquals(0, child.awaitExit(30));
            }
            for (final PinnedPage page : pages)
            {
                assertPage(page, page.key(), LENGTH);
                page.close();
            }
            assertEquals(1, pool.stats().liveHolders(), "the child handed its holder slot back");
        }
    }
}
