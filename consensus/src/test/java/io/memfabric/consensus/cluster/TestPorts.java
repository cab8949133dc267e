/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a block of free loopback ports for a test cluster, so tests run in any order and next to other clusters.
 */
public final class TestPorts
{
    private TestPorts()
    {
    }

    /**
     * @param from    the lowest base port to consider; bases up to {@code from + 29 900} are tried, so keep it at
     *                most 35 000.
     * @param members the members the cluster has (member i uses base + 100 * i and the ports after it).
     * @return a base port whose members' ports are all free for TCP and UDP now.
     * @throws IOException if none is found.
     */
    public static int freeBasePort(final int from, final int members) throws IOException
    {
        if (from < 1024 || from + 29_900 + 100 * members > 65_535)
        {
            throw new IllegalArgumentException("base port " + from + " leaves no room for " + members +
                " members' ports: give 1024 to " + (65_535 - 29_900 - 100 * members));
        }
        for (int attempt = 0; attempt < 200; attempt++)
        {
            final int base = from + ThreadLocalRandom.current().nextInt(300) * 100;
            if (allFree(base, members))
            {
                return base;
            }
        }
        throw new IOException("no free block of ports for a test cluster from " + from);
    }

    private static boolean allFree(final int base, final int members)
    {
        for (int id = 0; id < members; id++)
        {
            for (int port = base + 100 * id; port < base + 100 * id + ClusterEndpoints.PORTS_PER_MEMBER; port++)
            {
                try (ServerSocket tcp = new ServerSocket();
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        port)))
                {
                    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                }
                catch (final IOException ex)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
