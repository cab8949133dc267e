/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.FabricException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis-protocol (RESP2) front of the KV-cache store: any Redis client (redis-cli, redis-py, Jedis, LMCache's
 * Redis connector) stores and reads values that live in the host's page pool.
 * <pre>{@code
 * try (RespServer server = RespServer.start(new RespConfig().port(6380)))
 * {
 *     ... // redis-cli -p 6380 SET k v
 * }
 * }</pre>
 * Java NIO, non-blocking: {@link RespConfig#ioThreads()} selector threads (one by default), each running every
 * complete command a read brought, in order, and writing the replies together. See {@code docs/ARCHITECTURE.md},
 * "The Redis-protocol front", for the decisions, and the README for the commands.
 */
public final class RespServer implements AutoCloseable
{
    /** The Redis version the front answers as (HELLO, INFO): the commands and replies it follows are Redis 7.0's. */
    static final String REDIS_VERSION = "7.0.0";

    private static final System.Logger LOG = System.getLogger("io.memfabric.kv.resp");
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final RespConfig config;
    private final RespStore store;
    private final boolean ownsStore;
    private final ServerSocketChannel acceptor;
    private final InetSocketAddress address;
    private final RespEventLoop[] loops;
    private final Thread[] threads;
    private final RespServerStats stats = new RespServerStats();
    private final RespCommands commands;
    private final ConcurrentHashMap<Long, RespConnection> clients = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final String runId;
    private volatile boolean closed;

    private RespServer(final RespConfig config, final RespStore store, final boolean ownsStore) throws IOException
    {
        this.config = config;
        this.store = store;
        this.ownsStore = ownsStore;
        final byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.commands = new RespCommands(this);
        this.acceptor = ServerSocketChannel.open();
        try
        {
            acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            final InetSocketAddress bind = new InetSocketAddress(config.bindAddress(), config.port());
            if (bind.isUnresolved())
            {
                throw new IllegalArgumentException("cannot resolve bind address '" + config.bindAddress() +
                    "': give an address of this host, e.g. " + RespConfig.Configuration.BIND_DEFAULT + " (--bind)");
            }
            try
            {
                acceptor.bind(bind, 511);
            }
            catch (final BindException ex)
            {
                throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port() +
                    ": " + ex.getMessage() + " (is another server, e.g. a redis-server or another front, on that " +
                    "port?): stop it, or give another port (--port)", ex);
            }
            acceptor.configureBlocking(false);
            this.address = (InetSocketAddress)acceptor.getLocalAddress();
            this.loops = new RespEventLoop[config.ioThreads()];
            for (int i = 0; i < loops.length; i++)
            {
                loops[i] = new RespEventLoop(i, this, 0 == i ? acceptor : null);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            acceptor.close();
            throw ex;
        }
        this.threads = new Thread[loops.length];
        for (int i = 0; i < loops.length; i++)
        {
            threads[i] = new Thread(loops[i], "memfabric-resp-io-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /**
     * Opens the page pool {@link RespConfig#poolConfig()} names and starts serving; closing the server closes them.
     *
     * @param config settings; {@link RespConfig#conclude()} is called here.
     * @return the running server.
     * @throws UncheckedIOException     if the port cannot be bound (naming it and what to do).
     * @throws IllegalArgumentException naming a bad setting.
     */
    public static RespServer start(final RespConfig config)
    {
        config.conclude();
        final PoolRespStore store = PoolRespStore.open(config.poolConfig(), config.epochClock());
        try
        {
            return new RespServer(config, store, true);
        }
        catch (final IOException ex)
        {
            store.close();
            throw new UncheckedIOException("cannot start the RESP front on " + config.bindAddress() + ":" +
                config.port() + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            store.close();
            throw ex;
        }
    }

    /**
     * Starts serving a store opened elsewhere; the store stays open when the server closes. Expiry times come from
     * the store's clock.
     *
     * @param config settings; {@link RespConfig#conclude()} is called here (its pool settings are not used).
     * @param store  the store.
     * @return the running server.
     */
    public static RespServer start(final RespConfig config, final RespStore store)
    {
        config.conclude();
        try
        {
            return new RespServer(config, store, false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start the RESP front on " + config.bindAddress() + ":" +
                config.port() + ": " + ex, ex);
        }
    }

    /**
     * @return the address the server listens on (with the port chosen when {@link RespConfig#port()} was 0).
     */
    public InetSocketAddress address()
    {
        return address;
    }

    /**
     * @return the port the server listens on.
     */
    public int port()
    {
        return address.getPort();
    }

    /**
     * @return the settings.
     */
    public RespConfig config()
    {
        return config;
    }

    /**
     * Hands a failure that costs a connection, a sweep or an I/O thread, but not the server, to the configured error
     * handler, saying what failed.
     *
     * @param what  what was being done.
     * @param cause the failure.
     */
    void onError(final String what, final Throwable cause)
    {
        config.errorHandler().onError(
            new FabricException(FabricException.Category.INTERNAL, "RESP front: " + what + ": " + cause, cause));
    }

    /**
     * @return the store the values live in.
     */
    public RespStore store()
    {
        return store;
    }

    /**
     * @return the server's counters.
     */
    public RespServerStats stats()
    {
        return stats;
    }

    /**
     * Stops accepting, disconnects every client (releasing what their pending replies held), stops the I/O threads
     * and, if the server opened it, closes the store. Idempotent.
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
            closed = true;
        }
        for (final RespEventLoop loop : loops)
        {
            loop.stop();
        }
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(STOP_TIMEOUT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive())
            {
                LOG.log(System.Logger.Level.WARNING, "RESP front: " + thread.getName() + " did not stop within " +
                    STOP_TIMEOUT_MS + " ms");
            }
        }
        try
        {
            acceptor.close();
        }
        catch (final IOException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "RESP front: closing the listening socket: " + ex);
        }
        if (ownsStore)
        {
            store.close();
        }
    }

    @Override
    public String toString()
    {
        return "RespServer{address=" + address + ", store=" + store + ", stats=" + stats + '}';
    }

    // ---------------------------------------------------------------------------------------------------------------

    RespCommands commands()
    {
        return commands;
    }

    RespEventLoop[] loops()
    {
        return loops;
    }

    long nextClientId()
    {
        return clientIds.incrementAndGet();
    }

    void register(final RespConnection connection)
    {
        clients.put(connection.id, connection);
    }

    void unregister(final RespConnection connection)
    {
        clients.remove(connection.id);
    }

    /**
     * @return the connected clients, a snapshot in id order (CLIENT LIST).
     */
    List<RespConnection> clients()
    {
        final Collection<RespConnection> now = clients.values();
        final List<RespConnection> list = new ArrayList<>(now);
        list.sort((a, b) -> Long.compare(a.id, b.id));
        return list;
    }

    String runId()
    {
        return runId;
    }

    long uptimeSeconds()
    {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }
}
