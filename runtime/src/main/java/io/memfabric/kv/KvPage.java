/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import io.memfabric.transport.pool.PinnedPage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One page of a matched prefix: a run of blocks' KV bytes, read-only, in the host's shared pool memory (no copy),
 * held in memory while its {@link KvMatch} is open.
 */
public final class KvPage
{
    private final PinnedPage pinned;
    private final int fromBlock;
    private final int blockCount;

    KvPage(final PinnedPage pinned, final int fromBlock, final int blockCount)
    {
        this.pinned = pinned;
        this.fromBlock = fromBlock;
        this.blockCount = blockCount;
    }

    /**
     * @return the first block this page holds.
     */
    public int fromBlock()
    {
        return fromBlock;
    }

    /**
     * @return how many blocks it holds.
     */
    public int blockCount()
    {
        return blockCount;
    }

    /**
     * @return the page's bytes: a read-only little-endian view of the pool's mapping, position 0, limit the page
     * length. Valid until the match is closed.
     */
    public ByteBuffer bytes()
    {
        return KvCache.view(pinned.buffer(), pinned.length()).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the page's length in bytes.
     */
    public int length()
    {
        return pinned.length();
    }

    void release()
    {
        pinned.close();
    }

    public String toString()
    {
        return "KvPage[blocks " + fromBlock + ".." + (fromBlock + blockCount - 1) + ", " + pinned.length() + " bytes]";
    }
}
