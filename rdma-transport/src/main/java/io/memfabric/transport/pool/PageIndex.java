/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

import static io.memfabric.transport.pool.PoolLayout.D_KEY;
import static io.memfabric.transport.pool.PoolLayout.D_STATE_GEN;
import static io.memfabric.transport.pool.PoolLayout.INDEX_VERSION_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.READY;

/**
 * Key to first slot of a resident page: linear probing over {@code indexCapacity} 8-byte entries in the file, each
 * {@code hash32 << 32 | (slot + 1)}, 0 when empty. Only READY pages are in it.
 * <p>
 * Changes are made under the pool lock; lookups take no lock. A hit is proven by the descriptor itself (state READY
 * and key equal, read twice around the key as a seqlock), so a stale entry can only cost a retry. A miss needs more:
 * deletion shifts later entries back, and a reader could walk past an entry while it moves. Every deletion therefore
 * makes the index version odd, then even again; a miss counts only if the version was even and did not change.
 */
final class PageIndex
{
    /** Returned by {@link #find(PageKey)} when the index kept changing: look again under the lock. */
    static final int RETRY = -2;
    private static final int MISS = -1;
    private static final int LOOKUP_ATTEMPTS = 32;

    private final UnsafeBuffer meta;
    private final PoolLayout layout;
    private final int mask;

    PageIndex(final UnsafeBuffer meta, final PoolLayout layout)
    {
        this.meta = meta;
        this.layout = layout;
        this.mask = layout.indexCapacity - 1;
    }

    /**
     * Lock-free lookup.
     *
     * @param key the page.
     * @return its first slot, -1 if not resident, or {@link #RETRY}.
     */
    int find(final PageKey key)
    {
        final int hash = hash(key);
        for (int attempt = 0; attempt < LOOKUP_ATTEMPTS; attempt++)
        {
            final long version = meta.getLongVolatile(INDEX_VERSION_OFFSET);
            if ((version & 1) != 0)
            {
                Thread.onSpinWait();
                continue;
            }
            final int slot = probe(key, hash);
            if (slot >= 0 || meta.getLongVolatile(INDEX_VERSION_OFFSET) == version)
            {
                return slot;
            }
        }
        return RETRY;
    }

    /**
     * Lookup under the pool lock, when nothing moves.
     *
     * @param key the page.
     * @return its first slot, or -1.
     */
    int findLocked(final PageKey key)
    {
        return probe(key, hash(key));
    }

    /**
     * Adds a READY page; under the pool lock, and the key must not be in the index.
     *
     * @param key  the page.
     * @param slot its first slot.
     */
    void insert(final PageKey key, final int slot)
    {
        final int hash = hash(key);
        int position = hash & mask;
        while (0 != meta.getLong(layout.indexEntry(position)))
        {
            position = (position + 1) & mask;
        }
        meta.putLongVolatile(layout.indexEntry(position), entry(hash, slot));
    }

    /**
     * Removes a page, shifting later entries of its probe chain back so no tombstones pile up; under the pool lock.
     *
     * @param key  the page.
     * @param slot its first slot.
     */
    void delete(final PageKey key, final int slot)
    {
        final int hash = hash(key);
        final long wanted = entry(hash, slot);
        int hole = hash & mask;
        for (int n = 0; n <= mask; n++)
        {
            final long entry = meta.getLong(layout.indexEntry(hole));
            if (0 == entry)
            {
                return;
            }
            if (entry == wanted)
            {
                break;
            }
            hole = (hole + 1) & mask;
        }
        if (meta.getLong(layout.indexEntry(hole)) != wanted)
        {
            return;
        }

        meta.getAndAddLong(INDEX_VERSION_OFFSET, 1);
        int next = hole;
        while (true)
        {
            next = (next + 1) & mask;
            final long entry = meta.getLong(layout.indexEntry(next));
            if (0 == entry)
            {
                break;
            }
            final int home = (int)(entry >>> 32) & mask;
            // The entry may move into the hole if its home is not cyclically within (hole, next].
            final boolean homeAfterHole = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!homeAfterHole)
            {
                meta.putLongVolatile(layout.indexEntry(hole), entry);
                hole = next;
            }
        }
        meta.putLongVolatile(layout.indexEntry(hole), 0);
        meta.getAndAddLong(INDEX_VERSION_OFFSET, 1);
    }

    /**
     * Empties the index, for a rebuild after the lock was stolen; readers see an odd version meanwhile.
     */
    void beginRebuild()
    {
        meta.getAndAddLong(INDEX_VERSION_OFFSET, 1);
        for (int position = 0; position <= mask; position++)
        {
            meta.putLong(layout.indexEntry(position), 0);
        }
    }

    void endRebuild()
    {
        final long version = meta.getLongVolatile(INDEX_VERSION_OFFSET);
        meta.putLongVolatile(INDEX_VERSION_OFFSET, (version & 1) != 0 ? version + 1 : version + 2);
    }

    /**
     * @param slot a descriptor's slot.
     * @param key  the page wanted.
     * @return whether the descriptor holds that key and is READY, read consistently.
     */
    boolean holds(final int slot, final PageKey key)
    {
        final int descriptor = layout.descriptor(slot);
        final long stateGen = meta.getLongVolatile(descriptor + D_STATE_GEN);
        if (PoolLayout.state(stateGen) != READY || !key.matches(meta, descriptor + D_KEY))
        {
            return false;
        }
        // The key is read between two reads of the state word; the fence keeps the second read after the key.
        VarHandle.acquireFence();
        return meta.getLongVolatile(descriptor + D_STATE_GEN) == stateGen;
    }

    private int probe(final PageKey key, final int hash)
    {
        int position = hash & mask;
        for (int n = 0; n <= mask; n++)
        {
            final long entry = meta.getLongVolatile(layout.indexEntry(position));
            if (0 == entry)
            {
                return MISS;
            }
            if ((int)(entry >>> 32) == hash)
            {
                final int slot = (int)entry - 1;
                if (slot >= 0 && slot < layout.slotCount && holds(slot, key))
                {
                    return slot;
                }
            }
            position = (position + 1) & mask;
        }
        return MISS;
    }

    private static long entry(final int hash, final int slot)
    {
        return ((long)hash << 32) | (slot + 1);
    }

    static int hash(final PageKey key)
    {
        // Keys are hashes already, but a caller may use structured ones: mix (the murmur3 finaliser) to be safe.
        long h = key.hash64();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int)h;
    }
}
