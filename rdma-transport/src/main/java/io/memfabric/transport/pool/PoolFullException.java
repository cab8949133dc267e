/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.TransportException;

/**
 * No room can be made in a {@link PagePool} for a new page: every slot that could be evicted is pinned by a live JVM
 * or being written. Carries the figures that explain why. Always {@link Category#LIMIT}: room may be made later.
 */
public final class PoolFullException extends TransportException
{
    private static final long serialVersionUID = 2L;

    private final long requestedBytes;
    private final long pinnedBytes;
    private final long writingBytes;
    private final long capacityBytes;

    /**
     * @param message        what failed and what to do.
     * @param requestedBytes bytes the new page asked for, rounded up to whole slots.
     * @param pinnedBytes    bytes of slots held by pages pinned by live JVMs.
     * @param writingBytes   bytes of slots held by pages being written.
     * @param capacityBytes  bytes of page data the pool holds.
     */
    public PoolFullException(
        final String message,
        final long requestedBytes,
        final long pinnedBytes,
        final long writingBytes,
        final long capacityBytes)
    {
        super(Category.LIMIT, message);
        this.requestedBytes = requestedBytes;
        this.pinnedBytes = pinnedBytes;
        this.writingBytes = writingBytes;
        this.capacityBytes = capacityBytes;
    }

    /**
     * @return bytes asked for, in whole slots.
     */
    public long requestedBytes()
    {
        return requestedBytes;
    }

    /**
     * @return bytes of slots pinned by live JVMs when the request failed.
     */
    public long pinnedBytes()
    {
        return pinnedBytes;
    }

    /**
     * @return bytes of slots being written when the request failed.
     */
    public long writingBytes()
    {
        return writingBytes;
    }

    /**
     * @return the pool's capacity in bytes.
     */
    public long capacityBytes()
    {
        return capacityBytes;
    }
}
