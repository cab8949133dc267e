/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.FabricException;
import io.memfabric.transport.PageKey;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.memfabric.transport.pool.Pages.SLOT;
import static io.memfabric.transport.pool.Pages.assertPage;
import static io.memfabric.transport.pool.Pages.config;
import static io.memfabric.transport.pool.Pages.content;
import static io.memfabric.transport.pool.Pages.crc32c;
import static io.memfabric.transport.pool.Pages.key;
import static io.memfabric.transport.pool.Pages.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PagePoolTest
{
    private static final int ONE_SLOT = 3_000;

    @Test
    void putPageIsPinnedByKeyWithItsBytesAndChecksum(@TempDir final Path dir)
    {
        final PageKey key = key("round trip");
        try (PagePool pool = PagePool.open(config(dir, 8)))
        {
            assertFalse(pool.contains(key));
            assertNull(pool.pin(key));
            try (PinnedPage put = put(pool, key, ONE_SLOT))
            {
                assertPage(put, key, ONE_SLOT);
            }
            assertTrue(pool.contains(key));
            assertTrue(pool.isResident(key));
            try (PinnedPage pinned = pool.pin(key))
            {
                assertNotNull(pinned);
                assertPage(pinned, key, ONE_SLOT);
                assertTrue(pool.isInsideMapping(pinned.buffer()), "the view is the pool's memory, not a copy");
            }
            final PoolStats stats = pool.stats();
            assertEquals(1, stats.pages());
            assertEquals(ONE_SLOT, stats.bytesUsed());
            assertEquals(1, stats.slotsUsed());
            assertEquals(1, stats.liveHolders());
            assertEquals(config(dir, 8).file(), pool.file());
        }
    }

    @Test
    void putOfAKeyAlreadyThereReturnsTheExistingPage(@TempDir final Path dir)
    {
        final PageKey key = key("twice");
        try (PagePool pool = PagePool.open(config(dir, 8));
            PinnedPage first = put(pool, key, ONE_SLOT);
            PinnedPage second = pool.put(key, new UnsafeBuffer(new byte[ONE_SLOT]), 0, ONE_SLOT))
        {
            assertEquals(first.buffer().addressOffset(), second.buffer().addressOffset());
            assertPage(second, key, ONE_SLOT);
            assertEquals(1, pool.stats().pages());
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedUnpinnedPageFirst(@TempDir final Path dir)
    {
        final PageKey a = key("a");
        final PageKey b = key("b");
        final PageKey c = key("c");
        final PageKey d = key("d");
        try (PagePool pool = PagePool.open(config(dir, 4)))
        {
            for (final PageKey key : List.of(a, b, c, d))
            {
                put(pool, key, ONE_SLOT).close();
            }
            pool.pin(a).close();

            put(pool, key("e"), ONE_SLOT).close();
            assertFalse(pool.contains(b), "b was the least recently used");
            assertTrue(pool.contains(a) && pool.contains(c) && pool.contains(d));

            put(pool, key("f"), ONE_SLOT).close();
            assertFalse(pool.contains(c), "then c");
            assertTrue(pool.contains(a) && pool.contains(d));
            assertEquals(2, pool.stats().evictions());
            assertEquals(0, pool.stats().evictionsToDisk());
            assertEquals(4, pool.stats().pages());
        }
    }

    @Test
    void discardedPagesFreeTheirSlotsAtOnceUnlessPinned(@TempDir final Path dir)
    {
        final PageKey a = key("a");
        final PageKey b = key("b");
        final PageKey c = key("c");
        try (PagePool pool = PagePool.open(config(dir, 2)))
        {
            put(pool, a, ONE_SLOT).close();
            final PinnedPage pinnedB = put(pool, b, ONE_SLOT);
            assertTrue(pool.discard(a));
            assertFalse(pool.contains(a));
            assertFalse(pool.discard(a), "gone already");
            assertFalse(pool.discard(b), "pinned pages stay");
            assertTrue(pool.contains(b));

            // a's slot is free, so c takes it and evicts nothing.
            put(pool, c, ONE_SLOT).close();
            assertTrue(pool.contains(b) && pool.contains(c));
            assertEquals(0, pool.stats().evictions(), "a discard is not an eviction");
            assertEquals(2, pool.stats().pages());

            pinnedB.close();
            assertTrue(pool.discard(b));
            assertEquals(1, pool.stats().pages());
            assertEquals(ONE_SLOT, pool.stats().bytesUsed());
        }
    }

    @Test
    void discardDeletesTheDiskTierCopy(@TempDir final Path dir)
    {
        final Path disk = dir.resolve("disk");
        final PageKey a = key("a");
        try (PagePool pool = PagePool.open(config(dir, 1).diskTierDirectory(disk)))
        {
            put(pool, a, ONE_SLOT).close();
            put(pool, key("b"), ONE_SLOT).close();
            final Path file = disk.resolve(a + DiskTier.SUFFIX);
            assertTrue(Files.exists(file), "a was evicted to " + file);
            assertTrue(pool.discard(a));
            assertFalse(Files.exists(file));
            assertFalse(pool.contains(a));
            assertNull(pool.pin(a));
        }
    }

    @Test
    void evictedPagesGoToTheDiskTierAndComeBackWhenPinned(@TempDir final Path dir)
    {
        final Path disk = dir.resolve("disk");
        final PageKey a = key("a");
        final int length = 2 * SLOT + 77;
        try (PagePool pool = PagePool.open(config(dir, 8).diskTierDirectory(disk)))
        {
            put(pool, a, length).close();
            // Three slots a page in eight: the second filler needs a's slots.
            for (int i = 0; i < 2; i++)
            {
                put(pool, key("filler " + i), length).close();
            }
            final Path file = disk.resolve(a + DiskTier.SUFFIX);
            assertTrue(Files.exists(file), "a was evicted to " + file);
            assertEquals(DiskTier.HEADER_BYTES + length, size(file));
            assertFalse(pool.isResident(a));
            assertTrue(pool.contains(a), "a is still in the pool, on disk");
            assertEquals(1, pool.stats().evictionsToDisk());

            try (PinnedPage back = pool.pin(a))
            {
                assertNotNull(back);
                assertPage(back, a, length);
                assertTrue(pool.isInsideMapping(back.buffer()));
            }
            assertTrue(pool.isResident(a));
            assertEquals(1, pool.stats().diskTierHits());
            assertTrue(Files.exists(file), "the file stays, so evicting a again costs no write");
        }
    }

    @Test
    void theDiskTierKeepsWithinItsCapacityDroppingTheLeastRecentlyUsedFiles(@TempDir final Path dir) throws Exception
    {
        final Path disk = dir.resolve("disk");
        final long pageFile = DiskTier.HEADER_BYTES + ONE_SLOT;
        final long capacity = 10 * pageFile;
        try (PagePool pool = PagePool.open(config(dir, 2).diskTierDirectory(disk).diskCapacityBytes(capacity)))
        {
            final PageKey favourite = key("favourite");
            put(pool, favourite, ONE_SLOT).close();
            for (int i = 0; i < 40; i++)
            {
                put(pool, key("page " + i), ONE_SLOT).close();
                if (i % 4 == 3)
                {
                    // Read back from disk now and then: it stays among the most recently used files.
                    Thread.sleep(5);
                    try (PinnedPage again = pool.pin(favourite))
                    {
                        assertNotNull(again, "the page read now and then is kept (round " + i + ")");
                        assertPage(again, favourite, ONE_SLOT);
                    }
                }
                long total = 0;
                try (var files = Files.list(disk))
                {
                    for (final Path file : (Iterable<Path>)files::iterator)
                    {
                        total += size(file);
                    }
                }
                assertTrue(total <= capacity, "the disk tier holds " + total + " bytes, more than its " + capacity);
            }
            assertFalse(pool.contains(key("page 0")), "the oldest page left the disk tier");
            assertTrue(pool.contains(key("page 39")), "the newest page is held");
        }
    }

    @Test
    void tornOrDamagedDiskTierFilesAreDiscarded(@TempDir final Path dir) throws IOException
    {
        final Path disk = dir.resolve("disk");
        final PageKey a = key("a");
        final PageKey b = key("b");
        try (PagePool pool = PagePool.open(config(dir, 2).diskTierDirectory(disk)))
        {
            put(pool, a, ONE_SLOT).close();
            put(pool, b, ONE_SLOT).close();
            put(pool, key("c"), ONE_SLOT).close();
            put(pool, key("d"), ONE_SLOT).close();
            final Path damaged = disk.resolve(a + DiskTier.SUFFIX);
            final Path torn = disk.resolve(b + DiskTier.SUFFIX);
            assertTrue(Files.exists(damaged) && Files.exists(torn));

            final byte[] bytes = Files.readAllBytes(damaged);
            bytes[DiskTier.HEADER_BYTES + 100] ^= 0x40;
            Files.write(damaged, bytes);
            try (FileChannel channel = FileChannel.open(torn, StandardOpenOption.WRITE))
            {
                channel.truncate(DiskTier.HEADER_BYTES + 1000);
            }

            assertNull(pool.pin(a), "a CRC32C mismatch is a miss");
            assertFalse(Files.exists(damaged));
            assertNull(pool.pin(b), "so is a file shorter than its header says");
            assertFalse(Files.exists(torn));
            assertFalse(pool.contains(a) || pool.contains(b));
            assertEquals(2, pool.stats().diskTierCorrupt());
            assertEquals(0, pool.stats().diskTierHits());
        }
    }

    @Test
    void pinnedPagesAreNeverEvictedAndAFullPoolSaysWhy(@TempDir final Path dir)
    {
        try (PagePool pool = PagePool.open(config(dir, 4)))
        {
            final List<PinnedPage> pins = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                pins.add(put(pool, key("pinned " + i), ONE_SLOT));
            }
            final PoolFullException full = assertThrows(PoolFullException.class,
                () -> put(pool, key("one too many"), ONE_SLOT));
            assertEquals(FabricException.Category.LIMIT, full.category());
            assertEquals(4L * SLOT, full.pinnedBytes());
            assertEquals(SLOT, full.requestedBytes());
            assertEquals(4L * SLOT, full.capacityBytes());
            final String message = full.getMessage();
            assertTrue(message.contains(pool.file().toString()), message);
            assertTrue(message.contains(4 * SLOT + " pinned"), message);
            assertTrue(message.contains(PoolConfig.Configuration.CAPACITY_PROP_NAME), message);
            assertTrue(message.contains("Close PinnedPages"), message);

            for (final PinnedPage pin : pins)
            {
                assertPage(pin, pin.key(), ONE_SLOT);
            }
            pins.get(2).close();
            try (PinnedPage admitted = put(pool, key("one too many"), ONE_SLOT))
            {
                assertPage(admitted, key("one too many"), ONE_SLOT);
            }
            assertFalse(pool.contains(key("pinned 2")), "the only unpinned page made room");
            for (final PinnedPage pin : List.of(pins.get(0), pins.get(1), pins.get(3)))
            {
                assertPage(pin, pin.key(), ONE_SLOT);
                pin.close();
            }
        }
    }

    @Test
    void reopeningAnExistingFileKeepsItsPages(@TempDir final Path dir)
    {
        final PageKey small = key("small");
        final PageKey large = key("large");
        try (PagePool pool = PagePool.open(config(dir, 8)))
        {
            put(pool, small, ONE_SLOT).close();
            put(pool, large, 3 * SLOT).close();
        }
        try (PagePool pool = PagePool.open(config(dir, 8)))
        {
            assertEquals(2, pool.stats().pages());
            assertEquals(0, pool.stats().pinsReclaimed(), "the closed pool left no pins behind");
            try (PinnedPage one = pool.pin(small); PinnedPage two = pool.pin(large))
            {
                assertPage(one, small, ONE_SLOT);
                assertPage(two, large, 3 * SLOT);
            }
        }
    }

    @Test
    void anotherGeometryIsRefusedNamingTheFileAndWhatDiffers(@TempDir final Path dir)
    {
        try (PagePool ignore = PagePool.open(config(dir, 4)))
        {
            final PoolFileException capacity = assertThrows(PoolFileException.class,
                () -> PagePool.open(config(dir, 8)));
            final String message = capacity.getMessage();
            assertTrue(message.contains(config(dir, 4).file().toString()), message);
            assertTrue(message.contains("capacityBytes=" + 4 * SLOT + " where this JVM asks for " + 8 * SLOT),
                message);
            assertTrue(message.contains(PoolConfig.Configuration.CAPACITY_PROP_NAME), message);
            assertEquals(config(dir, 4).file(), capacity.file());
            assertEquals(FabricException.Category.CONFIGURATION, capacity.category());

            final PoolFileException slot = assertThrows(PoolFileException.class,
                () -> PagePool.open(config(dir, 4).slotBytes(2 * SLOT).capacityBytes(4 * SLOT)));
            assertTrue(slot.getMessage().contains("slotBytes=" + SLOT + " where this JVM asks for " + 2 * SLOT),
                slot.getMessage());
        }
    }

    @Test
    void aFileThatIsNotAPoolIsRefused(@TempDir final Path dir) throws IOException
    {
        final PoolConfig config = config(dir, 4);
        Files.createDirectories(config.directory());
        Files.write(config.file(), "#!/bin/sh\necho not a pool, but long enough for a header................\n"
            .repeat(4).getBytes());
        final PoolFileException bad = assertThrows(PoolFileException.class, () -> PagePool.open(config));
        assertTrue(bad.getMessage().contains(config.file().toString()), bad.getMessage());
        assertTrue(bad.getMessage().contains("magic"), bad.getMessage());
        assertTrue(bad.getMessage().contains("delete the file"), bad.getMessage());
        assertEquals(FabricException.Category.CONFIGURATION, bad.category());
    }

    @Test
    void pagesOfSeveralSlotsTakeContiguousRuns(@TempDir final Path dir)
    {
        final int[] lengths = {2 * SLOT + SLOT / 2, SLOT, 3 * SLOT};
        try (PagePool pool = PagePool.open(config(dir, 8)))
        {
            for (int i = 0; i < lengths.length; i++)
            {
                put(pool, key("multi " + i), lengths[i]).close();
            }
            assertEquals(7, pool.stats().slotsUsed());
            assertEquals(3, pool.stats().pages());
            assertEquals(lengths[0] + lengths[1] + lengths[2], pool.stats().bytesUsed());
            for (int i = 0; i < lengths.length; i++)
            {
                try (PinnedPage page = pool.pin(key("multi " + i)))
                {
                    assertPage(page, key("multi " + i), lengths[i]);
                }
            }

            try (PinnedPage two = put(pool, key("needs two"), 2 * SLOT))
            {
                assertPage(two, key("needs two"), 2 * SLOT);
                assertEquals(1, pool.stats().evictions(), "one slot was free, not two: the oldest page made room");
                assertFalse(pool.contains(key("multi 0")));
            }
            try (PinnedPage whole = put(pool, key("whole pool"), 8 * SLOT))
            {
                assertPage(whole, key("whole pool"), 8 * SLOT);
                assertEquals(1, pool.stats().pages());
            }
        }
    }

    @Test
    void noPageStraddlesTwoMappedRegions(@TempDir final Path dir)
    {
        // Regions of three slots: 0-2, 3-5, 6-7.
        try (PagePool pool = PagePool.open(config(dir, 8), 3L * SLOT))
        {
            final List<PinnedPage> pages = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                pages.add(put(pool, key("two slots " + i), 2 * SLOT));
            }
            assertEquals(6, pool.stats().slotsUsed(), "slots 2 and 5 stay free: a run never crosses a region end");
            for (final PinnedPage page : pages)
            {
                assertPage(page, page.key(), 2 * SLOT);
                assertTrue(pool.isInsideMapping(page.buffer()), "inside one region's mapping: " + page);
            }
            assertThrows(PoolFullException.class, () -> put(pool, key("no run of two"), 2 * SLOT));
            try (PinnedPage single = put(pool, key("one slot"), SLOT))
            {
                assertPage(single, key("one slot"), SLOT);
            }
            final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> pool.allocate(key("four slots"), 4 * SLOT));
            assertTrue(tooBig.getMessage().contains("region"), tooBig.getMessage());
            pages.forEach(PinnedPage::close);
        }
    }

    @Test
    void aPageLargerThanThePoolIsRefused(@TempDir final Path dir)
    {
        try (PagePool pool = PagePool.open(config(dir, 4)))
        {
            final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> pool.allocate(key("big"), 4 * SLOT + 1));
            assertTrue(tooBig.getMessage().contains("larger than pool file " + pool.file()), tooBig.getMessage());
            assertTrue(tooBig.getMessage().contains(PoolConfig.Configuration.CAPACITY_PROP_NAME), tooBig.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.allocate(key("empty"), 0));
        }
    }

    @Test
    void aWriterPublishesInPlaceOrFreesItsSlots(@TempDir final Path dir)
    {
        final PageKey good = key("good");
        final PageKey damaged = key("damaged");
        final int length = 2 * SLOT + 5;
        final UnsafeBuffer bytes = content(good, length);
        try (PagePool pool = PagePool.open(config(dir, 8)))
        {
            try (PageWriter writer = pool.allocate(good, length))
            {
                assertEquals(length, writer.buffer().capacity());
                assertTrue(pool.isInsideMapping(writer.buffer()), "the landing zone is pool memory");
                writer.buffer().putBytes(0, bytes, 0, length);
                assertFalse(pool.contains(good), "invisible until published");
                try (PinnedPage page = writer.publish(crc32c(bytes, length)))
                {
                    assertPage(page, good, length);
                    assertEquals(writer.buffer().addressOffset(), page.buffer().addressOffset(), "published in place");
                }
            }

            try (PageWriter writer = pool.allocate(damaged, length))
            {
                writer.buffer().putBytes(0, content(damaged, length), 0, length);
                writer.buffer().putByte(17, (byte)~writer.buffer().getByte(17));
                final int expected = crc32c(content(damaged, length), length);
                final PageChecksumException bad =
                    assertThrows(PageChecksumException.class, () -> writer.publish(expected));
                assertEquals(expected, bad.expected());
                assertEquals(FabricException.Category.CORRUPT, bad.category());
                assertNotEquals(expected, bad.actual());
                assertTrue(bad.getMessage().contains(damaged.toString()), bad.getMessage());
            }
            assertFalse(pool.contains(damaged));
            assertEquals(3, pool.stats().slotsUsed(), "the damaged page's slots were freed");

            try (PageWriter abandoned = pool.allocate(key("abandoned"), SLOT))
            {
                abandoned.buffer().setMemory(0, SLOT, (byte)1);
            }
            assertFalse(pool.contains(key("abandoned")));
            assertEquals(3, pool.stats().slotsUsed(), "closing an unpublished writer frees its slots");
        }
    }

    @Test
    void racingWritersOfOneKeyEndWithOnePage(@TempDir final Path dir)
    {
        final PageKey key = key("raced");
        final UnsafeBuffer bytes = content(key, ONE_SLOT);
        try (PagePool pool = PagePool.open(config(dir, 8));
            PageWriter first = pool.allocate(key, ONE_SLOT);
            PageWriter second = pool.allocate(key, ONE_SLOT))
        {
            first.buffer().putBytes(0, bytes, 0, ONE_SLOT);
            second.buffer().putBytes(0, bytes, 0, ONE_SLOT);
            try (PinnedPage one = second.publish(); PinnedPage two = first.publish())
            {
                assertEquals(one.buffer().addressOffset(), two.buffer().addressOffset());
                assertPage(two, key, ONE_SLOT);
                assertEquals(1, pool.stats().pages());
                assertEquals(1, pool.stats().slotsUsed(), "the loser's slots were freed");
            }
        }
    }

    @Test
    void twoPoolsOnOneFileReadEachOthersPagesByReference(@TempDir final Path dir)
    {
        final PageKey key = key("shared");
        try (PagePool writer = PagePool.open(config(dir, 8));
            PagePool reader = PagePool.open(config(dir, 8));
            PinnedPage put = put(writer, key, 2 * SLOT);
            PinnedPage read = reader.pin(key))
        {
            assertNotNull(read);
            assertPage(read, key, 2 * SLOT);
            assertTrue(reader.isInsideMapping(read.buffer()));
            assertEquals(2, reader.stats().liveHolders());
        }
    }

    @Test
    void aHolderPausedPastItsLeaseLosesItsPinsAndRecovers(@TempDir final Path dir) throws InterruptedException
    {
        final PageKey newcomer = key("newcomer");
        try (PagePool paused = PagePool.open(config(dir, 2).leaseMs(300));
            PagePool other = PagePool.open(config(dir, 2)))
        {
            final PinnedPage first = put(paused, key("first"), ONE_SLOT);
            final PinnedPage second = put(paused, key("second"), ONE_SLOT);
            assertThrows(PoolFullException.class, () -> put(other, newcomer, ONE_SLOT));

            paused.stopLeaseRenewalForTest();
            final PinnedPage admitted = Pages.putWithin(other, newcomer, ONE_SLOT, 10_000);
            assertPage(admitted, newcomer, ONE_SLOT);
            admitted.close();
            assertTrue(other.stats().holdersReclaimed() >= 1);
            assertTrue(other.stats().pinsReclaimed() >= 2);
            assertFalse(first.isValid(), "the paused JVM's pins are void");
            assertFalse(second.isValid());

            try (PinnedPage again = paused.pin(newcomer))
            {
                assertNotNull(again, "the paused pool takes a new holder and works on");
                assertEquals(-1, Pages.firstDifference(again));
            }
            assertEquals(1, paused.stats().leasesLost());
            first.close();
            second.close();
        }
    }

    @Test
    void severalThreadsPutAndPinWithoutCorruption(@TempDir final Path dir) throws InterruptedException
    {
        final int threads = 8;
        final int keys = 200;
        final int iterations = 1_000;
        final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        // 128 slots and at most 8 pages of at most 5 slots held at once: a free run of 5 always exists. Two pools on
        // one file, half the threads each, so pins and evictions race across holders as across JVMs.
        try (PagePool one = PagePool.open(config(dir, 128)); PagePool two = PagePool.open(config(dir, 128)))
        {
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final PagePool pool = t % 2 == 0 ? one : two;
                final Thread worker = new Thread(() ->
                {
                    try
                    {
                        start.await();
                        final ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = 0; i < iterations; i++)
                        {
                            final PageKey key = key("concurrent " + random.nextInt(keys));
                            final int length = 1 + (int)((key.hash64() >>> 1) % (5 * SLOT));
                            PinnedPage page = pool.pin(key);
                            if (null == page)
                            {
                                page = put(pool, key, length);
                            }
                            try (PinnedPage held = page)
                            {
                                assertEquals(length, held.length());
                                assertEquals(-1, Pages.firstDifference(held), "bytes of " + key);
                                assertEquals(held.checksum(), crc32c(held.buffer(), length));
                                assertTrue(held.isValid());
                            }
                        }
                    }
                    catch (final Throwable ex)
                    {
                        errors.add(ex);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            start.countDown();
            for (final Thread worker : workers)
            {
                worker.join(TimeUnit.SECONDS.toMillis(50));
                assertFalse(worker.isAlive(), "a worker is stuck");
            }
            assertTrue(errors.isEmpty(), () -> "errors: " + errors);
            final PoolStats stats = one.stats();
            assertTrue(stats.pages() > 0 && stats.slotsUsed() <= 128, stats.toString());
            assertTrue(stats.evictions() > 0, "the working set is larger than the pool: " + stats);
            assertEquals(stats.pages(), two.stats().pages(), "one pool, two views of it");
            assertEquals(0, stats.holdersReclaimed() + stats.locksStolen(), stats.toString());
        }
    }

    @Test
    void aLockLeftByADeadHolderIsTakenAndWhatItHalfChangedIsRepaired(@TempDir final Path dir) throws IOException
    {
        final PoolConfig config = config(dir, 8);
        try (PagePool dying = PagePool.open(config(dir, 8).leaseMs(200)); PagePool survivor = PagePool.open(config))
        {
            for (int i = 0; i < 4; i++)
            {
                put(dying, key("kept " + i), ONE_SLOT).close();
            }
            dying.stopLeaseRenewalForTest();

            // Die holding the lock, half way through an eviction that had also emptied the index and the totals.
            final PoolLayout layout = PoolLayout.of(SLOT, 8L * SLOT);
            try (FileChannel channel = FileChannel.open(config.file(), StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                final UnsafeBuffer meta = new UnsafeBuffer(
                    channel.map(FileChannel.MapMode.READ_WRITE, 0, layout.metaBytes()));
                final HolderTable holders = new HolderTable(meta);
                assertEquals(HolderTable.word(1, HolderTable.LIVE), holders.owner(0), "the first pool is holder 0");
                final int descriptor = layout.descriptor(1);
                final long ready = meta.getLong(descriptor + PoolLayout.D_STATE_GEN);
                meta.putLongVolatile(descriptor + PoolLayout.D_STATE_GEN,
                    PoolLayout.stateGen(PoolLayout.generation(ready), PoolLayout.EVICTING));
                for (int position = 0; position < layout.indexCapacity; position++)
                {
                    meta.putLong(layout.indexEntry(position), 0);
                }
                meta.putLong(PoolLayout.PAGES_OFFSET, 0);
                meta.putLongVolatile(PoolLayout.LOCK_OFFSET, HolderTable.Holder.token(0, 1));
            }

            try (PinnedPage admitted = put(survivor, key("after"), ONE_SLOT))
            {
                assertPage(admitted, key("after"), ONE_SLOT);
            }
            final PoolStats stats = survivor.stats();
            assertEquals(1, stats.locksStolen(), stats.toString());
            assertEquals(1, stats.holdersReclaimed(), stats.toString());
            assertEquals(5, stats.pages(), "the totals were recounted: " + stats);
            for (int i = 0; i < 4; i++)
            {
                try (PinnedPage kept = survivor.pin(key("kept " + i)))
                {
                    assertNotNull(kept, "the index was rebuilt: kept " + i);
                    assertPage(kept, key("kept " + i), ONE_SLOT);
                }
            }
            try (PinnedPage back = dying.pin(key("kept 1")))
            {
                assertNotNull(back, "the stalled pool takes a new holder and works on");
            }
            assertEquals(1, dying.stats().leasesLost());
        }
    }

    @Test
    void aClosedPoolRefusesWorkAndItsPagesAreNoLongerValid(@TempDir final Path dir)
    {
        final PagePool pool = PagePool.open(config(dir, 4));
        final PinnedPage page = put(pool, key("kept"), ONE_SLOT);
        pool.close();
        pool.close();
        assertFalse(page.isValid());
        page.close();
        assertThrows(IllegalStateException.class, () -> pool.pin(key("kept")));
        try (PagePool reopened = PagePool.open(config(dir, 4)))
        {
            assertEquals(1, reopened.stats().liveHolders(), "the closed pool handed its holder slot back");
            assertTrue(reopened.contains(key("kept")));
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
