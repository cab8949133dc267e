/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

/**
 * A snapshot of a {@link PagePool}. Figures of the pool are shared by every JVM that maps it; the last two are this
 * JVM's own.
 *
 * @param pages             pages published and resident in memory.
 * @param bytesUsed         bytes of those pages (their lengths, not their slots).
 * @param slotsUsed         slots taken by resident pages and pages being written.
 * @param slotCount         slots in the pool.
 * @param capacityBytes     bytes of page data the pool holds.
 * @param evictions         pages taken out of memory to make room, to disk or dropped.
 * @param evictionsToDisk   of those, pages whose copy was in the disk tier.
 * @param diskTierHits      pages brought back from the disk tier by a pin.
 * @param diskTierCorrupt   disk-tier files found torn or damaged, and deleted.
 * @param diskWriteErrors   disk-tier files that could not be written (the page was dropped instead).
 * @param pinsReclaimed     pins of JVMs whose lease lapsed, released by another JVM.
 * @param holdersReclaimed  JVMs whose lease lapsed, reclaimed by another JVM.
 * @param locksStolen       times the pool lock was taken from a JVM whose lease had lapsed.
 * @param liveHolders       JVMs with the pool open now.
 * @param leasesLost        times this JVM found its own lease reclaimed (it was paused too long) and took a new one.
 * @param leaseErrors       errors in this JVM's lease renewal thread.
 */
public record PoolStats(
    long pages,
    long bytesUsed,
    long slotsUsed,
    long slotCount,
    long capacityBytes,
    long evictions,
    long evictionsToDisk,
    long diskTierHits,
    long diskTierCorrupt,
    long diskWriteErrors,
    long pinsReclaimed,
    long holdersReclaimed,
    long locksStolen,
    int liveHolders,
    long leasesLost,
    long leaseErrors)
{
}
