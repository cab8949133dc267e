/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.Fabric;
import io.memfabric.runtime.RewriteContract;

import java.lang.reflect.Method;

/**
 * The main class of the MemFabric probe JVM, started with {@code -javaagent:fabric.jar} and
 * {@code -Dmemfabric.cluster=...}: STRONG access to a field of a {@link BenchCell} root through the public API, as an
 * application writes it. Two runs per suite:
 * <ul>
 *     <li>{@code lease}: reads under a read lease (batches, against the same loop over a {@link LocalCell}), writes,
 *     an empty {@code synchronized} block and a {@code synchronized} increment; ends by writing the marker.</li>
 *     <li>{@code nolease}, in a JVM with {@code -Dmemfabric.lease.ms=0}: first checks that the marker the other JVM
 *     wrote is read back (the fabric really spans JVMs), then times reads, each of which asks the cluster.</li>
 *     <li>{@code pingpong 0|1}, two JVMs at once: each takes the cell's lock over and over and, when the turn
 *     counter's parity is its own, advances it; so the lock (and the counter) goes from one JVM to the other at
 *     every turn. The JVM of parity 0 reports {@code pingpong}: half the time between two of its turns, one hand-over
 *     of the lock with a read and a write under it.</li>
 * </ul>
 * A figure that cannot be measured is printed as {@code ABSENT <metric> <why>}, never as a number; if there is no
 * fabric at all the JVM exits with {@link #NO_FABRIC}.
 * <p>
 * Arguments: {@code lease|nolease|pingpong <marker or parity> <sizes>}, {@code <marker>} a number or {@code -} for no
 * check.
 */
public final class FabricProbe
{
    /**
     * The root the probe's cell is held by.
     */
    static final String ROOT_URI = "fabric://bench/strong";

    /**
     * The root the ping-pong's cell is held by.
     */
    static final String PINGPONG_URI = "fabric://bench/pingpong";

    /**
     * Entries of the monitor per timed batch of {@code greedy_reentry}.
     */
    private static final int REENTRIES_PER_SAMPLE = 1_000;

    /**
     * Exit status when the JVM has no usable fabric.
     */
    static final int NO_FABRIC = 3;

    /**
     * Read in every iteration of both read loops, and never written: a volatile read the JIT cannot move, so it
     * cannot hoist the plain field read out of the loop either. Both loops pay for it alike.
     */
    private static volatile long fence;

    /**
     * Where the loops' sums go, so they are not dead code.
     */
    private static long sink;

    private FabricProbe()
    {
    }

    /**
     * @param args the arguments above.
     */
    public static void main(final String[] args)
    {
        final boolean leased = "lease".equals(args[0]);
        final String marker = args[1];
        final SampleSizes sizes = SampleSizes.parse(args, 2);
        if ("pingpong".equals(args[0]))
        {
            measure("pingpong", () -> pingPong(Integer.parseInt(marker), sizes));
            System.out.flush();
            System.exit(0);
        }

        final BenchCell cell;
        try
        {
            final Fabric fabric = Fabric.current();
            cell = fabric.root(ROOT_URI, BenchCell.class, BenchCell::new);
            if (!fabric.isShared(cell))
            {
                throw new IllegalStateException("the root " + ROOT_URI + " is not shared");
            }
            if (!rewritten(BenchCell.class, RewriteContract.READ_PREFIX + "value") ||
                !rewritten(BenchCell.class, RewriteContract.WRITE_PREFIX + "value"))
            {
                throw new IllegalStateException("the agent generated no accessors for " + BenchCell.class.getName() +
                    ".value: its reads and writes would be measured as plain ones");
            }
            System.out.println("fabric " + fabric + ", root " + ROOT_URI + " shared");
        }
        catch (final RuntimeException | Error ex)
        {
            System.out.println("no fabric: " + ProbeOutput.describe(ex));
            ex.printStackTrace(System.out);
            ProbeOutput.absent(ProbeOutput.EVERY_METRIC, "no fabric in the probe JVM: " + ProbeOutput.describe(ex));
            System.out.flush();
            System.exit(NO_FABRIC);
            return;
        }

        if ("increment".equals(args[0]))
        {
            // Run with memfabric.durability=background: exits return before the flush.
            measure("sync_increment_background", () -> syncIncrements(cell, sizes, "sync_increment_background"));
        }
        else if (leased)
        {
            measure("read_lease", () -> leasedReads(cell, sizes));
            measure("write", () -> writes(cell, sizes));
            measure("sync_block", () -> syncBlocks(cell, sizes));
            measure("greedy_reentry", () -> greedyReentries(cell, sizes));
            measure("sync_increment", () -> syncIncrements(cell, sizes, "sync_increment"));
            if (!"-".equals(marker))
            {
                measure("marker", () -> cell.value = Long.parseLong(marker));
            }
        }
        else
        {
            if (!"-".equals(marker) && !markerReadBack(cell, Long.parseLong(marker)))
            {
                System.out.flush();
                System.exit(NO_FABRIC);
            }
            measure("read_nolease", () -> unleasedReads(cell, sizes));
        }
        System.out.flush();
        // The fabric's client may leave threads behind; the probe is done.
        System.exit(0);
    }

    private static void measure(final String metric, final Runnable measurement)
    {
        try
        {
            measurement.run();
        }
        catch (final RuntimeException | Error ex)
        {
            System.out.println(metric + " failed: " + ProbeOutput.describe(ex));
            ex.printStackTrace(System.out);
            ProbeOutput.absent(metric, ProbeOutput.describe(ex));
            if ("read_lease".equals(metric))
            {
                ProbeOutput.absent("plain_read", "measured together with read_lease, which failed");
            }
        }
    }

    private static boolean markerReadBack(final BenchCell cell, final long marker)
    {
        try
        {
            final long read = cell.value;
            if (read == marker)
            {
                System.out.println("check: reads " + read + ", the marker the first probe JVM wrote (ok)");
                return true;
            }
            final String why = "the first probe JVM wrote " + marker + " to " + ROOT_URI + ", this JVM reads " +
                read + ": the fabric does not span the two JVMs";
            System.out.println("check: " + why);
            ProbeOutput.absent(ProbeOutput.EVERY_METRIC, why);
        }
        catch (final RuntimeException | Error ex)
        {
            System.out.println("check failed: " + ProbeOutput.describe(ex));
            ex.printStackTrace(System.out);
            ProbeOutput.absent(ProbeOutput.EVERY_METRIC, "reading the marker failed: " + ProbeOutput.describe(ex));
        }
        return false;
    }

    private static void leasedReads(final BenchCell cell, final SampleSizes sizes)
    {
        final LocalCell local = new LocalCell();
        cell.value = 7;
        local.value = 7;
        final OpLatencies shared = new OpLatencies("read_lease");
        final OpLatencies plain = new OpLatencies("plain_read");
        final int reads = sizes.readsPerSample();
        final int batches = sizes.readWarmup() + sizes.readSamples();
        long sharedSum = 0;
        long plainSum = 0;
        for (int i = 0; i < batches; i++)
        {
            // Interleaved, so both loops run under the same conditions (JIT state, clock, the cluster's traffic).
            final long start = System.nanoTime();
            plainSum += readPlain(local, reads);
            final long plainDone = System.nanoTime();
            sharedSum += readShared(cell, reads);
            final long sharedDone = System.nanoTime();
            if (i >= sizes.readWarmup())
            {
                plain.record(plainDone - start, reads);
                shared.record(sharedDone - plainDone, reads);
            }
        }
        sink += plainSum;
        if (sharedSum != plainSum)
        {
            throw new IllegalStateException("the shared reads summed to " + sharedSum + ", the plain ones to " +
                plainSum + ": the shared field did not always read the 7 written");
        }
        plain.report();
        shared.report();
    }

    private static long readPlain(final LocalCell cell, final int reads)
    {
        long sum = 0;
        for (int i = 0; i < reads; i++)
        {
            sum += cell.value + fence;
        }
        return sum;
    }

    private static long readShared(final BenchCell cell, final int reads)
    {
        long sum = 0;
        for (int i = 0; i < reads; i++)
        {
            sum += cell.value + fence;
        }
        return sum;
    }

    private static void unleasedReads(final BenchCell cell, final SampleSizes sizes)
    {
        final OpLatencies latencies = new OpLatencies("read_nolease");
        long sum = 0;
        for (int i = 0, n = sizes.roundTrips(); i < n; i++)
        {
            final long start = System.nanoTime();
            sum += cell.value;
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                latencies.record(elapsed);
            }
        }
        sink += sum;
        latencies.report();
    }

    private static void writes(final BenchCell cell, final SampleSizes sizes)
    {
        final OpLatencies latencies = new OpLatencies("write");
        final int n = sizes.roundTrips();
        for (int i = 0; i < n; i++)
        {
            final long start = System.nanoTime();
            cell.value = i;
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                latencies.record(elapsed);
            }
        }
        if (cell.value != n - 1)
        {
            throw new IllegalStateException("wrote " + (n - 1) + " last, read back " + cell.value);
        }
        latencies.report();
    }

    private static void syncBlocks(final BenchCell cell, final SampleSizes sizes)
    {
        final OpLatencies latencies = new OpLatencies("sync_block");
        for (int i = 0, n = sizes.roundTrips(); i < n; i++)
        {
            final long start = System.nanoTime();
            synchronized (cell)
            {
                // Nothing: the block costs the fabric-wide lock and unlock alone.
            }
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                latencies.record(elapsed);
            }
        }
        latencies.report();
    }

    // Batches of entries of a monitor this JVM already holds greedily: no round trip at all.
    private static void greedyReentries(final BenchCell cell, final SampleSizes sizes)
    {
        final OpLatencies latencies = new OpLatencies("greedy_reentry");
        final int batches = sizes.warmup() + sizes.samples();
        for (int i = 0; i < batches; i++)
        {
            final long start = System.nanoTime();
            for (int j = 0; j < REENTRIES_PER_SAMPLE; j++)
            {
                synchronized (cell)
                {
                    sink++;
                }
            }
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                latencies.record(elapsed, REENTRIES_PER_SAMPLE);
            }
        }
        latencies.report();
    }

    private static void pingPong(final int parity, final SampleSizes sizes)
    {
        final BenchCell cell = Fabric.current().root(PINGPONG_URI, BenchCell.class, BenchCell::new);
        final OpLatencies latencies = new OpLatencies("pingpong");
        final int turns = sizes.roundTrips();
        int mine = 0;
        long lastTurnNs = 0;
        while (mine < turns)
        {
            synchronized (cell)
            {
                if (cell.turn % 2 == parity)
                {
                    cell.turn++;
                    mine++;
                    final long now = System.nanoTime();
                    if (mine > sizes.warmup() && lastTurnNs != 0)
                    {
                        latencies.record((now - lastTurnNs) / 2);
                    }
                    lastTurnNs = now;
                }
            }
        }
        System.out.println("pingpong: " + mine + " turns of parity " + parity + ", counter at " + cell.turn);
        if (parity == 0)
        {
            latencies.report();
        }
    }

    private static void syncIncrements(final BenchCell cell, final SampleSizes sizes, final String metric)
    {
        final OpLatencies latencies = new OpLatencies(metric);
        final long first = cell.value;
        final int n = sizes.roundTrips();
        for (int i = 0; i < n; i++)
        {
            final long start = System.nanoTime();
            synchronized (cell)
            {
                cell.value++;
            }
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                latencies.record(elapsed);
            }
        }
        if (cell.value != first + n)
        {
            throw new IllegalStateException(n + " increments took the value from " + first + " to " + cell.value);
        }
        latencies.report();
    }

    private static boolean rewritten(final Class<?> type, final String accessor)
    {
        for (final Method method : type.getDeclaredMethods())
        {
            if (method.getName().equals(accessor))
            {
                return true;
            }
        }
        return false;
    }
}
