/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.nio.ByteBuffer;

/**
 * A stored value being read: held (for {@link PoolRespStore}, pinned in the page pool) until closed, so its bytes
 * stay put while they are written to a socket. Close it exactly once, as soon as the bytes are no longer read.
 */
public interface RespValue extends AutoCloseable
{
    /**
     * @return the value's length in bytes.
     */
    int length();

    /**
     * @return a fresh read-only-by-contract view of the value's bytes, position 0 and limit {@link #length()}; for
     * {@link PoolRespStore} a view of the pool's shared memory, not a copy. Do not write through it.
     */
    ByteBuffer buffer();

    /**
     * Releases the value; its buffer must not be read afterwards.
     */
    @Override
    void close();
}
