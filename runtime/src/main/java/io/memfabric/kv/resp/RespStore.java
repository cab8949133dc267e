/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

/**
 * What the Redis-protocol front stores values in: a directory of binary keys to immutable values with optional
 * expiry and pins. Keys are binary strings held as {@link String}s of chars 0 to 255, one per byte (ISO-8859-1, which
 * Java stores one byte per char). Times are epoch milliseconds of {@link #nowMs()}.
 * <p>
 * Implementations are thread-safe; every method is one atomic step.
 */
public interface RespStore extends AutoCloseable
{
    /** An expiry time meaning none: the key lives until deleted (or, in a cache, evicted). */
    long NO_EXPIRY = 0;

    /** {@link #set} flag: store only if the key is absent (SET NX). */
    int SET_IF_ABSENT = 1;
    /** {@link #set} flag: store only if the key is present (SET XX). */
    int SET_IF_PRESENT = 2;
    /** {@link #set} flag: keep the key's current expiry (SET KEEPTTL); the expiry given is then ignored. */
    int SET_KEEP_TTL = 4;

    /** {@link #expire} flag: only if the key has no expiry (EXPIRE NX). */
    int EXPIRE_IF_NONE = 1;
    /** {@link #expire} flag: only if the key has an expiry (EXPIRE XX). */
    int EXPIRE_IF_SOME = 2;
    /** {@link #expire} flag: only if the new expiry is later than the current; no expiry counts as never (GT). */
    int EXPIRE_IF_LATER = 4;
    /** {@link #expire} flag: only if the new expiry is earlier than the current; no expiry counts as never (LT). */
    int EXPIRE_IF_EARLIER = 8;

    /** {@link #ttlMs} of a key that does not exist. */
    long TTL_MISSING = -2;
    /** {@link #ttlMs} of a key without expiry. */
    long TTL_NONE = -1;

    /**
     * @return now, in epoch milliseconds, by the clock expiry is measured with.
     */
    long nowMs();

    /**
     * Reads a value; counts a hit or a miss.
     *
     * @param key the key.
     * @return the value, held until closed, or null if the key is absent, expired or its value was evicted.
     * @throws RespStoreException if the value cannot be brought back (e.g. from a disk tier into a full pool).
     */
    RespValue get(String key);

    /**
     * @param key the key.
     * @return whether the key is present: not expired, and its value not evicted.
     */
    boolean exists(String key);

    /**
     * Reserves room for a new value of the key, to be written and then stored with {@link #set}.
     *
     * @param key    the key the value is for.
     * @param length of the value, at least 0.
     * @return the writer; close it if the value is not stored.
     * @throws RespStoreException if there is no room: the value is too large for the store, or everything that could
     *                            make room is pinned.
     */
    RespValueWriter reserve(String key, int length);

    /**
     * Stores a written value under its key, replacing any value the key had (which is dropped).
     *
     * @param key        the key.
     * @param value      from {@link #reserve} of this store, fully written.
     * @param expireAtMs when the key expires, or {@link #NO_EXPIRY}; must be in the future.
     * @param flags      {@link #SET_IF_ABSENT}, {@link #SET_IF_PRESENT}, {@link #SET_KEEP_TTL}, or 0.
     * @return whether it was stored; if not (its condition did not hold) the value was dropped.
     */
    boolean set(String key, RespValueWriter value, long expireAtMs, int flags);

    /**
     * As {@link #set}, in the same atomic step returning the value the key had (SET ... GET).
     *
     * @param key        the key.
     * @param value      from {@link #reserve} of this store, fully written.
     * @param expireAtMs when the key expires, or {@link #NO_EXPIRY}.
     * @param flags      as for {@link #set}.
     * @return the previous value, held until closed, or null if there was none.
     */
    RespValue setAndGet(String key, RespValueWriter value, long expireAtMs, int flags);

    /**
     * @param key the key.
     * @return whether the key was present and is now deleted.
     */
    boolean delete(String key);

    /**
     * @param key the key.
     * @return milliseconds until the key expires, {@link #TTL_NONE} if it has no expiry, or {@link #TTL_MISSING}.
     */
    long ttlMs(String key);

    /**
     * Sets a key's expiry; a time not in the future deletes the key at once.
     *
     * @param key        the key.
     * @param expireAtMs when the key expires.
     * @param flags      {@link #EXPIRE_IF_NONE}, {@link #EXPIRE_IF_SOME}, {@link #EXPIRE_IF_LATER},
     *                   {@link #EXPIRE_IF_EARLIER}, or 0.
     * @return whether the key is present and its condition held, so the expiry was set (or the key deleted).
     */
    boolean expire(String key, long expireAtMs, int flags);

    /**
     * @param key the key.
     * @return whether the key is present and had an expiry, now removed.
     */
    boolean persist(String key);

    /**
     * Keeps a key's value in memory: it is not evicted while pinned. A pin belongs to the key: a new value stored
     * under it is pinned too, and deleting or expiring the key ends the pin.
     *
     * @param key     the key.
     * @param untilMs when the pin lapses by itself, or {@link #NO_EXPIRY} to hold it until {@link #unpin}.
     * @return whether the key is present and now pinned.
     */
    boolean pin(String key, long untilMs);

    /**
     * @param key the key.
     * @return whether the key was pinned and no longer is.
     */
    boolean unpin(String key);

    /**
     * @param key the key.
     * @return where another process of this host finds the value (for {@link PoolRespStore}, the page key in hex),
     * or null if the key is absent or the store has no such name.
     */
    String locate(String key);

    /**
     * @return keys in the directory, including expired ones not yet swept (as Redis's DBSIZE).
     */
    long size();

    /**
     * Deletes every key.
     */
    void clear();

    /**
     * One bounded round of housekeeping: deletes some expired keys, ends lapsed pins, and drops keys whose value the
     * store evicted. Called periodically; never takes long.
     *
     * @return keys deleted.
     */
    int sweep();

    /**
     * @return the store's figures now.
     */
    RespStoreStats stats();

    /**
     * Zeroes the hit and miss counts (CONFIG RESETSTAT).
     */
    void resetStats();

    /**
     * Releases every value, pin and resource of the store.
     */
    @Override
    void close();
}
