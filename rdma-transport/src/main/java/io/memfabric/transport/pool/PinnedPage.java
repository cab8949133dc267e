/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A page held in a {@link PagePool}: while it is open (and {@link #isValid()}), no JVM on the host evicts the page,
 * and {@link #buffer()} is a view of the pool's shared memory, not a copy. Close it as soon as the bytes are no longer
 * read; several pins of one page in one JVM share one pin of the pool.
 * <p>
 * Pins are leases: if this JVM stops renewing its lease (paused for longer than the lease), other JVMs take its pins
 * away and the page may be evicted and its slots reused. {@link #isValid()} tells; a reader that cannot rule such a
 * pause out checks it after reading, as with a seqlock.
 */
public final class PinnedPage implements AutoCloseable
{
    final PagePool pool;
    final int slot;
    final long stateGen;
    final HolderTable.Holder holder;
    /** Guarded by the pool's pin lock; volatile for {@link #isValid()}. */
    volatile boolean closed;

    private final PageKey key;
    private final int length;
    private final int checksum;
    private final UnsafeBuffer buffer;

    PinnedPage(
        final PagePool pool,
        final int slot,
        final long stateGen,
        final HolderTable.Holder holder,
        final PageKey key,
        final int length,
        final int checksum,
        final UnsafeBuffer buffer)
    {
        this.pool = pool;
        this.slot = slot;
        this.stateGen = stateGen;
        this.holder = holder;
        this.key = key;
        this.length = length;
        this.checksum = checksum;
        this.buffer = buffer;
    }

    /**
     * @return the page's key.
     */
    public PageKey key()
    {
        return key;
    }

    /**
     * @return the page's length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return the CRC32C of the page's bytes, computed when it was published.
     */
    public int checksum()
    {
        return checksum;
    }

    /**
     * The page's bytes, indices 0 to {@link #length()} - 1, in the pool's shared mapping. Pages are immutable: do not
     * write through it, whatever its runtime type allows.
     *
     * @return a zero-copy view over the mapped pool memory.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return whether the pin still holds: not closed, the pool open, this JVM's lease not reclaimed, and the slots
     * still hold this page (same generation).
     */
    public boolean isValid()
    {
        return pool.isValid(this);
    }

    /**
     * Unpins the page; closing twice does nothing.
     */
    @Override
    public void close()
    {
        pool.unpin(this);
    }

    @Override
    public String toString()
    {
        return "PinnedPage{key=" + key + ", length=" + length + ", checksum=0x" + Integer.toHexString(checksum) +
            ", slot=" + slot + ", generation=" + PoolLayout.generation(stateGen) + '}';
    }
}
