/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One I/O thread: a selector over its share of the connections. The first loop also accepts (handing each new
 * connection to the loops in turn) and runs the store's sweep every {@link RespConfig#sweepIntervalMs()}.
 */
final class RespEventLoop implements Runnable
{
    /** Bytes read per read call; large enough for 16 pipelined 4 KiB SETs in one read. */
    static final int READ_BUFFER_BYTES = 128 * 1024;

    private static final byte[] MAX_CLIENTS_REPLY =
        "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int index;
    private final RespServer server;
    private final Selector selector;
    private final ServerSocketChannel acceptor;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final ReplyBuffer.ChunkPool chunks = new ReplyBuffer.ChunkPool();
    private final ConcurrentLinkedQueue<SocketChannel> handedOver = new ConcurrentLinkedQueue<>();
    private final HashSet<RespConnection> connections = new HashSet<>();
    private final long sweepIntervalNs;
    private volatile boolean running = true;
    private int nextLoop;

    /**
     * @param acceptor the listening socket if this loop accepts, else null.
     */
    RespEventLoop(final int index, final RespServer server, final ServerSocketChannel acceptor) throws IOException
    {
        this.index = index;
        this.server = server;
        this.acceptor = acceptor;
        this.selector = Selector.open();
        this.sweepIntervalNs = TimeUnit.MILLISECONDS.toNanos(server.config().sweepIntervalMs());
        if (acceptor != null)
        {
            acceptor.register(selector, SelectionKey.OP_ACCEPT);
        }
    }

    ReplyBuffer.ChunkPool chunks()
    {
        return chunks;
    }

    @Override
    public void run()
    {
        long nextSweepNs = System.nanoTime() + sweepIntervalNs;
        try
        {
            while (running)
            {
                final boolean sweeps = null != acceptor;
                final long waitMs = sweeps ?
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweepNs - System.nanoTime())) : 0;
                selector.select(waitMs);
                registerHandedOver();
                final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext())
                {
                    final SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid())
                    {
                        handle(key);
                    }
                }
                if (sweeps && System.nanoTime() - nextSweepNs >= 0)
                {
                    sweep();
                    nextSweepNs = System.nanoTime() + sweepIntervalNs;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (running)
            {
                server.onError("I/O thread " + index + " failed; its clients are disconnected", ex);
            }
        }
        finally
        {
            for (final RespConnection connection : new ArrayList<>(connections))
            {
                connection.close();
            }
            SocketChannel channel;
            while ((channel = handedOver.poll()) != null)
            {
                closeQuietly(channel);
                server.stats().disconnected();
            }
            try
            {
                selector.close();
            }
            catch (final IOException ignore)
            {
                // Closing at shutdown: nothing more to do.
            }
        }
    }

    /**
     * Stops the loop; it closes its connections on its way out.
     */
    void stop()
    {
        running = false;
        selector.wakeup();
    }

    /**
     * Takes over a connection another loop accepted.
     */
    void handOver(final SocketChannel channel)
    {
        handedOver.add(channel);
        selector.wakeup();
    }

    void closed(final RespConnection connection)
    {
        if (connections.remove(connection))
        {
            server.stats().disconnected();
            server.unregister(connection);
        }
    }

    private void handle(final SelectionKey key)
    {
        if (key.isAcceptable())
        {
            accept();
            return;
        }
        final RespConnection connection = (RespConnection)key.attachment();
        try
        {
            final int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0)
            {
                connection.onWritable(readBuffer);
            }
            if ((ready & SelectionKey.OP_READ) != 0 && !connection.isClosed())
            {
                connection.onReadable(readBuffer);
            }
        }
        catch (final RuntimeException ex)
        {
            // A fault of ours must cost one connection, never the thread serving the others.
            server.onError("closing " + connection + " after an internal error", ex);
            connection.close();
        }
    }

    private void accept()
    {
        while (true)
        {
            final SocketChannel channel;
            try
            {
                channel = acceptor.accept();
            }
            catch (final IOException ex)
            {
                server.onError("accept failed", ex);
                return;
            }
            if (null == channel)
            {
                return;
            }
            if (server.stats().connectedClients() >= server.config().maxClients())
            {
                server.stats().rejected();
                try
                {
                    channel.configureBlocking(false);
                    channel.write(ByteBuffer.wrap(MAX_CLIENTS_REPLY));
                }
                catch (final IOException ignore)
                {
                    // It is being refused anyway.
                }
                closeQuietly(channel);
                continue;
            }
            server.stats().connected();
            final RespEventLoop[] loops = server.loops();
            final RespEventLoop target = loops[nextLoop++ % loops.length];
            if (target == this)
            {
                register(channel);
            }
            else
            {
                target.handOver(channel);
            }
        }
    }

    private void registerHandedOver()
    {
        SocketChannel channel;
        while ((channel = handedOver.poll()) != null)
        {
            register(channel);
        }
    }

    private void register(final SocketChannel channel)
    {
        try
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final RespConnection connection = new RespConnection(server.nextClientId(), channel, this, server);
            connection.key(channel.register(selector, SelectionKey.OP_READ, connection));
            connections.add(connection);
            server.register(connection);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            server.stats().disconnected();
        }
    }

    private void sweep()
    {
        try
        {
            server.store().sweep();
        }
        catch (final RuntimeException ex)
        {
            server.onError("sweeping the store failed", ex);
        }
    }

    private static void closeQuietly(final SocketChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Refusing or failing a connection: nothing more to do.
        }
    }
}
