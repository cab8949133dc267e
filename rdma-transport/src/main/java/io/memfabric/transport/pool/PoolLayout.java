/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Where everything lives in a pool file, byte by byte (POOL.md draws the same picture). One instance holds the
 * geometry of one file; the static constants are the offsets of fields inside the header, a holder record and a slot
 * descriptor. All fields are in the host's native byte order: the file is shared by processes of one host only.
 */
final class PoolLayout
{
    /** "MFABPOOL" when read as bytes on a little-endian host. */
    static final long MAGIC = 0x4C4F4F504241464DL;
    /** Bumped whenever any offset below changes; a JVM refuses a file of another version. */
    static final int LAYOUT_VERSION = 1;

    /** JVMs that can have one pool open at a time: one bit each in a descriptor's 64-bit pin mask. */
    static final int HOLDER_COUNT = 64;
    /** A data region is at most this big: a MappedByteBuffer is indexed by int, and no page straddles two. */
    static final long MAX_REGION_BYTES = 1L << 30;
    /** OS page: slots, and the data area, start on one. */
    static final int OS_PAGE = 4096;

    // Header, offsets from the start of the file.
    static final int MAGIC_OFFSET = 0;
    static final int LAYOUT_VERSION_OFFSET = 8;
    static final int HOLDER_COUNT_OFFSET = 12;
    static final int SLOT_BYTES_OFFSET = 16;
    static final int SLOT_COUNT_OFFSET = 20;
    static final int CAPACITY_OFFSET = 24;
    static final int SLOTS_PER_REGION_OFFSET = 32;
    static final int DESCRIPTOR_BYTES_OFFSET = 36;
    static final int INDEX_CAPACITY_OFFSET = 40;
    static final int DESCRIPTORS_AT_OFFSET = 48;
    static final int OCCUPANCY_AT_OFFSET = 56;
    static final int INDEX_AT_OFFSET = 64;
    static final int DATA_AT_OFFSET = 72;
    static final int FILE_LENGTH_OFFSET = 80;
    static final int CREATED_EPOCH_MS_OFFSET = 88;
    /** Bytes of the header that say what the file is; a JVM reads these before it maps anything. */
    static final int IDENTITY_BYTES = 96;

    // Words written by every JVM, each on its own cache line.
    static final int LOCK_OFFSET = 128;
    static final int INDEX_VERSION_OFFSET = 192;
    static final int INCARNATION_COUNTER_OFFSET = 256;
    /** Non-zero when derived state (occupancy, index, totals) may be half updated and must be rebuilt. */
    static final int REPAIR_OFFSET = 264;

    // Totals, changed under the pool lock and recomputed by a JVM that steals it.
    static final int PAGES_OFFSET = 320;
    static final int BYTES_USED_OFFSET = 328;
    static final int SLOTS_USED_OFFSET = 336;

    // Event counters, added to atomically without the lock.
    static final int EVICTIONS_OFFSET = 384;
    static final int EVICTIONS_TO_DISK_OFFSET = 392;
    static final int DISK_TIER_HITS_OFFSET = 400;
    static final int DISK_TIER_CORRUPT_OFFSET = 408;
    static final int DISK_TIER_WRITE_ERRORS_OFFSET = 416;
    static final int PINS_RECLAIMED_OFFSET = 424;
    static final int HOLDERS_RECLAIMED_OFFSET = 432;
    static final int LOCKS_STOLEN_OFFSET = 440;

    // Holder table: HOLDER_COUNT records of HOLDER_BYTES.
    static final int HOLDERS_OFFSET = 1024;
    static final int HOLDER_BYTES = 64;
    static final int HOLDER_OWNER = 0;
    static final int HOLDER_PID = 8;
    static final int HOLDER_START_MS = 16;
    static final int HOLDER_DEADLINE_NS = 24;
    static final int HOLDER_LEASE_NS = 32;

    // Slot descriptors: one per slot, meaningful at the first slot of a page.
    static final int DESCRIPTORS_OFFSET = 8192;
    static final int DESCRIPTOR_BYTES = 128;
    static final int D_STATE_GEN = 0;
    static final int D_PIN_MASK = 8;
    static final int D_LAST_ACCESS_NS = 16;
    static final int D_WRITER = 24;
    static final int D_LENGTH = 32;
    static final int D_RUN = 36;
    static final int D_CHECKSUM = 40;
    static final int D_FLAGS = 44;
    static final int D_KEY = 48;

    // Descriptor states, the low two bits of the state-and-generation word.
    static final int FREE = 0;
    static final int WRITING = 1;
    static final int READY = 2;
    static final int EVICTING = 3;

    /** Descriptor flag: a verified copy of the page is in the disk tier, so evicting it loses nothing. */
    static final int FLAG_ON_DISK = 1;
    /** Descriptor flag: writing the disk copy failed; evict by dropping rather than retrying forever. */
    static final int FLAG_DROP = 2;

    final int slotBytes;
    final int slotCount;
    final long capacityBytes;
    final int slotsPerRegion;
    final int regionCount;
    final int indexCapacity;
    final long occupancyAt;
    final long indexAt;
    final long dataAt;
    final long fileLength;

    private PoolLayout(final int slotBytes, final int slotCount, final long maxRegionBytes)
    {
        this.slotBytes = slotBytes;
        this.slotCount = slotCount;
        this.capacityBytes = (long)slotBytes * slotCount;
        this.slotsPerRegion = (int)Math.max(1, Math.min(slotCount, maxRegionBytes / slotBytes));
        this.regionCount = (slotCount + slotsPerRegion - 1) / slotsPerRegion;
        // At most one page per slot, so twice the slots keeps the open-addressing index at most half full.
        this.indexCapacity = Math.max(16, Integer.highestOneBit(Math.max(1, slotCount - 1)) << 2);
        this.occupancyAt = DESCRIPTORS_OFFSET + (long)slotCount * DESCRIPTOR_BYTES;
        this.indexAt = align(occupancyAt + 4L * slotCount, 64);
        this.dataAt = align(indexAt + 8L * indexCapacity, OS_PAGE);
        this.fileLength = dataAt + capacityBytes;
    }

    /**
     * @param slotBytes     bytes in a slot, validated by {@link PoolConfig#conclude()}.
     * @param capacityBytes bytes of page data, a multiple of slotBytes.
     * @return the layout of a file with that geometry.
     */
    static PoolLayout of(final int slotBytes, final long capacityBytes)
    {
        return of(slotBytes, capacityBytes, MAX_REGION_BYTES);
    }

    /**
     * @param maxRegionBytes largest mapped region; smaller than {@link #MAX_REGION_BYTES} only in tests of region
     *                       boundaries, which cannot afford gigabytes.
     */
    static PoolLayout of(final int slotBytes, final long capacityBytes, final long maxRegionBytes)
    {
        return new PoolLayout(slotBytes, (int)(capacityBytes / slotBytes), maxRegionBytes);
    }

    /**
     * @return bytes before the data area: header, holders, descriptors, occupancy and index, mapped as one buffer.
     */
    int metaBytes()
    {
        return (int)dataAt;
    }

    int descriptor(final int slot)
    {
        return DESCRIPTORS_OFFSET + slot * DESCRIPTOR_BYTES;
    }

    int occupancy(final int slot)
    {
        return (int)occupancyAt + 4 * slot;
    }

    int indexEntry(final int position)
    {
        return (int)indexAt + 8 * position;
    }

    static int holder(final int holderIndex)
    {
        return HOLDERS_OFFSET + holderIndex * HOLDER_BYTES;
    }

    int region(final int slot)
    {
        return slot / slotsPerRegion;
    }

    int offsetInRegion(final int slot)
    {
        return (slot % slotsPerRegion) * slotBytes;
    }

    long regionBytes(final int region)
    {
        final int slots = Math.min(slotsPerRegion, slotCount - region * slotsPerRegion);
        return (long)slots * slotBytes;
    }

    int runSlots(final int length)
    {
        return (int)(((long)length + slotBytes - 1) / slotBytes);
    }

    /**
     * @return the largest page this layout can hold: a whole region.
     */
    long maxPageBytes()
    {
        return Math.min((long)slotsPerRegion * slotBytes, Integer.MAX_VALUE);
    }

    static long stateGen(final long generation, final int state)
    {
        return (generation << 2) | state;
    }

    static int state(final long stateGen)
    {
        return (int)(stateGen & 3);
    }

    static long generation(final long stateGen)
    {
        return stateGen >>> 2;
    }

    /**
     * Writes the identity and geometry of a new file; the magic is left for the caller to write last.
     *
     * @param meta the mapped metadata of a zero-filled file.
     */
    void writeHeader(final UnsafeBuffer meta)
    {
        meta.putInt(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        meta.putInt(HOLDER_COUNT_OFFSET, HOLDER_COUNT);
        meta.putInt(SLOT_BYTES_OFFSET, slotBytes);
        meta.putInt(SLOT_COUNT_OFFSET, slotCount);
        meta.putLong(CAPACITY_OFFSET, capacityBytes);
        meta.putInt(SLOTS_PER_REGION_OFFSET, slotsPerRegion);
        meta.putInt(DESCRIPTOR_BYTES_OFFSET, DESCRIPTOR_BYTES);
        meta.putInt(INDEX_CAPACITY_OFFSET, indexCapacity);
        meta.putLong(DESCRIPTORS_AT_OFFSET, DESCRIPTORS_OFFSET);
        meta.putLong(OCCUPANCY_AT_OFFSET, occupancyAt);
        meta.putLong(INDEX_AT_OFFSET, indexAt);
        meta.putLong(DATA_AT_OFFSET, dataAt);
        meta.putLong(FILE_LENGTH_OFFSET, fileLength);
        meta.putLong(CREATED_EPOCH_MS_OFFSET, System.currentTimeMillis());
    }

    /**
     * Compares an existing file's header with this layout.
     *
     * @param identity the first {@link #IDENTITY_BYTES} of the file, in native order.
     * @return what differs, in words, or null if the file has this layout.
     */
    String mismatch(final ByteBuffer identity)
    {
        final long magic = identity.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            return "its magic is 0x" + Long.toHexString(magic) + ", not 0x" + Long.toHexString(MAGIC) +
                " (\"MFABPOOL\"): it is not a MemFabric page pool, or was written on a host of other byte order";
        }
        final int version = identity.getInt(LAYOUT_VERSION_OFFSET);
        if (version != LAYOUT_VERSION)
        {
            return "it has layout version " + version + " but this build reads version " + LAYOUT_VERSION;
        }
        final StringBuilder differs = new StringBuilder();
        differs(differs, "slotBytes", identity.getInt(SLOT_BYTES_OFFSET), slotBytes);
        differs(differs, "capacityBytes", identity.getLong(CAPACITY_OFFSET), capacityBytes);
        differs(differs, "holderCount", identity.getInt(HOLDER_COUNT_OFFSET), HOLDER_COUNT);
        differs(differs, "descriptorBytes", identity.getInt(DESCRIPTOR_BYTES_OFFSET), DESCRIPTOR_BYTES);
        differs(differs, "slotsPerRegion", identity.getInt(SLOTS_PER_REGION_OFFSET), slotsPerRegion);
        differs(differs, "indexCapacity", identity.getInt(INDEX_CAPACITY_OFFSET), indexCapacity);
        differs(differs, "dataOffset", identity.getLong(DATA_AT_OFFSET), dataAt);
        differs(differs, "fileLength", identity.getLong(FILE_LENGTH_OFFSET), fileLength);
        return differs.length() == 0 ? null : "it was created with " + differs;
    }

    private static void differs(final StringBuilder out, final String name, final long inFile, final long wanted)
    {
        if (inFile != wanted)
        {
            out.append(out.length() == 0 ? "" : ", ").append(name).append('=').append(inFile)
                .append(" where this JVM asks for ").append(wanted);
        }
    }

    private static long align(final long value, final int alignment)
    {
        return (value + alignment - 1) & -alignment;
    }
}
