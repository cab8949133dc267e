/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code access} suite: JMH benchmarks of one read and one write of a {@code @Shared} field on the embedded
 * fabric against plain and volatile fields, {@code AtomicLong}, {@code ConcurrentHashMap} and a near-cached Hazelcast
 * {@code IMap}. Not in {@code io.memfabric.runtime} or {@code io.memfabric.agent}, which the agent leaves alone.
 */
package io.memfabric.benchmarks.access;
