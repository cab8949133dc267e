/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * A counter incremented under its own monitor: a read, then a write, atomic only if the lock is fabric-wide.
 */
@Shared
public class Counter
{
    private int value;

    public synchronized void increment()
    {
        value++;
    }

    public synchronized int get()
    {
        return value;
    }
}
