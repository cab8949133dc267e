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
 * What one write costs: a {@code @Shared} field of a root on the embedded fabric, against the ways a JVM writes state
 * without MemFabric. Map puts return the previous value, so nothing is optimised away; field writes are to heap
 * objects that outlive the call, which the compiler must perform.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WriteBenchmark
{
    /**
     * @param state the unshared cell.
     */
    @Benchmark
    public void plainWrite(final LocalState state)
    {
        state.cell.value = state.input;
    }

    /**
     * @param state the unshared cell.
     */
    @Benchmark
    public void volatileWrite(final LocalState state)
    {
        state.cell.volatileValue = state.input;
    }

    /**
     * @param state the shared cell.
     */
    @Benchmark
    public void sharedWrite(final SharedState state)
    {
        state.cell.value = state.input;
    }

    /**
     * @param state the atomic.
     */
    @Benchmark
    public void atomicLongSet(final LocalState state)
    {
        state.atomic.set(state.input);
    }

    /**
     * @param state the map.
     * @return the previous value.
     */
    @Benchmark
    public Long chmPut(final ConcurrentMapState state)
    {
        return state.map.put(state.key, state.input);
    }

    /**
     * @param state the member and its map.
     * @return the previous value.
     */
    @Benchmark
    public Long hazelcastPut(final HazelcastState state)
    {
        return state.map.put(state.key, state.input);
    }
}
