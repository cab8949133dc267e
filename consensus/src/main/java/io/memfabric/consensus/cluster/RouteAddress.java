/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Which local address a JVM should receive on so that a given peer can reach it: the address the kernel would send
 * from to reach that peer. Connecting a UDP socket chooses the route and sends nothing. Used for the channels a
 * process asks others to answer on (a cluster client's egress), so that they work between hosts with no setting in
 * the common case; a host with several routes to the peer, or behind NAT, sets the address instead.
 */
public final class RouteAddress
{
    private RouteAddress()
    {
    }

    /**
     * @param host a peer's host name or address.
     * @param port a port on it (nothing is sent).
     * @return the local address, as Aeron writes it in an endpoint (IPv6 in brackets).
     * @throws UncheckedIOException if no route leads there, or the host does not resolve.
     */
    public static String towards(final String host, final int port)
    {
        try (DatagramSocket socket = new DatagramSocket())
        {
            final InetSocketAddress peer = new InetSocketAddress(host, port);
            if (peer.isUnresolved())
            {
                throw new IOException("host " + host + " does not resolve");
            }
            socket.connect(peer);
            final InetAddress local = socket.getLocalAddress();
            if (local == null || local.isAnyLocalAddress())
            {
                throw new IOException("no route from this host to " + host);
            }
            return endpointHost(local);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new UncheckedIOException(new IOException("cannot find the local address that routes to " + host +
                ": " + ex.getMessage(), ex));
        }
    }

    /**
     * @param address an address.
     * @return it as the host part of an Aeron endpoint.
     */
    public static String endpointHost(final InetAddress address)
    {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }
}
