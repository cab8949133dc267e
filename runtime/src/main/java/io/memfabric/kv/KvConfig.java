/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import io.memfabric.transport.pool.PoolConfig;

import java.nio.charset.StandardCharsets;

/**
 * Settings of a {@link KvCache}, in the style of the fabric's other settings: fluent accessors, defaults as constants,
 * checked once by {@link #conclude()}.
 * <p>
 * The model fingerprint, the block size and the blocks per page are part of every page's key, so caches that differ
 * in any of them never read each other's pages; the KV bytes per token must agree with the pages put.
 */
public final class KvConfig
{
    /** Default tokens per block: the unit of prefix matching. */
    public static final int BLOCK_TOKENS_DEFAULT = 16;
    /**
     * Default blocks per page: one, so every shared whole block is reused. A page of several blocks is reused only
     * whole (or as a prefix's last, short page), which suits models whose KV per block is small.
     */
    public static final int BLOCKS_PER_PAGE_DEFAULT = 1;

    private String model;
    private int kvBytesPerToken;
    private int blockTokens = BLOCK_TOKENS_DEFAULT;
    private int blocksPerPage = BLOCKS_PER_PAGE_DEFAULT;
    private PoolConfig pool = new PoolConfig();

    /**
     * Checks the settings.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad setting and what to give instead.
     */
    public KvConfig conclude()
    {
        if (model == null || model.isBlank())
        {
            throw new IllegalArgumentException("KvConfig.model: give the model's fingerprint (its name, sizes, dtype " +
                "and weights version): pages of different models must never be mixed");
        }
        if (model.getBytes(StandardCharsets.UTF_8).length > 1024)
        {
            throw new IllegalArgumentException("KvConfig.model: a fingerprint of at most 1024 bytes, not " +
                model.getBytes(StandardCharsets.UTF_8).length);
        }
        if (kvBytesPerToken < 1)
        {
            throw new IllegalArgumentException("KvConfig.kvBytesPerToken is " + kvBytesPerToken + "; give the KV bytes " +
                "one token takes: layers x 2 (K and V) x KV heads x head dimension x bytes per element");
        }
        if (blockTokens < 1 || blockTokens > 4096)
        {
            throw new IllegalArgumentException("KvConfig.blockTokens is " + blockTokens + "; give 1 to 4096 (" +
                BLOCK_TOKENS_DEFAULT + " is the default)");
        }
        if (blocksPerPage < 1 || blocksPerPage > 4096)
        {
            throw new IllegalArgumentException("KvConfig.blocksPerPage is " + blocksPerPage + "; give 1 to 4096 (" +
                BLOCKS_PER_PAGE_DEFAULT + " is the default)");
        }
        final long pageBytes = (long)kvBytesPerToken * blockTokens * blocksPerPage;
        if (pageBytes > Integer.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("a page of " + blocksPerPage + " blocks of " + blockTokens +
                " tokens at " + kvBytesPerToken + " bytes per token is " + pageBytes + " bytes; use fewer blocks per " +
                "page (at most 1 GiB a page)");
        }
        pool.conclude();
        return this;
    }

    /**
     * @return the model fingerprint.
     */
    public String model()
    {
        return model;
    }

    /**
     * @param model the model's fingerprint: its name, sizes, dtype, weights version, and tensor-parallel rank if the
     *              pages are per rank. Required.
     * @return this.
     */
    public KvConfig model(final String model)
    {
        this.model = model;
        return this;
    }

    /**
     * @return the KV bytes of one token.
     */
    public int kvBytesPerToken()
    {
        return kvBytesPerToken;
    }

    /**
     * @param kvBytesPerToken the KV bytes one token takes in this model. Required.
     * @return this.
     */
    public KvConfig kvBytesPerToken(final int kvBytesPerToken)
    {
        this.kvBytesPerToken = kvBytesPerToken;
        return this;
    }

    /**
     * @return tokens per block.
     */
    public int blockTokens()
    {
        return blockTokens;
    }

    /**
     * @param blockTokens tokens per block, the unit of prefix matching (default {@value #BLOCK_TOKENS_DEFAULT}).
     * @return this.
     */
    public KvConfig blockTokens(final int blockTokens)
    {
        this.blockTokens = blockTokens;
        return this;
    }

    /**
     * @return blocks per page.
     */
    public int blocksPerPage()
    {
        return blocksPerPage;
    }

    /**
     * @param blocksPerPage blocks per page, the unit of storage and of transfer between hosts (default
     *                      {@value #BLOCKS_PER_PAGE_DEFAULT}); a prefix's last page may hold fewer.
     * @return this.
     */
    public KvConfig blocksPerPage(final int blocksPerPage)
    {
        this.blocksPerPage = blocksPerPage;
        return this;
    }

    /**
     * @return the host's page pool the pages live in.
     */
    public PoolConfig pool()
    {
        return pool;
    }

    /**
     * @param pool the host's page pool (file, capacity, slot size, disk tier); every JVM of a host that names the same
     *             pool file shares its pages with no copy.
     * @return this.
     */
    public KvConfig pool(final PoolConfig pool)
    {
        this.pool = pool;
        return this;
    }

    /**
     * @return KV bytes of one block.
     */
    public long blockBytes()
    {
        return (long)kvBytesPerToken * blockTokens;
    }
}
