/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The peers that live in one JVM without any sharing: a plain and a volatile field, and an {@link AtomicLong}.
 */
@State(Scope.Thread)
public class LocalState
{
    final PlainCell cell = new PlainCell();
    final AtomicLong atomic = new AtomicLong(42);

    /**
     * What the write benchmarks write; a field, so the compiler cannot treat it as a constant.
     */
    long input = 42;

    {
        cell.value = 42;
        cell.volatileValue = 42;
    }
}
