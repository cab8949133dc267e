/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link RespStore}'s figures at one moment.
 *
 * @param keys          keys in the directory.
 * @param expiringKeys  keys with an expiry.
 * @param pinnedKeys    keys pinned with MF.PIN.
 * @param valueBytes    bytes of the values of those keys.
 * @param capacityBytes bytes of values the store can hold at most (Redis's maxmemory).
 * @param hits          reads that found a value.
 * @param misses        reads that found none.
 * @param expiredKeys   keys deleted because they expired.
 * @param evictedKeys   keys dropped because the store evicted their value.
 * @param details       further figures of the implementation, by name (e.g. the page pool's), for INFO and MF.STATS.
 */
public record RespStoreStats(
    long keys,
    long expiringKeys,
    long pinnedKeys,
    long valueBytes,
    long capacityBytes,
    long hits,
    long misses,
    long expiredKeys,
    long evictedKeys,
    Map<String, Long> details)
{
    /**
     * Copies the details, keeping their order.
     */
    public RespStoreStats
    {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
