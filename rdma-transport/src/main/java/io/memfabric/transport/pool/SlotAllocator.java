/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.agrona.concurrent.UnsafeBuffer;

import static io.memfabric.transport.pool.PoolLayout.BYTES_USED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.EVICTING;
import static io.memfabric.transport.pool.PoolLayout.EVICTIONS_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.EVICTIONS_TO_DISK_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.FLAG_ON_DISK;
import static io.memfabric.transport.pool.PoolLayout.FREE;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_COUNT;
import static io.memfabric.transport.pool.PoolLayout.PAGES_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.PINS_RECLAIMED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.READY;
import static io.memfabric.transport.pool.PoolLayout.REPAIR_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.SLOTS_USED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.WRITING;
import static io.memfabric.transport.pool.PoolLayout.generation;
import static io.memfabric.transport.pool.PoolLayout.state;
import static io.memfabric.transport.pool.PoolLayout.stateGen;

/**
 * Every change to the slots of a pool that needs the pool lock: taking a run for a new page, publishing it, evicting
 * and freeing pages, reclaiming holders whose lease lapsed, and rebuilding the derived state (occupancy, index,
 * totals) after a JVM died or stalled with the lock. Callers hold the pool lock; lock-free pinning happens in
 * {@link PagePool}.
 */
final class SlotAllocator
{
    private final UnsafeBuffer meta;
    private final PoolLayout layout;
    private final Descriptors descriptors;
    private final HolderTable holders;
    private final PageIndex index;
    private final RunPlanner planner;

    SlotAllocator(
        final UnsafeBuffer meta,
        final PoolLayout layout,
        final Descriptors descriptors,
        final HolderTable holders,
        final PageIndex index)
    {
        this.meta = meta;
        this.layout = layout;
        this.descriptors = descriptors;
        this.holders = holders;
        this.index = index;
        this.planner = new RunPlanner(layout, descriptors);
    }

    /**
     * @param run slots wanted.
     * @return the first slot of the run to use, or -1 if none can be made; see {@link #victim(int)}.
     */
    int plan(final int run)
    {
        return planner.plan(run, System.nanoTime());
    }

    /**
     * @return pages that must go before the planned run is free.
     */
    int victimCount()
    {
        return planner.victimCount();
    }

    int victim(final int i)
    {
        return planner.victim(i);
    }

    /**
     * Takes a free run for a new page being written.
     *
     * @return the descriptor's WRITING state word.
     */
    long claim(final int first, final int run, final PageKey key, final int length, final int flags, final long writer)
    {
        final long free = descriptors.stateGen(first);
        if (state(free) != FREE)
        {
            throw new IllegalStateException("pool is inconsistent: slot " + first +
                " is free in the occupancy map but its descriptor is not; delete the file once no JVM has it open");
        }
        descriptors.prepare(first, key, length, run, flags, writer, System.nanoTime());
        final long writing = stateGen(generation(free) + 1, WRITING);
        descriptors.stateGen(first, writing);
        descriptors.occupy(first, run);
        meta.getAndAddLong(SLOTS_USED_OFFSET, run);
        return writing;
    }

    /**
     * Makes a written page READY and findable; the caller has pinned it already.
     *
     * @return its READY state word.
     */
    long publish(final int slot, final long writing, final PageKey key, final int checksum)
    {
        descriptors.checksum(slot, checksum);
        descriptors.touch(slot, System.nanoTime());
        final long ready = stateGen(generation(writing), READY);
        descriptors.stateGen(slot, ready);
        index.insert(key, slot);
        meta.getAndAddLong(PAGES_OFFSET, 1);
        meta.getAndAddLong(BYTES_USED_OFFSET, descriptors.length(slot));
        return ready;
    }

    /**
     * @param slot first slot of a READY page.
     * @return whether it was evicted; false if a live holder pins it, or pinned it meanwhile.
     */
    boolean evict(final int slot)
    {
        return remove(slot, true);
    }

    /**
     * Drops a READY page its owner will not read again; as {@link #evict(int)} but not counted as an eviction.
     *
     * @param slot first slot of a READY page.
     * @return whether it was dropped; false if a live holder pins it, or pinned it meanwhile.
     */
    boolean discard(final int slot)
    {
        return remove(slot, false);
    }

    private boolean remove(final int slot, final boolean eviction)
    {
        final long ready = descriptors.stateGen(slot);
        if (state(ready) != READY || descriptors.pinnedByLiveHolder(slot))
        {
            return false;
        }
        if (!descriptors.casStateGen(slot, ready, stateGen(generation(ready), EVICTING)))
        {
            return false;
        }
        // Second look, after the state word moved: a pin that slipped in between is seen here, or sees EVICTING.
        if (descriptors.pinnedByLiveHolder(slot))
        {
            descriptors.stateGen(slot, ready);
            return false;
        }
        index.delete(descriptors.key(slot), slot);
        final boolean onDisk = (descriptors.flags(slot) & FLAG_ON_DISK) != 0;
        free(slot);
        if (!eviction)
        {
            return true;
        }
        meta.getAndAddLong(EVICTIONS_OFFSET, 1);
        if (onDisk)
        {
            meta.getAndAddLong(EVICTIONS_TO_DISK_OFFSET, 1);
        }
        return true;
    }

    /**
     * Frees a page's slots; a READY page must be out of the index first.
     */
    void free(final int slot)
    {
        final long stateGen = descriptors.stateGen(slot);
        final int state = state(stateGen);
        final int run = descriptors.run(slot);
        if (READY == state || EVICTING == state)
        {
            meta.getAndAddLong(PAGES_OFFSET, -1);
            meta.getAndAddLong(BYTES_USED_OFFSET, -descriptors.length(slot));
        }
        descriptors.clearPinMask(slot);
        descriptors.stateGen(slot, stateGen(generation(stateGen), FREE));
        descriptors.vacate(slot, run);
        meta.getAndAddLong(SLOTS_USED_OFFSET, -run);
    }

    /**
     * Frees the pages being written by holders that are no longer live, and by one given holder.
     *
     * @param token also free the pages of this holder, live or not; -1 for none.
     */
    void freeOrphanWrites(final long token)
    {
        for (int slot = 0; slot < layout.slotCount; slot++)
        {
            if (state(descriptors.stateGen(slot)) == WRITING)
            {
                final long writer = descriptors.writer(slot);
                if (writer == token || !holders.isLiveToken(writer))
                {
                    free(slot);
                }
            }
        }
    }

    /**
     * Every other holder whose lease lapsed loses its pins and its unfinished pages, and is counted.
     *
     * @param self this JVM's holder slot.
     */
    void reclaimLapsedHolders(final int self)
    {
        final long nowNs = System.nanoTime();
        for (int i = 0; i < HOLDER_COUNT; i++)
        {
            long owner = holders.owner(i);
            if (HolderTable.LIVE == HolderTable.state(owner))
            {
                owner = holders.markLapsed(i, nowNs, self);
            }
            // RECLAIMING and not marked here: a reclaimer, or a lock thief, died before finishing; finish for it.
            if (owner != 0 && HolderTable.RECLAIMING == HolderTable.state(holders.owner(i)))
            {
                meta.getAndAddLong(PINS_RECLAIMED_OFFSET, descriptors.clearPinBitEverywhere(i));
                freeOrphanWrites(-1);
                holders.finishReclaim(i, HolderTable.incarnation(holders.owner(i)));
            }
        }
    }

    /**
     * @param self this JVM's holder slot.
     * @return whether another holder's lease lapsed, or a reclaim was left unfinished: worth taking the lock for.
     */
    boolean reclaimDue(final int self)
    {
        final long nowNs = System.nanoTime();
        for (int i = 0; i < HOLDER_COUNT; i++)
        {
            final int state = HolderTable.state(holders.owner(i));
            if (i != self && ((HolderTable.LIVE == state && nowNs - holders.deadlineNs(i) > 0) ||
                HolderTable.RECLAIMING == state))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return bytes of slots held by pages pinned by live holders, and by pages being written, in that order.
     */
    long[] pinnedAndWritingBytes()
    {
        long pinned = 0;
        long writing = 0;
        for (int slot = 0; slot < layout.slotCount; slot++)
        {
            final int state = state(descriptors.stateGen(slot));
            final long bytes = (long)descriptors.run(slot) * layout.slotBytes;
            if (WRITING == state)
            {
                writing += bytes;
            }
            else if (FREE != state && descriptors.pinnedByLiveHolder(slot))
            {
                pinned += bytes;
            }
        }
        return new long[]{pinned, writing};
    }

    /**
     * When the repair flag is up (a JVM died or stalled while holding the lock, or a dead JVM's holder slot was taken
     * over), rebuilds everything derived from the descriptors, which are the truth.
     *
     * @param self this JVM's holder slot.
     */
    void repairIfFlagged(final int self)
    {
        if (0 == meta.getLongVolatile(REPAIR_OFFSET))
        {
            return;
        }
        descriptors.clearOccupancy();
        long pages = 0;
        long bytes = 0;
        long slotsUsed = 0;
        for (int slot = 0; slot < layout.slotCount; slot++)
        {
            long stateGen = descriptors.stateGen(slot);
            if (state(stateGen) == FREE)
            {
                continue;
            }
            if (state(stateGen) == EVICTING)
            {
                // The eviction never finished; the bytes are untouched until the slots are reused, so keep the page.
                stateGen = stateGen(generation(stateGen), READY);
                descriptors.stateGen(slot, stateGen);
            }
            final int run = descriptors.run(slot);
            final boolean orphan = state(stateGen) == WRITING && !holders.isLiveToken(descriptors.writer(slot));
            if (orphan || !fits(slot, run))
            {
                descriptors.clearPinMask(slot);
                descriptors.stateGen(slot, stateGen(generation(stateGen), FREE));
                continue;
            }
            descriptors.occupy(slot, run);
            slotsUsed += run;
            if (state(stateGen) == READY)
            {
                pages++;
                bytes += descriptors.length(slot);
            }
        }

        index.beginRebuild();
        for (int slot = 0; slot < layout.slotCount; slot++)
        {
            if (state(descriptors.stateGen(slot)) == READY)
            {
                final PageKey key = descriptors.key(slot);
                if (index.findLocked(key) < 0)
                {
                    index.insert(key, slot);
                }
            }
        }
        index.endRebuild();

        meta.putLongVolatile(PAGES_OFFSET, pages);
        meta.putLongVolatile(BYTES_USED_OFFSET, bytes);
        meta.putLongVolatile(SLOTS_USED_OFFSET, slotsUsed);
        reclaimLapsedHolders(self);
        meta.putLongVolatile(REPAIR_OFFSET, 0);
    }

    private boolean fits(final int first, final int run)
    {
        if (run < 1 || first + run > layout.slotCount || layout.region(first) != layout.region(first + run - 1))
        {
            return false;
        }
        for (int slot = first; slot < first + run; slot++)
        {
            if (descriptors.occupant(slot) >= 0)
            {
                return false;
            }
        }
        return true;
    }
}
