/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryReaderTest
{
    @TempDir
    Path directory;

    @Test
    void mergesTheFilesOfSeveralProcesses()
    {
        final Path[] files = new Path[3];
        final HistoryRecorder[] recorders = new HistoryRecorder[3];
        for (int p = 0; p < 3; p++)
        {
            files[p] = directory.resolve("p" + (p + 1) + ".history");
            recorders[p] = HistoryRecorder.open(files[p], p + 1);
        }
        new RegisterWorkload().threads(6).operationsPerThread(200).registerCount(3)
            .run(new RegisterWorkload.AtomicRegisters(3), recorders);
        recorders[2].invokeWrite(RegisterWorkload.key(0), 12345);
        for (final HistoryRecorder recorder : recorders)
        {
            recorder.close();
        }

        final History history = HistoryReader.read(files);

        assertEquals(6 * 200 + 1, history.size());
        assertEquals(1, history.pendingCount());
        final Map<Integer, Integer> perProcess = new HashMap<>();
        for (final Operation operation : history.operations())
        {
            perProcess.merge(operation.process(), 1, Integer::sum);
        }
        assertEquals(Map.of(1, 400, 2, 400, 3, 401), perProcess);
        final CheckResult result = new LinearizabilityChecker().check(history);
        assertTrue(result.isLinearizable(), result::describe);
        assertEquals(3, result.keyResults().size());
    }

    @Test
    void ignoresALastLineCutShortByAKill() throws IOException
    {
        final Path file = directory.resolve("p1.history");
        try (HistoryRecorder recorder = HistoryRecorder.open(file, 1))
        {
            recorder.completeWrite(recorder.invokeWrite("x", 1));
            recorder.invokeRead("x");
        }
        Files.writeString(file, "ok 1 1 99999999999", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        final History history = HistoryReader.read(file);

        assertEquals(2, history.size());
        assertEquals(1, history.pendingCount());
    }

    @Test
    void readsHandWrittenLines()
    {
        final History history = new HistoryReader()
            .add("a", "# comment\ni 1 1 0 100 write x 3\ni 2 9 0 150 read x\nok 1 0 200\n")
            .add("b", "ok 2 0 300 3\n\ni 2 9 1 400 cas x 3 4\nok 2 1 500 true\n")
            .history();

        assertEquals(3, history.size());
        assertEquals(0, history.pendingCount());
        assertTrue(new LinearizabilityChecker().check(history).isLinearizable());
    }

    @Test
    void rejectsACompletionOfAnOperationNeverInvoked()
    {
        final HistoryFormatException error = assertThrows(
            HistoryFormatException.class, () -> new HistoryReader().add("p1.history", "# header\nok 1 4 100\n"));

        assertTrue(error.getMessage().startsWith("p1.history:2: "), error.getMessage());
    }

    @Test
    void rejectsTheSameOperationInvokedInTwoFiles()
    {
        final HistoryReader reader = new HistoryReader().add("a", "i 1 1 0 100 read x\n");

        assertThrows(HistoryFormatException.class, () -> reader.add("b", "i 1 1 0 100 read x\n"));
    }

    @Test
    void rejectsMalformedLines()
    {
        final String[] malformed = {
            "i 1 1 0 100 swap x 1\n",
            "i 1 1 0 100 write x\n",
            "i 1 1 0 1o0 read x\n",
            "x 1 1 0 100 read x\n",
            "i 1 1 0 100 cas x 1 2\nok 1 0 200 yes\n",
            "i 1 1 0 100 read x\nok 1 0 50 1\n",
            "i 1 1 0 100 read x\nok 1 0 150\n"
        };
        for (final String text : malformed)
        {
            assertThrows(HistoryFormatException.class, () -> new HistoryReader().add("a", text), text);
        }
    }
}
