/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.IdleSetting;
import io.memfabric.benchmarks.FreePorts;
import io.memfabric.benchmarks.JvmCommand;
import io.memfabric.benchmarks.RunScope;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A 3-member Aeron Cluster on loopback, one {@link BenchMember} JVM per member, each with its own directory and
 * ports, running the MemFabric service or the echo floor. Started and awaited by the suite (in the harness JVM,
 * which touches no Aeron class); stopped with SIGTERM when the suite is done with it.
 */
final class MemberCluster implements AutoCloseable
{
    static final int MEMBERS = 3;
    private static final long LEADER_WAIT_MS = 60_000;

    private final String label;
    private final ClusterEndpoints endpoints;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final RunScope scope;

    private MemberCluster(final String label, final ClusterEndpoints endpoints, final RunScope scope)
    {
        this.label = label;
        this.endpoints = endpoints;
        this.scope = scope;
    }

    /**
     * Starts the members and waits until one leads.
     *
     * @param service  {@code fabric} or {@code echo}.
     * @param idle     the members' idle strategy, a {@code IdleSetting} name.
     * @param runDir   the run's directory (on disk); the members' directories go under it.
     * @param shmDir   the run's directory for media drivers (on tmpfs when there is one).
     * @param scope what stops the members and removes their directories if the suite fails.
     * @return the cluster, with a leader.
     * @throws IOException          if a member cannot be started or no leader is elected in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    static MemberCluster start(
        final String service, final String idle, final Path runDir, final Path shmDir, final RunScope scope)
        throws IOException, InterruptedException
    {
        final String label = service + "-" + idle.toLowerCase(Locale.ROOT);
        final int base = FreePorts.block(32_000, 56_900, MEMBERS, 100, 6);
        final MemberCluster cluster = new MemberCluster(label, ClusterEndpoints.local("localhost", base, MEMBERS),
            scope);
        final Path clusterDir = scope.own(Files.createDirectories(runDir.resolve(label)));
        for (int id = 0; id < MEMBERS; id++)
        {
            final Path dir = Files.createDirectories(clusterDir.resolve("member-" + id));
            final Path aeronDir = scope.own(shmDir.resolve(label + "-member-" + id));
            final Path log = dir.resolve("member.log");
            cluster.logs.add(log);
            cluster.processes.add(scope.own(new ProcessBuilder(JvmCommand.withThisClassPath(BenchMember.class,
                service, Integer.toString(id), cluster.endpoints.clientSetting(), dir.toString(),
                aeronDir.toString(), idle))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start()));
        }
        cluster.awaitLeader();
        return cluster;
    }

    /**
     * Measures what the members cost while the cluster does nothing: the CPU time all three processes (every thread:
     * media drivers, archives, consensus modules, services, JVM) use over a stretch of wall time.
     *
     * @param windowMs how long to measure.
     * @return the CPU used, in percent of one core.
     * @throws InterruptedException if interrupted while waiting.
     */
    double idleCpuPercent(final long windowMs) throws InterruptedException
    {
        final long cpuBefore = cpuNs();
        final long start = System.nanoTime();
        Thread.sleep(windowMs);
        final long cpuAfter = cpuNs();
        return 100.0 * (cpuAfter - cpuBefore) / (System.nanoTime() - start);
    }

    private long cpuNs() throws InterruptedException
    {
        long total = 0;
        for (final Process process : processes)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("member pid " + process.pid() + " of " + label + " exited (" +
                    process.exitValue() + ") while its CPU was measured; see " + logs);
            }
            total += process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this OS does not report the CPU time of pid " +
                    process.pid()))
                .toNanos();
        }
        return total;
    }

    /**
     * @return the members' endpoints; {@link ClusterEndpoints#clientSetting()} is what a client is given.
     */
    ClusterEndpoints endpoints()
    {
        return endpoints;
    }

    /**
     * @return e.g. {@code fabric-sleeping}.
     */
    String label()
    {
        return label;
    }

    /**
     * Prints the last lines of every member's log, for when a measurement against this cluster failed.
     */
    void printLogTails()
    {
        for (final Path log : logs)
        {
            try
            {
                final List<String> lines = Files.readAllLines(log);
                System.err.println("---- " + log + " (last lines)");
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
            }
            catch (final IOException ex)
            {
                System.err.println("---- " + log + ": " + ex.getMessage());
            }
        }
    }

    /**
     * Stops the members (SIGTERM, then SIGKILL after a bound); the scope removes their directories.
     */
    public void close()
    {
        RunScope.stop(processes);
    }

    private void awaitLeader() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MS);
        while (System.nanoTime() < deadline)
        {
            for (final String line : ClusterStatus.query(endpoints))
            {
                if (line.endsWith(" LEADER"))
                {
                    return;
                }
            }
            for (final Process process : processes)
            {
                if (!process.isAlive())
                {
                    printLogTails();
                    throw new IOException("a " + label + " member exited with status " + process.exitValue() +
                        " before a leader was elected (its log is above)");
                }
            }
            Thread.sleep(50);
        }
        printLogTails();
        throw new IOException("the " + label + " cluster elected no leader within " + LEADER_WAIT_MS / 1000 + " s");
    }
}
