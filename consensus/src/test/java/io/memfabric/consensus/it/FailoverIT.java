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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    private static final long HOLDER_LEASE_MS = 1_500;

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

    // The holder's process is stopped (SIGSTOP) just before the leader is killed and resumed once a new leader is up
    // and its lease has run out in cluster time: only the new term's grace period (a full lease from the term's
    // start) keeps its lock. An election takes at least the heartbeat timeout plus the election timeout (1 s), which
    // is the margin the resumed holder has to renew.
    @Test
    void aHoldersLockOutlivesAnElectionThatOutlastsItsLease() throws Exception
    {
        try (ClusterProcesses cluster = new ClusterProcesses("grace", 3);
            ConsensusClient client = ConsensusClient.start(new ClientConfig().endpoints(cluster.endpoints)
                .requestTimeoutMs(30_000), reply -> { }))
        {
            final int leader = cluster.awaitLeader(30_000);
            final LockHolder.Started holder = LockHolder.start(cluster, 9, HOLDER_LEASE_MS);
            try
            {
                final FabricConsensus consensus = new FabricConsensus(client);
                assertFalse(consensus.lock(9, 1, 0).get(30, TimeUnit.SECONDS).granted(), "the holder has it");

                holder.signal("STOP");
                final long stoppedAtNs = System.nanoTime();
                cluster.kill(leader);
                cluster.awaitLeader(30_000);
                final long silentMs = HOLDER_LEASE_MS + 300;
                final long leftMs = silentMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAtNs);
                Thread.sleep(Math.max(0, leftMs));
                holder.signal("CONT");
                final long resumedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAtNs);

                assertFalse(consensus.lock(9, 1, 0).get(30, TimeUnit.SECONDS).granted(),
                    "the cluster expired the holder during the election (it was silent " + resumedAfterMs + " ms)");
                Thread.sleep(HOLDER_LEASE_MS + 500);
                assertFalse(consensus.lock(9, 1, 0).get(30, TimeUnit.SECONDS).granted(),
                    "the resumed holder did not keep its lease");
                System.out.println("grace: a holder silent for " + resumedAfterMs + " ms across an election (lease " +
                    HOLDER_LEASE_MS + " ms) kept its lock");
            }
            finally
            {
                holder.process().destroyForcibly();
            }
        }
    }
}
