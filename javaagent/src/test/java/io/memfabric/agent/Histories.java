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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The histories application JVMs record for the linearizability checker: waiting for one to grow, and checking them
 * together.
 */
final class Histories
{
    private Histories()
    {
    }

    /**
     * Waits until a history file holds some lines (a run is under way), to time a fault.
     */
    static void awaitLines(final Path file, final int lines, final long seconds) throws Exception
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Files.exists(file) || Files.readAllLines(file).size() < lines)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError(file + " did not reach " + lines + " lines in " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Reads the histories as one, asserts it is linearizable, prints the verdict under {@code label} and deletes
     * the files.
     */
    static void assertLinearizable(final String label, final List<Path> files) throws Exception
    {
        final History history = HistoryReader.read(files);
        final CheckResult check = new LinearizabilityChecker().check(history);
        System.out.println(label + ": " + check.verdict() + ", " + history.operations().size() + " operations");
        assertEquals(Verdict.LINEARIZABLE, check.verdict(), check::toString);
        for (final Path file : files)
        {
            Files.deleteIfExists(file);
        }
    }
}
