/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import org.agrona.concurrent.Agent;

/**
 * Keeps this JVM's lease on a pool alive, on a daemon thread: renews it every third of the lease, takes a new holder
 * slot if the lease was lost anyway, and reclaims the holders of other JVMs whose leases lapsed, so the pins of a
 * killed JVM go away even when nobody needs the room yet.
 */
final class LeaseKeeper implements Agent
{
    private final PagePool pool;
    private final long renewIntervalNs;
    private final String roleName;
    private long nextRenewNs;

    LeaseKeeper(final PagePool pool, final long renewIntervalNs, final String roleName)
    {
        this.pool = pool;
        this.renewIntervalNs = renewIntervalNs;
        this.roleName = roleName;
        this.nextRenewNs = System.nanoTime() + renewIntervalNs;
    }

    @Override
    public int doWork()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - nextRenewNs < 0)
        {
            return 0;
        }
        nextRenewNs = nowNs + renewIntervalNs;
        pool.leaseDuty();
        return 1;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
