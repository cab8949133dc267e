/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The latency of one kind of operation, reported in nanoseconds as {@code <metric>_p50} and {@code <metric>_p99}.
 * Recorded in picoseconds, so the mean of a batch of sub-nanosecond reads keeps its digits in the histogram.
 */
final class OpLatencies
{
    private static final long PICOS_PER_NANO = 1_000;
    private static final long HIGHEST_PICOS = TimeUnit.SECONDS.toNanos(60) * PICOS_PER_NANO;

    private final String metric;
    private final Histogram histogram = new Histogram(HIGHEST_PICOS, 3);

    /**
     * @param metric the figures' name before the percentile, e.g. {@code write}.
     */
    OpLatencies(final String metric)
    {
        this.metric = metric;
    }

    /**
     * @param nanos how long one operation took.
     */
    void record(final long nanos)
    {
        record(nanos, 1);
    }

    /**
     * @param nanos how long a batch of operations took.
     * @param ops   how many operations the batch did; their mean is recorded.
     */
    void record(final long nanos, final int ops)
    {
        histogram.recordValue(Math.min(nanos * PICOS_PER_NANO / ops, HIGHEST_PICOS));
    }

    /**
     * Prints a line for people and the two figures.
     */
    void report()
    {
        final double p50 = nanosAt(50.0);
        final double p99 = nanosAt(99.0);
        System.out.println(String.format(Locale.ROOT,
            "%-16s p50 %,14.3f ns   p99 %,14.3f ns   max %,14.3f ns   (%d samples)", metric, p50, p99,
            histogram.getMaxValue() / (double)PICOS_PER_NANO, histogram.getTotalCount()));
        ProbeOutput.figure(metric + "_p50", p50, "ns");
        ProbeOutput.figure(metric + "_p99", p99, "ns");
    }

    private double nanosAt(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / (double)PICOS_PER_NANO;
    }
}
