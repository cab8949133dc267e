/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterStatus;
import io.memfabric.consensus.cluster.MemberProcess;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The consensus cluster of the cluster demo: one member process per member on loopback, started from a clean state
 * with the consensus module's own {@link MemberProcess}, as {@code ./fabric cluster start} does. Everything a member
 * writes, its media driver's files included, stays under the cluster's directory, so stopping the members and
 * deleting the directory leaves nothing behind (nothing in /dev/shm either).
 * <p>
 * The member processes run with this JVM's class path, which must hold {@code fabric.jar}.
 */
final class LocalCluster
{
    private static final long STOP_GRACE_MS = 10_000;

    private final ClusterEndpoints endpoints;
    private final File dir;
    private final List<Process> members = new ArrayList<>();

    private LocalCluster(final ClusterEndpoints endpoints, final File dir)
    {
        this.endpoints = endpoints;
        this.dir = dir;
    }

    /**
     * Starts the members; they elect a leader in the background ({@link #awaitLeader}).
     *
     * @param dir      the cluster's directory: one directory per member in it.
     * @param basePort member 0's base port; member i uses {@code basePort + 100 * i} and the five ports after it.
     * @param size     how many members.
     * @return the cluster, its members started.
     * @throws IOException if a member cannot be started; those already started are stopped.
     */
    static LocalCluster start(final File dir, final int basePort, final int size) throws IOException
    {
        final LocalCluster cluster = new LocalCluster(ClusterEndpoints.local("localhost", basePort, size), dir);
        try
        {
            for (int id = 0; id < size; id++)
            {
                final File memberDir = new File(dir, "member-" + id);
                Files.createDirectories(memberDir.toPath());
                cluster.members.add(MemberProcess.start(
                    id, cluster.endpoints, memberDir, true, logOf(memberDir), new File(memberDir, "aeron")));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            cluster.stop();
            throw ex;
        }
        return cluster;
    }

    /**
     * @param basePort member 0's base port.
     * @param size     how many members.
     * @return the first of the cluster's ports that another process holds (TCP or UDP on loopback), or 0 if all are
     * free.
     */
    static int portInUse(final int basePort, final int size)
    {
        for (int id = 0; id < size; id++)
        {
            final int first = basePort + 100 * id;
            for (int port = first; port < first + ClusterEndpoints.PORTS_PER_MEMBER; port++)
            {
                final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                try (ServerSocket tcp = new ServerSocket();
                    DatagramSocket udp = new DatagramSocket(address))
                {
                    tcp.bind(address);
                }
                catch (final IOException ex)
                {
                    return port;
                }
            }
        }
        return 0;
    }

    /**
     * @return where the members listen; {@link ClusterEndpoints#clientSetting()} is what clients are given.
     */
    ClusterEndpoints endpoints()
    {
        return endpoints;
    }

    /**
     * @return the member processes, by member id.
     */
    List<Process> members()
    {
        return members;
    }

    /**
     * Waits until a member says it leads.
     *
     * @param timeoutMs how long to wait at most.
     * @return the leader's status line, e.g. {@code member 1 localhost:24100 LEADER}, or {@code null} if none led in
     * time or a member exited.
     * @throws InterruptedException if interrupted while waiting.
     */
    String awaitLeader(final long timeoutMs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadlineNs < 0)
        {
            for (final String line : ClusterStatus.query(endpoints))
            {
                if (line.endsWith(" LEADER"))
                {
                    return line;
                }
            }
            for (final Process member : members)
            {
                if (!member.isAlive())
                {
                    return null;
                }
            }
            Thread.sleep(100);
        }
        return null;
    }

    /**
     * @param lines how many lines of each log.
     * @return the last lines of every member's log, for when something went wrong.
     */
    String logTails(final int lines)
    {
        final StringBuilder tails = new StringBuilder();
        for (int id = 0; id < members.size(); id++)
        {
            final File log = logOf(new File(dir, "member-" + id));
            tails.append("member ").append(id).append(" (").append(log).append("):\n");
            try
            {
                final List<String> all = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
                for (final String line : all.subList(Math.max(0, all.size() - lines), all.size()))
                {
                    tails.append("    ").append(line).append('\n');
                }
            }
            catch (final IOException ex)
            {
                tails.append("    (cannot read it: ").append(ex).append(")\n");
            }
        }
        return tails.toString();
    }

    /**
     * Stops every member: SIGTERM, then SIGKILL for those still running after a grace period.
     *
     * @return whether every member has ended.
     */
    boolean stop()
    {
        for (final Process member : members)
        {
            member.destroy();
        }
        boolean stopped = true;
        for (final Process member : members)
        {
            try
            {
                if (!member.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS))
                {
                    member.destroyForcibly();
                    stopped &= member.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                member.destroyForcibly();
                stopped = false;
            }
        }
        return stopped;
    }

    private static File logOf(final File memberDir)
    {
        return new File(memberDir, "member.log");
    }
}
