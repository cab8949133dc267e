/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import io.memfabric.transport.PageKey;
import io.memfabric.transport.PageRef;
import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PageWriter;
import io.memfabric.transport.pool.PinnedPage;
import io.memfabric.transport.pool.PoolFullException;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A KV-cache store for prompt prefixes: an engine that computed the KV of a prompt {@link #put}s it, and any engine
 * of the same model on the host then {@link #match}es the longest prefix of its own prompt that is stored and
 * prefills only the rest.
 * <p>
 * A sequence is cut into blocks of {@link KvConfig#blockTokens()} tokens, each named by its {@link PrefixHash} digest
 * (which names the whole prefix up to it). Blocks are stored in pages of up to {@link KvConfig#blocksPerPage()}
 * blocks: page {@code p} holds blocks {@code p * blocksPerPage} onwards, the last page of a prefix perhaps fewer, and
 * is named by its last block's digest together with the model fingerprint, the block size and the blocks per page:
 * <pre>
 *   page key = SHA-256("memfabric-kv-page/1" ‖ 0x00 ‖ u32le(len(model)) ‖ model (UTF-8) ‖ u32le(blockTokens)
 *                      ‖ u32le(blocksPerPage) ‖ digest of the page's last block)
 * </pre>
 * so matching probes at most one key per whole page and, for the last page, one per block. Pages live in the host's
 * {@link PagePool}: every JVM of the host that opens the same pool file reads them in place, with no copy, and the
 * pool keeps the recently used ones in memory (LRU), the others in its disk tier if it has one.
 * <p>
 * Thread-safe.
 */
public final class KvCache implements AutoCloseable
{
    private static final byte[] DOMAIN = "memfabric-kv-page/1".getBytes(StandardCharsets.US_ASCII);

    private final KvConfig config;
    private final PagePool pool;
    private final boolean ownsPool;
    private final KvNetwork network;
    private final ScheduledExecutorService holdTimer =
        Executors.newSingleThreadScheduledExecutor((task) ->
        {
            final Thread thread = new Thread(task, "memfabric-kv-holds");
            thread.setDaemon(true);
            return thread;
        });
    private final MessageDigest keyPrefix;
    private final LongAdder lookups = new LongAdder();
    private final LongAdder hitBlocks = new LongAdder();
    private final LongAdder missBlocks = new LongAdder();
    private final LongAdder bytesServed = new LongAdder();
    private final LongAdder pagesPut = new LongAdder();
    private final LongAdder pagesPresent = new LongAdder();
    private final LongAdder bytesPut = new LongAdder();

    private KvCache(final KvConfig config, final PagePool pool, final boolean ownsPool)
    {
        this.config = config;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.keyPrefix = keyPrefix(config);
        KvNetwork joined = null;
        if (config.cluster() != null)
        {
            try
            {
                joined = KvNetwork.join(config, pool);
            }
            catch (final RuntimeException ex)
            {
                if (ownsPool)
                {
                    pool.close();
                }
                throw ex;
            }
        }
        this.network = joined;
    }

    /**
     * Opens the store over the host's page pool the settings name (creating the pool file if it is the first) and,
     * with {@link KvConfig#cluster()}, joins the fabric-wide page index.
     *
     * @param config settings; {@link KvConfig#conclude()} is called here.
     * @return the store; closing it closes the pool mapping of this JVM.
     */
    public static KvCache open(final KvConfig config)
    {
        config.conclude();
        return new KvCache(config, PagePool.open(config.pool()), true);
    }

    /**
     * A store over a pool the caller opened and closes.
     *
     * @param pool   the host's pool.
     * @param config settings (its pool settings are not used).
     * @return the store.
     */
    public static KvCache over(final PagePool pool, final KvConfig config)
    {
        config.conclude();
        return new KvCache(config, pool, false);
    }

    /**
     * The longest stored prefix of a token sequence, in whole blocks. A miss costs hashing the tokens and one probe
     * of the pool's index per block of the first missing page.
     *
     * @param tokens the sequence's token ids.
     * @return the prefix found, its pages pinned: close it when done with them.
     */
    public KvMatch match(final int[] tokens)
    {
        lookups.increment();
        final List<byte[]> digests = PrefixHash.chain(tokens, config.blockTokens());
        final int blocks = digests.size();
        final int perPage = config.blocksPerPage();
        final List<KvPage> pages = new ArrayList<>();
        int covered = 0;
        int fetchedTo = -1;
        try
        {
            while (covered < blocks)
            {
                final int pageStart = covered;
                final int lastPossible = Math.min(blocks, pageStart + perPage) - 1;
                KvPage found = null;
                for (int last = lastPossible; last >= pageStart && found == null; last--)
                {
                    found = pin(digests.get(last), pageStart, last - pageStart + 1);
                }
                if (found == null && network != null && fetchedTo < pageStart)
                {
                    // Not on this host: bring the run of pages other hosts hold from here on, all at once, then
                    // read them from this host's pool like any other.
                    fetchedTo = fetchRun(digests, pageStart);
                    continue;
                }
                if (found == null)
                {
                    break;
                }
                pages.add(found);
                covered = pageStart + found.blockCount();
                if (found.blockCount() < perPage)
                {
                    // A short page ends the prefix it was put for; nothing longer was stored after it.
                    break;
                }
            }
        }
        catch (final RuntimeException ex)
        {
            for (final KvPage page : pages)
            {
                page.release();
            }
            throw ex;
        }
        hitBlocks.add(covered);
        missBlocks.add(blocks - covered);
        for (final KvPage page : pages)
        {
            bytesServed.add(page.length());
        }
        return new KvMatch(List.copyOf(pages), covered, config.blockTokens());
    }

    /**
     * Keeps the stored prefix of a sequence in this host's memory (a system prompt every agent starts with): its pages
     * are pinned, so the pool never evicts them, until the time runs out, the hold is closed, or this JVM exits (pins
     * are leases of the JVM that holds them).
     *
     * @param tokens the sequence.
     * @param ttl    how long to hold it; {@link Duration#ZERO} holds it until the hold is closed.
     * @return the hold: the prefix it holds ({@link KvMatch#blocks()}); close it to let the pages go.
     */
    public KvMatch hold(final int[] tokens, final Duration ttl)
    {
        if (ttl.isNegative())
        {
            throw new IllegalArgumentException("a hold of " + ttl + ": give a positive time, or ZERO for no limit");
        }
        final KvMatch held = match(tokens);
        if (!ttl.isZero())
        {
            holdTimer.schedule(held::close, ttl.toNanos(), TimeUnit.NANOSECONDS);
        }
        return held;
    }

    // Fetches the pages other hosts announced for blocks pageStart onwards, up to the first one nobody holds; returns
    // the first block after them (pageStart if there was none), past which no further fetch is tried in this match.
    private int fetchRun(final List<byte[]> digests, final int pageStart)
    {
        final int perPage = config.blocksPerPage();
        final List<PageRef> run = new ArrayList<>();
        int start = pageStart;
        while (start < digests.size())
        {
            PageRef ref = null;
            int last = Math.min(digests.size(), start + perPage) - 1;
            for (; last >= start && ref == null; last--)
            {
                final PageRef candidate = network.locate(pageKey(digests.get(last)));
                if (candidate != null && candidate.length() == (last - start + 1) * config.blockBytes())
                {
                    ref = candidate;
                }
            }
            if (ref == null)
            {
                break;
            }
            run.add(ref);
            final int count = last + 2 - start;
            start += count;
            if (count < perPage)
            {
                break;
            }
        }
        if (!run.isEmpty())
        {
            network.fetch(run);
        }
        return Math.max(start, pageStart);
    }

    /**
     * Stores the KV of a sequence's first {@code blocks} whole blocks, page by page; pages already stored (by any JVM
     * of the host) are not written again, and the source is asked only for the pages missing. The source may be
     * asked for blocks before the ones the caller computed itself: a page is stored whole, from its first block.
     *
     * @param tokens the sequence's token ids.
     * @param blocks how many of its whole blocks to store.
     * @param source writes the KV bytes of a run of blocks.
     * @return pages written by this call.
     * @throws IllegalArgumentException if the sequence has fewer whole blocks.
     * @throws PoolFullException        if the pool cannot make room: everything evictable is pinned.
     */
    public int put(final int[] tokens, final int blocks, final KvBlockSource source)
    {
        final int wholeBlocks = tokens.length / config.blockTokens();
        if (blocks < 0 || blocks > wholeBlocks)
        {
            throw new IllegalArgumentException("put of " + blocks + " blocks, but the " + tokens.length + " tokens " +
                "given make " + wholeBlocks + " whole blocks of " + config.blockTokens());
        }
        final List<byte[]> digests = PrefixHash.chain(tokens, config.blockTokens());
        final int perPage = config.blocksPerPage();
        final List<PageRef> stored = new ArrayList<>();
        int written = 0;
        for (int pageStart = 0; pageStart < blocks; pageStart += perPage)
        {
            final int count = Math.min(blocks - pageStart, perPage);
            final PageKey key = pageKey(digests.get(pageStart + count - 1));
            if (pool.contains(key))
            {
                pagesPresent.increment();
                if (network != null)
                {
                    announceable(key, stored);
                }
                continue;
            }
            final int length = Math.toIntExact(count * config.blockBytes());
            try (PageWriter writer = pool.allocate(key, length))
            {
                final ByteBuffer page = view(writer.buffer(), length);
                source.write(pageStart, count, page);
                try (PinnedPage published = writer.publish())
                {
                    stored.add(new PageRef(0, key, length, published.checksum()));
                }
            }
            pagesPut.increment();
            bytesPut.add(length);
            written++;
        }
        if (network != null)
        {
            network.announce(stored);
        }
        return written;
    }

    private void announceable(final PageKey key, final List<PageRef> stored)
    {
        try (PinnedPage page = pool.pin(key))
        {
            if (page != null)
            {
                stored.add(new PageRef(0, key, page.length(), page.checksum()));
            }
        }
        catch (final PoolFullException ex)
        {
            // On disk and no room to read it back: not announced; another host recomputes it if it needs it.
        }
    }

    /**
     * @return what this store did in this JVM so far.
     */
    public KvStats stats()
    {
        return new KvStats(lookups.sum(), hitBlocks.sum(), missBlocks.sum(),
            hitBlocks.sum() * config.blockTokens(), bytesServed.sum(), pagesPut.sum(), pagesPresent.sum(),
            bytesPut.sum(), network == null ? 0 : network.fetched(), network == null ? 0 : network.fetchFailures());
    }

    /**
     * @return the nodes of the fabric this store knows (an empty set without a cluster): for tests and monitoring.
     */
    public Set<Integer> peers()
    {
        return network == null ? Set.of() : network.peers();
    }

    /**
     * @return the settings.
     */
    public KvConfig config()
    {
        return config;
    }

    /**
     * Closes the pool mapping if this store opened it; pages stay in the pool for the host's other JVMs.
     */
    public void close()
    {
        holdTimer.shutdownNow();
        if (network != null)
        {
            network.close();
        }
        if (ownsPool)
        {
            pool.close();
        }
    }

    /**
     * @param lastBlockDigest the {@link PrefixHash} digest of a page's last block.
     * @return the page's key in the pool.
     */
    public PageKey pageKey(final byte[] lastBlockDigest)
    {
        try
        {
            final MessageDigest sha256 = (MessageDigest)keyPrefix.clone();
            sha256.update(lastBlockDigest);
            return PageKey.of(sha256.digest());
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", ex);
        }
    }

    private KvPage pin(final byte[] lastBlockDigest, final int fromBlock, final int blockCount)
    {
        final PinnedPage pinned;
        try
        {
            pinned = pool.pin(pageKey(lastBlockDigest));
        }
        catch (final PoolFullException ex)
        {
            // On disk only, and no room to bring it back now: as good as absent.
            return null;
        }
        if (pinned == null)
        {
            return null;
        }
        if (pinned.length() != blockCount * config.blockBytes())
        {
            // Not a page of this geometry (another kvBytesPerToken under the same fingerprint): never use it.
            pinned.close();
            return null;
        }
        return new KvPage(pinned, fromBlock, blockCount);
    }

    static ByteBuffer view(final DirectBuffer buffer, final int length)
    {
        final ByteBuffer region = buffer.byteBuffer();
        if (region == null)
        {
            throw new IllegalStateException("pool memory is not a ByteBuffer view");
        }
        final int at = buffer.wrapAdjustment();
        return region.duplicate().limit(at + length).position(at).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static MessageDigest keyPrefix(final KvConfig config)
    {
        try
        {
            final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            final byte[] model = config.model().getBytes(StandardCharsets.UTF_8);
            final ByteBuffer header = ByteBuffer.allocate(DOMAIN.length + 1 + 4 + model.length + 8)
                .order(ByteOrder.LITTLE_ENDIAN);
            header.put(DOMAIN).put((byte)0).putInt(model.length).put(model)
                .putInt(config.blockTokens()).putInt(config.blocksPerPage());
            sha256.update(header.array());
            return sha256;
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", ex);
        }
    }
}
