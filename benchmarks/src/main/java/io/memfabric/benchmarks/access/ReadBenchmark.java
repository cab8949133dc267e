/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import java.util.concurrent.TimeUnit;

/**
 * What one read costs: a {@code @Shared} field of a root on the embedded fabric, against the ways a JVM reads state
 * without MemFabric. Each benchmark returns what it read, so nothing is optimised away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReadBenchmark
{
    /**
     * @param state the unshared cell.
     * @return the value read.
     */
    @Benchmark
    public long plainRead(final LocalState state)
    {
        return state.cell.value;
    }

    /**
     * @param state the unshared cell.
     * @return the value read.
     */
    @Benchmark
    public long volatileRead(final LocalState state)
    {
        return state.cell.volatileValue;
    }

    /**
     * @param state the shared cell.
     * @return the value read, through the agent's read accessor.
     */
    @Benchmark
    public long sharedRead(final SharedState state)
    {
        return state.cell.value;
    }

    /**
     * @param state the atomic.
     * @return the value read.
     */
    @Benchmark
    public long atomicLongGet(final LocalState state)
    {
        return state.atomic.get();
    }

    /**
     * @param state the map.
     * @return the value read.
     */
    @Benchmark
    public Long chmGet(final ConcurrentMapState state)
    {
        return state.map.get(state.key);
    }

    /**
     * @param state the member and its map.
     * @return the value read, from the near cache.
     */
    @Benchmark
    public Long hazelcastNearCacheGet(final HazelcastState state)
    {
        return state.map.get(state.key);
    }
}
