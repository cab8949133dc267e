/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The one measurement loop every {@link PageReadProbe} goes through, at one page size: set up, check every page,
 * warm up, then timed reads one at a time in a random order (each timed into an HdrHistogram; their total time gives
 * the one-at-a-time throughput), then, when the probe can overlap reads, as many reads again with
 * {@link ReadSizes#window()} in flight. Prints a line for people and the figures:
 * <ul>
 *     <li>{@code <probe>_<size>_p50}, {@code _p99}: latency of one read, microseconds;</li>
 *     <li>{@code <probe>_<size>_throughput}: page bytes over the time of the timed reads, 10^9 bytes per second;</li>
 *     <li>{@code <probe>_<size>_throughput_w<window>}: the same with {@code window} reads in flight.</li>
 * </ul>
 */
final class ReadMeasurement
{
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    private final ReadSizes sizes;
    private final long seed;

    /**
     * @param sizes how much to read.
     * @param seed  seeds the read order, the same for every probe.
     */
    ReadMeasurement(final ReadSizes sizes, final long seed)
    {
        this.sizes = sizes;
        this.seed = seed;
    }

    /**
     * Measures one probe and closes it. A failure is reported as the probe's absence, not thrown: the other probes
     * still run.
     *
     * @param probe a fresh probe.
     * @param pages the pages to read.
     */
    void measure(final PageReadProbe probe, final PageSet pages)
    {
        final String prefix = probe.name() + "_" + pages.label();
        final long start = System.nanoTime();
        try (probe)
        {
            probe.setUp(pages);
            for (int i = 0; i < pages.pageCount(); i++)
            {
                probe.check(i);
            }

            final int warmup = sizes.warmupReads(pages.pageBytes());
            final int measured = sizes.measuredReads(pages.pageBytes());
            final int[] order = pages.readOrder(warmup + measured, seed);
            for (int i = 0; i < warmup; i++)
            {
                probe.read(order[i]);
            }
            final Histogram histogram = new Histogram(HIGHEST_NS, 3);
            final long timedStart = System.nanoTime();
            for (int i = warmup, n = warmup + measured; i < n; i++)
            {
                final long readStart = System.nanoTime();
                probe.read(order[i]);
                histogram.recordValue(Math.min(HIGHEST_NS, System.nanoTime() - readStart));
            }
            final long elapsedNs = System.nanoTime() - timedStart;
            final double gbps = (double)measured * pages.pageBytes() / elapsedNs;
            final double p50 = histogram.getValueAtPercentile(50.0) / 1000.0;
            final double p99 = histogram.getValueAtPercentile(99.0) / 1000.0;
            TransportProbes.figure(prefix + "_p50", p50, "us");
            TransportProbes.figure(prefix + "_p99", p99, "us");
            TransportProbes.figure(prefix + "_throughput", gbps, "GB/s");

            final PipelinedReads pipelined = probe.pipelined(sizes.window());
            String pipelinedText = "";
            if (null != pipelined)
            {
                pipelined(pipelined, order, 0, warmup);
                final long pipelinedNs = pipelined(pipelined, order, warmup, measured);
                final double pipelinedGbps = (double)measured * pages.pageBytes() / pipelinedNs;
                TransportProbes.figure(prefix + "_throughput_w" + sizes.window(), pipelinedGbps, "GB/s");
                pipelinedText = String.format(Locale.ROOT, ", %6.2f GB/s with %d in flight", pipelinedGbps,
                    sizes.window());
            }
            System.out.printf(Locale.ROOT,
                "%-24s p50 %9.1f us  p99 %9.1f us  max %9.1f us  %6.2f GB/s one at a time%s  (%d reads; %.1f s)%n",
                prefix, p50, p99, histogram.getMaxValue() / 1000.0, gbps, pipelinedText, measured,
                (System.nanoTime() - start) / 1e9);
        }
        catch (final Exception ex)
        {
            System.out.println(prefix + " FAILED after " + String.format(Locale.ROOT, "%.1f s",
                (System.nanoTime() - start) / 1e9) + ": " + TransportProbes.describe(ex));
            TransportProbes.absent(prefix, TransportProbes.describe(ex));
        }
    }

    /**
     * @return how long reads {@code from} to {@code from + count} of the order took, {@link ReadSizes#window()} in
     * flight at once.
     */
    private long pipelined(final PipelinedReads reads, final int[] order, final int from, final int count)
        throws Exception
    {
        final int window = sizes.window();
        final long start = System.nanoTime();
        int begun = 0;
        int completed = 0;
        while (completed < count)
        {
            while (begun < count && begun - completed < window)
            {
                reads.begin(order[from + begun]);
                begun++;
            }
            completed += reads.awaitCompleted();
        }
        return System.nanoTime() - start;
    }
}
