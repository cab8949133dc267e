/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import io.memfabric.consensus.cluster.TestClusterExtension;
import io.memfabric.transport.pool.PoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two stores with pools of their own (two hosts, as far as pages go) on one cluster: pages one puts, the other finds
 * through the fabric-wide index and fetches once, checked, into its own pool.
 */
@Timeout(120)
class KvNetworkTest
{
    private static final int BYTES_PER_TOKEN = 512;
    private static final int BLOCK = 16;

    @RegisterExtension
    final TestClusterExtension cluster = new TestClusterExtension(3);
    @TempDir
    Path dir;
    private final List<KvCache> open = new ArrayList<>();

    @AfterEach
    void closeAll()
    {
        for (int i = open.size() - 1; i >= 0; i--)
        {
            open.get(i).close();
        }
    }

    private KvCache host(final String name) throws InterruptedException
    {
        cluster.awaitLeader(10_000);
        final KvCache cache = KvCache.open(new KvConfig().model("net-test").kvBytesPerToken(BYTES_PER_TOKEN)
            .blockTokens(BLOCK).blocksPerPage(2)
            .pool(new PoolConfig().directory(dir.resolve(name)).name("kv").capacityBytes(256 * 4096).slotBytes(4096))
            .cluster(cluster.endpoints().clientSetting()).address("127.0.0.1").sessionMs(2_000));
        open.add(cache);
        return cache;
    }

    private static byte kvByte(final int[] tokens, final int position, final int index)
    {
        int h = 3;
        for (int i = 0; i <= position; i++)
        {
            h = h * 131 + tokens[i];
        }
        return (byte)(h ^ index * 17);
    }

    private static KvBlockSource engine(final int[] tokens)
    {
        return (fromBlock, blockCount, page) ->
        {
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
            final ByteBuffer bytes = page.bytes();
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

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aPrefixPutOnOneHostIsFetchedOnceByAnother() throws Exception
    {
        final KvCache first = host("a");
        final KvCache second = host("b");
        await(() -> first.peers().size() == 1 && second.peers().size() == 1, "each knows the other");

        final int[] prompt = IntStream.range(500, 500 + 16 * 9 + 5).toArray();
        assertEquals(5, first.put(prompt, 9, engine(prompt)), "pages of 2, 2, 2, 2 and 1 blocks");
        await(() ->
        {
            try (KvMatch probe = second.match(prompt))
            {
                return probe.blocks() == 9;
            }
        }, "the second host finds all 9 blocks");
        assertEquals(5, second.stats().pagesFetched(), "each page crossed once");

        try (KvMatch match = second.match(prompt))
        {
            assertEquals(9, match.blocks());
            assertKvOf(prompt, match);
        }
        assertEquals(5, second.stats().pagesFetched(), "read from its own pool the second time");

        final int[] longer = IntStream.range(500, 500 + 16 * 12).toArray();
        try (KvMatch match = second.match(longer))
        {
            assertEquals(9, match.blocks(), "the short last page (block 8) is a prefix of this longer prompt too");
            assertKvOf(longer, match);
        }
    }

    @Test
    void aHostThatLeavesTakesItsPagesOutOfTheIndex() throws Exception
    {
        final KvCache first = host("a");
        final KvCache second = host("b");
        await(() -> first.peers().size() == 1 && second.peers().size() == 1, "each knows the other");
        final int[] prompt = IntStream.range(0, 64).toArray();
        first.put(prompt, 4, engine(prompt));
        first.close();
        open.remove(first);
        await(() -> second.peers().isEmpty(), "the second host saw the first leave");
        try (KvMatch match = second.match(prompt))
        {
            assertEquals(0, match.blocks(), "nobody holds the pages any more: a recompute");
        }
        assertEquals(0, second.stats().fetchFailures(), "no fetch was even tried");
    }

    @Test
    void aStaleEntryCostsARecomputeNotAWrongAnswer() throws Exception
    {
        final KvCache first = host("a");
        final KvCache second = host("b");
        await(() -> first.peers().size() == 1 && second.peers().size() == 1, "each knows the other");
        final int[] prompt = IntStream.range(0, 64).toArray();
        first.put(prompt, 4, engine(prompt));
        // The first host's pool (64 pages of 2 blocks) evicts those pages for newer ones; it stays in the fabric, so
        // the second host's index still names it.
        for (int p = 1; p <= 100; p++)
        {
            final int[] other = IntStream.range(p * 1_000, p * 1_000 + 32).toArray();
            first.put(other, 2, engine(other));
        }
        try (KvMatch stale = first.match(prompt))
        {
            assertEquals(0, stale.blocks(), "the first host evicted the prompt's pages");
        }
        try (KvMatch match = second.match(prompt))
        {
            assertEquals(0, match.blocks(), "the fetch found nothing: a recompute");
        }
        assertTrue(second.stats().fetchFailures() > 0, "the fetch was tried and failed: " + second.stats());
        try (KvMatch recent = second.match(IntStream.range(100_000, 100_032).toArray()))
        {
            assertEquals(2, recent.blocks(), "pages the first host still holds are fetched");
            assertKvOf(IntStream.range(100_000, 100_032).toArray(), recent);
        }
    }

    @Test
    void aKilledHostsPagesLeaveTheIndexWithinItsSession() throws Exception
    {
        final KvCache observer = KvCache.open(new KvConfig().model("holder").kvBytesPerToken(64).blockTokens(16)
            .pool(new PoolConfig().directory(dir.resolve("observer")).name("kv").capacityBytes(64 * 4096)
                .slotBytes(4096))
            .cluster(cluster.endpoints().clientSetting()).address("127.0.0.1").sessionMs(2_000));
        open.add(observer);
        final Path output = dir.resolve("holder.out");
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), KvHolderMain.class.getName(),
            cluster.endpoints().clientSetting(), dir.resolve("holder").toString()));
        final Process holder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        try
        {
            await(() -> readable(output).contains("READY") || !holder.isAlive(), "the holder put its pages");
            assertTrue(holder.isAlive(), readable(output));
            await(() -> observer.peers().size() == 1, "the observer knows the holder");

            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            final long killed = System.nanoTime();
            await(() -> observer.peers().isEmpty(), "the killed holder left the fabric");
            final long goneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertTrue(goneMs < 2_000 + 5_000, "gone " + goneMs + " ms after the kill, session 2000 ms");
            try (KvMatch match = observer.match(IntStream.range(0, 64).toArray()))
            {
                assertEquals(0, match.blocks(), "nobody holds the pages any more");
            }
            assertEquals(0, observer.stats().fetchFailures(), "the index had dropped them: no fetch was tried");
        }
        finally
        {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            removeDriverDirectoriesOf(holder.pid());
        }
    }

    // A killed JVM cannot remove its media drivers' directories: its consensus client's (memfabric-<pid>-<id>) and its
    // data plane's (memfabric-dp-<node>-<pid>-<id>).
    private static void removeDriverDirectoriesOf(final long pid) throws java.io.IOException
    {
        final Path shm = Path.of("/dev/shm");
        final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (final Path root : List.of(shm, tmp))
        {
            if (!java.nio.file.Files.isDirectory(root))
            {
                continue;
            }
            try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(root))
            {
                for (final Path entry : (Iterable<Path>)entries::iterator)
                {
                    final String name = entry.getFileName().toString();
                    if (name.startsWith("memfabric-" + pid + "-") ||
                        (name.startsWith("memfabric-dp-") && name.contains("-" + pid + "-")))
                    {
                        try (java.util.stream.Stream<Path> tree = java.nio.file.Files.walk(entry))
                        {
                            tree.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
                        }
                    }
                }
            }
        }
    }

    private static String readable(final Path file)
    {
        try
        {
            return java.nio.file.Files.readString(file);
        }
        catch (final java.io.IOException ex)
        {
            return "";
        }
    }
}
