/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.consensus.it.ClusterProcesses;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * A real 3-member cluster of member processes and the application JVMs a test runs against it under the real
 * {@code fabric.jar}; closing it ends them all. Every JVM gets its own Aeron directory under the cluster's directory, so
 * a JVM the test kills leaves nothing in {@code /dev/shm} and no two JVMs share one.
 */
final class ClusterApps implements AutoCloseable
{
    private final ClusterProcesses cluster;
    private final List<JvmProcess.Started> apps = new ArrayList<>();

    private ClusterApps(final ClusterProcesses cluster)
    {
        this.cluster = cluster;
    }

    /**
     * @param name names the cluster's directory.
     * @return a running cluster with a leader.
     * @throws Exception if it does not start.
     */
    static ClusterApps start(final String name) throws Exception
    {
        return start(name, null);
    }

    /**
     * @param name       names the cluster's directory.
     * @param secretFile the secret the members require of clients, or {@code null} for none.
     * @return a running cluster with a leader.
     * @throws Exception if it does not start.
     */
    static ClusterApps start(final String name, final File secretFile) throws Exception
    {
        final ClusterProcesses cluster = new ClusterProcesses(name, 3, secretFile);
        try
        {
            cluster.awaitLeader(30_000);
        }
        catch (final Exception | AssertionError ex)
        {
            cluster.close();
            throw ex;
        }
        return new ClusterApps(cluster);
    }

    /**
     * @return the member processes.
     */
    ClusterProcesses cluster()
    {
        return cluster;
    }

    /**
     * Starts an application JVM on this cluster, with the runtime's test classes on its class path.
     *
     * @param mainClass its main class.
     * @param jvmArgs   further JVM arguments.
     * @param args      its arguments.
     * @return the running JVM.
     * @throws Exception if it cannot start.
     */
    JvmProcess.Started app(final String mainClass, final List<String> jvmArgs, final String... args) throws Exception
    {
        final JvmProcess process = JvmProcess.main(mainClass)
            .jvmArg("-Dmemfabric.cluster=" + cluster.endpoints.clientSetting())
            // Patience for joining on a 2-core machine shared by 3 members, their drivers and other JVMs (a test that
            // is about timeouts passes its own, later on the command line, which wins).
            .jvmArg("-Dmemfabric.timeout.ms=20000")
            .jvmArg("-Daeron.dir=" + new File(cluster.dir, "client-" + apps.size() + "-aeron").getAbsolutePath())
            .withRuntimeTestClasses();
        for (final String arg : jvmArgs)
        {
            process.jvmArg(arg);
        }
        for (final String arg : args)
        {
            process.arg(arg);
        }
        final JvmProcess.Started started = process.start();
        apps.add(started);
        return started;
    }

    /**
     * SIGKILLs the leader.
     *
     * @throws Exception if there is none.
     */
    void killLeader() throws Exception
    {
        final int leader = cluster.awaitLeader(30_000);
        cluster.kill(leader);
        System.out.println("killed leader " + leader);
    }

    /**
     * Sends a signal to every live member, e.g. {@code STOP} so the cluster stops answering and {@code CONT}.
     *
     * @param signal the signal's name.
     * @throws Exception if {@code kill} cannot run.
     */
    void signalMembers(final String signal) throws Exception
    {
        for (final Process member : cluster.processes)
        {
            if (member.isAlive())
            {
                new ProcessBuilder("kill", "-" + signal, Long.toString(member.pid())).inheritIO().start().waitFor();
            }
        }
    }

    /**
     * Ends every application JVM, then the members, and removes the cluster's directory.
     *
     * @throws InterruptedException if interrupted while JVMs end.
     */
    public void close() throws InterruptedException
    {
        for (final JvmProcess.Started app : apps)
        {
            app.destroy();
        }
        try
        {
            signalMembers("CONT");
        }
        catch (final Exception ignore)
        {
            // The members are killed next whatever their state.
        }
        cluster.close();
    }
}
