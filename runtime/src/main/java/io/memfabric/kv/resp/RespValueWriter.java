/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.nio.ByteBuffer;

/**
 * Room reserved in a {@link RespStore} for one new value, written in place (for {@link PoolRespStore}, straight into
 * the page pool's shared memory, also from the socket) and then handed to
 * {@link RespStore#set(String, RespValueWriter, long, int)}, or dropped with {@link #close()}. Used by one thread.
 */
public interface RespValueWriter extends AutoCloseable
{
    /**
     * @return the value's length in bytes.
     */
    int length();

    /**
     * @return exactly {@link #length()} bytes to write the value into: position 0, limit {@link #length()}; the same
     * buffer on every call, so its position tells how much was written.
     */
    ByteBuffer buffer();

    /**
     * Drops the value unless it was stored; closing twice, or after it was stored, does nothing.
     */
    @Override
    void close();
}
