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

/**
 * Checks, before {@code cluster start} starts anything, that every port its members will bind is free: a member that
 * finds its port taken fails only after the others have started, with Aeron's error in its log, and a status port
 * taken by another cluster's member would make that cluster answer for ours. Each port is tried with the protocol
 * the member uses on it (UDP for the Aeron channels, TCP for the status responder).
 */
public final class PortCheck
{
    private static final String[] ROLES = {"ingress", "consensus", "log", "catch-up", "archive control", "status"};
    private static final int STATUS_OFFSET = 5;

    /**
     * A port some other process holds.
     */
    static final class TakenPort
    {
        final int memberId;
        final int port;
        final String role;
        final String protocol;

        TakenPort(final int memberId, final int port, final String role, final String protocol)
        {
            this.memberId = memberId;
            this.port = port;
            this.role = role;
            this.protocol = protocol;
        }

        public String toString()
        {
            return "port " + port + " (member " + memberId + "'s " + role + " port, " + protocol + ")";
        }
    }

    private PortCheck()
    {
    }

    /**
     * @param endpoints the cluster about to start.
     * @return the first of its ports another process holds, or {@code null} if all are free.
     */
    static TakenPort firstTaken(final ClusterEndpoints endpoints)
    {
        for (int id = 0; id < endpoints.size(); id++)
        {
            final int base = endpoints.statusPort(id) - STATUS_OFFSET;
            final InetAddress host;
            try
            {
                host = InetAddress.getByName(endpoints.host(id));
            }
            catch (final IOException ex)
            {
                return new TakenPort(id, base, "host '" + endpoints.host(id) + "' (unknown)", "no address");
            }
            for (int offset = 0; offset < ClusterEndpoints.PORTS_PER_MEMBER; offset++)
            {
                final boolean tcp = offset == STATUS_OFFSET;
                if (!free(new InetSocketAddress(host, base + offset), tcp))
                {
                    return new TakenPort(id, base + offset, ROLES[offset], tcp ? "TCP" : "UDP");
                }
            }
        }
        return null;
    }

    /**
     * @param endpoints a cluster about to start.
     * @return whether every port its members will bind is free now.
     */
    public static boolean allFree(final ClusterEndpoints endpoints)
    {
        return firstTaken(endpoints) == null;
    }

    /**
     * @param host      the members' host.
     * @param firstPort where a cluster of this size was to start.
     * @param members   its size.
     * @return a nearby member-0 base port from which all of such a cluster's ports are free now, or 0 if none is.
     */
    static int freeFirstPort(final String host, final int firstPort, final int members)
    {
        final int span = 100 * members;
        for (int first = firstPort + span; first + span < 65_536; first += span)
        {
            if (firstTaken(ClusterEndpoints.local(host, first, members)) == null)
            {
                return first;
            }
        }
        return 0;
    }

    private static boolean free(final InetSocketAddress address, final boolean tcp)
    {
        // SO_REUSEADDR on TCP, as the member's status responder binds it: a port left in TIME_WAIT by the last
        // status query of a stopped cluster is free for it.
        try (ServerSocket socket = tcp ? new ServerSocket() : null;
            DatagramSocket datagram = tcp ? null : new DatagramSocket(null))
        {
            if (tcp)
            {
                socket.setReuseAddress(true);
                socket.bind(address);
            }
            else
            {
                datagram.bind(address);
            }
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
