/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The latencies of one kind of operation, recorded in nanoseconds into an HdrHistogram and reported in microseconds
 * as {@code <metric>_p50}, {@code _p99} and {@code _p999} (the 99.9th percentile).
 */
final class Latencies
{
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    private final String metric;
    private final Histogram histogram = new Histogram(HIGHEST_NS, 3);

    /**
     * @param metric the figures' name before the percentile, e.g. {@code lock_roundtrip}.
     */
    Latencies(final String metric)
    {
        this.metric = metric;
    }

    /**
     * @param nanos one operation's latency.
     */
    void record(final long nanos)
    {
        histogram.recordValue(Math.min(nanos, HIGHEST_NS));
    }

    /**
     * Prints the figures and a line for people.
     */
    void report()
    {
        final double p50 = micros(50.0);
        final double p99 = micros(99.0);
        final double p999 = micros(99.9);
        System.out.println(String.format(Locale.ROOT,
            "%-22s p50 %9.1f us   p99 %9.1f us   p99.9 %9.1f us   max %9.1f us   (%d samples)",
            metric, p50, p99, p999, histogram.getMaxValue() / 1000.0, histogram.getTotalCount()));
        Probe.figure(metric + "_p50", p50, "us");
        Probe.figure(metric + "_p99", p99, "us");
        Probe.figure(metric + "_p999", p999, "us");
    }

    private double micros(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
