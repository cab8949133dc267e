/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
            final LockHolder.Started started = LockHolder.start(cluster, 5, HOLDER_LEASE_MS);
            final Process holder = started.process();
            try
            {
                final long holderToken = started.token();
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
