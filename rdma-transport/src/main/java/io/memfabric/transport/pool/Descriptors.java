/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

import static io.memfabric.transport.pool.PoolLayout.D_CHECKSUM;
import static io.memfabric.transport.pool.PoolLayout.D_FLAGS;
import static io.memfabric.transport.pool.PoolLayout.D_KEY;
import static io.memfabric.transport.pool.PoolLayout.D_LAST_ACCESS_NS;
import static io.memfabric.transport.pool.PoolLayout.D_LENGTH;
import static io.memfabric.transport.pool.PoolLayout.D_PIN_MASK;
import static io.memfabric.transport.pool.PoolLayout.D_RUN;
import static io.memfabric.transport.pool.PoolLayout.D_STATE_GEN;
import static io.memfabric.transport.pool.PoolLayout.D_WRITER;

/**
 * Flyweight over the slot descriptors and the occupancy map of a pool file.
 * <p>
 * A descriptor's state-and-generation word ({@code generation << 2 | state}) is its commit point: every other field
 * is written while the state says nobody may rely on it, then the word is stored with release semantics. The
 * generation grows by one each time the descriptor's slot starts a new page, so (slot, word) names one page's bytes
 * for good. The pin mask has one bit per holder slot and is changed with CAS by pinning JVMs, without the lock.
 * The occupancy map (one int a slot: first slot of the page covering it, plus one; 0 if free) is derived from the
 * descriptors and only touched under the pool lock.
 */
final class Descriptors
{
    private final UnsafeBuffer meta;
    private final PoolLayout layout;
    private final HolderTable holders;

    Descriptors(final UnsafeBuffer meta, final PoolLayout layout, final HolderTable holders)
    {
        this.meta = meta;
        this.layout = layout;
        this.holders = holders;
    }

    long stateGen(final int slot)
    {
        return meta.getLongVolatile(layout.descriptor(slot) + D_STATE_GEN);
    }

    void stateGen(final int slot, final long stateGen)
    {
        meta.putLongVolatile(layout.descriptor(slot) + D_STATE_GEN, stateGen);
    }

    boolean casStateGen(final int slot, final long expected, final long update)
    {
        return meta.compareAndSetLong(layout.descriptor(slot) + D_STATE_GEN, expected, update);
    }

    long pinMask(final int slot)
    {
        return meta.getLongVolatile(layout.descriptor(slot) + D_PIN_MASK);
    }

    void clearPinMask(final int slot)
    {
        meta.putLongVolatile(layout.descriptor(slot) + D_PIN_MASK, 0);
    }

    /**
     * @param slot a descriptor.
     * @param bit  a holder's bit.
     */
    void setPinBit(final int slot, final long bit)
    {
        final int at = layout.descriptor(slot) + D_PIN_MASK;
        long mask;
        do
        {
            mask = meta.getLongVolatile(at);
        }
        while ((mask & bit) == 0 && !meta.compareAndSetLong(at, mask, mask | bit));
    }

    /**
     * @param slot a descriptor.
     * @param bit  a holder's bit.
     * @return whether the bit was set.
     */
    boolean clearPinBit(final int slot, final long bit)
    {
        final int at = layout.descriptor(slot) + D_PIN_MASK;
        long mask;
        do
        {
            mask = meta.getLongVolatile(at);
            if ((mask & bit) == 0)
            {
                return false;
            }
        }
        while (!meta.compareAndSetLong(at, mask, mask & ~bit));
        return true;
    }

    /**
     * @param holderIndex a holder slot.
     * @return pins cleared: the holder's bit taken out of every descriptor.
     */
    int clearPinBitEverywhere(final int holderIndex)
    {
        final long bit = 1L << holderIndex;
        int cleared = 0;
        for (int slot = 0; slot < layout.slotCount; slot++)
        {
            if (clearPinBit(slot, bit))
            {
                cleared++;
            }
        }
        return cleared;
    }

    /**
     * @param slot a descriptor.
     * @return whether a LIVE holder has its bit set; bits of reclaimed holders do not count.
     */
    boolean pinnedByLiveHolder(final int slot)
    {
        long mask = pinMask(slot);
        while (mask != 0)
        {
            final int index = Long.numberOfTrailingZeros(mask);
            if (holders.isLiveIndex(index))
            {
                return true;
            }
            mask &= mask - 1;
        }
        return false;
    }

    long lastAccessNs(final int slot)
    {
        return meta.getLongVolatile(layout.descriptor(slot) + D_LAST_ACCESS_NS);
    }

    void touch(final int slot, final long nowNs)
    {
        meta.putLongRelease(layout.descriptor(slot) + D_LAST_ACCESS_NS, nowNs);
    }

    long writer(final int slot)
    {
        return meta.getLong(layout.descriptor(slot) + D_WRITER);
    }

    int length(final int slot)
    {
        return meta.getInt(layout.descriptor(slot) + D_LENGTH);
    }

    int run(final int slot)
    {
        return meta.getInt(layout.descriptor(slot) + D_RUN);
    }

    int checksum(final int slot)
    {
        return meta.getInt(layout.descriptor(slot) + D_CHECKSUM);
    }

    void checksum(final int slot, final int checksum)
    {
        meta.putInt(layout.descriptor(slot) + D_CHECKSUM, checksum);
    }

    int flags(final int slot)
    {
        return meta.getIntVolatile(layout.descriptor(slot) + D_FLAGS);
    }

    void addFlags(final int slot, final int flags)
    {
        final int at = layout.descriptor(slot) + D_FLAGS;
        int current;
        do
        {
            current = meta.getIntVolatile(at);
        }
        while ((current | flags) != current && !meta.compareAndSetInt(at, current, current | flags));
    }

    PageKey key(final int slot)
    {
        return PageKey.readFrom(meta, layout.descriptor(slot) + D_KEY);
    }

    /**
     * Fills a FREE descriptor for a new page; the caller then stores the WRITING state word.
     */
    void prepare(
        final int slot, final PageKey key, final int length, final int run, final int flags, final long writer,
        final long nowNs)
    {
        final int at = layout.descriptor(slot);
        // A lock-free reader may still be checking the page this slot held: it must see the state word change before
        // it can see any of these fields change, so they stay after the store that freed the slot.
        VarHandle.releaseFence();
        meta.putLongVolatile(at + D_PIN_MASK, 0);
        meta.putLong(at + D_WRITER, writer);
        meta.putInt(at + D_LENGTH, length);
        meta.putInt(at + D_RUN, run);
        meta.putInt(at + D_CHECKSUM, 0);
        meta.putIntVolatile(at + D_FLAGS, flags);
        meta.putLong(at + D_LAST_ACCESS_NS, nowNs);
        key.writeTo(meta, at + D_KEY);
    }

    /**
     * @param slot any slot.
     * @return the first slot of the page covering it, or -1 if it is free.
     */
    int occupant(final int slot)
    {
        return meta.getInt(layout.occupancy(slot)) - 1;
    }

    void occupy(final int first, final int run)
    {
        for (int slot = first; slot < first + run; slot++)
        {
            meta.putInt(layout.occupancy(slot), first + 1);
        }
    }

    void vacate(final int first, final int run)
    {
        for (int slot = first; slot < first + run; slot++)
        {
            if (meta.getInt(layout.occupancy(slot)) == first + 1)
            {
                meta.putInt(layout.occupancy(slot), 0);
            }
        }
    }

    void clearOccupancy()
    {
        for (int slot = 0; slot < layout.slotCount; slot++)
        {
            meta.putInt(layout.occupancy(slot), 0);
        }
    }
}
