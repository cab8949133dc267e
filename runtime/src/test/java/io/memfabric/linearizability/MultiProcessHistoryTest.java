/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real JVMs share registers in a memory-mapped file and each records its own history file: the merged history
 * is linearizable, also when one JVM is killed with SIGKILL in the middle of its operations.
 */
class MultiProcessHistoryTest
{
    private static final int PROCESSES = 3;
    private static final int REGISTERS = 3;
    private static final int THREADS = 4;

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void killLeftovers()
    {
        for (final Process process : processes)
        {
            process.destroyForcibly();
        }
    }

    @Test
    void historyOfThreeJvmsIsLinearizable() throws Exception
    {
        final Path[] files = historyFiles();
        for (int p = 0; p < PROCESSES; p++)
        {
            start(p + 1, files[p], 2_000);
        }
        for (final Process process : processes)
        {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        }

        final History history = HistoryReader.read(files);
        final CheckResult result = new LinearizabilityChecker().check(history);

        assertEquals(PROCESSES * THREADS * 2_000, history.size());
        assertEquals(0, history.pendingCount());
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe);
    }

    @Test
    void historyStaysLinearizableWhenOneJvmIsKilledMidway() throws Exception
    {
        final Path[] files = historyFiles();
        start(1, files[0], 3_000);
        start(2, files[1], 3_000);
        final Process victim = start(3, files[2], Integer.MAX_VALUE);
        for (int p = 0; p < 2; p++)
        {
            assertTrue(processes.get(p).waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, processes.get(p).exitValue());
        }
        victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        final History history = HistoryReader.read(files);
        final History victimHistory = HistoryReader.read(files[2]);
        final CheckResult result = new LinearizabilityChecker().check(history);

        assertTrue(victimHistory.size() > 0);
        assertTrue(victimHistory.pendingCount() <= THREADS, victimHistory::toString);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe);
    }

    private Path[] historyFiles()
    {
        final Path[] files = new Path[PROCESSES];
        for (int p = 0; p < PROCESSES; p++)
        {
            files[p] = directory.resolve("p" + (p + 1) + ".history");
        }
        return files;
    }

    private Process start(final int process, final Path historyFile, final int operationsPerThread) throws Exception
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = List.of(
            java,
            "-cp", System.getProperty("java.class.path") + File.pathSeparator + System.getProperty(
                "surefire.real.class.path", ""),
            RegisterWorkloadProcess.class.getName(),
            directory.resolve("registers").toString(),
            historyFile.toString(),
            Integer.toString(process),
            Integer.toString(PROCESSES),
            Integer.toString(REGISTERS),
            Integer.toString(THREADS),
            Integer.toString(operationsPerThread),
            Long.toString(process * 31L));
        final Process started = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("p" + process + ".log").toFile())
            .start();
        processes.add(started);
        return started;
    }
}
