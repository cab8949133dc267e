/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * Two fields written together under the object's monitor: a reader holding the monitor sees both or neither.
 */
@Shared
public class Pair
{
    private int a;
    private int b;

    public synchronized void writeBoth(final int value)
    {
        a = value;
        b = value;
    }

    /**
     * @return {@code a} in the high 32 bits, {@code b} in the low ones.
     */
    public synchronized long readBoth()
    {
        return ((long)a << 32) | (b & 0xFFFF_FFFFL);
    }
}
