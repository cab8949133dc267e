/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

/**
 * How much every probe of one run measures, the same for each system: round-trip operations (one at a time, each
 * timed) and batches of field reads (each batch timed, its mean recorded as one sample).
 *
 * @param warmup         round-trip operations before recording, per kind of operation.
 * @param samples        recorded round-trip operations per kind.
 * @param readWarmup     read batches before recording.
 * @param readSamples    recorded read batches, for the shared field and for the plain one each.
 * @param readsPerSample reads in one batch: enough that the clock's own cost disappears in the mean.
 */
record SampleSizes(int warmup, int samples, int readWarmup, int readSamples, int readsPerSample)
{
    /**
     * The quick run: the whole suite in under three minutes on two cores.
     */
    static final SampleSizes QUICK = new SampleSizes(100, 500, 500, 2_000, 10_000);

    /**
     * The full run: as many round trips as the consensus suite's full run.
     */
    static final SampleSizes FULL = new SampleSizes(1_000, 5_000, 2_000, 20_000, 10_000);

    /**
     * @param args a probe's arguments.
     * @param from where the five sizes start.
     * @return the sizes.
     */
    static SampleSizes parse(final String[] args, final int from)
    {
        return new SampleSizes(Integer.parseInt(args[from]), Integer.parseInt(args[from + 1]),
            Integer.parseInt(args[from + 2]), Integer.parseInt(args[from + 3]), Integer.parseInt(args[from + 4]));
    }

    /**
     * @return the sizes as a probe's arguments, in {@link #parse} order.
     */
    String[] toArgs()
    {
        return new String[]{ Integer.toString(warmup), Integer.toString(samples), Integer.toString(readWarmup),
            Integer.toString(readSamples), Integer.toString(readsPerSample) };
    }

    /**
     * @return round-trip operations per kind, warm-up included.
     */
    int roundTrips()
    {
        return warmup + samples;
    }
}
