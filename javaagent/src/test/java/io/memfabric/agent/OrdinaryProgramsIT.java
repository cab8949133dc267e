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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Programs written as for one JVM ({@code apps.ordinary.OrdinaryApp}), run under the real {@code fabric.jar}
 * embedded and in separate JVMs on a real 3-member cluster: copies of shared objects, {@code static synchronized},
 * and the unshared fields of an object another JVM made.
 */
class OrdinaryProgramsIT
{
    private static final String APP = "apps.ordinary.OrdinaryApp";

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
    void cloneSerializationAndReflectiveCopiesOfASharedObjectAreOrdinaryUnsharedObjects() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main(APP).arg("copies").run();

        assertSucceeded(result);
    }

    @Test
    void aCloneOnAClusterIsUnsharedAndStoringItPublishesANewObjectSeenByOtherJvms() throws Exception
    {
        startCluster("clone");

        assertSucceeded(app("clone-writer").await(120));
        assertSucceeded(app("clone-reader").await(120));
    }

    @Test
    void staticSynchronizedMethodsAndClassBlocksLockAcrossJvms() throws Exception
    {
        startCluster("static-synchronized");
        final int increments = 60;
        final Path go = Files.createTempFile(Files.createDirectories(JvmProcess.WORK_DIR), "tally-go", ".flag");
        Files.delete(go);
        final JvmProcess.Started first = app("tally", String.valueOf(increments), go.toString());
        final JvmProcess.Started second = app("tally", String.valueOf(increments), go.toString());
        first.awaitOutput("READY", 60);
        second.awaitOutput("READY", 60);
        Files.createFile(go);

        assertSucceeded(first.await(180));
        assertSucceeded(second.await(180));
        final JvmProcess.Result audit = app("tally-audit").await(60);
        assertSucceeded(audit);
        assertTrue(audit.output().contains("count " + 2 * 2 * increments), audit::describe);
        Files.deleteIfExists(go);
    }

    @Test
    void waitAndNotifyAllOnTheClassOfStaticSynchronizedMethodsWorkAcrossJvms() throws Exception
    {
        startCluster("class-wait");
        final JvmProcess.Started first = app("class-wait", "2");
        final JvmProcess.Started second = app("class-wait", "2");

        final JvmProcess.Result firstResult = first.await(60);
        final JvmProcess.Result secondResult = second.await(60);
        assertSucceeded(firstResult);
        assertSucceeded(secondResult);
        assertTrue(firstResult.output().contains("ALL ARRIVED"), firstResult::describe);
        assertTrue(secondResult.output().contains("ALL ARRIVED"), secondResult::describe);
    }

    @Test
    void unsharedFieldsOfAnObjectMadeByAnotherJvmHoldWhatItsNoArgumentConstructorGives() throws Exception
    {
        startCluster("notebook");

        assertSucceeded(app("notebook-writer").await(120));
        assertSucceeded(app("notebook-reader").await(120));
    }

    private static void assertSucceeded(final JvmProcess.Result result)
    {
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("failures=0"), result::describe);
    }

    private void startCluster(final String name) throws Exception
    {
        cluster = ClusterApps.start("ordinary-" + name);
    }

    private JvmProcess.Started app(final String... args) throws Exception
    {
        return cluster.app(APP, List.of(), args);
    }
}
