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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryRecorderTest
{
    @TempDir
    Path directory;

    @Test
    void roundTripKeepsEveryOperationOutcomeAndPendingOne()
    {
        final Path file = directory.resolve("p7.history");
        try (HistoryRecorder recorder = HistoryRecorder.open(file, 7))
        {
            recorder.completeWrite(recorder.invokeWrite("x", 5));
            recorder.completeRead(recorder.invokeRead("x"), 5);
            recorder.completeCas(recorder.invokeCas("x", 5, -6), true);
            recorder.completeCas(recorder.invokeCas("x", 5, 7), false);
            recorder.invokeWrite("x", Long.MIN_VALUE);
            recorder.invokeCas("other/key", 1, 2);
            recorder.fail(recorder.invokeWrite("x", 9));
            recorder.invokeRead("x");
        }

        final List<Operation> operations = sortedById(HistoryReader.read(file));

        assertEquals(8, operations.size());
        assertOperation(operations.get(0), OpKind.WRITE, "x", OpStatus.OK, 5);
        assertOperation(operations.get(1), OpKind.READ, "x", OpStatus.OK, 5);
        assertOperation(operations.get(2), OpKind.CAS, "x", OpStatus.OK, -6);
        assertEquals(5, operations.get(2).expected());
        assertTrue(operations.get(2).succeeded());
        assertOperation(operations.get(3), OpKind.CAS, "x", OpStatus.OK, 7);
        assertFalse(operations.get(3).succeeded());
        assertOperation(operations.get(4), OpKind.WRITE, "x", OpStatus.PENDING, Long.MIN_VALUE);
        assertEquals(Operation.NO_RESPONSE, operations.get(4).responseNanos());
        assertOperation(operations.get(5), OpKind.CAS, "other/key", OpStatus.PENDING, 2);
        assertEquals(1, operations.get(5).expected());
        assertOperation(operations.get(6), OpKind.WRITE, "x", OpStatus.FAILED, 9);
        assertEquals(OpStatus.PENDING, operations.get(7).status());
        for (final Operation operation : operations)
        {
            assertEquals(7, operation.process());
            assertEquals(Thread.currentThread().getId(), operation.thread());
            assertTrue(operation.invokeNanos() <= operation.responseNanos());
        }
        assertTrue(operations.get(0).responseNanos() <= operations.get(1).invokeNanos());
    }

    @Test
    void keepsEveryLineWhenManyThreadsRecordAtOnce() throws Exception
    {
        final Path file = directory.resolve("p1.history");
        final int threads = 16;
        final int operationsPerThread = 500;
        try (HistoryRecorder recorder = HistoryRecorder.open(file, 1))
        {
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final String key = "k" + t;
                workers.add(new Thread(() ->
                {
                    for (int i = 0; i < operationsPerThread; i++)
                    {
                        recorder.completeWrite(recorder.invokeWrite(key, i));
                        recorder.completeRead(recorder.invokeRead(key), i);
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (final Thread worker : workers)
            {
                worker.join();
            }
        }

        final History history = HistoryReader.read(file);

        assertEquals(threads * operationsPerThread * 2, history.size());
        assertEquals(0, history.pendingCount());
        assertTrue(new LinearizabilityChecker().check(history).isLinearizable());
    }

    @Test
    void appendsToAnExistingFile()
    {
        final Path file = directory.resolve("p1.history");
        try (HistoryRecorder recorder = HistoryRecorder.open(file, 1))
        {
            recorder.completeWrite(recorder.invokeWrite("x", 1));
        }
        try (HistoryRecorder recorder = HistoryRecorder.open(file, 2))
        {
            recorder.completeRead(recorder.invokeRead("x"), 1);
        }

        assertEquals(2, HistoryReader.read(file).size());
    }

    @Test
    void writesEachLineCompleteAsSoonAsItIsRecorded() throws IOException
    {
        final Path file = directory.resolve("p1.history");
        try (HistoryRecorder recorder = HistoryRecorder.open(file, 1))
        {
            final long op = recorder.invokeWrite("x", 1);
            final String beforeCompletion = Files.readString(file, StandardCharsets.US_ASCII);

            assertTrue(beforeCompletion.endsWith(" write x 1\n"), beforeCompletion);
            assertEquals(1, HistoryReader.read(file).pendingCount());

            recorder.completeWrite(op);
            assertEquals(0, HistoryReader.read(file).pendingCount());
        }
    }

    @Test
    void rejectsKeysThatTheFormatCannotHold()
    {
        try (HistoryRecorder recorder = HistoryRecorder.open(directory.resolve("p1.history"), 1))
        {
            assertThrows(IllegalArgumentException.class, () -> recorder.invokeRead("two words"));
            assertThrows(IllegalArgumentException.class, () -> recorder.invokeRead(""));
        }
    }

    private static void assertOperation(
        final Operation operation,
        final OpKind kind,
        final String key,
        final OpStatus status,
        final long value)
    {
        assertEquals(kind, operation.kind(), operation::toString);
        assertEquals(key, operation.key(), operation::toString);
        assertEquals(status, operation.status(), operation::toString);
        assertEquals(value, operation.value(), operation::toString);
    }

    private static List<Operation> sortedById(final History history)
    {
        final List<Operation> operations = new ArrayList<>(history.operations());
        operations.sort(Comparator.comparingLong(Operation::id));
        return operations;
    }
}
