/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code alloc} suite: what the consensus client allocates per request on its hot paths, counted by
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)} on the calling thread and the client's thread
 * ({@link io.memfabric.benchmarks.alloc.ClientAllocation}, runnable on its own with a main).
 */
package io.memfabric.benchmarks.alloc;
