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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leader's process is killed with SIGKILL in the middle of a stream of requests: every acknowledged request is
 * there afterwards and none is applied twice.
 */
@Timeout(120)
class FailoverIT
{
    private static final int REQUESTS = 120;
    private static final int KILL_AFTER = 40;

    @Test
    void everyAcknowledgedRequestSurvivesALeaderKillAndNoneIsAppliedTwice() throws Exception
    {
        try (ClusterProcesses cluster = new ClusterProcesses("failover", 3);
            ConsensusClient client = ConsensusClient.start(new ClientConfig().endpoints(cluster.endpoints)
                .requestTimeoutMs(30_000), reply -> { }))
        {
            final int leader = cluster.awaitLeader(30_000);
            final FabricConsensus consensus = new FabricConsensus(client);
            final long object = consensus.root("fabric://failover/log").get(30, TimeUnit.SECONDS);
            long killedAtNs = 0;
            long servedAfterKillNs = 0;

            for (int i = 1; i <= REQUESTS; i++)
            {
                if (i == KILL_AFTER)
                {
                    cluster.kill(leader);
                    killedAtNs = System.nanoTime();
                }
                // A reentrant acquisition is not idempotent: applied twice, the hold count would run ahead.
                final FabricConsensus.LockGrant grant = consensus.lock(42, 1, -1).get(30, TimeUnit.SECONDS);
                assertEquals(i, grant.holdCount(), "request " + i + " was applied " +
                    (grant.holdCount() > i ? "more than once" : "not at all"));
                consensus.writeLong(0, 0, object, i, i * 10L).get(30, TimeUnit.SECONDS);
                if (i == KILL_AFTER)
                {
                    servedAfterKillNs = System.nanoTime();
                }
            }

            for (int i = 1; i <= REQUESTS; i++)
            {
                assertEquals(i * 10L, consensus.readLong(object, i).get(30, TimeUnit.SECONDS), "slot " + i);
            }
            final long failoverMs = TimeUnit.NANOSECONDS.toMillis(servedAfterKillNs - killedAtNs);
            System.out.println("failover: member " + leader + " killed; the client heard of the new leader after " +
                TimeUnit.NANOSECONDS.toMillis(client.lastLeaderChangeNs() - killedAtNs) + " ms and the next " +
                "request was served after " + failoverMs + " ms");
            assertTrue(servedAfterKillNs > killedAtNs);
        }
    }
}
