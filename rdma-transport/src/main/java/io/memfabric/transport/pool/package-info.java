/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The same-host page pool: one memory-mapped file per host that every JVM maps, so a page (an immutable KV-cache
 * block) published by one JVM is read by the others with no copy. {@link io.memfabric.transport.pool.PagePool} is
 * the entry point, configured by {@link io.memfabric.transport.pool.PoolConfig}; pages are read through
 * {@link io.memfabric.transport.pool.PinnedPage} and written in place through
 * {@link io.memfabric.transport.pool.PageWriter}. The file layout and the crash-safety argument are in
 * {@code rdma-transport/POOL.md}.
 */
package io.memfabric.transport.pool;
