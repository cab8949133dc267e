/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.cluster.MemberProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client process holding a lock is killed with SIGKILL: the lock goes to the next waiter once the dead client's
 * lease runs out, with a higher fencing token.
 */
@Timeout(120)
class ClientDeathIT
{
    private static final long HOLDER_LEASE_MS = 2_000;

    @Test
    void lockOfAKilledClientGoesToTheNextWaiterAfterItsLease() throws Exception
    {
        try (ClusterProcesses cluster = new ClusterProcesses("client-death", 3);
            ConsensusClient client = ConsensusClient.start(new ClientConfig().endpoints(cluster.endpoints)
                .requestTimeoutMs(30_000), reply -> { }))
        {
            cluster.awaitLeader(30_000);
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(MemberProcess.JVM_FLAGS);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(LockHolder.class.getName());
            command.add(cluster.endpoints.clientSetting());
            command.add("5");
            command.add(Long.toString(HOLDER_LEASE_MS));
            command.add(new java.io.File(cluster.dir, "holder-aeron").getAbsolutePath());
            final Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
            try
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                String line;
                do
                {
                    line = out.readLine();
                }
                while (line != null && !line.startsWith("locked token="));
                assertNotNull(line, "the holder process ended before taking the lock");
                final long holderToken = Long.parseLong(line.substring("locked token=".length()));

                final FabricConsensus consensus = new FabricConsensus(client);
                assertFalse(consensus.lock(5, 1, 0).get(30, TimeUnit.SECONDS).granted(), "the holder has it");

                holder.destroyForcibly();
                holder.waitFor(10, TimeUnit.SECONDS);
                final long killedAtNs = System.nanoTime();
                final FabricConsensus.LockGrant grant = consensus.lock(5, 1, -1).get(60, TimeUnit.SECONDS);
                final long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNs);

                assertTrue(grant.granted());
                assertTrue(grant.fencingToken() > holderToken, "a new grant fences the dead holder out");
                System.out.println("client death: lock granted " + waitedMs + " ms after SIGKILL (lease " +
                    HOLDER_LEASE_MS + " ms)");
            }
            finally
            {
                holder.destroyForcibly();
            }
        }
    }
}
