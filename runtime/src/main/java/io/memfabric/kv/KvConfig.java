/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import static io.memfabric.kv.KvConfig.Configuration.BLOCKS_PER_PAGE_DEFAULT;
import static io.memfabric.kv.KvConfig.Configuration.BLOCK_TOKENS_DEFAULT;
import static io.memfabric.kv.KvConfig.Configuration.FETCH_TIMEOUT_MS_DEFAULT;
import static io.memfabric.kv.KvConfig.Configuration.SESSION_MS_DEFAULT;

import io.memfabric.ErrorHandlers;
import io.memfabric.FabricConfigurationException;
import io.memfabric.transport.pool.PoolConfig;
import io.memfabric.FabricErrorHandler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Settings of a {@link KvCache}, shaped like the fabric's other settings (an Aeron context): fluent accessors, defaults
 * in the nested {@link Configuration}, checked once by {@link #conclude()}, and a {@link FabricErrorHandler}. Given in code
 * only: a KV cache has no properties of its own (its page pool reads {@code memfabric.pool.*} through
 * {@link PoolConfig#fromProperties}).
 * <p>
 * The model fingerprint, the block size and the blocks per page are part of every page's key, so caches that differ
 * in any of them never read each other's pages; the KV bytes per token must agree with the pages put.
 */
public final class KvConfig
{
    /**
     * The defaults of the KV cache's settings.
     */
    public static final class Configuration
    {
        /** Default tokens per block: the unit of prefix matching. */
        public static final int BLOCK_TOKENS_DEFAULT = 16;
        /**
         * Default blocks per page: one, so every shared whole block is reused. A page of several blocks is reused only
         * whole (or as a prefix's last, short page), which suits models whose KV per block is small.
         */
        public static final int BLOCKS_PER_PAGE_DEFAULT = 1;
        /**
         * Default session lease with the cluster: a host that stops answering leaves the fabric-wide page index this long
         * after it was last heard.
         */
        public static final long SESSION_MS_DEFAULT = 5_000;
        /** Default bound on fetching a run of pages from another host; past it the pages count as missing. */
        public static final long FETCH_TIMEOUT_MS_DEFAULT = 10_000;

        private Configuration()
        {
        }
    }

    private String model;
    private int kvBytesPerToken;
    private int blockTokens = BLOCK_TOKENS_DEFAULT;
    private int blocksPerPage = BLOCKS_PER_PAGE_DEFAULT;
    private PoolConfig pool = new PoolConfig();
    private String cluster;
    private String address;
    private int dataPort;
    private Path secretFile;
    private long sessionMs = SESSION_MS_DEFAULT;
    private long fetchTimeoutMs = FETCH_TIMEOUT_MS_DEFAULT;
    private FabricErrorHandler errorHandler;
    private Properties transportProperties = new Properties();

    /**
     * Checks the settings.
     *
     * @return this.
     * @throws FabricConfigurationException naming the first bad setting and what to give instead.
     */
    public KvConfig conclude()
    {
        if (model == null || model.isBlank())
        {
            throw new FabricConfigurationException("KvConfig.model: give the model's fingerprint (its name, sizes, dtype " +
                "and weights version): pages of different models must never be mixed");
        }
        if (model.getBytes(StandardCharsets.UTF_8).length > 1024)
        {
            throw new FabricConfigurationException("KvConfig.model: a fingerprint of at most 1024 bytes, not " +
                model.getBytes(StandardCharsets.UTF_8).length);
        }
        if (kvBytesPerToken < 1)
        {
            throw new FabricConfigurationException("KvConfig.kvBytesPerToken is " + kvBytesPerToken + "; give the KV bytes " +
                "one token takes: layers x 2 (K and V) x KV heads x head dimension x bytes per element");
        }
        if (blockTokens < 1 || blockTokens > 4096)
        {
            throw new FabricConfigurationException("KvConfig.blockTokens is " + blockTokens + "; give 1 to 4096 (" +
                BLOCK_TOKENS_DEFAULT + " is the default)");
        }
        if (blocksPerPage < 1 || blocksPerPage > 4096)
        {
            throw new FabricConfigurationException("KvConfig.blocksPerPage is " + blocksPerPage + "; give 1 to 4096 (" +
                BLOCKS_PER_PAGE_DEFAULT + " is the default)");
        }
        final long pageBytes = (long)kvBytesPerToken * blockTokens * blocksPerPage;
        if (pageBytes > Integer.MAX_VALUE / 2)
        {
            throw new FabricConfigurationException("a page of " + blocksPerPage + " blocks of " + blockTokens +
                " tokens at " + kvBytesPerToken + " bytes per token is " + pageBytes + " bytes; use fewer blocks per " +
                "page (at most 1 GiB a page)");
        }
        if (dataPort < 0 || dataPort > 65535)
        {
            throw new FabricConfigurationException("KvConfig.dataPort is " + dataPort + "; give a UDP port (0: any free)");
        }
        if (sessionMs < 100 || fetchTimeoutMs < 1)
        {
            throw new FabricConfigurationException("KvConfig.sessionMs (" + sessionMs + ") must be at least 100 ms and " +
                "fetchTimeoutMs (" + fetchTimeoutMs + ") positive");
        }
        pool.conclude();
        if (transportProperties == null)
        {
            throw new FabricConfigurationException("KvConfig.transportProperties is not set: give the properties the " +
                "data plane's memfabric.transport.* settings are read from (an empty Properties for its defaults)");
        }
        if (errorHandler == null)
        {
            errorHandler = ErrorHandlers.logging("kv");
        }
        return this;
    }

    /**
     * @return the cluster's endpoints, or {@code null}: pages are shared on this host only.
     */
    public String cluster()
    {
        return cluster;
    }

    /**
     * @param cluster the consensus cluster's endpoints ({@code host:port,...}, as {@code memfabric.cluster}): the
     *                store joins the fabric-wide page index and fetches pages other hosts hold. {@code null} (the
     *                default) keeps it to this host's pool.
     * @return this.
     */
    public KvConfig cluster(final String cluster)
    {
        this.cluster = cluster;
        return this;
    }

    /**
     * @return the address other hosts fetch pages from, or {@code null} for the one that routes to the cluster.
     */
    public String address()
    {
        return address;
    }

    /**
     * @param address the local address (no port) other hosts reach this one on; by default the address that routes
     *                to the cluster.
     * @return this.
     */
    public KvConfig address(final String address)
    {
        this.address = address;
        return this;
    }

    /**
     * @return the UDP port pages are served and fetched on; 0 picks a free one.
     */
    public int dataPort()
    {
        return dataPort;
    }

    /**
     * @param dataPort the UDP port of this JVM's data plane (0, the default: any free port).
     * @return this.
     */
    public KvConfig dataPort(final int dataPort)
    {
        this.dataPort = dataPort;
        return this;
    }

    /**
     * @return the file holding the cluster's shared secret, or {@code null}.
     */
    public Path secretFile()
    {
        return secretFile;
    }

    /**
     * @param secretFile the file given to the members' {@code --secret-file}, when they require one.
     * @return this.
     */
    public KvConfig secretFile(final Path secretFile)
    {
        this.secretFile = secretFile;
        return this;
    }

    /**
     * @return the session lease with the cluster, in milliseconds.
     */
    public long sessionMs()
    {
        return sessionMs;
    }

    /**
     * @param sessionMs how long after this JVM was last heard the cluster drops it, and the other hosts its pages
     *                  from their index (default {@value Configuration#SESSION_MS_DEFAULT}).
     * @return this.
     */
    public KvConfig sessionMs(final long sessionMs)
    {
        this.sessionMs = sessionMs;
        return this;
    }

    /**
     * @return how long a fetch of pages from another host may take, in milliseconds.
     */
    public long fetchTimeoutMs()
    {
        return fetchTimeoutMs;
    }

    /**
     * @param fetchTimeoutMs bound on fetching a run of pages from another host (default
     *                       {@value Configuration#FETCH_TIMEOUT_MS_DEFAULT}); pages not in by then count as missing.
     * @return this.
     */
    public KvConfig fetchTimeoutMs(final long fetchTimeoutMs)
    {
        this.fetchTimeoutMs = fetchTimeoutMs;
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
     * @param blockTokens tokens per block, the unit of prefix matching (default {@value Configuration#BLOCK_TOKENS_DEFAULT}).
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
     *                      {@value Configuration#BLOCKS_PER_PAGE_DEFAULT}); a prefix's last page may hold fewer.
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

    /**
     * @return where errors go that have no caller to be thrown to: a peer that sent a page list this node cannot read,
     * a failure on the data plane's thread; {@link ErrorHandlers#logging(String)} unless set.
     */
    public FabricErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler see {@link #errorHandler()}.
     * @return this.
     */
    public KvConfig errorHandler(final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * @return the properties the data plane's {@code memfabric.transport.*} settings are read from when this cache
     * joins other hosts (see {@code TransportConfig.fromProperties}); empty, so the data plane's defaults, unless set.
     */
    public Properties transportProperties()
    {
        return transportProperties;
    }

    /**
     * @param transportProperties where the data plane's {@code memfabric.transport.*} settings are, e.g.
     *                            {@link System#getProperties()} in a program that takes them on its command line.
     * @return this.
     */
    public KvConfig transportProperties(final Properties transportProperties)
    {
        this.transportProperties = transportProperties;
        return this;
    }
}
