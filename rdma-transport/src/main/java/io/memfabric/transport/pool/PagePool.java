/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import static io.memfabric.transport.pool.PoolConfig.Configuration.CAPACITY_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.DISK_DIR_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.LEASE_MS_PROP_NAME;

import io.memfabric.FabricException;
import io.memfabric.transport.PageKey;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import static io.memfabric.transport.pool.PoolLayout.BYTES_USED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.DISK_TIER_CORRUPT_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.DISK_TIER_HITS_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.DISK_TIER_WRITE_ERRORS_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.EVICTING;
import static io.memfabric.transport.pool.PoolLayout.EVICTIONS_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.EVICTIONS_TO_DISK_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.FLAG_DROP;
import static io.memfabric.transport.pool.PoolLayout.FLAG_ON_DISK;
import static io.memfabric.transport.pool.PoolLayout.HOLDERS_RECLAIMED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.HOLDER_COUNT;
import static io.memfabric.transport.pool.PoolLayout.LOCKS_STOLEN_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.PAGES_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.PINS_RECLAIMED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.READY;
import static io.memfabric.transport.pool.PoolLayout.SLOTS_USED_OFFSET;
import static io.memfabric.transport.pool.PoolLayout.generation;
import static io.memfabric.transport.pool.PoolLayout.state;
import static io.memfabric.transport.pool.PoolLayout.stateGen;

/**
 * The same-host page pool: every JVM on a host maps one pool file, and a page published by one is read by the others
 * through a view of the shared mapping, with no copy. Pages are immutable blobs (KV-cache blocks) named by
 * {@link PageKey}; memory holds the recently used ones, an optional disk tier the ones evicted to make room.
 * Thread-safe.
 * <p>
 * Decisions, with the byte-by-byte layout and the crash-safety argument in {@code rdma-transport/POOL.md}:
 * <ul>
 * <li><b>One file, fixed slots.</b> The data area is cut into slots of {@link PoolConfig#slotBytes()}; a page takes
 * a contiguous run of them and starts page-aligned. Regions of at most 1 GiB are mapped separately (a
 * MappedByteBuffer is int-indexed) and a run never straddles two, so every page is one flat view.</li>
 * <li><b>Descriptors are the truth.</b> Each slot has a descriptor whose one word {@code generation << 2 | state}
 * (FREE, WRITING, READY, EVICTING) commits every change; the occupancy map, the key index and the totals are derived
 * from the descriptors and rebuilt whenever a JVM may have died half way through changing them.</li>
 * <li><b>Lock-free reads, locked placement.</b> Looking a page up and pinning it take no pool lock: the index is
 * probed, the descriptor read as a seqlock, the pin bit set by CAS and the state word read again (the evictor moves
 * the state word and then reads the pin mask, so one of the two always sees the other). Allocation, eviction,
 * publication and reclaiming take one pool lock, a CAS word in the header.</li>
 * <li><b>Pins are leases.</b> Each JVM claims one of 64 holder slots and renews its lease from a daemon thread every
 * third of {@link PoolConfig#leaseMs()}. A pin sets the JVM's bit in the page's pin mask (local counts above it, so
 * pins in one JVM share the bit); only bits of live holders keep a page in memory. Any JVM that notices a lapsed
 * lease reclaims the holder: clears its bits everywhere, frees its unfinished pages, and counts it. A SIGKILLed JVM
 * thus pins nothing one lease after its death; a JVM that was merely paused finds out, takes a new holder slot, and
 * its old {@link PinnedPage}s report {@link PinnedPage#isValid()} false.</li>
 * <li><b>The lock is a lease too.</b> The lock word names the holder that has it; a JVM whose lease lapsed loses it
 * to the next JVM that wants it, which then repairs the derived state.</li>
 * <li><b>Placement is LRU by runs.</b> A free run is taken first; otherwise the run whose youngest page is oldest,
 * among unpinned READY pages, is evicted: to the disk tier when one is configured (written outside the lock while
 * the evicting JVM pins the page), else dropped. {@code pin} of a page found only on disk reads it back, checked
 * against its CRC32C.</li>
 * <li><b>Duplicates resolve at publication.</b> Writers of the same key may race; the first to publish wins and the
 * others get its page pinned, their own slots freed. Nobody waits on another JVM's unfinished write.</li>
 * </ul>
 */
public final class PagePool implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("io.memfabric.transport");

    private static final int PIN_ATTEMPTS = 64;
    private static final int PLACE_ATTEMPTS = 64;

    private final PoolConfig config;
    private final PoolLayout layout;
    private final PoolFile file;
    private final UnsafeBuffer meta;
    private final HolderTable holders;
    private final Descriptors descriptors;
    private final PageIndex index;
    private final PoolLock poolLock;
    private final SlotAllocator allocator;
    private final DiskTier diskTier;
    private final long leaseNs;
    private final AgentRunner leaseRunner;

    /** Guards the local pin counts, {@link PinnedPage#closed} and every change of {@link #holder}. */
    private final Object pinLock = new Object();
    private final int[] localPins;
    private final long[] localPinStateGen;
    /** Guards taking a new holder after a lost lease, and {@link #lostHolders}. */
    private final Object recoveryLock = new Object();
    private final ArrayList<HolderTable.Holder> lostHolders = new ArrayList<>();
    private final AtomicLong leasesLost = new AtomicLong();
    private final AtomicLong leaseErrors = new AtomicLong();
    private volatile HolderTable.Holder holder;
    private volatile boolean closed;

    private PagePool(final PoolConfig config, final PoolLayout layout, final PoolFile file)
    {
        this.config = config;
        this.layout = layout;
        this.file = file;
        this.meta = file.meta();
        this.holders = new HolderTable(meta);
        this.descriptors = new Descriptors(meta, layout, holders);
        this.index = new PageIndex(meta, layout);
        this.poolLock = new PoolLock(meta, holders);
        this.allocator = new SlotAllocator(meta, layout, descriptors, holders, index);
        this.leaseNs = TimeUnit.MILLISECONDS.toNanos(config.leaseMs());
        this.localPins = new int[layout.slotCount];
        this.localPinStateGen = new long[layout.slotCount];
        this.diskTier = openDiskTier(config, meta);
        this.holder = claimHolder();

        final long renewIntervalNs = leaseNs / 3;
        final long idleMs = Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(renewIntervalNs) / 4));
        this.leaseRunner = new AgentRunner(new SleepingMillisIdleStrategy(idleMs), this::onLeaseError, null,
            new LeaseKeeper(this, renewIntervalNs, "memfabric-pool-lease-" + config.name()));
        AgentRunner.startOnThread(leaseRunner, runnable ->
        {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the pool the settings name: creates and initialises its file if there is none, else maps the existing
     * one after checking it has the same geometry, and takes a holder slot in it for this JVM.
     *
     * @param config settings; {@link PoolConfig#conclude()} is called here.
     * @return the open pool.
     * @throws PoolFileException     naming the file, what is wrong with it and what to do.
     * @throws IllegalArgumentException naming a bad setting.
     */
    public static PagePool open(final PoolConfig config)
    {
        return open(config, PoolLayout.MAX_REGION_BYTES);
    }

    /**
     * @param maxRegionBytes largest mapped region: {@link PoolLayout#MAX_REGION_BYTES} but in tests of region
     *                       boundaries.
     */
    static PagePool open(final PoolConfig config, final long maxRegionBytes)
    {
        config.conclude();
        final PoolLayout layout = PoolLayout.of(config.slotBytes(), config.capacityBytes(), maxRegionBytes);
        final PoolFile file = PoolFile.open(config, layout);
        try
        {
            return new PagePool(config, layout, file);
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /**
     * Pins a page: from memory if it is resident, else from the disk tier (read back into memory, checked against
     * its CRC32C; a torn or damaged file is deleted and counts as a miss).
     *
     * @param key the page.
     * @return the page, pinned, or null if it is in neither tier.
     * @throws PoolFullException if the page is on disk and no room can be made for it in memory.
     */
    public PinnedPage pin(final PageKey key)
    {
        ensureOpen();
        final PinnedPage resident = pinResident(key);
        if (resident != null || null == diskTier)
        {
            return resident;
        }
        return promote(key);
    }

    /**
     * Copies a page into the pool and publishes it. If the key is already resident, nothing is copied and the
     * existing page is returned pinned.
     *
     * @param key    the page.
     * @param src    holding its bytes.
     * @param offset of the first byte in src.
     * @param length of the page, at least 1.
     * @return the page, pinned.
     * @throws PoolFullException        if no room can be made: everything evictable is pinned.
     * @throws IllegalArgumentException if the page is larger than the pool.
     */
    public PinnedPage put(final PageKey key, final DirectBuffer src, final int offset, final int length)
    {
        ensureOpen();
        checkLength(key, length);
        final PinnedPage existing = pinResident(key);
        if (existing != null)
        {
            return existing;
        }
        try (PageWriter writer = reserve(key, length, 0))
        {
            writer.buffer().putBytes(0, src, offset, length);
            return writer.publish();
        }
    }

    /**
     * Reserves slots for a page to be written in place, e.g. straight from the network. The page is invisible until
     * {@link PageWriter#publish()}. The writer gets its own slots even if the key is resident or being written
     * elsewhere; the first to publish wins and the others get that page (check {@link #isResident(PageKey)} first
     * to skip a transfer).
     *
     * @param key    the page.
     * @param length of the page, at least 1.
     * @return the writer; close it to drop the page if it is not published.
     * @throws PoolFullException        if no room can be made: everything evictable is pinned.
     * @throws IllegalArgumentException if the page is larger than the pool.
     */
    public PageWriter allocate(final PageKey key, final int length)
    {
        ensureOpen();
        checkLength(key, length);
        return reserve(key, length, 0);
    }

    /**
     * Drops a page now, for an owner that knows it will not be read again (the value under a name was replaced or
     * deleted): its slots go to new pages at once, before pages still in use are evicted, and its disk-tier file, if
     * any, is deleted. A page that a live holder pins stays; it is evicted as usual once unpinned. Not counted as an
     * eviction.
     *
     * @param key the page.
     * @return whether anything was dropped (from memory or disk); false if the page was absent, or is pinned.
     */
    public boolean discard(final PageKey key)
    {
        ensureOpen();
        final boolean resident;
        boolean dropped = false;
        final HolderTable.Holder owner = lock();
        try
        {
            final int slot = index.findLocked(key);
            resident = slot >= 0;
            if (resident)
            {
                dropped = allocator.discard(slot);
            }
        }
        finally
        {
            unlock(owner);
        }
        if ((dropped || !resident) && diskTier != null)
        {
            try
            {
                dropped |= diskTier.delete(key);
            }
            catch (final IOException ex)
            {
                // The file is a cache entry nobody will ask for; a failed delete costs disk space, not correctness.
                LOG.log(System.Logger.Level.DEBUG, "page pool " + file.path() + ": cannot delete the disk-tier file " +
                    "of discarded page " + key + ": " + ex);
            }
        }
        return dropped;
    }

    /**
     * @param key the page.
     * @return whether {@link #pin(PageKey)} would find it now: resident, or a file for it in the disk tier (whose
     * bytes are checked only when it is pinned).
     */
    public boolean contains(final PageKey key)
    {
        ensureOpen();
        return isResident(key) || (diskTier != null && diskTier.exists(key));
    }

    /**
     * @param key the page.
     * @return whether the page is in memory, so pinning it costs no I/O.
     */
    public boolean isResident(final PageKey key)
    {
        ensureOpen();
        final int slot = index.find(key);
        if (slot != PageIndex.RETRY)
        {
            return slot >= 0;
        }
        final HolderTable.Holder owner = lock();
        try
        {
            return index.findLocked(key) >= 0;
        }
        finally
        {
            unlock(owner);
        }
    }

    /**
     * @return the pool's figures, shared by every JVM that maps it, and this JVM's lease figures.
     */
    public PoolStats stats()
    {
        return new PoolStats(
            meta.getLongVolatile(PAGES_OFFSET),
            meta.getLongVolatile(BYTES_USED_OFFSET),
            meta.getLongVolatile(SLOTS_USED_OFFSET),
            layout.slotCount,
            layout.capacityBytes,
            meta.getLongVolatile(EVICTIONS_OFFSET),
            meta.getLongVolatile(EVICTIONS_TO_DISK_OFFSET),
            meta.getLongVolatile(DISK_TIER_HITS_OFFSET),
            meta.getLongVolatile(DISK_TIER_CORRUPT_OFFSET),
            meta.getLongVolatile(DISK_TIER_WRITE_ERRORS_OFFSET),
            meta.getLongVolatile(PINS_RECLAIMED_OFFSET),
            meta.getLongVolatile(HOLDERS_RECLAIMED_OFFSET),
            meta.getLongVolatile(LOCKS_STOLEN_OFFSET),
            holders.liveCount(),
            leasesLost.get(),
            leaseErrors.get());
    }

    /**
     * @return the pool file.
     */
    public Path file()
    {
        return file.path();
    }

    /**
     * @return the settings the pool was opened with.
     */
    public PoolConfig config()
    {
        return config;
    }

    /**
     * Releases this JVM's pins, drops its unpublished pages and hands back its holder slot. The file stays, with its
     * pages, for the other JVMs and the next open. Pages still referenced stay mapped (reading them is safe, but
     * they are no longer pinned).
     */
    @Override
    public void close()
    {
        synchronized (recoveryLock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        CloseHelper.quietClose(leaseRunner);
        final HolderTable.Holder owner = holder;
        if (holders.isLive(owner))
        {
            poolLock.lock(owner);
            try
            {
                allocator.repairIfFlagged(owner.index());
                synchronized (pinLock)
                {
                    Arrays.fill(localPins, 0);
                    descriptors.clearPinBitEverywhere(owner.index());
                }
                allocator.freeOrphanWrites(owner.token());
                holders.release(owner.index(), owner.incarnation());
            }
            finally
            {
                poolLock.unlock(owner);
            }
        }
        else
        {
            synchronized (recoveryLock)
            {
                lostHolders.add(owner);
            }
        }
        synchronized (recoveryLock)
        {
            tidyLostHolders();
        }
        file.close();
    }

    @Override
    public String toString()
    {
        return "PagePool{file=" + file.path() + ", stats=" + stats() + '}';
    }

    /**
     * @param buffer a view returned by this pool.
     * @return whether the view's bytes lie inside this JVM's mapping of the pool file, i.e. it is not a copy.
     */
    boolean isInsideMapping(final DirectBuffer buffer)
    {
        return file.mapsRange(buffer.addressOffset(), buffer.capacity());
    }

    /**
     * Stops renewing this JVM's lease, as a long pause would; for tests of reclaiming.
     */
    void stopLeaseRenewalForTest()
    {
        CloseHelper.quietClose(leaseRunner);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pinning, without the pool lock.

    private PinnedPage pinResident(final PageKey key)
    {
        for (int attempt = 0; attempt < PIN_ATTEMPTS; attempt++)
        {
            final int slot = index.find(key);
            if (PageIndex.RETRY == slot)
            {
                break;
            }
            if (slot < 0)
            {
                return null;
            }
            final long stateGen = readyStateGen(slot, key);
            if (stateGen >= 0)
            {
                final PinnedPage page = pinSlot(slot, stateGen, key);
                if (page != null)
                {
                    return page;
                }
            }
        }
        // The index or the page kept moving under us: look again where nothing moves.
        for (int attempt = 0; attempt < PIN_ATTEMPTS; attempt++)
        {
            final HolderTable.Holder owner = lock();
            try
            {
                final int slot = index.findLocked(key);
                if (slot < 0)
                {
                    return null;
                }
                final PinnedPage page = pinSlot(slot, readyStateGen(slot, key), key);
                if (page != null)
                {
                    return page;
                }
            }
            finally
            {
                unlock(owner);
            }
        }
        throw new IllegalStateException("could not pin page " + key + " in pool file " + file.path() + " after " +
            2 * PIN_ATTEMPTS + " attempts: this JVM keeps losing its lease; is it starved of CPU?");
    }

    private long readyStateGen(final int slot, final PageKey key)
    {
        final long stateGen = descriptors.stateGen(slot);
        return state(stateGen) == READY && index.holds(slot, key) && descriptors.stateGen(slot) == stateGen ?
            stateGen : -1;
    }

    /**
     * Pins the page in a slot if its state word is still the one expected (READY).
     *
     * @param key the page's key if known, else null.
     * @return the page, or null if it changed, or this JVM's lease was lost (a new holder is then taken).
     */
    private PinnedPage pinSlot(final int slot, final long expectedStateGen, final PageKey key)
    {
        final HolderTable.Holder lost;
        synchronized (pinLock)
        {
            ensureOpen();
            final HolderTable.Holder owner = holder;
            if (expectedStateGen < 0)
            {
                return null;
            }
            if (holders.isLive(owner))
            {
                if (localPins[slot] > 0)
                {
                    // This JVM's bit is already set, so the page cannot have moved: only count.
                    if (localPinStateGen[slot] != expectedStateGen)
                    {
                        return null;
                    }
                    localPins[slot]++;
                }
                else
                {
                    descriptors.setPinBit(slot, owner.bit());
                    // The evictor moves the state word, then reads the pin mask; here the bit is set, then the state
                    // word read. Whichever goes second sees the other, so a page is never pinned and evicted.
                    if (descriptors.stateGen(slot) != expectedStateGen || !holders.isLive(owner))
                    {
                        descriptors.clearPinBit(slot, owner.bit());
                        return null;
                    }
                    localPins[slot] = 1;
                    localPinStateGen[slot] = expectedStateGen;
                }
                descriptors.touch(slot, System.nanoTime());
                return newPinnedPage(slot, expectedStateGen, owner, key);
            }
            lost = owner;
        }
        recoverHolder(lost);
        return null;
    }

    /**
     * @param key the page's key, or null to read it from the descriptor (stable now that the page is pinned).
     */
    private PinnedPage newPinnedPage(
        final int slot, final long stateGen, final HolderTable.Holder owner, final PageKey key)
    {
        final int length = descriptors.length(slot);
        return new PinnedPage(this, slot, stateGen, owner, null == key ? descriptors.key(slot) : key, length,
            descriptors.checksum(slot), file.view(slot, length));
    }

    void unpin(final PinnedPage page)
    {
        synchronized (pinLock)
        {
            if (page.closed)
            {
                return;
            }
            page.closed = true;
            // After a lost lease or close, this JVM's old bits were cleared wholesale: nothing to count down.
            if (closed || page.holder != holder)
            {
                return;
            }
            if (--localPins[page.slot] == 0)
            {
                descriptors.clearPinBit(page.slot, page.holder.bit());
            }
        }
    }

    boolean isValid(final PinnedPage page)
    {
        if (page.closed || closed || page.holder != holder || !holders.isLive(page.holder))
        {
            return false;
        }
        final long stateGen = descriptors.stateGen(page.slot);
        final int state = state(stateGen);
        return generation(stateGen) == generation(page.stateGen) && (READY == state || EVICTING == state);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Placement, publication and eviction, under the pool lock.

    private PageWriter reserve(final PageKey key, final int length, final int flags)
    {
        final int run = layout.runSlots(length);
        for (int attempt = 0; attempt < PLACE_ATTEMPTS; attempt++)
        {
            int[] spills = null;
            long[] spillStateGens = null;
            int spillCount = 0;
            final HolderTable.Holder owner = lock();
            try
            {
                allocator.reclaimLapsedHolders(owner.index());
                final int first = allocator.plan(run);
                if (first < 0)
                {
                    throw poolFull(key, length, run, "");
                }
                final int victims = allocator.victimCount();
                for (int i = 0; i < victims && diskTier != null; i++)
                {
                    final int victim = allocator.victim(i);
                    if ((descriptors.flags(victim) & (FLAG_ON_DISK | FLAG_DROP)) == 0)
                    {
                        if (null == spills)
                        {
                            spills = new int[victims];
                            spillStateGens = new long[victims];
                        }
                        spills[spillCount] = victim;
                        spillStateGens[spillCount++] = descriptors.stateGen(victim);
                    }
                }
                if (0 == spillCount)
                {
                    boolean evicted = true;
                    for (int i = 0; i < victims && evicted; i++)
                    {
                        evicted = allocator.evict(allocator.victim(i));
                    }
                    if (evicted)
                    {
                        final long writing = allocator.claim(first, run, key, length, flags, owner.token());
                        return new PageWriter(this, first, writing, owner, key, length, file.view(first, length));
                    }
                }
            }
            finally
            {
                unlock(owner);
            }
            // Disk writes happen outside the lock, under a pin; the next attempt finds those pages free to evict.
            for (int i = 0; i < spillCount; i++)
            {
                spill(spills[i], spillStateGens[i]);
            }
        }
        final HolderTable.Holder owner = lock();
        try
        {
            throw poolFull(key, length, run, " Pages were pinned as fast as they could be evicted (" +
                PLACE_ATTEMPTS + " attempts).");
        }
        finally
        {
            unlock(owner);
        }
    }

    PinnedPage publish(final PageWriter writer, final int checksum)
    {
        ensureOpen();
        final HolderTable.Holder owner = lock();
        try
        {
            final int slot = writer.slot;
            if (writer.holder != owner || descriptors.stateGen(slot) != writer.stateGen ||
                descriptors.writer(slot) != owner.token())
            {
                throw new IllegalStateException("page " + writer.key + " was being written into pool file " +
                    file.path() + " but its slots were reclaimed: this JVM did not renew its lease for " +
                    config.leaseMs() + " ms (a long GC pause, or a stopped process?); write the page again");
            }
            final int existing = index.findLocked(writer.key);
            if (existing >= 0)
            {
                allocator.free(slot);
                final PinnedPage page = pinSlot(existing, readyStateGen(existing, writer.key), writer.key);
                if (null == page)
                {
                    throw new IllegalStateException("page " + writer.key + " was published by another writer, but " +
                        "this JVM lost its lease to pool file " + file.path() + " before it could pin it; pin it");
                }
                return page;
            }
            final long ready = stateGen(generation(writer.stateGen), READY);
            synchronized (pinLock)
            {
                if (holder != owner)
                {
                    throw new IllegalStateException("this JVM lost its lease to pool file " + file.path() +
                        " while publishing page " + writer.key + "; write the page again");
                }
                // Pinned before anyone can see it, so nothing evicts it between publication and the caller.
                descriptors.setPinBit(slot, owner.bit());
                localPins[slot] = 1;
                localPinStateGen[slot] = ready;
            }
            allocator.publish(slot, writer.stateGen, writer.key, checksum);
            return newPinnedPage(slot, ready, owner, writer.key);
        }
        finally
        {
            unlock(owner);
        }
    }

    void abort(final PageWriter writer)
    {
        if (closed)
        {
            return;
        }
        final HolderTable.Holder owner = lock();
        try
        {
            if (descriptors.stateGen(writer.slot) == writer.stateGen &&
                descriptors.writer(writer.slot) == writer.holder.token())
            {
                allocator.free(writer.slot);
            }
        }
        finally
        {
            unlock(owner);
        }
    }

    int crc32c(final int slot, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(file.slice(slot, length));
        return (int)crc.getValue();
    }

    private PoolFullException poolFull(final PageKey key, final int length, final int run, final String more)
    {
        final long[] pinnedAndWriting = allocator.pinnedAndWritingBytes();
        final long pinned = pinnedAndWriting[0];
        final long writing = pinnedAndWriting[1];
        final long requested = (long)run * layout.slotBytes;
        return new PoolFullException("no room for page " + key + " of " + length + " bytes (" + run + " slot" +
            (run == 1 ? "" : "s") + " of " + layout.slotBytes + ") in pool file " + file.path() + ": capacity " +
            layout.capacityBytes + " bytes, " + pinned + " pinned by " + holders.liveCount() + " live JVM(s), " +
            writing + " being written" + (pinned + writing + requested <= layout.capacityBytes ?
            ", and what is left is split into runs shorter than " + run + " slots" : "") + "." + more +
            " Close PinnedPages that are no longer read, give the pool more room (" + CAPACITY_PROP_NAME +
            ", the same in every JVM), or shorten " + LEASE_MS_PROP_NAME +
            " so pins of dead JVMs are reclaimed sooner.", requested, pinned, writing, layout.capacityBytes);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The disk tier.

    private void spill(final int slot, final long stateGen)
    {
        final PinnedPage page = pinSlot(slot, stateGen, null);
        if (null == page)
        {
            return;
        }
        try
        {
            diskTier.write(page.key(), file.slice(slot, page.length()), page.checksum());
            descriptors.addFlags(slot, FLAG_ON_DISK);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // Counted, and the page is dropped rather than kept forever: the disk tier is a cache.
            meta.getAndAddLong(DISK_TIER_WRITE_ERRORS_OFFSET, 1);
            descriptors.addFlags(slot, FLAG_DROP);
        }
        finally
        {
            page.close();
        }
    }

    private PinnedPage promote(final PageKey key)
    {
        try (DiskTier.Stored stored = diskTier.open(key))
        {
            if (null == stored || stored.length > layout.maxPageBytes() || stored.length > layout.capacityBytes)
            {
                return null;
            }
            try (PageWriter writer = reserve(key, stored.length, FLAG_ON_DISK))
            {
                if (!stored.readInto(file.slice(writer.slot, stored.length)))
                {
                    diskTier.discard(stored);
                    return null;
                }
                final PinnedPage page = writer.publish(stored.checksum);
                meta.getAndAddLong(DISK_TIER_HITS_OFFSET, 1);
                diskTier.touch(key);
                return page;
            }
            catch (final PageChecksumException ex)
            {
                diskTier.discard(stored);
                return null;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read page " + key + " from the disk tier " +
                diskTier.directory() + ": " + ex.getMessage(), ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Holders, leases, the lock and repair.

    private HolderTable.Holder lock()
    {
        while (true)
        {
            final HolderTable.Holder owner = holder;
            if (!holders.isLive(owner))
            {
                ensureOpen();
                recoverHolder(owner);
                continue;
            }
            poolLock.lock(owner);
            // Renewed with the lock in hand: a live lock holder is never robbed because its lease ran out.
            if (holders.renew(owner, leaseNs))
            {
                try
                {
                    allocator.repairIfFlagged(owner.index());
                }
                catch (final RuntimeException | Error ex)
                {
                    poolLock.unlock(owner);
                    throw ex;
                }
                return owner;
            }
            poolLock.unlock(owner);
        }
    }

    private void unlock(final HolderTable.Holder owner)
    {
        // False if the lock was stolen: this JVM was paused past its lease inside the lock, and the thief repaired.
        poolLock.unlock(owner);
    }

    private HolderTable.Holder claimHolder()
    {
        final HolderTable.Holder claimed =
            file.withFileLock(() -> holders.claim(leaseNs, descriptors::clearPinBitEverywhere));
        if (null == claimed)
        {
            throw new PoolFileException(file.path(), FabricException.Category.LIMIT, "all " + HOLDER_COUNT +
                " holder slots of pool file " + file.path() + " are taken (" + holders.liveCount() + " by live " +
                "JVMs, the rest by JVMs whose lease lapsed but that still run or are not yet reclaimed): close " +
                "pools no longer used, or wait " + config.leaseMs() + " ms and try again");
        }
        return claimed;
    }

    /**
     * Takes a new holder slot after this JVM's lease was found reclaimed; the old pins are void.
     */
    private void recoverHolder(final HolderTable.Holder lost)
    {
        synchronized (recoveryLock)
        {
            if (closed || holder != lost)
            {
                return;
            }
            final HolderTable.Holder fresh = claimHolder();
            synchronized (pinLock)
            {
                Arrays.fill(localPins, 0);
                holder = fresh;
            }
            lostHolders.add(lost);
            tidyLostHolders();
            leasesLost.incrementAndGet();
        }
    }

    /**
     * Hands back the slots of this JVM's lost leases once their reclaim is finished; until then nobody else can
     * claim them, since this process is alive, so the stale bits this JVM may have left in them harm nobody.
     */
    private void tidyLostHolders()
    {
        for (int i = lostHolders.size() - 1; i >= 0; i--)
        {
            final HolderTable.Holder lost = lostHolders.get(i);
            final long owner = holders.owner(lost.index());
            if (HolderTable.incarnation(owner) != lost.incarnation())
            {
                lostHolders.remove(i);
            }
            else if (HolderTable.state(owner) == HolderTable.RECLAIMED)
            {
                descriptors.clearPinBitEverywhere(lost.index());
                holders.release(lost.index(), lost.incarnation());
                lostHolders.remove(i);
            }
        }
    }

    /**
     * Run by {@link LeaseKeeper} every third of the lease.
     */
    void leaseDuty()
    {
        if (closed)
        {
            return;
        }
        final HolderTable.Holder owner = holder;
        if (!holders.renew(owner, leaseNs))
        {
            recoverHolder(owner);
        }
        synchronized (recoveryLock)
        {
            tidyLostHolders();
        }
        if (allocator.reclaimDue(holder.index()))
        {
            final HolderTable.Holder locked = lock();
            try
            {
                allocator.reclaimLapsedHolders(locked.index());
            }
            finally
            {
                unlock(locked);
            }
        }
    }

    private void onLeaseError(final Throwable error)
    {
        if (closed)
        {
            return;
        }
        leaseErrors.incrementAndGet();
        config.errorHandler().onError(error);
    }

    private void checkLength(final PageKey key, final int length)
    {
        if (length < 1)
        {
            throw new IllegalArgumentException("a page is at least 1 byte; page " + key + " was given " + length);
        }
        if (length > layout.capacityBytes)
        {
            throw new IllegalArgumentException("page " + key + " of " + length + " bytes is larger than pool file " +
                file.path() + " (capacity " + layout.capacityBytes + " bytes): raise " +
                CAPACITY_PROP_NAME + " to at least " + length + ", the same in every JVM using the pool");
        }
        if (length > layout.maxPageBytes())
        {
            throw new IllegalArgumentException("page " + key + " of " + length + " bytes is larger than one " +
                "mapped region of pool file " + file.path() + " (" + layout.maxPageBytes() + " bytes): split it");
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("page pool " + file.path() + " is closed");
        }
    }

    private static DiskTier openDiskTier(final PoolConfig config, final UnsafeBuffer meta)
    {
        final Path directory = config.diskTierDirectory();
        if (null == directory)
        {
            return null;
        }
        try
        {
            return new DiskTier(directory, config.diskCapacityBytes(),
                () -> meta.getAndAddLong(DISK_TIER_CORRUPT_OFFSET, 1));
        }
        catch (final IOException ex)
        {
            throw new PoolFileException(directory, FabricException.Category.CONFIGURATION, "cannot use disk tier " +
                "directory " + directory + ": " + ex + "; make it writable, or set " + DISK_DIR_PROP_NAME +
                " elsewhere, or unset it");
        }
    }
}
