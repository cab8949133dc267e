/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * {@code redis_get} and {@code redis_set}: a page moved to or from the Redis server the suite started on loopback,
 * by a {@link RespClient} on one connection. For GET, set-up stores every page under its name first; a read is
 * {@code GET name}, its value landing in the reader's buffer. For SET, a "read" is {@code SET name page} answered by
 * {@code +OK}: the page moved the other way, measured by the same loop. Pipelined: several commands sent before their
 * replies are read, as Redis clients pipeline.
 */
final class RedisProbe implements PageReadProbe, PipelinedReads
{
    /**
     * Which way the page goes.
     */
    enum Command
    {
        /** From Redis to the reader. */
        GET,
        /** From the writer to Redis. */
        SET
    }

    private static final int SET_UP_BATCH = 8;

    private final Command command;
    private final String host;
    private final int port;
    private PageSet pages;
    private RespClient client;
    private ByteBuffer[] values;
    private ByteBuffer[] destinations = new ByteBuffer[0];
    private UnsafeBuffer checkView;
    private long completed;

    /**
     * @param command GET or SET.
     * @param host    the Redis server's host.
     * @param port    its port.
     */
    RedisProbe(final Command command, final String host, final int port)
    {
        this.command = command;
        this.host = host;
        this.port = port;
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return Command.GET == command ? "redis_get" : "redis_set";
    }

    /**
     * {@inheritDoc}
     */
    public void setUp(final PageSet pages) throws Exception
    {
        this.pages = pages;
        client = RespClient.connect(host, port);
        values = new ByteBuffer[pages.pageCount()];
        for (int i = 0; i < pages.pageCount(); i++)
        {
            values[i] = pages.byteBuffer(i);
        }
        for (int first = 0; first < pages.pageCount(); first += SET_UP_BATCH)
        {
            final int end = Math.min(pages.pageCount(), first + SET_UP_BATCH);
            for (int i = first; i < end; i++)
            {
                client.sendSet(pages.name(i), values[i].clear());
            }
            for (int i = first; i < end; i++)
            {
                client.readOk();
            }
        }
        destinations(1);
    }

    /**
     * {@inheritDoc}
     */
    public void read(final int pageIndex) throws Exception
    {
        begin(pageIndex);
        awaitCompleted();
    }

    /**
     * {@inheritDoc}
     */
    public void check(final int pageIndex) throws Exception
    {
        if (Command.SET == command)
        {
            read(pageIndex);
        }
        final ByteBuffer destination = destinations[(int)(completed % destinations.length)];
        new UnsafeBuffer(destination).setMemory(0, destination.capacity(), (byte)0);
        client.sendGet(pages.name(pageIndex));
        final int length = client.readBulk(destination.clear());
        checkView.wrap(destination);
        pages.verify(pageIndex, checkView, 0, length);
    }

    /**
     * {@inheritDoc}
     */
    public PipelinedReads pipelined(final int window)
    {
        destinations(window);
        return this;
    }

    /**
     * {@inheritDoc}
     */
    public void begin(final int pageIndex) throws Exception
    {
        if (Command.GET == command)
        {
            client.sendGet(pages.name(pageIndex));
        }
        else
        {
            client.sendSet(pages.name(pageIndex), values[pageIndex].clear());
        }
    }

    /**
     * {@inheritDoc}
     */
    public int awaitCompleted() throws Exception
    {
        if (Command.GET == command)
        {
            client.readBulk(destinations[(int)(completed % destinations.length)].clear());
        }
        else
        {
            client.readOk();
        }
        completed++;
        return 1;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        for (final ByteBuffer destination : destinations)
        {
            BufferUtil.free(destination);
        }
        destinations = new ByteBuffer[0];
        CloseHelper.close(client);
    }

    private void destinations(final int count)
    {
        for (final ByteBuffer destination : destinations)
        {
            BufferUtil.free(destination);
        }
        // SET needs one, for its check; pipelined SETs land in Redis, not here.
        final int needed = Command.GET == command ? count : 1;
        destinations = new ByteBuffer[needed];
        for (int i = 0; i < needed; i++)
        {
            destinations[i] = ByteBuffer.allocateDirect(pages.pageBytes());
        }
        checkView = new UnsafeBuffer(destinations[0]);
        completed = 0;
    }
}
