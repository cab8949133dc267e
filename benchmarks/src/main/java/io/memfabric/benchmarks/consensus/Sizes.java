/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

/**
 * How much a probe measures: warm-up operations (not recorded) and recorded samples for each latency, operations for
 * each throughput and how many of them are in flight at once. The same for every system in a run.
 * <p>
 * Throughput is measured twice: with {@code window} requests in flight (the figure the target is held to) and with
 * {@code wideWindow} (metric suffix {@code _w<wideWindow>}). With members that sleep when idle, a window of 64 caps
 * an Aeron Cluster client at about 64 per round trip; the wide window shows what the cluster can take.
 *
 * @param warmup     operations before each latency is recorded.
 * @param samples    recorded operations per latency.
 * @param ops        operations per throughput (after a fifth as many to warm up).
 * @param window     operations in flight at once during the main throughput.
 * @param wideWindow operations in flight at once during the second throughput.
 */
record Sizes(int warmup, int samples, int ops, int window, int wideWindow)
{
    /**
     * The quick run: under two minutes for the whole suite on two cores.
     */
    static final Sizes QUICK = new Sizes(200, 400, 5_000, 64, 512);

    /**
     * The full run, which BENCHMARKS.md records.
     */
    static final Sizes FULL = new Sizes(1_000, 5_000, 50_000, 64, 512);

    static Sizes parse(final String[] args, final int from)
    {
        return new Sizes(Integer.parseInt(args[from]), Integer.parseInt(args[from + 1]),
            Integer.parseInt(args[from + 2]), Integer.parseInt(args[from + 3]), Integer.parseInt(args[from + 4]));
    }

    /**
     * @return how long the members' CPU is measured while the cluster rests: 5 s in a quick run, 20 s in a full one.
     */
    long idleWindowMs()
    {
        return samples >= FULL.samples ? 20_000 : 5_000;
    }

    /**
     * @return the windows to measure throughput with, the main one first.
     */
    int[] windows()
    {
        return new int[]{ window, wideWindow };
    }

    /**
     * @param metric   a throughput's name, e.g. {@code write_throughput}.
     * @param inFlight one of {@link #windows()}.
     * @return the name of its figure for that window.
     */
    String throughputMetric(final String metric, final int inFlight)
    {
        return inFlight == window ? metric : metric + "_w" + inFlight;
    }

    /**
     * @param inFlight one of {@link #windows()}.
     * @return the number of operations a throughput with that window warms up with.
     */
    int throughputWarmup(final int inFlight)
    {
        return Math.max(inFlight, ops / 5);
    }

    String[] toArgs()
    {
        return new String[]{ Integer.toString(warmup), Integer.toString(samples), Integer.toString(ops),
            Integer.toString(window), Integer.toString(wideWindow) };
    }
}
