/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds loopback ports for the clusters the suite starts, so a run does not collide with a cluster a user left
 * running on the default ports (20000...) or with another run.
 */
final class Ports
{
    private static final int LOWEST = 32_000;
    private static final int BLOCKS = 250;

    private Ports()
    {
    }

    /**
     * @param members        how many members.
     * @param stride         ports between one member's first port and the next's.
     * @param portsPerMember ports each member uses from its first one on.
     * @return a first port such that every member's ports are free for TCP and UDP on loopback.
     * @throws IOException if no such block was found.
     */
    static int freeBlock(final int members, final int stride, final int portsPerMember) throws IOException
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            final int base = LOWEST + ThreadLocalRandom.current().nextInt(BLOCKS) * 100;
            if (allFree(base, members, stride, portsPerMember))
            {
                return base;
            }
        }
        throw new IOException("found no free block of " + members + " x " + portsPerMember + " loopback ports " +
            "above " + LOWEST);
    }

    private static boolean allFree(final int base, final int members, final int stride, final int portsPerMember)
    {
        for (int member = 0; member < members; member++)
        {
            for (int port = base + member * stride; port < base + member * stride + portsPerMember; port++)
            {
                if (!free(port))
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
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(address))
        {
            tcp.bind(address);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
