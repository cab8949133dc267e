/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports for a cluster a suite starts, at random within a range and only where every port is free
 * for TCP and UDP, so a run collides neither with a cluster left running on the default ports nor with another run.
 */
public final class FreePorts
{
    private static final int ATTEMPTS = 200;
    private static final int ALIGNMENT = 10;

    private FreePorts()
    {
    }

    /**
     * @param lowest    the lowest first port.
     * @param highest   the highest first port.
     * @param members   how many members.
     * @param stride    ports from one member's first port to the next member's.
     * @param portsEach ports each member uses from its first one on.
     * @return the first port of member 0.
     * @throws IOException if no free block was found.
     */
    public static int block(
        final int lowest, final int highest, final int members, final int stride, final int portsEach)
        throws IOException
    {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final int first = lowest + ThreadLocalRandom.current().nextInt((highest - lowest) / ALIGNMENT) * ALIGNMENT;
            if (free(first, members, stride, portsEach))
            {
                return first;
            }
        }
        throw new IOException("no block of " + members + " x " + portsEach + " free loopback ports between " +
            lowest + " and " + highest);
    }

    private static boolean free(final int first, final int members, final int stride, final int portsEach)
    {
        for (int member = 0; member < members; member++)
        {
            for (int offset = 0; offset < portsEach; offset++)
            {
                if (!free(first + member * stride + offset))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean free(final int port)
    {
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket((SocketAddress)null))
        {
            tcp.bind(address);
            udp.bind(address);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
