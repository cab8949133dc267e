/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.MemberProcess;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client process that takes a lock, says so, and holds it until it is killed.
 */
public final class LockHolder
{
    /**
     * A running holder process and the fencing token of its grant.
     */
    public record Started(Process process, long token)
    {
        /**
         * Sends the process a signal (STOP, CONT) with {@code kill}.
         */
        public void signal(final String signal) throws IOException, InterruptedException
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (kill.waitFor() != 0)
            {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        }
    }

    /**
     * Starts a holder of lock {@code lockId} with a lease of {@code leaseMs} and waits until it holds the lock.
     */
    public static Started start(final ClusterProcesses cluster, final long lockId, final long leaseMs)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MemberProcess.JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LockHolder.class.getName());
        command.add(cluster.endpoints.clientSetting());
        command.add(Long.toString(lockId));
        command.add(Long.toString(leaseMs));
        command.add(new File(cluster.dir, "holder-aeron-" + System.nanoTime()).getAbsolutePath());
        final Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        final BufferedReader out = new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do
        {
            line = out.readLine();
        }
        while (line != null && !line.startsWith("locked token="));
        if (line == null)
        {
            holder.destroyForcibly();
            throw new IllegalStateException("the holder process ended before taking the lock");
        }
        return new Started(holder, Long.parseLong(line.substring("locked token=".length())));
    }

    public static void main(final String[] args) throws Exception
    {
        // Its own driver, in a directory the test removes: a SIGKILLed process cannot clean up after itself.
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(args[3])
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true));
        final ConsensusClient client = ConsensusClient.start(new ClientConfig()
            .endpoints(ClusterEndpoints.parse(args[0]))
            .aeronDir(driver.aeronDirectoryName())
            .leaseTtlMs(Long.parseLong(args[2])), reply -> { });
        final FabricConsensus consensus = new FabricConsensus(client);
        final FabricConsensus.LockGrant grant = consensus.lock(Long.parseLong(args[1]), 1, -1)
            .get(30, TimeUnit.SECONDS);
        System.out.println("locked token=" + grant.fencingToken());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
