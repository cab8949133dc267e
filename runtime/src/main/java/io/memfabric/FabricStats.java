/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A snapshot of a fabric's counters, for monitoring and for tests that check the fabric saw what the program did.
 *
 * @param sharedObjects   objects that became shared on this fabric (roots and what was published through them).
 * @param roots           roots bound on this fabric, including static {@code @Shared} fields.
 * @param monitorEnters   {@code synchronized} entries on shared objects.
 * @param waits           {@code wait} calls on shared objects.
 * @param notifies        {@code notify} and {@code notifyAll} calls on shared objects.
 * @param clusterRequests requests this node sent to the consensus cluster (0 for an embedded fabric): what reads,
 *                        writes and locks cost in round trips.
 */
public record FabricStats(
    long sharedObjects, long roots, long monitorEnters, long waits, long notifies, long clusterRequests)
{
    /**
     * Counters of a fabric that sent nothing to a cluster.
     *
     * @param sharedObjects objects that became shared.
     * @param roots         roots bound.
     * @param monitorEnters {@code synchronized} entries on shared objects.
     * @param waits         {@code wait} calls on shared objects.
     * @param notifies      {@code notify} and {@code notifyAll} calls on shared objects.
     */
    public FabricStats(
        final long sharedObjects, final long roots, final long monitorEnters, final long waits, final long notifies)
    {
        this(sharedObjects, roots, monitorEnters, waits, notifies, 0);
    }
}
