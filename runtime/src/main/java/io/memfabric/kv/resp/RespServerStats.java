/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link RespServer}, read live (INFO, tests); the store counts hits, misses, expiries and evictions.
 */
public final class RespServerStats
{
    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final AtomicInteger connectedClients = new AtomicInteger();
    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final LongAdder valueBytesServed = new LongAdder();

    /**
     * @return connections accepted since start.
     */
    public long connectionsReceived()
    {
        return connectionsReceived.sum();
    }

    /**
     * @return connections refused because {@link RespConfig#maxClients()} were connected.
     */
    public long rejectedConnections()
    {
        return rejectedConnections.sum();
    }

    /**
     * @return clients connected now.
     */
    public int connectedClients()
    {
        return connectedClients.get();
    }

    /**
     * @return commands answered since start (errors included).
     */
    public long commandsProcessed()
    {
        return commandsProcessed.sum();
    }

    /**
     * @return bytes read from clients.
     */
    public long netInputBytes()
    {
        return netInputBytes.sum();
    }

    /**
     * @return bytes written to clients.
     */
    public long netOutputBytes()
    {
        return netOutputBytes.sum();
    }

    /**
     * @return connections closed for input that was not RESP.
     */
    public long protocolErrors()
    {
        return protocolErrors.sum();
    }

    /**
     * @return error replies sent (protocol errors included).
     */
    public long errorReplies()
    {
        return errorReplies.sum();
    }

    /**
     * @return bytes of values answered by GET, MGET and SET ... GET.
     */
    public long valueBytesServed()
    {
        return valueBytesServed.sum();
    }

    /**
     * Zeroes the counts, but not the connected clients (CONFIG RESETSTAT).
     */
    public void reset()
    {
        connectionsReceived.reset();
        rejectedConnections.reset();
        commandsProcessed.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        protocolErrors.reset();
        errorReplies.reset();
        valueBytesServed.reset();
    }

    @Override
    public String toString()
    {
        return "RespServerStats{connectedClients=" + connectedClients() + ", connectionsReceived=" +
            connectionsReceived() + ", commandsProcessed=" + commandsProcessed() + ", netInputBytes=" +
            netInputBytes() + ", netOutputBytes=" + netOutputBytes() + ", protocolErrors=" + protocolErrors() +
            ", errorReplies=" + errorReplies() + ", valueBytesServed=" + valueBytesServed() + '}';
    }

    void connected()
    {
        connectionsReceived.increment();
        connectedClients.incrementAndGet();
    }

    void disconnected()
    {
        connectedClients.decrementAndGet();
    }

    void rejected()
    {
        rejectedConnections.increment();
    }

    void command()
    {
        commandsProcessed.increment();
    }

    void netInput(final long bytes)
    {
        netInputBytes.add(bytes);
    }

    void netOutput(final long bytes)
    {
        netOutputBytes.add(bytes);
    }

    void protocolError()
    {
        protocolErrors.increment();
        errorReplies.increment();
    }

    void errorReply()
    {
        errorReplies.increment();
    }

    void valueServed(final long bytes)
    {
        valueBytesServed.add(bytes);
    }
}
