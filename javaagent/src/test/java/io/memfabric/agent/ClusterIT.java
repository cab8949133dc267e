/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.linearizability.CheckResult;
import io.memfabric.linearizability.History;
import io.memfabric.linearizability.HistoryReader;
import io.memfabric.linearizability.LinearizabilityChecker;
import io.memfabric.linearizability.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STRONG across JVMs: programs rewritten by the real {@code fabric.jar} run in separate JVMs against a real 3-member
 * cluster of separate processes, and faults are real: a leader SIGKILLed, a lock holder SIGKILLed, a holder
 * SIGSTOPped past its session, every member killed.
 */
class ClusterIT
{
    private static final String APP = "apps.cluster.ClusterApp";
    private static final int LINEARIZABILITY_RUNS = Integer.getInteger("memfabric.test.linearizabilityRuns", 2);

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
    void transfersInThreeJvmsKeepExactTotals() throws Exception
    {
        transfers(false);
    }

    @Test
    void transfersKeepExactTotalsWhenTheLeaderIsKilled() throws Exception
    {
        transfers(true);
    }

    @Test
    void aReaderNeverSeesValueBehindSeqAcrossAFailover() throws Exception
    {
        startCluster("order");
        // What this checks is order across a failover, not how fast one is: under a loaded CI machine one run saw a
        // client wait more than the default 10 s for a session with the new leader, so give the failover room.
        final List<String> patient = List.of("-Dmemfabric.timeout.ms=30000");
        final JvmProcess.Started writer = app(patient, "writer", "200");
        final JvmProcess.Started reader = app(patient, "reader", "200");
        writer.awaitOutput("writer progress 60", 90);
        killLeader();
        final JvmProcess.Result written = writer.await(120);
        final JvmProcess.Result read = reader.await(120);
        assertEquals(0, written.exitCode(), written::describe);
        assertEquals(0, read.exitCode(), read::describe);
        final Matcher summary = Pattern.compile("reader reads (\\d+) violations (\\d+) backwards (\\d+)")
            .matcher(read.output());
        assertTrue(summary.find(), read::describe);
        assertTrue(Long.parseLong(summary.group(1)) > 0, read::describe);
        assertEquals(0, Long.parseLong(summary.group(2)), read::describe);
        assertEquals(0, Long.parseLong(summary.group(3)), read::describe);
    }

    @Test
    void aJvmWhoseMainReturnsExitsByItself() throws Exception
    {
        startCluster("returns");
        final JvmProcess.Result result = appOf("apps.cluster.ReturnsFromMain", List.of()).await(60);
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("RETURNING"), result::describe);
    }

    @Test
    void waitAndNotifyWorkAcrossJvms() throws Exception
    {
        startCluster("queue");
        final JvmProcess.Started consumer = app("consume", "20");
        final JvmProcess.Started producer = app("produce", "20");
        final JvmProcess.Result produced = producer.await(120);
        final JvmProcess.Result consumed = consumer.await(120);
        assertEquals(0, produced.exitCode(), produced::describe);
        assertEquals(0, consumed.exitCode(), consumed::describe);
        assertTrue(consumed.output().contains("consumed 20 sum 210"), consumed::describe);
        assertTrue(!consumed.output().contains("OUT OF ORDER"), consumed::describe);
    }

    @Test
    void historiesOfThreeJvmsAreLinearizableWithoutAFailover() throws Exception
    {
        linearizability(0, false);
    }

    @Test
    void historiesOfThreeJvmsAreLinearizableAcrossLeaderFailovers() throws Exception
    {
        for (int run = 1; run <= LINEARIZABILITY_RUNS; run++)
        {
            linearizability(run, true);
            stop();
        }
    }

    @Test
    void aJvmKeepsAGreedyLockAndReentersItWithoutAskingTheCluster() throws Exception
    {
        startCluster("greedy");
        final JvmProcess.Result greedy = app("reenter", "2000").await(120);
        assertEquals(0, greedy.exitCode(), greedy::describe);
        final Matcher kept = Pattern.compile("REENTERED 2000 matched 0 requests (\\d+) kept (\\d+)")
            .matcher(greedy.output());
        assertTrue(kept.find(), greedy::describe);
        assertTrue(Long.parseLong(kept.group(1)) < 20, greedy::describe);
        assertTrue(Long.parseLong(kept.group(2)) >= 1999, greedy::describe);

        // The same with greedy locks off: a lock and an unlock per entry.
        final JvmProcess.Result exact = app(List.of("-Dmemfabric.lock.greedy=false"), "reenter", "200").await(120);
        assertEquals(0, exact.exitCode(), exact::describe);
        final Matcher sent = Pattern.compile("REENTERED 200 matched 0 requests (\\d+) kept 0").matcher(exact.output());
        assertTrue(sent.find(), exact::describe);
        assertTrue(Long.parseLong(sent.group(1)) >= 400, exact::describe);
    }

    @Test
    void greedyLocksAreRecalledUnderContentionAndNoIncrementIsLost() throws Exception
    {
        startCluster("contended");
        final List<JvmProcess.Started> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            workers.add(app("increment", "400"));
        }
        long recalls = 0;
        for (final JvmProcess.Started worker : workers)
        {
            final JvmProcess.Result result = worker.await(180);
            assertEquals(0, result.exitCode(), result::describe);
            final Matcher done = Pattern.compile("INCREMENTED 400 value (\\d+) recalls (\\d+)")
                .matcher(result.output());
            assertTrue(done.find(), result::describe);
            recalls += Long.parseLong(done.group(2));
        }
        final JvmProcess.Result total = app("increment", "0").await(60);
        assertTrue(total.output().contains("INCREMENTED 0 value 1200 "), total::describe);
        assertTrue(recalls > 0, "the JVMs contended, so the cluster recalled their greedy locks");
    }

    @Test
    void aReaderRacingAnOwnerThatWritesBackNeverSeesAnOldValue() throws Exception
    {
        startCluster("owner-reader");
        final JvmProcess.Started writer = app("ledger-writer", "300");
        final JvmProcess.Started reader = app("ledger-reader", "300");
        final JvmProcess.Result written = writer.await(180);
        final JvmProcess.Result read = reader.await(180);
        assertEquals(0, written.exitCode(), written::describe);
        assertEquals(0, read.exitCode(), read::describe);
        final Matcher buffered = Pattern.compile("ledger-writer done 300 buffered (\\d+)").matcher(written.output());
        assertTrue(buffered.find(), written::describe);
        assertTrue(Long.parseLong(buffered.group(1)) > 0, "the owner kept writes in its copy\n" + written.describe());
        assertTrue(read.output().contains(" violations 0 backwards 0"), read::describe);
    }

    @Test
    void anOwnerKilledWithWritesNotFlushedLosesNothingItsThreadsCompleted() throws Exception
    {
        startCluster("owner-killed");
        final Path progress = JvmProcess.WORK_DIR.resolve("ledger-progress-" + System.nanoTime() + ".txt");
        final JvmProcess.Started owner = app("ledger-forever", progress.toString());
        Histories.awaitLines(progress, 200, 120);
        owner.destroy();
        owner.await(60);
        final List<String> lines = Files.readAllLines(progress);
        final long completed = lines.isEmpty() ? 0 : Long.parseLong(lines.get(lines.size() - 1).trim());
        final JvmProcess.Result printed = app("ledger-print").await(60);
        final Matcher ledger = Pattern.compile("LEDGER value (\\d+) seq (\\d+)").matcher(printed.output());
        assertTrue(ledger.find(), printed::describe);
        final long value = Long.parseLong(ledger.group(1));
        assertEquals(value, Long.parseLong(ledger.group(2)), "both writes of a block, or neither");
        assertTrue(value >= completed, "block " + completed + " was left before the kill, the cluster has " + value);
        assertTrue(value <= completed + 1, "at most the block in progress at the kill: " + value);
        Files.deleteIfExists(progress);
    }

    @Test
    void anOwnerPausedPastItsSessionHasItsLateFlushRefused() throws Exception
    {
        startCluster("owner-paused");
        final Path go = Files.createTempFile(Files.createDirectories(JvmProcess.WORK_DIR), "go", ".flag");
        Files.delete(go);
        final JvmProcess.Started owner = app(List.of("-Dmemfabric.session.ms=1000", "-Dmemfabric.lease.ms=500"),
            "ledger-paused", go.toString());
        owner.awaitOutput("HOLDING", 60);
        assertTrue(!owner.outputSoFar().contains("HOLDING buffered 0"), "value = 2 was kept in the owner's copy\n" +
            owner.outputSoFar());
        owner.signal("STOP");
        final JvmProcess.Result printed = app("ledger-print").await(60);
        assertTrue(printed.output().contains("LEDGER value 1 seq 0"), printed::describe);
        owner.signal("CONT");
        Files.createFile(go);
        final JvmProcess.Result paused = owner.await(60);
        assertEquals(0, paused.exitCode(), paused::describe);
        assertTrue(paused.output().contains("FENCED at the exit: ") &&
            paused.output().contains("could not be committed"), paused::describe);
        assertTrue(!paused.output().contains("LEFT") && paused.output().contains("MONITOR RELEASED"), paused::describe);
        final JvmProcess.Result after = app("ledger-print").await(60);
        assertTrue(after.output().contains("LEDGER value 1 seq 0"), after::describe);
    }

    @Test
    void historiesStayLinearizableWhenAWorkerJvmIsKilledMidRun() throws Exception
    {
        startCluster("linearizability-kill");
        final List<Path> histories = new ArrayList<>();
        final List<JvmProcess.Started> workers = new ArrayList<>();
        for (int process = 0; process < 3; process++)
        {
            final Path history = JvmProcess.WORK_DIR.resolve("history-kill-" + process + "-" + System.nanoTime() +
                ".txt");
            histories.add(history);
            workers.add(app("registers", history.toString(), String.valueOf(process), "2", "60",
                String.valueOf(process * 13 + 5)));
        }
        Histories.awaitLines(histories.get(0), 40, 120);
        workers.get(0).destroy();
        workers.get(0).await(60);
        long kept = 0;
        for (final JvmProcess.Started worker : workers.subList(1, workers.size()))
        {
            final JvmProcess.Result result = worker.await(180);
            assertEquals(0, result.exitCode(), result::describe);
            final Matcher done = Pattern.compile("registers done, writes kept in this JVM's copies (\\d+)")
                .matcher(result.output());
            assertTrue(done.find(), result::describe);
            kept += Long.parseLong(done.group(1));
        }
        assertTrue(kept > 0, "the surviving JVMs wrote back some of their writes under ownership");
        final History history = HistoryReader.read(histories);
        final CheckResult check = new LinearizabilityChecker().check(history);
        System.out.println("linearizability with a worker killed: " + check.verdict() + ", " +
            history.operations().size() + " operations, " + history.pendingCount() + " pending");
        assertEquals(Verdict.LINEARIZABLE, check.verdict(), check::toString);
        for (final Path file : histories)
        {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aLockHeldByAKilledJvmIsGrantedToTheNextAfterItsSession() throws Exception
    {
        startCluster("holder");
        final JvmProcess.Started holder = app("hold");
        holder.awaitOutput("HOLDING", 60);
        final JvmProcess.Started taker = app("take", "7");
        Thread.sleep(500);
        assertTrue(!taker.outputSoFar().contains("ENTERED"), "entered while the lock is held:\n" +
            taker.outputSoFar());
        holder.destroy();
        final JvmProcess.Result took = taker.await(60);
        assertEquals(0, took.exitCode(), took::describe);
        assertTrue(took.output().contains("TOOK value 7"), took::describe);
    }

    @Test
    void aHolderPausedPastItsSessionCannotWriteAnyMore() throws Exception
    {
        startCluster("fencing");
        final Path go = Files.createTempFile(Files.createDirectories(JvmProcess.WORK_DIR), "go", ".flag");
        Files.delete(go);
        final JvmProcess.Started holder = app(List.of("-Dmemfabric.session.ms=1000", "-Dmemfabric.lease.ms=500"),
            "paused-holder", go.toString());
        holder.awaitOutput("HOLDING", 60);
        holder.signal("STOP");
        final JvmProcess.Result took = app("take", "2").await(60);
        assertEquals(0, took.exitCode(), took::describe);
        assertTrue(took.output().contains("TOOK value 2"), took::describe);
        holder.signal("CONT");
        Files.createFile(go);
        final JvmProcess.Result paused = holder.await(60);
        assertEquals(0, paused.exitCode(), paused::describe);
        assertTrue(paused.output().contains("FENCED"), paused::describe);
        assertTrue(!paused.output().contains("WROTE after the pause"), paused::describe);
        final JvmProcess.Result after = app("take", "3").await(60);
        assertTrue(after.output().contains("TOOK value 3"), after::describe);
    }

    @Test
    void losingTheClusterFailsAnOperationWithinTheTimeout() throws Exception
    {
        startCluster("unavailable");
        final Path go = Files.createTempFile(Files.createDirectories(JvmProcess.WORK_DIR), "go", ".flag");
        Files.delete(go);
        final JvmProcess.Started app = app(List.of("-Dmemfabric.timeout.ms=2000"), "unavailable", go.toString());
        app.awaitOutput("WROTE", 60);
        for (int id = 0; id < cluster.cluster().processes.length; id++)
        {
            cluster.cluster().kill(id);
        }
        Files.createFile(go);
        final JvmProcess.Result result = app.await(60);
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("UNAVAILABLE after"), result::describe);
        assertTrue(result.output().contains("memfabric.timeout.ms"), result::describe);
    }

    private void transfers(final boolean killLeader) throws Exception
    {
        startCluster(killLeader ? "transfers-failover" : "transfers");
        final int perJvm = 25;
        final List<JvmProcess.Started> tellers = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            tellers.add(app("transfer", "teller" + i, String.valueOf(perJvm), String.valueOf(i + 1)));
        }
        if (killLeader)
        {
            tellers.get(0).awaitOutput("teller0 progress 10", 120);
            killLeader();
        }
        for (final JvmProcess.Started teller : tellers)
        {
            final JvmProcess.Result result = teller.await(180);
            assertEquals(0, result.exitCode(), result::describe);
            assertTrue(result.output().contains("done " + perJvm), result::describe);
        }
        final JvmProcess.Result audit = app("audit").await(60);
        assertTrue(audit.output().contains("total 5000 transfers " + 3 * perJvm), audit::describe);
    }

    private void linearizability(final int run, final boolean killLeader) throws Exception
    {
        startCluster("linearizability-" + run);
        final List<Path> histories = new ArrayList<>();
        final List<JvmProcess.Started> workers = new ArrayList<>();
        for (int process = 0; process < 3; process++)
        {
            final Path history = JvmProcess.WORK_DIR.resolve("history-" + run + "-" + process + "-" +
                System.nanoTime() + ".txt");
            histories.add(history);
            workers.add(app("registers", history.toString(), String.valueOf(process), "2", "60",
                String.valueOf(run * 31 + 7)));
        }
        if (killLeader)
        {
            Histories.awaitLines(histories.get(0), 60, 120);
            killLeader();
        }
        for (final JvmProcess.Started worker : workers)
        {
            final JvmProcess.Result result = worker.await(180);
            assertEquals(0, result.exitCode(), result::describe);
            assertTrue(result.output().contains("registers done"), result::describe);
        }
        Histories.assertLinearizable("linearizability run " + run + (killLeader ? " (leader killed)" : ""),
            histories);
    }


    private void startCluster(final String name) throws Exception
    {
        cluster = ClusterApps.start("agent-" + name);
    }

    private void killLeader() throws Exception
    {
        cluster.killLeader();
    }

    private JvmProcess.Started app(final String... args) throws Exception
    {
        return app(List.of(), args);
    }

    private JvmProcess.Started app(final List<String> jvmArgs, final String... args) throws Exception
    {
        return appOf(APP, jvmArgs, args);
    }

    private JvmProcess.Started appOf(final String mainClass, final List<String> jvmArgs, final String... args)
        throws Exception
    {
        return cluster.app(mainClass, jvmArgs, args);
    }
}
