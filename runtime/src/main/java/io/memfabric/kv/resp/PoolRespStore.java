/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.FabricException;
import io.memfabric.transport.PageKey;
import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PageWriter;
import io.memfabric.transport.pool.PinnedPage;
import io.memfabric.transport.pool.PoolConfig;
import io.memfabric.transport.pool.PoolFullException;
import io.memfabric.transport.pool.PoolStats;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RespStore} whose values live in the host's {@link PagePool}: a value stored through the front is one
 * page in shared memory that every JVM of the host maps, and a read hands out a pinned view of that memory.
 * <p>
 * Decisions:
 * <ul>
 * <li><b>Each stored value is a new immutable page.</b> Its {@link PageKey} is SHA-256 over a domain tag, this
 * store's random instance id, a version number this store never reuses, and the key's bytes; so an overwrite never
 * names an older page, and neither does a store restarted on the same pool file, nor another store sharing it. The
 * page a key replaced or deleted is discarded from the pool at once, or when the last read of it still being sent
 * ends.</li>
 * <li><b>The directory is in this JVM's heap</b>: key to page key, length, expiry and pin. It is lost with the
 * process; the pages then become unreachable and are evicted like any other.</li>
 * <li><b>Cache semantics.</b> When the pool needs room it evicts the least recently used unpinned pages (Redis's
 * {@code allkeys-lru}); a key whose page was evicted reads as absent and is dropped from the directory, lazily on
 * access and by {@link #sweep()}. {@link #pin(String, long)} holds the key's page pinned in the pool, so it is never
 * evicted while pinned.</li>
 * <li><b>Expiry</b> is lazy on access plus a sampled sweep, as Redis does: {@link #sweep()} looks at a bounded number
 * of expiring keys round-robin and goes on while more than a quarter of them had expired.</li>
 * </ul>
 * Thread-safe: the directory is guarded by this object's monitor; pages are reserved and written outside it.
 */
public final class PoolRespStore implements RespStore
{
    private static final byte[] DOMAIN = "memfabric.resp.value.v1".getBytes(StandardCharsets.US_ASCII);
    private static final int INSTANCE_ID_BYTES = 16;
    /** Keys looked at per round of the expiry sweep, and per sweep for evicted values. */
    private static final int SWEEP_SAMPLE = 64;
    /** A sweep looks at no more expiring keys than this, so it never stalls the thread that runs it. */
    private static final int SWEEP_MAX_EXPIRY_CHECKS = 16 * SWEEP_SAMPLE;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(PoolRespStore::newSha256);

    private final PagePool pool;
    private final boolean ownsPool;
    private final EpochClock clock;
    private final byte[] instanceId;
    private final long maxValueBytes;
    private final HashMap<String, Entry> entries = new HashMap<>();
    private final EntryList all = new EntryList(EntryList.ALL);
    private final EntryList expiring = new EntryList(EntryList.EXPIRING);
    private final EntryList timedPins = new EntryList(EntryList.TIMED_PINS);

    private long nextVersion;
    private long pinnedKeys;
    private long valueBytes;
    private long hits;
    private long misses;
    private long expiredKeys;
    private long evictedKeys;
    private int expiryCursor;
    private int evictionCursor;
    private boolean closed;

    /**
     * A store over a pool opened elsewhere; the pool stays open when the store closes.
     *
     * @param pool  the page pool.
     * @param clock the clock expiry is measured with.
     */
    public PoolRespStore(final PagePool pool, final EpochClock clock)
    {
        this(pool, clock, false);
    }

    private PoolRespStore(final PagePool pool, final EpochClock clock, final boolean ownsPool)
    {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ownsPool = ownsPool;
        this.instanceId = new byte[INSTANCE_ID_BYTES];
        new SecureRandom().nextBytes(instanceId);
        final long capacity = pool.stats().capacityBytes();
        // A page is at most the pool and at most one mapped region (1 GiB).
        this.maxValueBytes = Math.min(capacity, 1L << 30);
    }

    /**
     * Opens the pool the settings name and a store over it; closing the store closes the pool.
     *
     * @param poolConfig the page pool.
     * @param clock      the clock expiry is measured with.
     * @return the store.
     */
    public static PoolRespStore open(final PoolConfig poolConfig, final EpochClock clock)
    {
        final PagePool pool = PagePool.open(poolConfig);
        try
        {
            return new PoolRespStore(pool, clock, true);
        }
        catch (final RuntimeException ex)
        {
            pool.close();
            throw ex;
        }
    }

    /**
     * @return the page pool the values live in.
     */
    public PagePool pool()
    {
        return pool;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long nowMs()
    {
        return clock.time();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized RespValue get(final String key)
    {
        ensureOpen();
        final Entry entry = live(key, clock.time(), false);
        final PoolValue value = null == entry ? null : read(entry);
        if (null == value)
        {
            misses++;
        }
        else
        {
            hits++;
        }
        return value;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized boolean exists(final String key)
    {
        ensureOpen();
        return live(key, clock.time(), true) != null;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public RespValueWriter reserve(final String key, final int length)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("a value is at least 0 bytes, got " + length);
        }
        if (length > maxValueBytes)
        {
            throw new RespStoreException(FabricException.Category.LIMIT, "ERR value of " + length + " bytes is " +
                "larger than the page pool can hold as one page (" + maxValueBytes + " bytes, pool file " +
                pool.file() + "): start the server with a larger pool (--pool-bytes), or store smaller values");
        }
        final long version;
        synchronized (this)
        {
            ensureOpen();
            version = ++nextVersion;
        }
        final PageKey pageKey = pageKey(key, version);
        if (0 == length)
        {
            // The pool holds pages of at least one byte; an empty value needs no page.
            return new PoolWriter(this, pageKey, null);
        }
        try
        {
            return new PoolWriter(this, pageKey, pool.allocate(pageKey, length));
        }
        catch (final PoolFullException ex)
        {
            throw new RespStoreException(FabricException.Category.LIMIT, "OOM no room in the page pool for a " +
                "value of " + length + " bytes: everything that could be evicted is pinned or being written (" +
                ex.getMessage() + ")", ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean set(final String key, final RespValueWriter value, final long expireAtMs, final int flags)
    {
        return store(key, writerOf(value), expireAtMs, flags, false, null);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public RespValue setAndGet(final String key, final RespValueWriter value, final long expireAtMs, final int flags)
    {
        final PoolValue[] previous = new PoolValue[1];
        store(key, writerOf(value), expireAtMs, flags, true, previous);
        return previous[0];
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized boolean delete(final String key)
    {
        ensureOpen();
        final Entry entry = live(key, clock.time(), false);
        if (null == entry)
        {
            return false;
        }
        remove(entry);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized long ttlMs(final String key)
    {
        ensureOpen();
        final long now = clock.time();
        final Entry entry = live(key, now, true);
        if (null == entry)
        {
            return TTL_MISSING;
        }
        return NO_EXPIRY == entry.expireAtMs ? TTL_NONE : Math.max(0, entry.expireAtMs - now);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized boolean expire(final String key, final long expireAtMs, final int flags)
    {
        ensureOpen();
        final long now = clock.time();
        final Entry entry = live(key, now, true);
        if (null == entry)
        {
            return false;
        }
        final boolean hasExpiry = entry.expireAtMs != NO_EXPIRY;
        if (((flags & EXPIRE_IF_NONE) != 0 && hasExpiry) ||
            ((flags & EXPIRE_IF_SOME) != 0 && !hasExpiry) ||
            ((flags & EXPIRE_IF_LATER) != 0 && (!hasExpiry || expireAtMs <= entry.expireAtMs)) ||
            ((flags & EXPIRE_IF_EARLIER) != 0 && hasExpiry && expireAtMs >= entry.expireAtMs))
        {
            return false;
        }
        if (expireAtMs <= now)
        {
            remove(entry);
            expiredKeys++;
            return true;
        }
        expireAt(entry, expireAtMs);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized boolean persist(final String key)
    {
        ensureOpen();
        final Entry entry = live(key, clock.time(), true);
        if (null == entry || NO_EXPIRY == entry.expireAtMs)
        {
            return false;
        }
        expireAt(entry, NO_EXPIRY);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized boolean pin(final String key, final long untilMs)
    {
        ensureOpen();
        final Entry entry = live(key, clock.time(), false);
        if (null == entry)
        {
            return false;
        }
        if (!entry.pinned)
        {
            if (entry.version.pageKey != null)
            {
                final PinnedPage page = pinOrDrop(entry);
                if (null == page)
                {
                    return false;
                }
                entry.pin = page;
            }
            entry.pinned = true;
            pinnedKeys++;
        }
        entry.pinUntilMs = untilMs;
        if (NO_EXPIRY == untilMs)
        {
            timedPins.remove(entry);
        }
        else
        {
            timedPins.add(entry);
        }
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized boolean unpin(final String key)
    {
        ensureOpen();
        final Entry entry = live(key, clock.time(), false);
        if (null == entry || !entry.pinned)
        {
            return false;
        }
        unpin(entry);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized String locate(final String key)
    {
        ensureOpen();
        final Entry entry = live(key, clock.time(), true);
        return null == entry || null == entry.version.pageKey ? null : entry.version.pageKey.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized long size()
    {
        return entries.size();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized void clear()
    {
        ensureOpen();
        for (final Entry entry : new ArrayList<>(entries.values()))
        {
            remove(entry);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized int sweep()
    {
        if (closed)
        {
            return 0;
        }
        final long now = clock.time();
        for (int i = timedPins.size() - 1; i >= 0; i--)
        {
            final Entry entry = timedPins.get(i);
            if (entry.pinUntilMs <= now)
            {
                unpin(entry);
            }
        }

        int removed = 0;
        int checked = 0;
        while (expiring.size() > 0 && checked < SWEEP_MAX_EXPIRY_CHECKS)
        {
            int expiredInRound = 0;
            final int round = Math.min(SWEEP_SAMPLE, expiring.size());
            for (int i = 0; i < round && expiring.size() > 0; i++)
            {
                if (expiryCursor >= expiring.size())
                {
                    expiryCursor = 0;
                }
                final Entry entry = expiring.get(expiryCursor);
                if (entry.expireAtMs <= now)
                {
                    // Removing swaps the last entry into this index: look at the same index again next.
                    remove(entry);
                    expiredKeys++;
                    expiredInRound++;
                }
                else
                {
                    expiryCursor++;
                }
            }
            checked += round;
            removed += expiredInRound;
            if (expiredInRound * 4 <= round)
            {
                break;
            }
        }

        final int evictionChecks = Math.min(SWEEP_SAMPLE, all.size());
        for (int i = 0; i < evictionChecks && all.size() > 0; i++)
        {
            if (evictionCursor >= all.size())
            {
                evictionCursor = 0;
            }
            final Entry entry = all.get(evictionCursor);
            if (!entry.pinned && !present(entry))
            {
                remove(entry);
                evictedKeys++;
                removed++;
            }
            else
            {
                evictionCursor++;
            }
        }
        return removed;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized RespStoreStats stats()
    {
        final PoolStats pool = this.pool.stats();
        final Map<String, Long> details = new LinkedHashMap<>();
        details.put("pool_capacity_bytes", pool.capacityBytes());
        details.put("pool_bytes_used", pool.bytesUsed());
        details.put("pool_pages", pool.pages());
        details.put("pool_slots_used", pool.slotsUsed());
        details.put("pool_slots", (long)pool.slotCount());
        details.put("pool_evictions", pool.evictions());
        details.put("pool_evictions_to_disk", pool.evictionsToDisk());
        details.put("pool_disk_tier_hits", pool.diskTierHits());
        details.put("pool_live_holders", (long)pool.liveHolders());
        details.put("pool_leases_lost", pool.leasesLost());
        return new RespStoreStats(entries.size(), expiring.size(), pinnedKeys, valueBytes, pool.capacityBytes(),
            hits, misses, expiredKeys, evictedKeys, details);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized void resetStats()
    {
        hits = 0;
        misses = 0;
        expiredKeys = 0;
        evictedKeys = 0;
    }

    /**
     * Discards every value of this store from the pool (nobody could find them once the directory is gone), and
     * closes the pool if the store opened it.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            for (final Entry entry : new ArrayList<>(entries.values()))
            {
                remove(entry);
            }
            closed = true;
        }
        if (ownsPool)
        {
            pool.close();
        }
    }

    @Override
    public String toString()
    {
        return "PoolRespStore{pool=" + pool.file() + ", keys=" + size() + '}';
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The page key of a key's value at one version: SHA-256 over the domain tag, this store's instance id, the
     * version (8 bytes, big endian) and the key's bytes. The fixed-length fields come first, so no two inputs run
     * together.
     */
    PageKey pageKey(final String key, final long version)
    {
        final MessageDigest sha256 = SHA256.get();
        sha256.update(DOMAIN);
        sha256.update(instanceId);
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            sha256.update((byte)(version >>> shift));
        }
        sha256.update(key.getBytes(StandardCharsets.ISO_8859_1));
        return PageKey.of(sha256.digest());
    }

    private boolean store(
        final String key,
        final PoolWriter writer,
        final long expireAtMs,
        final int flags,
        final boolean returnPrevious,
        final PoolValue[] previous)
    {
        try
        {
            synchronized (this)
            {
                ensureOpen();
                final long now = clock.time();
                Entry entry = live(key, now, false);
                if (returnPrevious && entry != null)
                {
                    previous[0] = read(entry);
                    if (null == previous[0])
                    {
                        // Its page was evicted, so the key is gone: SET acts on an absent key.
                        entry = null;
                    }
                }
                if (((flags & SET_IF_ABSENT) != 0 && entry != null) || ((flags & SET_IF_PRESENT) != 0 && null == entry))
                {
                    return false;
                }
                final PinnedPage page = writer.publish();
                final Version version = new Version(writer.pageKey, writer.length());
                final Entry target;
                final Version replaced;
                if (null == entry)
                {
                    target = new Entry(key);
                    entries.put(key, target);
                    all.add(target);
                    replaced = null;
                }
                else
                {
                    target = entry;
                    replaced = target.version;
                    valueBytes -= replaced.length;
                    if ((flags & SET_KEEP_TTL) == 0)
                    {
                        expireAt(target, NO_EXPIRY);
                    }
                }
                target.version = version;
                valueBytes += version.length;
                if (expireAtMs != NO_EXPIRY)
                {
                    expireAt(target, expireAtMs);
                }
                if (target.pinned)
                {
                    // The pin belongs to the key: the new value is held as the old one was.
                    if (target.pin != null)
                    {
                        target.pin.close();
                    }
                    target.pin = page;
                }
                else if (page != null)
                {
                    page.close();
                }
                if (replaced != null)
                {
                    // After the old pin is closed, so the discard is not refused for a pin of our own.
                    retire(replaced);
                }
                return true;
            }
        }
        finally
        {
            writer.close();
        }
    }

    /**
     * @param checkPresence also drop the key if its page is no longer in the pool (a pin checks that by itself).
     * @return the key's entry if it is there and not expired; an expired one is deleted.
     */
    private Entry live(final String key, final long now, final boolean checkPresence)
    {
        final Entry entry = entries.get(key);
        if (null == entry)
        {
            return null;
        }
        if (entry.expireAtMs != NO_EXPIRY && entry.expireAtMs <= now)
        {
            remove(entry);
            expiredKeys++;
            return null;
        }
        if (checkPresence && !entry.pinned && !present(entry))
        {
            remove(entry);
            evictedKeys++;
            return null;
        }
        return entry;
    }

    private boolean present(final Entry entry)
    {
        return null == entry.version.pageKey || pool.contains(entry.version.pageKey);
    }

    /**
     * @return a read of the entry's value, or null if the pool evicted its page (the entry is then dropped).
     */
    private PoolValue read(final Entry entry)
    {
        final Version version = entry.version;
        PinnedPage page = null;
        if (version.pageKey != null)
        {
            page = pinOrDrop(entry);
            if (null == page)
            {
                return null;
            }
        }
        version.readers++;
        return new PoolValue(this, version, page);
    }

    /**
     * @return the entry's page pinned, or null if the pool evicted it (the entry is then dropped).
     */
    private PinnedPage pinOrDrop(final Entry entry)
    {
        final PageKey pageKey = entry.version.pageKey;
        final PinnedPage page;
        try
        {
            page = pool.pin(pageKey);
        }
        catch (final PoolFullException ex)
        {
            throw new RespStoreException(FabricException.Category.LIMIT,
                "OOM no room in the page pool to bring back a value from its disk tier: " + ex.getMessage(), ex);
        }
        if (null == page)
        {
            remove(entry);
            evictedKeys++;
        }
        return page;
    }

    private void expireAt(final Entry entry, final long expireAtMs)
    {
        entry.expireAtMs = expireAtMs;
        if (NO_EXPIRY == expireAtMs)
        {
            expiring.remove(entry);
        }
        else
        {
            expiring.add(entry);
        }
    }

    private void remove(final Entry entry)
    {
        entries.remove(entry.key);
        all.remove(entry);
        expiring.remove(entry);
        if (entry.pinned)
        {
            unpin(entry);
        }
        valueBytes -= entry.version.length;
        retire(entry.version);
    }

    private void unpin(final Entry entry)
    {
        if (entry.pin != null)
        {
            entry.pin.close();
        }
        entry.pinned = false;
        entry.pin = null;
        entry.pinUntilMs = NO_EXPIRY;
        timedPins.remove(entry);
        pinnedKeys--;
    }

    /**
     * A version no key names any more: its page goes as soon as no read of it is being sent.
     */
    private void retire(final Version version)
    {
        version.dead = true;
        if (0 == version.readers && version.pageKey != null)
        {
            pool.discard(version.pageKey);
        }
    }

    private synchronized void released(final Version version)
    {
        version.readers--;
        if (version.dead && 0 == version.readers && !closed && version.pageKey != null)
        {
            pool.discard(version.pageKey);
        }
    }

    private PoolWriter writerOf(final RespValueWriter value)
    {
        if (!(value instanceof PoolWriter) || ((PoolWriter)value).store != this)
        {
            throw new IllegalArgumentException("the value was not reserved by this store: use its reserve()");
        }
        return (PoolWriter)value;
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("the RESP store over pool file " + pool.file() + " is closed");
        }
    }

    private static MessageDigest newSha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java SE JVM must have", ex);
        }
    }

    /**
     * @return a ByteBuffer over the same memory as the view, without copying when the view wraps a ByteBuffer.
     */
    static ByteBuffer byteBufferOf(final DirectBuffer view, final int length)
    {
        final ByteBuffer wrapped = view.byteBuffer();
        if (wrapped != null)
        {
            return wrapped.slice(view.wrapAdjustment(), length);
        }
        final ByteBuffer copy = ByteBuffer.allocateDirect(length);
        view.getBytes(0, copy, 0, length);
        return copy;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * One stored value: a page no other version shares.
     */
    private static final class Version
    {
        /** Null for the empty value, which has no page. */
        final PageKey pageKey;
        final int length;
        /** Reads handed out and not yet closed; guarded by the store. */
        int readers;
        /** No key names it any more; guarded by the store. */
        boolean dead;

        Version(final PageKey pageKey, final int length)
        {
            this.pageKey = pageKey;
            this.length = length;
        }
    }

    /**
     * A key of the directory.
     */
    static final class Entry
    {
        final String key;
        Version version;
        long expireAtMs = NO_EXPIRY;
        boolean pinned;
        /** The page held while pinned; null for the empty value, which has no page. */
        PinnedPage pin;
        long pinUntilMs = NO_EXPIRY;
        final int[] listIndex = {-1, -1, -1};

        Entry(final String key)
        {
            this.key = key;
        }
    }

    /**
     * Entries in an array, each knowing its index, so adding, removing and sampling round-robin are O(1).
     */
    static final class EntryList
    {
        static final int ALL = 0;
        static final int EXPIRING = 1;
        static final int TIMED_PINS = 2;

        private final int which;
        private Entry[] entries = new Entry[16];
        private int size;

        EntryList(final int which)
        {
            this.which = which;
        }

        int size()
        {
            return size;
        }

        Entry get(final int index)
        {
            return entries[index];
        }

        void add(final Entry entry)
        {
            if (entry.listIndex[which] >= 0)
            {
                return;
            }
            if (size == entries.length)
            {
                final Entry[] grown = new Entry[size * 2];
                System.arraycopy(entries, 0, grown, 0, size);
                entries = grown;
            }
            entries[size] = entry;
            entry.listIndex[which] = size++;
        }

        void remove(final Entry entry)
        {
            final int index = entry.listIndex[which];
            if (index < 0)
            {
                return;
            }
            final Entry last = entries[--size];
            entries[index] = last;
            last.listIndex[which] = index;
            entries[size] = null;
            entry.listIndex[which] = -1;
            if (entries.length > 64 && size < entries.length / 4)
            {
                final Entry[] shrunk = new Entry[entries.length / 2];
                System.arraycopy(entries, 0, shrunk, 0, size);
                entries = shrunk;
            }
        }
    }

    /**
     * A read of a version, pinned in the pool until closed.
     */
    private static final class PoolValue implements RespValue
    {
        private final PoolRespStore store;
        private final Version version;
        private final PinnedPage page;
        private boolean closed;

        PoolValue(final PoolRespStore store, final Version version, final PinnedPage page)
        {
            this.store = store;
            this.version = version;
            this.page = page;
        }

        @Override
        public int length()
        {
            return version.length;
        }

        @Override
        public ByteBuffer buffer()
        {
            return null == page ? ByteBuffer.allocate(0) : byteBufferOf(page.buffer(), version.length);
        }

        @Override
        public void close()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            if (page != null)
            {
                page.close();
            }
            store.released(version);
        }
    }

    /**
     * A new value being written into slots of the pool.
     */
    private static final class PoolWriter implements RespValueWriter
    {
        final PoolRespStore store;
        final PageKey pageKey;
        private final PageWriter writer;
        private final ByteBuffer buffer;
        private boolean finished;

        PoolWriter(final PoolRespStore store, final PageKey pageKey, final PageWriter writer)
        {
            this.store = store;
            this.writer = writer;
            this.pageKey = null == writer ? null : pageKey;
            this.buffer = null == writer ? ByteBuffer.allocate(0) : byteBufferOf(writer.buffer(), writer.length());
        }

        @Override
        public int length()
        {
            return null == writer ? 0 : writer.length();
        }

        @Override
        public ByteBuffer buffer()
        {
            return buffer;
        }

        /**
         * @return the page, published and pinned, or null for the empty value.
         */
        PinnedPage publish()
        {
            if (finished)
            {
                throw new IllegalStateException("value " + pageKey + " was already stored or dropped");
            }
            finished = true;
            return null == writer ? null : writer.publish();
        }

        @Override
        public void close()
        {
            if (!finished)
            {
                finished = true;
                if (writer != null)
                {
                    writer.close();
                }
            }
        }
    }
}
