/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import java.nio.ByteBuffer;

/**
 * Where {@link KvCache#put} gets the KV bytes of the blocks it stores: the engine that computed them writes a run of
 * blocks straight into the page's memory in the pool, so nothing is copied twice.
 */
@FunctionalInterface
public interface KvBlockSource
{
    /**
     * Writes blocks {@code fromBlock} to {@code fromBlock + blockCount - 1} of the sequence, each
     * {@link KvConfig#blockBytes()} long, in order, from the buffer's position 0 to its limit.
     *
     * @param fromBlock  the first block.
     * @param blockCount how many.
     * @param page       the page's memory: exactly {@code blockCount} blocks long, little endian, position 0.
     */
    void write(int fromBlock, int blockCount, ByteBuffer page);
}
