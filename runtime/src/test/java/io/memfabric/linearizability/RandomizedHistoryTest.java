/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Histories recorded from real atomic registers driven by many threads, as three simulated JVMs: the checker accepts
 * them, and rejects each after one read in it is corrupted into a certainly non-linearizable result.
 */
class RandomizedHistoryTest
{
    private static final int PROCESSES = 3;

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    @TempDir
    Path directory;

    @Test
    void acceptsHistoriesOfAtomicRegisters()
    {
        for (int seed = 1; seed <= 20; seed++)
        {
            final History history = record(
                "accept-" + seed, new RegisterWorkload().seed(seed).threads(9).operationsPerThread(300));

            final CheckResult result = checker.check(history);

            assertEquals(Verdict.LINEARIZABLE, result.verdict(), () -> "seed " + result.describe());
        }
    }

    @Test
    void acceptsHistoriesWhoseTimedOutOperationsArePending()
    {
        for (int seed = 1; seed <= 10; seed++)
        {
            final History history = record(
                "pending-" + seed,
                new RegisterWorkload().seed(seed).threads(9).operationsPerThread(300).pendingProbability(0.03));

            final CheckResult result = checker.check(history);

            assertTrue(history.pendingCount() > 0);
            assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe);
        }
    }

    @Test
    void rejectsEveryConcurrentHistoryWithOneCorruptedRead()
    {
        final RegisterWorkload workload = new RegisterWorkload()
            .threads(12).operationsPerThread(250).registerCount(2).maxLatencyNanos(20_000);

        final int corruptions = rejectCorruptions(checker, workload);

        assertTrue(corruptions >= 60, "only " + corruptions + " corruptions found");
    }

    @Test
    void searchAloneRejectsEveryHistoryWithOneCorruptedRead()
    {
        final LinearizabilityChecker searchOnly = new LinearizabilityChecker(
            new LinearizabilityChecker.Context().readSourceCheck(false));

        final int corruptions = rejectCorruptions(
            searchOnly, new RegisterWorkload().threads(3).operationsPerThread(400).registerCount(2));

        assertTrue(corruptions >= 60, "only " + corruptions + " corruptions found");
    }

    @Test
    void checksThousandsOfOperationsPerKeyFromTwentyFourThreads()
    {
        final History history = record(
            "large", new RegisterWorkload().seed(7).threads(24).operationsPerThread(1_000).registerCount(4)
                .maxLatencyNanos(50_000));
        assertEquals(24_000, history.size());

        final CheckResult result = checker.check(history);

        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe);
        long states = 0;
        for (final KeyResult keyResult : result.keyResults())
        {
            states += keyResult.statesExplored();
        }
        System.out.printf("linearizability check: %d operations on %d keys from 24 threads in %.1f ms " +
            "(%,.0f ops/s), %d states explored%n",
            result.operationCount(), result.keyResults().size(), result.elapsedNanos() / 1e6,
            result.operationCount() * 1e9 / result.elapsedNanos(), states);
    }

    private int rejectCorruptions(final LinearizabilityChecker checker, final RegisterWorkload workload)
    {
        final SplittableRandom random = new SplittableRandom(42);
        int corruptions = 0;
        for (int seed = 1; seed <= 6; seed++)
        {
            final History history = record("corrupt-" + seed, workload.seed(seed).pendingProbability(0.01));
            assertTrue(checker.check(history).isLinearizable());
            final Map<String, List<Operation>> byKey = history.byKey();
            final List<Operation> reads = completedReads(history);
            for (int attempt = 0; attempt < 20; attempt++)
            {
                final Operation read = reads.get(random.nextInt(reads.size()));
                final List<Operation> ofKey = byKey.get(read.key());
                final Long corrupted = corruptValue(read, ofKey, random.nextInt(3), random);
                if (corrupted == null)
                {
                    continue;
                }
                final List<Operation> corruptedKey = new ArrayList<>(ofKey);
                corruptedKey.set(corruptedKey.indexOf(read), read.withReadValue(corrupted));

                final KeyResult result = checker.checkKey(read.key(), corruptedKey);

                assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(),
                    () -> "read " + read + " corrupted to " + corrupted + ": " + result.explanation());
                corruptions++;
            }
        }
        return corruptions;
    }

    /**
     * A result for the read that no linearization can explain, given that every written value is unique.
     *
     * @return the value, or null if this read offers no such value of the chosen kind.
     */
    private static Long corruptValue(
        final Operation read,
        final List<Operation> ofKey,
        final int kind,
        final SplittableRandom random)
    {
        switch (kind)
        {
            case 0:
                return -1 - (long)random.nextInt(1_000);

            case 1:
            {
                // written only by an operation invoked after the read returned
                final List<Operation> later = new ArrayList<>();
                for (final Operation operation : ofKey)
                {
                    if (writes(operation) && operation.invokeNanos() > read.responseNanos())
                    {
                        later.add(operation);
                    }
                }
                return later.isEmpty() ? null : later.get(random.nextInt(later.size())).value();
            }

            default:
            {
                // stale: written by w, then overwritten by w2 which returned before the read began
                Operation overwrite = null;
                for (final Operation operation : ofKey)
                {
                    if (tookEffect(operation) && operation.responseNanos() < read.invokeNanos() &&
                        (overwrite == null || operation.invokeNanos() > overwrite.invokeNanos()))
                    {
                        overwrite = operation;
                    }
                }
                if (overwrite == null)
                {
                    return null;
                }
                final List<Operation> stale = new ArrayList<>();
                for (final Operation operation : ofKey)
                {
                    if (tookEffect(operation) && operation.responseNanos() < overwrite.invokeNanos())
                    {
                        stale.add(operation);
                    }
                }
                return stale.isEmpty() ? null : stale.get(random.nextInt(stale.size())).value();
            }
        }
    }

    private static boolean writes(final Operation operation)
    {
        return operation.kind() == OpKind.WRITE || operation.kind() == OpKind.CAS;
    }

    private static boolean tookEffect(final Operation operation)
    {
        return operation.status() == OpStatus.OK &&
            (operation.kind() == OpKind.WRITE || (operation.kind() == OpKind.CAS && operation.succeeded()));
    }

    private static List<Operation> completedReads(final History history)
    {
        final List<Operation> reads = new ArrayList<>();
        for (final Operation operation : history.operations())
        {
            if (operation.kind() == OpKind.READ && operation.status() == OpStatus.OK)
            {
                reads.add(operation);
            }
        }
        return reads;
    }

    private History record(final String name, final RegisterWorkload workload)
    {
        final Path[] files = new Path[PROCESSES];
        final HistoryRecorder[] recorders = new HistoryRecorder[PROCESSES];
        for (int p = 0; p < PROCESSES; p++)
        {
            files[p] = directory.resolve(name + "-p" + (p + 1) + ".history");
            recorders[p] = HistoryRecorder.open(files[p], p + 1);
        }
        try
        {
            workload.run(new RegisterWorkload.AtomicRegisters(8), recorders);
        }
        finally
        {
            for (final HistoryRecorder recorder : recorders)
            {
                recorder.close();
            }
        }
        return HistoryReader.read(files);
    }
}
