/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import static io.memfabric.kv.resp.RespConfig.Configuration.BIND_DEFAULT;
import static io.memfabric.kv.resp.RespConfig.Configuration.BIND_PROP_NAME;
import static io.memfabric.kv.resp.RespConfig.Configuration.IO_THREADS_DEFAULT;
import static io.memfabric.kv.resp.RespConfig.Configuration.IO_THREADS_MAX;
import static io.memfabric.kv.resp.RespConfig.Configuration.IO_THREADS_PROP_NAME;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_CLIENTS_DEFAULT;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_CLIENTS_PROP_NAME;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_QUERY_BYTES_DEFAULT;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_QUERY_BYTES_PROP_NAME;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_VALUE_BYTES_DEFAULT;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_VALUE_BYTES_MAX;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_VALUE_BYTES_MIN;
import static io.memfabric.kv.resp.RespConfig.Configuration.MAX_VALUE_BYTES_PROP_NAME;
import static io.memfabric.kv.resp.RespConfig.Configuration.PORT_DEFAULT;
import static io.memfabric.kv.resp.RespConfig.Configuration.PORT_PROP_NAME;
import static io.memfabric.kv.resp.RespConfig.Configuration.SWEEP_INTERVAL_MS_DEFAULT;
import static io.memfabric.kv.resp.RespConfig.Configuration.SWEEP_INTERVAL_MS_PROP_NAME;

import io.memfabric.ErrorHandlers;
import io.memfabric.FabricConfigurationException;
import io.memfabric.transport.pool.PoolConfig;
import io.memfabric.FabricErrorHandler;
import io.memfabric.SettingValues;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.util.Properties;


/**
 * Settings of a {@link RespServer}, shaped like an Aeron context: fluent accessors, property names and defaults in the
 * nested {@link Configuration}, read from the properties given to {@link #fromProperties(Properties)}, validated once
 * by {@link #conclude()}, and a {@link FabricErrorHandler}.
 * <p>
 * The page pool the values live in is configured by a {@link PoolConfig} of its own ({@code memfabric.pool.*}); its
 * geometry must match every other JVM that maps the same pool file.
 */
public final class RespConfig
{
    /**
     * The names of the RESP front's settings, their defaults and their bounds.
     */
    public static final class Configuration
    {
        /** System property for the TCP port the server listens on. */
        public static final String PORT_PROP_NAME = "memfabric.resp.port";
        /** Default port: one above Redis's 6379, so the front never collides with a local redis-server. */
        public static final int PORT_DEFAULT = 6380;

        /** System property for the address the server binds to. */
        public static final String BIND_PROP_NAME = "memfabric.resp.bind";
        /** Default bind address: loopback only, since the front has no authentication. */
        public static final String BIND_DEFAULT = "127.0.0.1";

        /** System property for the largest value (bulk string) accepted: a number, optionally with k, m or g. */
        public static final String MAX_VALUE_BYTES_PROP_NAME = "memfabric.resp.max.value.bytes";
        /** Default largest value: 512 MiB, Redis's {@code proto-max-bulk-len}. */
        public static final long MAX_VALUE_BYTES_DEFAULT = 512L * 1024 * 1024;

        /** System property for the heap bytes one command may hold: its arguments other than large values. */
        public static final String MAX_QUERY_BYTES_PROP_NAME = "memfabric.resp.max.query.bytes";
        /**
         * Default: 64 MiB. Values of SET and MSET of {@value RespParser#LARGE_ARG_BYTES} bytes or more do not count.
         */
        public static final long MAX_QUERY_BYTES_DEFAULT = 64L * 1024 * 1024;

        /** System property for the most clients connected at once. */
        public static final String MAX_CLIENTS_PROP_NAME = "memfabric.resp.max.clients";
        /** Default: 10000, as Redis. */
        public static final int MAX_CLIENTS_DEFAULT = 10_000;

        /** System property for the number of I/O threads (each a selector serving its share of the clients). */
        public static final String IO_THREADS_PROP_NAME = "memfabric.resp.io.threads";
        /** Default: one thread, which measured fastest on small machines (see the architecture notes). */
        public static final int IO_THREADS_DEFAULT = 1;

        /** System property for how often expired keys and evicted values are looked for, in milliseconds. */
        public static final String SWEEP_INTERVAL_MS_PROP_NAME = "memfabric.resp.sweep.interval.ms";
        /** Default: every 100 ms, as Redis's active expiry at {@code hz 10}. */
        public static final long SWEEP_INTERVAL_MS_DEFAULT = 100;

        /** Most I/O threads accepted. */
        public static final int IO_THREADS_MAX = 64;
        /** Smallest value limit accepted: a value must fit at least a few bytes. */
        public static final long MAX_VALUE_BYTES_MIN = 1;
        /** Largest value limit accepted: a value is one page of the pool, which is int-indexed. */
        public static final long MAX_VALUE_BYTES_MAX = Integer.MAX_VALUE - 8;

        private Configuration()
        {
        }
    }

    private int port = PORT_DEFAULT;
    private String bindAddress = BIND_DEFAULT;
    private long maxValueBytes = MAX_VALUE_BYTES_DEFAULT;
    private long maxQueryBytes = MAX_QUERY_BYTES_DEFAULT;
    private int maxClients = MAX_CLIENTS_DEFAULT;
    private int ioThreads = IO_THREADS_DEFAULT;
    private long sweepIntervalMs = SWEEP_INTERVAL_MS_DEFAULT;
    private PoolConfig poolConfig;
    private EpochClock epochClock = SystemEpochClock.INSTANCE;
    private FabricErrorHandler errorHandler;

    /**
     * @param properties where the settings are, usually {@link System#getProperties()}.
     * @return settings with every default overridden by the {@code memfabric.resp.*} properties that are set, and the
     * pool's by the {@code memfabric.pool.*} ones.
     * @throws FabricConfigurationException naming the property whose value cannot be read.
     */
    public static RespConfig fromProperties(final Properties properties)
    {
        final RespConfig config = new RespConfig();
        final String port = properties.getProperty(PORT_PROP_NAME);
        if (port != null)
        {
            config.port((int)SettingValues.wholeNumber(PORT_PROP_NAME, port, 0, Integer.MAX_VALUE));
        }
        final String bind = properties.getProperty(BIND_PROP_NAME);
        if (bind != null)
        {
            config.bindAddress(bind.trim());
        }
        final String maxValue = properties.getProperty(MAX_VALUE_BYTES_PROP_NAME);
        if (maxValue != null)
        {
            config.maxValueBytes(SettingValues.size(MAX_VALUE_BYTES_PROP_NAME, maxValue));
        }
        final String maxQuery = properties.getProperty(MAX_QUERY_BYTES_PROP_NAME);
        if (maxQuery != null)
        {
            config.maxQueryBytes(SettingValues.size(MAX_QUERY_BYTES_PROP_NAME, maxQuery));
        }
        final String maxClients = properties.getProperty(MAX_CLIENTS_PROP_NAME);
        if (maxClients != null)
        {
            config.maxClients((int)SettingValues.wholeNumber(MAX_CLIENTS_PROP_NAME, maxClients, 0, Integer.MAX_VALUE));
        }
        final String ioThreads = properties.getProperty(IO_THREADS_PROP_NAME);
        if (ioThreads != null)
        {
            config.ioThreads((int)SettingValues.wholeNumber(IO_THREADS_PROP_NAME, ioThreads, 0, Integer.MAX_VALUE));
        }
        final String sweep = properties.getProperty(SWEEP_INTERVAL_MS_PROP_NAME);
        if (sweep != null)
        {
            config.sweepIntervalMs(SettingValues.wholeNumber(SWEEP_INTERVAL_MS_PROP_NAME, sweep, 0, Long.MAX_VALUE));
        }
        config.poolConfig(PoolConfig.fromProperties(properties));
        return config;
    }

    /**
     * Checks every setting once, before a server is started with them; the pool's settings are checked too.
     *
     * @return this.
     * @throws FabricConfigurationException naming the setting, its bad value and what to do.
     */
    public RespConfig conclude()
    {
        if (port < 0 || port > 65_535)
        {
            throw new FabricConfigurationException(
                "port=" + port + " is not a TCP port: give 1 to 65535, or 0 for any " +
                "free port (" + PORT_PROP_NAME + ", default " + PORT_DEFAULT + ")");
        }
        if (null == bindAddress || bindAddress.isBlank())
        {
            throw new FabricConfigurationException(
                "bindAddress is not set: give an address of this host to listen on, " +
                "e.g. " + BIND_DEFAULT + " or 0.0.0.0 (" + BIND_PROP_NAME + ")");
        }
        if (maxValueBytes < MAX_VALUE_BYTES_MIN || maxValueBytes > MAX_VALUE_BYTES_MAX)
        {
            throw new FabricConfigurationException("maxValueBytes=" + maxValueBytes + " must be between " +
                MAX_VALUE_BYTES_MIN + " and " + MAX_VALUE_BYTES_MAX + " (a value is one page of the pool): set " +
                MAX_VALUE_BYTES_PROP_NAME + " to e.g. 512m");
        }
        if (maxQueryBytes < RespParser.LARGE_ARG_BYTES)
        {
            throw new FabricConfigurationException("maxQueryBytes=" + maxQueryBytes + " is below " +
                RespParser.LARGE_ARG_BYTES + ", too small for ordinary commands: set " + MAX_QUERY_BYTES_PROP_NAME +
                " to e.g. 64m");
        }
        if (maxClients < 1)
        {
            throw new FabricConfigurationException("maxClients=" + maxClients + " must be at least 1 (" +
                MAX_CLIENTS_PROP_NAME + ", default " + MAX_CLIENTS_DEFAULT + ")");
        }
        if (ioThreads < 1 || ioThreads > IO_THREADS_MAX)
        {
            throw new FabricConfigurationException(
                "ioThreads=" + ioThreads + " must be between 1 and " + IO_THREADS_MAX +
                " (" + IO_THREADS_PROP_NAME + ", default " + IO_THREADS_DEFAULT + ")");
        }
        if (sweepIntervalMs < 1)
        {
            throw new FabricConfigurationException("sweepIntervalMs=" + sweepIntervalMs + " must be at least 1 (" +
                SWEEP_INTERVAL_MS_PROP_NAME + ", default " + SWEEP_INTERVAL_MS_DEFAULT + ")");
        }
        if (null == epochClock)
        {
            throw new FabricConfigurationException("epochClock is not set: give one, e.g. SystemEpochClock.INSTANCE");
        }
        if (null == poolConfig)
        {
            poolConfig = new PoolConfig();
        }
        if (null == errorHandler)
        {
            errorHandler = ErrorHandlers.logging("resp");
        }
        poolConfig.conclude();
        return this;
    }

    /**
     * @return the TCP port to listen on; 0 picks a free one ({@link RespServer#port()} tells which).
     */
    public int port()
    {
        return port;
    }

    /**
     * @param port TCP port, or 0 for any free one.
     * @return this.
     */
    public RespConfig port(final int port)
    {
        this.port = port;
        return this;
    }

    /**
     * @return the address to listen on.
     */
    public String bindAddress()
    {
        return bindAddress;
    }

    /**
     * @param bindAddress an address of this host, a host name, or 0.0.0.0 for every interface.
     * @return this.
     */
    public RespConfig bindAddress(final String bindAddress)
    {
        this.bindAddress = bindAddress;
        return this;
    }

    /**
     * @return the largest bulk string accepted; a longer one is a protocol error and closes the connection.
     */
    public long maxValueBytes()
    {
        return maxValueBytes;
    }

    /**
     * @param maxValueBytes the largest bulk string accepted.
     * @return this.
     */
    public RespConfig maxValueBytes(final long maxValueBytes)
    {
        this.maxValueBytes = maxValueBytes;
        return this;
    }

    /**
     * @return heap bytes one command may hold (its arguments, but not the large values of SET and MSET, which are
     * received straight into the page pool); a command that needs more is a protocol error.
     */
    public long maxQueryBytes()
    {
        return maxQueryBytes;
    }

    /**
     * @param maxQueryBytes heap bytes one command may hold.
     * @return this.
     */
    public RespConfig maxQueryBytes(final long maxQueryBytes)
    {
        this.maxQueryBytes = maxQueryBytes;
        return this;
    }

    /**
     * @return the most clients connected at once; the next is told so and disconnected.
     */
    public int maxClients()
    {
        return maxClients;
    }

    /**
     * @param maxClients the most clients connected at once.
     * @return this.
     */
    public RespConfig maxClients(final int maxClients)
    {
        this.maxClients = maxClients;
        return this;
    }

    /**
     * @return I/O threads; each runs a selector for its share of the connections.
     */
    public int ioThreads()
    {
        return ioThreads;
    }

    /**
     * @param ioThreads I/O threads, 1 to {@value Configuration#IO_THREADS_MAX}.
     * @return this.
     */
    public RespConfig ioThreads(final int ioThreads)
    {
        this.ioThreads = ioThreads;
        return this;
    }

    /**
     * @return milliseconds between sweeps for expired keys, lapsed pins and values the pool evicted.
     */
    public long sweepIntervalMs()
    {
        return sweepIntervalMs;
    }

    /**
     * @param sweepIntervalMs milliseconds between sweeps.
     * @return this.
     */
    public RespConfig sweepIntervalMs(final long sweepIntervalMs)
    {
        this.sweepIntervalMs = sweepIntervalMs;
        return this;
    }

    /**
     * @return the page pool the values live in; a default {@link PoolConfig} if none was given.
     */
    public PoolConfig poolConfig()
    {
        return poolConfig;
    }

    /**
     * @param poolConfig the page pool the values live in.
     * @return this.
     */
    public RespConfig poolConfig(final PoolConfig poolConfig)
    {
        this.poolConfig = poolConfig;
        return this;
    }

    /**
     * @return the clock expiry times are measured against (epoch milliseconds).
     */
    public EpochClock epochClock()
    {
        return epochClock;
    }

    /**
     * @param epochClock the clock for expiry; tests give one they move by hand.
     * @return this.
     */
    public RespConfig epochClock(final EpochClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    /**
     * @return where errors go that cost a connection or a sweep but not the server (a command that failed inside the
     * store, an I/O thread that died); {@link ErrorHandlers#logging(String)} unless set.
     */
    public FabricErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler see {@link #errorHandler()}.
     * @return this.
     */
    public RespConfig errorHandler(final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    @Override
    public String toString()
    {
        return "RespConfig{bind=" + bindAddress + ":" + port + ", maxValueBytes=" + maxValueBytes +
            ", maxQueryBytes=" + maxQueryBytes + ", maxClients=" + maxClients + ", ioThreads=" + ioThreads +
            ", sweepIntervalMs=" + sweepIntervalMs + ", pool=" + poolConfig + '}';
    }

}
