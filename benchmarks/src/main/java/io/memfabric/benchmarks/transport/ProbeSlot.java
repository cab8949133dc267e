/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import java.util.function.Supplier;

/**
 * A probe the suite runs, made fresh for each page size, or one it cannot run in this build and why (its figures and
 * every ratio that needs them are then reported absent with that reason).
 *
 * @param name      the probe's name in figures.
 * @param factory   makes the probe; {@code null} when absent.
 * @param whyAbsent why it cannot run; {@code null} when it can.
 */
record ProbeSlot(String name, Supplier<PageReadProbe> factory, String whyAbsent)
{
    /**
     * @param name    the probe's name.
     * @param factory makes a probe for one page size.
     * @return a probe the suite runs at every page size.
     */
    static ProbeSlot of(final String name, final Supplier<PageReadProbe> factory)
    {
        return new ProbeSlot(name, factory, null);
    }

    /**
     * @param name      the probe's name.
     * @param whyAbsent why it cannot run.
     * @return a probe reported absent.
     */
    static ProbeSlot absent(final String name, final String whyAbsent)
    {
        return new ProbeSlot(name, null, whyAbsent);
    }
}
