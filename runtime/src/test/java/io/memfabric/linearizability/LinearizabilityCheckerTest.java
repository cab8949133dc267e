/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearizabilityCheckerTest
{
    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    @Test
    void acceptsEmptyHistory()
    {
        assertLinearizable(new HistoryBuilder().build());
    }

    @Test
    void acceptsSequentialHistoryOfReadsWritesAndCas()
    {
        final History history = new HistoryBuilder()
            .client(1, 1)
            .read("x", 0, 0, 10)
            .write("x", 1, 20, 30)
            .read("x", 1, 40, 50)
            .cas("x", 1, 2, true, 60, 70)
            .cas("x", 1, 3, false, 80, 90)
            .read("x", 2, 100, 110)
            .cas("x", 2, 2, true, 120, 130)
            .write("y", 7, 140, 150)
            .read("y", 7, 160, 170)
            .build();

        final CheckResult result = checker.check(history);

        assertTrue(result.isLinearizable(), result::describe);
        assertEquals(2, result.keyResults().size());
        assertEquals(7, result.keyResults().get(0).linearization().size());
    }

    @Test
    void acceptsReadConcurrentWithWriteSeeingOldOrNewValue()
    {
        assertLinearizable(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 100)
            .client(2, 1).read("x", 0, 10, 20)
            .client(3, 1).read("x", 1, 30, 40)
            .build());
    }

    @Test
    void acceptsConcurrentReadsThatOrderWritesOppositeToTheirInvocations()
    {
        assertLinearizable(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 100)
            .client(2, 1).write("x", 2, 10, 100)
            .client(3, 1).read("x", 2, 110, 120)
            .client(3, 1).read("x", 2, 130, 140)
            .client(4, 1).read("x", 1, 20, 50)
            .build());
    }

    @Test
    void treatsEqualResponseAndInvocationTimesAsConcurrent()
    {
        assertLinearizable(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 10)
            .client(2, 1).read("x", 0, 10, 20)
            .build());
    }

    @Test
    void rejectsStaleReadAfterCompletedWrite()
    {
        final History history = new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 10)
            .client(2, 1).read("x", 0, 20, 30)
            .build();

        final KeyResult violation = assertViolation(history, "x");

        assertTrue(violation.explanation().contains("read(x) -> 0"), violation::explanation);
        assertTrue(violation.explanation().contains("write(x, 1)"), violation::explanation);
        assertEquals(history.operations().get(1), violation.involved().get(0));
    }

    @Test
    void rejectsReadsSeeingNewThenOldValueInRealTimeOrder()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 100)
            .client(2, 1).read("x", 1, 10, 20)
            .client(3, 1).read("x", 0, 30, 40)
            .build(), "x");
    }

    @Test
    void rejectsCasThatSucceededOnValueNoWriteProduced()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 10)
            .client(2, 1).cas("x", 5, 6, true, 20, 30)
            .build(), "x");
    }

    @Test
    void rejectsCasThatFailedAlthoughValueMatched()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 10)
            .client(2, 1).cas("x", 1, 2, false, 20, 30)
            .build(), "x");
    }

    @Test
    void rejectsLostUpdateByTwoSuccessfulCasFromSameExpectedValue()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 10)
            .client(2, 1).cas("x", 1, 2, true, 20, 40)
            .client(3, 1).cas("x", 1, 3, true, 25, 45)
            .build(), "x");
    }

    @Test
    void rejectsReadOfValueNeverWritten()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 10)
            .client(2, 1).read("x", 42, 5, 30)
            .build(), "x");
    }

    @Test
    void rejectsReadOfValueWrittenOnlyAfterTheReadReturned()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).read("x", 1, 0, 10)
            .client(2, 1).write("x", 1, 20, 30)
            .build(), "x");
    }

    @Test
    void pendingWriteMayExplainLaterRead()
    {
        assertLinearizable(new HistoryBuilder()
            .client(1, 1).pendingWrite("x", 1, 0)
            .client(2, 1).read("x", 0, 10, 20)
            .client(2, 1).read("x", 1, 1_000, 1_010)
            .build());
    }

    @Test
    void pendingWriteMayNeverTakeEffect()
    {
        assertLinearizable(new HistoryBuilder()
            .client(1, 1).pendingWrite("x", 1, 0)
            .client(2, 1).read("x", 0, 10, 20)
            .client(2, 1).read("x", 0, 1_000, 1_010)
            .build());
    }

    @Test
    void pendingWriteNeverExplainsReadThatFinishedBeforeItStarted()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).read("x", 1, 0, 10)
            .client(2, 1).pendingWrite("x", 1, 20)
            .build(), "x");
    }

    @Test
    void pendingWriteTakesEffectAtMostOnce()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).pendingWrite("x", 1, 0)
            .client(2, 1).read("x", 1, 10, 20)
            .client(2, 1).read("x", 0, 30, 40)
            .build(), "x");
    }

    @Test
    void pendingCasTakesEffectOnlyWhereItSucceeds()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).pendingCas("x", 5, 6, 0)
            .client(2, 1).read("x", 6, 10, 20)
            .build(), "x");
        assertLinearizable(new HistoryBuilder()
            .client(1, 1).write("x", 5, 0, 5)
            .client(1, 1).pendingCas("x", 5, 6, 10)
            .client(2, 1).read("x", 5, 20, 30)
            .client(2, 1).read("x", 6, 40, 50)
            .build());
    }

    @Test
    void pendingReadsAreIgnored()
    {
        assertLinearizable(new HistoryBuilder()
            .client(1, 1).pendingRead("x", 0)
            .client(2, 1).write("x", 3, 10, 20)
            .build());
    }

    @Test
    void failedWriteNeverExplainsRead()
    {
        assertViolation(new HistoryBuilder()
            .client(1, 1).failedWrite("x", 1, 0)
            .client(2, 1).read("x", 1, 10, 20)
            .build(), "x");
    }

    @Test
    void initialValueIsConfigurablePerKey()
    {
        final History history = new HistoryBuilder()
            .client(1, 1).read("x", 7, 0, 10)
            .client(1, 1).read("y", 9, 20, 30)
            .build();

        assertEquals(Verdict.NOT_LINEARIZABLE, checker.check(history).verdict());
        final LinearizabilityChecker configured = new LinearizabilityChecker(
            new LinearizabilityChecker.Context().initialValue(9).initialValue("x", 7));
        assertTrue(configured.check(history).isLinearizable());
    }

    @Test
    void checksEachKeySeparatelyAndNamesOnlyTheViolatingOne()
    {
        final History history = new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 10)
            .client(1, 1).write("y", 1, 0, 10)
            .client(2, 1).read("x", 1, 20, 30)
            .client(2, 1).read("y", 0, 20, 30)
            .client(3, 1).read("z", 0, 20, 30)
            .build();

        final CheckResult result = checker.check(history);

        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(3, result.keyResults().size());
        assertEquals(1, result.violations().size());
        assertEquals("y", result.violations().get(0).key());
        assertTrue(result.describe().contains("key 'y'"), result::describe);
    }

    @Test
    void reportsUnknownWhenStateLimitIsReached()
    {
        final HistoryBuilder builder = new HistoryBuilder();
        for (int i = 1; i <= 8; i++)
        {
            builder.client(i, 1).write("x", i, 0, 100);
        }
        // no order can make the register read 1 and then 2 without a write between, but proving it takes a search
        final History history = builder.client(9, 1).read("x", 1, 200, 210).read("x", 2, 220, 230).build();

        final LinearizabilityChecker limited = new LinearizabilityChecker(
            new LinearizabilityChecker.Context().maxStatesPerKey(10));
        final CheckResult unknown = limited.check(history);

        assertEquals(Verdict.UNKNOWN, unknown.verdict(), unknown::describe);
        assertEquals(1, unknown.unknowns().size());
        assertTrue(unknown.describe().contains("limit reached"), unknown::describe);
        assertEquals(Verdict.NOT_LINEARIZABLE, checker.check(history).verdict());
    }

    @Test
    void witnessOrdersOperationsAsTheRegisterSawThem()
    {
        final History history = new HistoryBuilder()
            .client(1, 1).write("x", 1, 0, 100)
            .client(2, 1).write("x", 2, 10, 100)
            .client(3, 1).read("x", 1, 110, 120)
            .build();

        final List<Operation> order = checker.check(history).keyResults().get(0).linearization();

        assertEquals(List.of(history.operations().get(1), history.operations().get(0), history.operations().get(2)),
            order);
    }

    private void assertLinearizable(final History history)
    {
        final CheckResult result = checker.check(history);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::describe);
    }

    private KeyResult assertViolation(final History history, final String key)
    {
        final CheckResult result = checker.check(history);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::describe);
        assertEquals(1, result.violations().size(), result::describe);
        final KeyResult violation = result.violations().get(0);
        assertEquals(key, violation.key());
        assertTrue(violation.explanation().contains("key '" + key + "'"), violation::explanation);
        return violation;
    }
}
