/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.Fabric;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The MemFabric side of the {@code collections} suite, in a JVM started with the agent against the suite's cluster:
 * a fabric map's {@code put} and {@code get} (a {@code Map} root, one key, as the Hazelcast probe uses its
 * {@code IMap}), and the hand-off of an element through a fabric {@code BlockingQueue} between two such JVMs.
 * <p>
 * Arguments: {@code tx warmup samples} (a transaction that reads three cells and writes all three),
 * {@code map warmup samples [suffix]} (the suffix goes on the root's name and the figures' names), or {@code queue side warmup samples} (side 0 measures: it puts an element
 * on the first queue and takes the answer from the second, which side 1 puts back; a hand-off is half of that round
 * trip).
 */
public final class CollectionsProbe
{
    private CollectionsProbe()
    {
    }

    /**
     * @param args what to measure and how many operations.
     * @throws InterruptedException if interrupted while taking from a queue.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if ("map".equals(args[0]))
        {
            map(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "");
        }
        else if ("tx".equals(args[0]))
        {
            transactions(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        }
        else
        {
            queue(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
        System.out.flush();
        System.exit(0);
    }

    @SuppressWarnings("unchecked")
    private static void map(final int warmup, final int samples, final String suffix)
    {
        final Map<Long, Long> map = Fabric.current().root("fabric://bench/collections-map" + suffix, Map.class,
            HashMap::new);
        final Long key = 1L;
        final Long[] values = new Long[8];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = 100L + i;
        }
        map.put(key, values[0]);
        final OpLatencies gets = new OpLatencies("map_get" + suffix);
        final OpLatencies puts = new OpLatencies("map_put" + suffix);
        long sum = 0;
        for (int i = 0; i < warmup + samples; i++)
        {
            final long start = System.nanoTime();
            sum += map.get(key);
            final long elapsed = System.nanoTime() - start;
            if (i >= warmup)
            {
                gets.record(elapsed);
            }
        }
        for (int i = 0; i < warmup + samples; i++)
        {
            final long start = System.nanoTime();
            map.put(key, values[i & 7]);
            final long elapsed = System.nanoTime() - start;
            if (i >= warmup)
            {
                puts.record(elapsed);
            }
        }
        if (sum != values[0] * (warmup + samples) || !values[(warmup + samples - 1) & 7].equals(map.get(key)))
        {
            throw new IllegalStateException("the fabric map did not read back what was put");
        }
        System.out.println("map is a " + map.getClass().getName());
        gets.report();
        puts.report();
    }

    // What the Hazelcast probe's transaction does: read three cells, write all three, commit.
    private static void transactions(final int warmup, final int samples)
    {
        final Fabric fabric = Fabric.current();
        final BenchCell from = fabric.root("fabric://bench/tx-from", BenchCell.class, () ->
        {
            final BenchCell cell = new BenchCell();
            cell.value = 1_000_000;
            return cell;
        });
        final BenchCell to = fabric.root("fabric://bench/tx-to", BenchCell.class, BenchCell::new);
        final BenchCell moves = fabric.root("fabric://bench/tx-moves", BenchCell.class, BenchCell::new);
        final OpLatencies latencies = new OpLatencies("tx");
        for (int i = 0; i < warmup + samples; i++)
        {
            final long start = System.nanoTime();
            Fabric.atomically(() ->
            {
                final long a = from.value;
                final long b = to.value;
                final long c = moves.value;
                from.value = a - 1;
                to.value = b + 1;
                moves.value = c + 1;
            });
            final long elapsed = System.nanoTime() - start;
            if (i >= warmup)
            {
                latencies.record(elapsed);
            }
        }
        final long[] check = Fabric.atomically(() -> new long[]{ from.value + to.value, moves.value });
        if (check[0] != 1_000_000 || check[1] != warmup + samples)
        {
            throw new IllegalStateException("the transactions did not keep the total: " + check[0] + ", moves " +
                check[1]);
        }
        latencies.report();
    }

    @SuppressWarnings("unchecked")
    private static void queue(final int side, final int warmup, final int samples) throws InterruptedException
    {
        final Fabric fabric = Fabric.current();
        final BlockingQueue<Long> there = fabric.root("fabric://bench/collections-queue-there", BlockingQueue.class,
            LinkedBlockingQueue::new);
        final BlockingQueue<Long> back = fabric.root("fabric://bench/collections-queue-back", BlockingQueue.class,
            LinkedBlockingQueue::new);
        final OpLatencies handoffs = new OpLatencies("queue_handoff");
        for (long i = 0; i < warmup + samples; i++)
        {
            if (side == 1)
            {
                back.put(there.take());
                continue;
            }
            final long start = System.nanoTime();
            there.put(i);
            final long answer = back.take();
            final long elapsed = System.nanoTime() - start;
            if (answer != i)
            {
                throw new IllegalStateException("element " + i + " came back as " + answer);
            }
            if (i >= warmup)
            {
                handoffs.record(elapsed, 2);
            }
        }
        if (side == 0)
        {
            handoffs.report();
        }
    }
}
