/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.cluster.ClusterStatus;
import io.memfabric.consensus.cluster.MemberProcess;
import io.memfabric.consensus.cluster.TestPorts;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A 3-member cluster of real JVMs, one per member, for tests that kill a member with SIGKILL.
 */
public final class ClusterProcesses implements AutoCloseable
{
    public final ClusterEndpoints endpoints;
    public final Process[] processes;
    public final File dir;

    public ClusterProcesses(final String name, final int size) throws IOException
    {
        this(name, size, null);
    }

    /**
     * @param name       names the cluster's directory.
     * @param size       how many members.
     * @param secretFile the secret the members require of clients (--secret-file), or null for none.
     * @throws IOException if a member cannot start.
     */
    public ClusterProcesses(final String name, final int size, final File secretFile) throws IOException
    {
        dir = new File("target/it-clusters/" + name + "-" + System.nanoTime()).getAbsoluteFile();
        endpoints = ClusterEndpoints.local("localhost", TestPorts.freeBasePort(31000, size), size);
        processes = new Process[size];
        for (int id = 0; id < size; id++)
        {
            final File memberDir = new File(dir, "member-" + id);
            memberDir.mkdirs();
            processes[id] = MemberProcess.start(new MemberConfig().memberId(id).endpoints(endpoints).dir(memberDir)
                .cleanStart(true).aeronDir(new File(memberDir, "aeron").getAbsolutePath()).secretFile(secretFile)
                .parentPid(ProcessHandle.current().pid()),
                new File(memberDir, "member.log"));
        }
    }

    public int awaitLeader(final long timeoutMs) throws InterruptedException
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

    public void kill(final int id) throws InterruptedException
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
}
