/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optimistic transactions ({@code Fabric.atomically}) in JVMs of their own under the real {@code fabric.jar}
 * against real member processes: transfers with exact totals, and the linearizability checker over histories whose
 * every operation is a transaction over two objects, with and without a leader SIGKILLed.
 */
class ClusterTransactionsIT
{
    private static final String APP = "apps.transactions.TxApp";

    private ClusterApps cluster;

    @AfterEach
    void stop() throws InterruptedException
    {
        if (cluster != null)
        {
            cluster.close();
            cluster = null;
        }
    }

    @Test
    void transfersInTransactionsFromThreeJvmsKeepTheTotalExactly() throws Exception
    {
        cluster = ClusterApps.start("tx-transfers");
        final int perJvm = 30;
        final List<JvmProcess.Started> jvms = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            jvms.add(cluster.app(APP, List.of(), "transfer", String.valueOf(perJvm), String.valueOf(17 + i)));
        }
        for (final JvmProcess.Started jvm : jvms)
        {
            final JvmProcess.Result result = jvm.await(300);
            assertEquals(0, result.exitCode(), result::describe);
            System.out.println(result.output().trim());
        }
        final JvmProcess.Result audit = cluster.app(APP, List.of(), "audit").await(120);
        assertEquals(0, audit.exitCode(), audit::describe);
        assertTrue(audit.output().contains("AUDIT total 4000 moves " + 3 * perJvm + " ledger " + 3 * perJvm),
            audit::describe);
    }

    @Test
    void historiesOfTransactionsFromThreeJvmsAreLinearizable() throws Exception
    {
        cluster = ClusterApps.start("tx-linearizable");
        checkRegisters(false);
    }

    @Test
    void historiesOfTransactionsStayLinearizableAcrossALeaderKill() throws Exception
    {
        cluster = ClusterApps.start("tx-linearizable-failover");
        checkRegisters(true);
    }

    @Test
    void waitingInsideATransactionIsRefusedSayingWhy() throws Exception
    {
        cluster = ClusterApps.start("tx-refusals");
        final JvmProcess.Result result = cluster.app(APP, List.of(), "wait-refused").await(120);
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("WAIT refused io.memfabric.FabricException: Cannot wait on"),
            result::describe);
        assertTrue(result.output().contains("a transaction must not block on others"), result::describe);
        assertTrue(result.output().contains("ATTEMPTS refused: a transaction needs at least 1 attempt, not 0"),
            result::describe);
    }

    @Test
    void aTransactionThatConflictsEveryTimeStopsAtItsBoundHavingWrittenNothing() throws Exception
    {
        cluster = ClusterApps.start("tx-bound");
        final JvmProcess.Result result = cluster.app(APP, List.of(), "bound").await(120);
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("BOUND attempts 3 runs 3 category LOST target 0: A transaction did not " +
            "commit in 3 attempts"), result::describe);
        assertTrue(result.output().contains("changed since the transaction read it"), result::describe);
    }

    private void checkRegisters(final boolean killLeader) throws Exception
    {
        final List<Path> histories = new ArrayList<>();
        final List<JvmProcess.Started> workers = new ArrayList<>();
        for (int process = 0; process < 3; process++)
        {
            final Path history = JvmProcess.WORK_DIR.resolve("tx-history-" + killLeader + "-" + process + "-" +
                System.nanoTime() + ".txt");
            histories.add(history);
            workers.add(cluster.app(APP, List.of(), "registers", history.toString(), String.valueOf(process), "2",
                "40", String.valueOf(process * 13L + (killLeader ? 5 : 0))));
        }
        if (killLeader)
        {
            Histories.awaitLines(histories.get(0), 40, 120);
            cluster.killLeader();
        }
        for (final JvmProcess.Started worker : workers)
        {
            final JvmProcess.Result result = worker.await(300);
            assertEquals(0, result.exitCode(), result::describe);
            assertTrue(result.output().contains("registers done torn 0"), result::describe);
        }
        Histories.assertLinearizable("transactions" + (killLeader ? " (leader killed)" : ""), histories);
    }
}
