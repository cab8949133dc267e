/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Slots reserved in a {@link PagePool} for one new page, written in place (a receiver's zero-copy landing zone) and
 * then published, or dropped. Nobody else sees the bytes until {@link #publish()}. Used by one thread.
 * <p>
 * If another JVM or thread publishes the same key first, publishing frees these slots and returns that page pinned:
 * both hold the same bytes by definition of a key.
 */
public final class PageWriter implements AutoCloseable
{
    final PagePool pool;
    final int slot;
    final long stateGen;
    final HolderTable.Holder holder;
    final PageKey key;
    final int length;
    private final UnsafeBuffer buffer;
    private boolean finished;

    PageWriter(
        final PagePool pool,
        final int slot,
        final long stateGen,
        final HolderTable.Holder holder,
        final PageKey key,
        final int length,
        final UnsafeBuffer buffer)
    {
        this.pool = pool;
        this.slot = slot;
        this.stateGen = stateGen;
        this.holder = holder;
        this.key = key;
        this.length = length;
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
     * @return exactly {@link #length()} bytes of pool memory to write the page into.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Computes the CRC32C of the bytes written, and makes the page visible to every JVM mapping the pool.
     *
     * @return the page, pinned.
     * @throws IllegalStateException if already published or closed, or if this JVM lost its lease meanwhile (then
     *                               {@link #close()} frees whatever is left).
     */
    public PinnedPage publish()
    {
        ensureOpen();
        final PinnedPage page = pool.publish(this, pool.crc32c(slot, length));
        finished = true;
        return page;
    }

    /**
     * As {@link #publish()}, after checking the bytes against the CRC32C the sender computed.
     *
     * @param expectedCrc32c CRC32C the page must have.
     * @return the page, pinned.
     * @throws PageChecksumException if the bytes differ; the slots are freed and nothing is published.
     */
    public PinnedPage publish(final int expectedCrc32c)
    {
        ensureOpen();
        final int actual = pool.crc32c(slot, length);
        if (actual != expectedCrc32c)
        {
            close();
            throw new PageChecksumException(key, length, expectedCrc32c, actual);
        }
        final PinnedPage page = pool.publish(this, actual);
        finished = true;
        return page;
    }

    /**
     * Drops the page and frees its slots, unless it was published.
     */
    @Override
    public void close()
    {
        if (!finished)
        {
            finished = true;
            pool.abort(this);
        }
    }

    @Override
    public String toString()
    {
        return "PageWriter{key=" + key + ", length=" + length + ", slot=" + slot + ", finished=" + finished + '}';
    }

    private void ensureOpen()
    {
        if (finished)
        {
            throw new IllegalStateException("page writer for " + key + " was already published or closed");
        }
    }
}
