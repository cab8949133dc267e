/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free UDP ports for tests, so tests run in any order and next to each other.
 * <p>
 * They are drawn from below the kernel's ephemeral range (32768 and up on Linux), not asked of the kernel with port
 * 0: a port the kernel hands out and the test then frees can be handed straight to someone else's port-0 bind (an
 * Aeron client's egress, another JVM's socket) before the data plane binds it.
 */
final class Ports
{
    private static final int LOWEST = 10_000;
    private static final int RANGE = 22_000;
    private static final int ATTEMPTS = 200;

    private Ports()
    {
    }

    static int freeUdpPort()
    {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final int port = LOWEST + ThreadLocalRandom.current().nextInt(RANGE);
            try (DatagramSocket socket = new DatagramSocket(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
            {
                return socket.getLocalPort();
            }
            catch (final IOException taken)
            {
                // Try another.
            }
        }
        throw new UncheckedIOException(new IOException(
            "no free UDP port from " + LOWEST + " to " + (LOWEST + RANGE) + " in " + ATTEMPTS + " tries"));
    }

    static String endpoint()
    {
        return "localhost:" + freeUdpPort();
    }
}
