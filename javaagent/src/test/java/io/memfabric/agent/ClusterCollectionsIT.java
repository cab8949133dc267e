/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fabric's collections as programs use them, in JVMs of their own under the real {@code fabric.jar} against
 * real member processes: java.util collections in a {@code @Shared} class, a task queue with several takers.
 */
class ClusterCollectionsIT
{
    private static final String APP = "apps.collections.CollectionsApp";

    private ClusterApps cluster;

    @AfterEach
    void stop() throws InterruptedException
    {
        if (cluster != null)
        {
            cluster.close();
            cluster = null;
        }
    }

    @Test
    void listsMapsAndSetsWrittenFromThreeJvmsEndWithExactContentsEverywhere() throws Exception
    {
        cluster = ClusterApps.start("collections-exact");
        final int entries = 25;
        final List<JvmProcess.Started> writers = new ArrayList<>();
        for (final String agent : List.of("a", "b", "c"))
        {
            writers.add(cluster.app(APP, List.of(), "append", agent, String.valueOf(entries), "3"));
        }
        final String expected = "log 75 perAgent {a=25, b=25, c=25} counts {a=25, all=75, b=25, c=25} " +
            "tools [tool-0, tool-1, tool-2, tool-3, tool-4, tool-5, tool-6] notes {a=25, b=25, c=25} " +
            "types FabricList,FabricMap,FabricList";
        for (final JvmProcess.Started writer : writers)
        {
            final JvmProcess.Result result = writer.await(300);
            assertEquals(0, result.exitCode(), result::describe);
            final Matcher seen = Pattern.compile("SEEN (.*)").matcher(result.output());
            assertTrue(seen.find(), result::describe);
            assertEquals(expected, seen.group(1), result::describe);
            System.out.println(result.output().lines().filter(l -> l.startsWith("APPENDED")).findFirst().orElse(""));
        }
    }

    @Test
    void fabricArraysWrittenFromThreeJvmsReadExactlyInAFourth() throws Exception
    {
        cluster = ClusterApps.start("collections-arrays");
        final int increments = 20;
        final List<JvmProcess.Started> writers = new ArrayList<>();
        for (int writer = 0; writer < 3; writer++)
        {
            writers.add(cluster.app(APP, List.of(), "grid-write", String.valueOf(writer), String.valueOf(increments)));
        }
        for (final JvmProcess.Started writer : writers)
        {
            final JvmProcess.Result result = writer.await(300);
            assertEquals(0, result.exitCode(), result::describe);
        }
        final JvmProcess.Result read = cluster.app(APP, List.of(), "grid-read", "3", String.valueOf(increments))
            .await(120);
        assertEquals(0, read.exitCode(), read::describe);
        assertTrue(read.output().contains("GRID cells 300 names 300 hits 60 length 300 " +
            "outOfBounds Index 300 out of bounds for length 300"), read::describe);
    }

    @Test
    void oneElementOfALargeListOrArrayIsReadWithoutFetchingItAndTheListIteratesExactly() throws Exception
    {
        cluster = ClusterApps.start("collections-big");
        final int size = 100_000;
        final JvmProcess.Result stored = cluster.app(APP, List.of(), "big-store", String.valueOf(size)).await(300);
        assertEquals(0, stored.exitCode(), stored::describe);
        final JvmProcess.Result read = cluster.app(APP, List.of(), "big-read", String.valueOf(size)).await(300);
        assertEquals(0, read.exitCode(), read::describe);
        final Matcher line = Pattern.compile("BIG element element-99993 value 299979 objectsForOne (\\d+) " +
            "walked 100000 objectsAfterWalk (\\d+)").matcher(read.output());
        assertTrue(line.find(), read::describe);
        // The list and the array are over 3,200 chunks of 32 elements each: reading the root and one element of
        // each makes copies of a bounded neighbourhood (a few graph reads), not of both structures; walking the
        // list makes a copy of every chunk of it.
        final long forOne = Long.parseLong(line.group(1));
        assertTrue(forOne < 2_000, read::describe);
        assertTrue(Long.parseLong(line.group(2)) > 3_200, read::describe);
        System.out.println(stored.output().trim() + " / " + line.group());
    }

    @Test
    void mapListAndArrayOperationsFromThreeJvmsAreLinearizable() throws Exception
    {
        cluster = ClusterApps.start("collections-linearizable");
        for (final String kind : List.of("map", "list", "array"))
        {
            checkRegisters(kind, false);
        }
    }

    @Test
    void mapOperationsStayLinearizableAcrossALeaderKill() throws Exception
    {
        cluster = ClusterApps.start("collections-linearizable-failover");
        checkRegisters("map", true);
    }

    // Three JVMs run the checker's register workload on registers held by a fabric collection; their histories
    // together must be linearizable.
    private void checkRegisters(final String kind, final boolean killLeader) throws Exception
    {
        final List<Path> histories = new ArrayList<>();
        final List<JvmProcess.Started> workers = new ArrayList<>();
        for (int process = 0; process < 3; process++)
        {
            final Path history = JvmProcess.WORK_DIR.resolve("collections-history-" + kind + "-" + process + "-" +
                System.nanoTime() + ".txt");
            histories.add(history);
            workers.add(cluster.app(APP, List.of(), "registers", kind, history.toString(), String.valueOf(process),
                "2", "40", String.valueOf(process * 31L + kind.hashCode())));
        }
        if (killLeader)
        {
            Histories.awaitLines(histories.get(0), 40, 120);
            cluster.killLeader();
        }
        for (final JvmProcess.Started worker : workers)
        {
            final JvmProcess.Result result = worker.await(300);
            assertEquals(0, result.exitCode(), result::describe);
            assertTrue(result.output().contains("registers done"), result::describe);
        }
        Histories.assertLinearizable(kind + " registers" + (killLeader ? " (leader killed)" : ""), histories);
    }

    @Test
    void aStoredCollectionIsReplacedByAFabricCollectionAndASortedOneIsRefused() throws Exception
    {
        cluster = ClusterApps.start("collections-identity");
        final JvmProcess.Result result = cluster.app(APP, List.of(), "identity").await(120);
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("IDENTITY same false fieldStable true mine [a, b] held [a, b, c] " +
            "class io.memfabric.collections.FabricList equal true"), result::describe);
        assertTrue(result.output().contains("ROOT FabricDeque hello 0"), result::describe);
        assertTrue(result.output().contains("QUEUE ROOTS FabricDeque FabricDeque p"), result::describe);
        assertTrue(result.output().contains("SORTED refused io.memfabric.FabricException"), result::describe);
        assertTrue(result.output().contains("sorted collection cannot be shared yet"), result::describe);
    }

    @Test
    void aTaskQueueSharedByAProducerAndTwoConsumerJvmsHandsOutEveryItemExactlyOnce() throws Exception
    {
        cluster = ClusterApps.start("collections-queue");
        final int items = 100;
        final JvmProcess.Started first = cluster.app(APP, List.of(), "consume", "first");
        final JvmProcess.Started second = cluster.app(APP, List.of(), "consume", "second");
        final JvmProcess.Result produced = cluster.app(APP, List.of(), "produce", String.valueOf(items), "2")
            .await(300);
        assertEquals(0, produced.exitCode(), produced::describe);
        final BitSet taken = new BitSet();
        int total = 0;
        for (final JvmProcess.Started consumer : List.of(first, second))
        {
            final JvmProcess.Result result = consumer.await(300);
            assertEquals(0, result.exitCode(), result::describe);
            final Matcher line = Pattern.compile("TOOK (\\w+) (\\d+)((?: \\d+)*)").matcher(result.output());
            assertTrue(line.find(), result::describe);
            int previous = -1;
            for (final String item : line.group(3).trim().split(" "))
            {
                if (item.isEmpty())
                {
                    continue;
                }
                final int n = Integer.parseInt(item);
                assertTrue(!taken.get(n), "item " + n + " taken twice:\n" + result.describe());
                assertTrue(n > previous, "one consumer took items out of order:\n" + result.describe());
                previous = n;
                taken.set(n);
                total++;
            }
            System.out.println(line.group(1) + " took " + line.group(2) + "; " + result.output().lines()
                .filter(l -> l.startsWith("TAKEN")).findFirst().orElse(""));
        }
        System.out.println(produced.output().lines().filter(l -> l.startsWith("PUT")).findFirst().orElse(""));
        assertEquals(items, total);
        assertEquals(items, taken.cardinality());
    }
}
