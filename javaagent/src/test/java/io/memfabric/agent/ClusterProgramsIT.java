/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ordinary programs on a cluster, in JVMs of their own under the real {@code fabric.jar} against real member
 * processes: the shapes a new user writes first, each of which once hung, failed or broke mutual exclusion.
 */
class ClusterProgramsIT
{
    private static final String APP = "apps.programs.ProgramsApp";
    private static final Pattern REQUESTS = Pattern.compile("WALKED (\\d+) in (\\d+) ms, (\\d+) requests");

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
    void aListOfFiftyThousandNodesIsStoredByOneAssignmentAndWalkedExactlyInAnotherJvm() throws Exception
    {
        startCluster("big-list");
        final JvmProcess.Result stored = app("store-list", "big", "50000").await(300);
        assertEquals(0, stored.exitCode(), stored::describe);
        assertTrue(stored.output().contains("STORED 50000"), stored::describe);
        final JvmProcess.Result walked = app("walk-list", "big", "50000").await(300);
        assertEquals(0, walked.exitCode(), walked::describe);
        final Matcher summary = REQUESTS.matcher(walked.output());
        assertTrue(summary.find(), walked::describe);
        assertEquals(50_000, Integer.parseInt(summary.group(1)), walked::describe);
        System.out.println(stored.output().trim() + " / " + summary.group());
    }

    @Test
    void walkingAThousandNodeListFromAnotherJvmTakesAHandfulOfRoundTrips() throws Exception
    {
        startCluster("list");
        final JvmProcess.Result stored = app("store-list", "small", "1000").await(120);
        assertEquals(0, stored.exitCode(), stored::describe);
        final JvmProcess.Result walked = app("walk-list", "small", "1000").await(120);
        assertEquals(0, walked.exitCode(), walked::describe);
        final Matcher summary = REQUESTS.matcher(walked.output());
        assertTrue(summary.find(), walked::describe);
        assertEquals(1_000, Integer.parseInt(summary.group(1)), walked::describe);
        // One graph read brings the list; a lease that ran out on the way costs one more per neighbourhood.
        assertTrue(Integer.parseInt(summary.group(3)) <= 10, walked::describe);
    }

    @Test
    void fiftyMegabytesOfTextWithUnpairedSurrogatesArePublishedByOneStoreAndReadExactly() throws Exception
    {
        startCluster("texts");
        final String count = "50";
        final String length = "1000000";
        // Room for 50 MB of text, twice over while it is encoded.
        final List<String> heap = List.of("-Xmx1g");
        final JvmProcess.Result stored = app(heap, "store-texts", count, length).await(300);
        assertEquals(0, stored.exitCode(), stored::describe);
        assertTrue(stored.output().contains("STORED 50 texts"), stored::describe);
        final JvmProcess.Result read = app(heap, "read-texts", count, length).await(300);
        assertEquals(0, read.exitCode(), read::describe);
        assertTrue(read.output().contains("TEXTS EXACT 50"), read::describe);
        System.out.println(stored.output().trim() + " / " + read.output().trim());
    }

    @Test
    void recordsWorkLikeClassesWithFinalFieldsInEveryJvm() throws Exception
    {
        startCluster("records");
        final JvmProcess.Result stored = app("store-records").await(120);
        assertEquals(0, stored.exitCode(), stored::describe);
        final JvmProcess.Result read = app("read-records").await(120);
        assertEquals(0, read.exitCode(), read::describe);
        assertTrue(read.output().contains("POINT 3 4.5 home equal true"), read::describe);
        assertTrue(read.output().contains("MESSAGE from agent-1 at -1 2.25 label p-label replyTo holder true"),
            read::describe);
    }

    @Test
    void idsTimesAndExactAmountsInJdkValueClassesTravelExactlyAndAddUpAcrossJvms() throws Exception
    {
        startCluster("values");
        final JvmProcess.Result stored = app("store-ticket").await(120);
        assertEquals(0, stored.exitCode(), stored::describe);
        final List<JvmProcess.Started> adders = List.of(app("add-cost", "100"), app("add-cost", "100"));
        for (final JvmProcess.Started adder : adders)
        {
            final JvmProcess.Result added = adder.await(180);
            assertEquals(0, added.exitCode(), added::describe);
        }
        final JvmProcess.Result read = app("read-ticket").await(120);
        assertEquals(0, read.exitCode(), read::describe);
        assertTrue(read.output().contains("TICKET 0f8fad5b-d9cb-469f-a165-70867728950e " +
            "2026-12-07T20:05:01.123456789Z PT1H30M0.000000001S 2026-12-07 2026-12-08T09:30+01:00[Europe/Paris] " +
            "1267650600228229401496703205376 3.50"), read::describe);
        assertTrue(read.output().contains("EQUAL true cost 3.50 scale 2"), read::describe);
    }

    @Test
    void anInterruptedWaitHoldsTheFabricLockAgainBeforeItsHandlerRuns() throws Exception
    {
        startCluster("interrupt");
        final JvmProcess.Started waiter = app("interrupted-wait");
        waiter.awaitOutput("WAITING", 60);
        final JvmProcess.Started intruder = app("intruder", "6000");
        final JvmProcess.Result waited = waiter.await(120);
        final JvmProcess.Result intruded = intruder.await(120);
        assertEquals(0, waited.exitCode(), waited::describe);
        assertTrue(waited.output().contains("HANDLER holds true seen A"), waited::describe);
        assertEquals(0, intruded.exitCode(), intruded::describe);
        final Matcher entries = Pattern.compile("INTRUDER entered (\\d+) intrusions (\\d+)").matcher(intruded.output());
        assertTrue(entries.find(), intruded::describe);
        assertTrue(Integer.parseInt(entries.group(1)) > 0, intruded::describe);
        assertEquals(0, Integer.parseInt(entries.group(2)), "another JVM entered while the handler held the lock");
    }

    @Test
    void aWaiterSleepsInTheClustersWaitSetUntilANotifyFromAnotherJvmWithoutPolling() throws Exception
    {
        startCluster("notify");
        final JvmProcess.Started waiter = app("await-notify");
        waiter.awaitOutput("WAITING", 60);
        final JvmProcess.Result notified = app("notify-after", "3000").await(120);
        final JvmProcess.Result woken = waiter.await(120);
        assertEquals(0, notified.exitCode(), notified::describe);
        assertEquals(0, woken.exitCode(), woken::describe);
        final Matcher line = Pattern.compile("WOKEN after (\\d+) ms, (\\d+) requests").matcher(woken.output());
        assertTrue(line.find(), woken::describe);
        // One LOCK_WAIT and the read of the condition after it; a poll every few milliseconds would be hundreds.
        assertTrue(Integer.parseInt(line.group(2)) <= 6, woken::describe);
    }

    @Test
    void contendedCountersAndABoundedBufferAcrossJvmsKeepExactCounts() throws Exception
    {
        startCluster("contention");
        final int perThread = 15;
        final JvmProcess.Started first = app("count", "4", String.valueOf(perThread));
        final JvmProcess.Started second = app("count", "4", String.valueOf(perThread));
        final JvmProcess.Result counted = first.await(180);
        final JvmProcess.Result countedToo = second.await(180);
        assertEquals(0, counted.exitCode(), counted::describe);
        assertEquals(0, countedToo.exitCode(), countedToo::describe);
        final JvmProcess.Result audit = app("read-count").await(60);
        assertTrue(audit.output().contains("COUNT " + 2 * 4 * perThread), audit::describe);

        // Two producers in one JVM, two consumers in another, through a buffer of four: every item exactly once.
        final int items = 20;
        final JvmProcess.Started consumers = app("consume", "2", String.valueOf(items));
        final JvmProcess.Started producers = app("produce", "0", "2", String.valueOf(items));
        final JvmProcess.Result produced = producers.await(180);
        final JvmProcess.Result consumed = consumers.await(180);
        assertEquals(0, produced.exitCode(), produced::describe);
        assertEquals(0, consumed.exitCode(), consumed::describe);
        final long expectedSum = (long)(2 * items) * (2 * items - 1) / 2;
        assertTrue(consumed.output().contains("buffer consumed " + 2 * items + " sum " + expectedSum + " size 0"),
            consumed::describe);
        System.out.println(counted.output().trim() + " / " + countedToo.output().trim() + " / " +
            produced.output().trim() + " / " + consumed.output().trim());
    }

    @Test
    void everyOperationGivesUpWithinTheTimeoutWhenTheClusterStopsAnswering() throws Exception
    {
        startCluster("stalled");
        final Path go = Files.createTempFile(Files.createDirectories(JvmProcess.WORK_DIR), "go", ".flag");
        Files.delete(go);
        final long timeoutMs = 3_000;
        final JvmProcess.Started app = app(List.of("-Dmemfabric.timeout.ms=" + timeoutMs, "-Dmemfabric.lease.ms=0"),
            "stalled", go.toString());
        app.awaitOutput("READY", 60);
        cluster.signalMembers("STOP");
        Files.createFile(go);
        final JvmProcess.Result result = app.await(120);
        System.out.println(result.output().replaceAll(": The fabric cluster[^\n]*", ""));
        final String[][] expected = {
            {"read", "reading"}, {"store", "writing"}, {"publish", "publishing"}, {"lock", "locking"},
            {"wait", "taking back the lock"}};
        for (final String[] op : expected)
        {
            final Matcher line = Pattern.compile("OP " + op[0] + " threw (\\S+) after (\\d+) ms: (.*)")
                .matcher(result.output());
            assertTrue(line.find(), () -> op[0] + " did not fail:\n" + result.describe());
            assertEquals("io.memfabric.FabricUnavailableException", line.group(1), result::describe);
            // The timeout, plus room for a loaded machine: not the timeout again (the old wait took back the lock
            // only after a release that itself waited out the timeout).
            assertTrue(Long.parseLong(line.group(2)) <= timeoutMs + 1_000, result::describe);
            assertTrue(line.group(3).contains(op[1]) && line.group(3).contains("memfabric.timeout.ms"),
                result::describe);
        }
    }

    private void startCluster(final String name) throws Exception
    {
        cluster = ClusterApps.start("programs-" + name);
    }

    private JvmProcess.Started app(final String... args) throws Exception
    {
        return app(List.of(), args);
    }

    private JvmProcess.Started app(final List<String> jvmArgs, final String... args) throws Exception
    {
        return cluster.app(APP, jvmArgs, args);
    }
}
