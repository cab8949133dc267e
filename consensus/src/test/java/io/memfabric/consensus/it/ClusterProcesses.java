/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterStatus;
import io.memfabric.consensus.cluster.MemberProcess;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A 3-member cluster of real JVMs, one per member, for tests that kill a member with SIGKILL.
 */
final class ClusterProcesses implements AutoCloseable
{
    final ClusterEndpoints endpoints;
    final Process[] processes;
    final File dir;

    ClusterProcesses(final String name, final int size) throws IOException
    {
        dir = new File("target/it-clusters/" + name + "-" + System.nanoTime()).getAbsoluteFile();
        endpoints = ClusterEndpoints.local("localhost", freeBasePort(size), size);
        processes = new Process[size];
        for (int id = 0; id < size; id++)
        {
            final File memberDir = new File(dir, "member-" + id);
            memberDir.mkdirs();
            processes[id] = MemberProcess.start(id, endpoints, memberDir, true, new File(memberDir, "member.log"),
                new File(memberDir, "aeron"));
        }
    }

    int awaitLeader(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline)
        {
            for (int id = 0; id < processes.length; id++)
            {
                if (processes[id].isAlive() && ClusterStatus.query(endpoints).get(id).endsWith(" LEADER"))
                {
                    return id;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader within " + timeoutMs + " ms; logs under " + dir);
    }

    void kill(final int id) throws InterruptedException
    {
        processes[id].destroyForcibly();
        processes[id].waitFor(10, TimeUnit.SECONDS);
    }

    public void close()
    {
        for (final Process process : processes)
        {
            process.destroyForcibly();
        }
        for (final Process process : processes)
        {
            try
            {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        IoUtil.delete(dir, true);
    }

    private static int freeBasePort(final int members) throws IOException
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            final int base = 31000 + ThreadLocalRandom.current().nextInt(300) * 100;
            boolean free = true;
            for (int port = base; port < base + 100 * (members - 1) + ClusterEndpoints.PORTS_PER_MEMBER && free;
                port++)
            {
                try (ServerSocket tcp = new ServerSocket();
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        port)))
                {
                    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                }
                catch (final IOException ex)
                {
                    free = false;
                }
            }
            if (free)
            {
                return base;
            }
        }
        throw new IOException("no free block of ports for a test cluster");
    }
}
