/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ConcurrentHashMap} of {@link #ENTRIES} {@code Long} entries, the in-JVM peer of a distributed map.
 */
@State(Scope.Thread)
public class ConcurrentMapState
{
    /**
     * How many entries the maps of the suite hold.
     */
    public static final int ENTRIES = 1024;

    final ConcurrentHashMap<Long, Long> map = new ConcurrentHashMap<>();

    /**
     * The key read and written; boxed once, so the benchmarks do not measure boxing.
     */
    final Long key = Long.valueOf(ENTRIES / 2);

    /**
     * The value written, boxed once.
     */
    final Long input = Long.valueOf(42);

    /**
     * Fills the map.
     */
    @Setup(Level.Trial)
    public void fill()
    {
        for (long i = 0; i < ENTRIES; i++)
        {
            map.put(i, i);
        }
    }
}
