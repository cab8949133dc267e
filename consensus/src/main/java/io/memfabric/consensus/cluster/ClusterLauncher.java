/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./fabric cluster start [--members 3] [--dir D] [--port 20000] [--clean]}: starts that many member processes
 * on localhost, prints {@code member <id> pid <pid>} for each and, once a leader is elected, the
 * {@code memfabric.cluster=...} line to give clients. Runs in the foreground; stopping it (Ctrl-C, SIGTERM) stops
 * every member.
 */
public final class ClusterLauncher
{
    private static final long LEADER_WAIT_MS = 30_000;

    private ClusterLauncher()
    {
    }

    /**
     * @param args the options above.
     * @throws Exception if interrupted.
     */
    public static void main(final String[] args) throws Exception
    {
        final int members;
        final File dir;
        final int port;
        final boolean clean;
        try
        {
            final CommandLine line = CommandLine.parse("cluster start", args,
                Set.of("--members", "--dir", "--port"), Set.of("--clean"));
            members = line.integer("--members", 3);
            dir = new File(line.get("--dir", "target/cluster")).getAbsoluteFile();
            port = line.integer("--port", 20000);
            clean = line.flag("--clean");
            if (members < 1 || members > 9)
            {
                throw new IllegalArgumentException("cluster start: --members is " + members + "; give 1 to 9 " +
                    "(3 or 5 tolerate one or two failures)");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("fabric: " + ex.getMessage());
            System.exit(2);
            return;
        }

        final ClusterEndpoints endpoints = ClusterEndpoints.local("localhost", port, members);
        final List<Process> processes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(processes), "memfabric-cluster-stop"));
        for (int id = 0; id < members; id++)
        {
            final File memberDir = new File(dir, "member-" + id);
            if (!memberDir.isDirectory() && !memberDir.mkdirs())
            {
                throw new IOException("cannot create " + memberDir);
            }
            final Process process = MemberProcess.start(id, endpoints, memberDir, clean, new File(memberDir,
                "member.log"));
            synchronized (processes)
            {
                processes.add(process);
            }
            System.out.println("member " + id + " pid " + process.pid() + " (log " + memberDir + "/member.log)");
        }

        final String leader = awaitLeader(endpoints, processes);
        if (leader == null)
        {
            System.err.println("fabric: no leader was elected within " + LEADER_WAIT_MS / 1000 + " s; see the " +
                "member logs under " + dir);
            System.exit(1);
        }
        System.out.println(leader);
        System.out.println("memfabric.cluster=" + endpoints.clientSetting());
        System.out.println("The cluster runs until this command is stopped (Ctrl-C).");
        System.out.flush();

        for (final Process process : processes)
        {
            process.waitFor();
        }
    }

    private static String awaitLeader(final ClusterEndpoints endpoints, final List<Process> processes)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MS);
        while (System.nanoTime() < deadline)
        {
            for (final String line : ClusterStatus.query(endpoints))
            {
                if (line.endsWith(" LEADER"))
                {
                    return line;
                }
            }
            for (final Process process : processes)
            {
                if (!process.isAlive())
                {
                    System.err.println("fabric: a member exited with status " + process.exitValue() +
                        " before a leader was elected");
                    return null;
                }
            }
            Thread.sleep(100);
        }
        return null;
    }

    private static void stopAll(final List<Process> processes)
    {
        synchronized (processes)
        {
            for (final Process process : processes)
            {
                process.destroy();
            }
            for (final Process process : processes)
            {
                try
                {
                    if (!process.waitFor(10, TimeUnit.SECONDS))
                    {
                        process.destroyForcibly();
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
