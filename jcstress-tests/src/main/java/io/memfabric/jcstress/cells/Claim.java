/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * Compare-and-set as Java code writes it on a shared object: a check and a write under the monitor.
 */
@Shared
public class Claim
{
    private int owner;

    /**
     * @param me a non-zero id.
     * @return whether this call took the claim (it was unowned).
     */
    public synchronized boolean claim(final int me)
    {
        if (owner == 0)
        {
            owner = me;
            return true;
        }
        return false;
    }

    public synchronized int owner()
    {
        return owner;
    }
}
