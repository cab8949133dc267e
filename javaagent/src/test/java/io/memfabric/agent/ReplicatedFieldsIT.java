/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CAUSAL and EVENTUAL fields between JVMs of their own under the real {@code fabric.jar}, against real member
 * processes: writes travel over the data plane, not through the cluster.
 */
class ReplicatedFieldsIT
{
    private static final String APP = "apps.models.ModelsApp";

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
    void anAnswerIsNeverSeenBeforeItsQuestion() throws Exception
    {
        cluster = ClusterApps.start("models-causal");
        final int questions = 400;
        final JvmProcess.Started watcher = cluster.app(APP, List.of(), "watch", String.valueOf(questions));
        final JvmProcess.Started answerer = cluster.app(APP, List.of(), "answer", String.valueOf(questions));
        final JvmProcess.Started asker = cluster.app(APP, List.of(), "ask", String.valueOf(questions));
        final JvmProcess.Result asked = asker.await(300);
        assertEquals(0, asked.exitCode(), asked::describe);
        assertTrue(asked.output().contains("ASKED " + questions + " ownWritesMissed 0"), asked::describe);
        final JvmProcess.Result answered = answerer.await(300);
        assertEquals(0, answered.exitCode(), answered::describe);
        assertTrue(answered.output().contains("ANSWERED up to " + questions), answered::describe);
        final JvmProcess.Result watched = watcher.await(300);
        assertEquals(0, watched.exitCode(), watched::describe);
        final Matcher line = Pattern.compile("WATCHED answers up to (\\d+) observations (\\d+) violations (\\d+) " +
            "regressions (\\d+)").matcher(watched.output());
        assertTrue(line.find(), watched::describe);
        assertEquals(questions, Integer.parseInt(line.group(1)), watched::describe);
        assertEquals(0, Long.parseLong(line.group(3)), watched::describe);
        assertEquals(0, Long.parseLong(line.group(4)), watched::describe);
        System.out.println(line.group());
    }

    @Test
    void concurrentEventualWritesSettleOnOneValueEverywhereAndALockStillExcludes() throws Exception
    {
        cluster = ClusterApps.start("models-eventual");
        final List<JvmProcess.Started> racers = new ArrayList<>();
        for (final String name : List.of("a", "b", "c"))
        {
            racers.add(cluster.app(APP, List.of(), "race", name, "300", "3"));
        }
        final Set<String> settled = new HashSet<>();
        for (final JvmProcess.Started racer : racers)
        {
            final JvmProcess.Result result = racer.await(300);
            assertEquals(0, result.exitCode(), result::describe);
            final Matcher line = Pattern.compile("SETTLED winner (\\S+) lockedCount (\\d+)").matcher(result.output());
            assertTrue(line.find(), result::describe);
            settled.add(line.group(1));
            // Mutual exclusion on an object with EVENTUAL fields: the STRONG count under its lock is exact.
            assertEquals(60, Integer.parseInt(line.group(2)), result::describe);
        }
        assertEquals(1, settled.size(), settled::toString);
        assertTrue(settled.iterator().next().endsWith("-299"), settled::toString);
    }

    @Test
    void countersSetsAndMapsChangedInThreeJvmsMergeToTheSameExactState() throws Exception
    {
        cluster = ClusterApps.start("models-merge");
        final List<JvmProcess.Started> racers = new ArrayList<>();
        for (final String name : List.of("a", "b", "c"))
        {
            racers.add(cluster.app(APP, List.of(), "merge", name, "2000", "3"));
        }
        for (final JvmProcess.Started racer : racers)
        {
            final JvmProcess.Result result = racer.await(300);
            assertEquals(0, result.exitCode(), result::describe);
            assertTrue(result.output().contains("MERGED hits 6000 members 30 progress {a=1999, b=1999, c=1999}"),
                result::describe);
        }
    }

    @Test
    void aJvmKilledBeforeAnyoneHeardItsWritesSendsThemFromItsJournalWhenRestarted() throws Exception
    {
        cluster = ClusterApps.start("models-journal");
        final String journal = "-Dmemfabric.journal.dir=" + JvmProcess.WORK_DIR.resolve("journal-" + System.nanoTime());
        final JvmProcess.Started first = cluster.app(APP, List.of(journal), "journal-write", "1000", "7");
        first.awaitOutput("WROTE hits 1000 latest 7", 120);
        // SIGKILL: no JVM but it ever held these writes.
        first.destroy();
        final JvmProcess.Started restarted = cluster.app(APP, List.of(journal), "journal-write", "500", "9");
        restarted.awaitOutput("WROTE hits 1500 latest 9", 120);
        // Its state is back before it joins: from its journal, not from a peer (it has none).
        final String started = restarted.outputSoFar();
        assertTrue(Pattern.compile("STARTED hits 1000 latest 7 recovered [1-9]").matcher(started).find(), started);
        final JvmProcess.Result read = cluster.app(APP, List.of(), "journal-read", "1500", "9").await(120);
        assertEquals(0, read.exitCode(), read::describe);
        assertTrue(read.output().contains("READ hits 1500 latest 9 by journal"), read::describe);
        restarted.destroy();
    }
}
