/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

/**
 * How much the {@code transport} suite reads per probe and page size, in bytes so that both page sizes get the
 * same amount of work: warm-up reads (not recorded), timed reads one at a time (the latencies and the throughput),
 * and as many again with {@code window} reads in flight for probes that can overlap reads. The same for every probe.
 *
 * @param warmupBytes     bytes read before the timed reads, one at a time and again before the pipelined ones.
 * @param measuredBytes   bytes read by the timed reads.
 * @param workingSetBytes bytes of distinct pages per page size: twice the 32 MiB last-level cache of this machine.
 * @param minReads        timed reads at least, whatever the page size.
 * @param window          reads in flight at once during the pipelined throughput.
 */
record ReadSizes(long warmupBytes, long measuredBytes, long workingSetBytes, int minReads, int window)
{
    private static final long MIB = 1024 * 1024;

    /**
     * The quick run: under two minutes for the whole suite on two cores.
     */
    static final ReadSizes QUICK = new ReadSizes(512 * MIB, 2048 * MIB, 64 * MIB, 200, 4);

    /**
     * The full run, which BENCHMARKS.md records.
     */
    static final ReadSizes FULL = new ReadSizes(2048 * MIB, 16384 * MIB, 64 * MIB, 1000, 4);

    /**
     * @param pageBytes bytes per page.
     * @return warm-up reads of pages of that size.
     */
    int warmupReads(final int pageBytes)
    {
        return (int)Math.max(minReads / 4, warmupBytes / pageBytes);
    }

    /**
     * @param pageBytes bytes per page.
     * @return timed reads of pages of that size.
     */
    int measuredReads(final int pageBytes)
    {
        return (int)Math.max(minReads, measuredBytes / pageBytes);
    }

    static ReadSizes parse(final String name)
    {
        switch (name)
        {
            case "quick":
                return QUICK;
            case "full":
                return FULL;
            default:
                throw new IllegalArgumentException("sizes are quick or full, not " + name);
        }
    }
}
