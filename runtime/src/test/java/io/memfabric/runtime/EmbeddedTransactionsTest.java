/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.Fabric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Transactions on the embedded fabric: the JVM is the whole fabric, so they run one at a time under one lock.
 */
class EmbeddedTransactionsTest
{
    private final OpenFabrics fabrics = new OpenFabrics();

    @AfterEach
    void close()
    {
        fabrics.closeAll();
    }

    @Test
    void transactionsOfSeveralThreadsRunOneAtATimeAndAnswerWhatTheBodyAnswers() throws Exception
    {
        final Fabric fabric = fabrics.openNode();
        final long[] pair = new long[2];
        final List<Thread> threads = new ArrayList<>();
        final List<Long> torn = new ArrayList<>();
        for (int t = 0; t < 4; t++)
        {
            final Thread thread = new Thread(() ->
            {
                for (int i = 0; i < 2_000; i++)
                {
                    final long seen = fabric.atomically(3, () ->
                    {
                        final long first = pair[0];
                        pair[0] = first + 1;
                        Thread.onSpinWait();
                        pair[1] = pair[1] + 1;
                        return first - pair[1] + 1;
                    });
                    if (seen != 0)
                    {
                        synchronized (torn)
                        {
                            torn.add(seen);
                        }
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        assertEquals(8_000, pair[0]);
        assertEquals(8_000, pair[1]);
        assertEquals(List.of(), torn);
        assertEquals("nested", fabric.atomically(1, () -> fabric.atomically(1, () -> "nested")));
    }

    @Test
    void aTransactionNeedsAtLeastOneAttempt()
    {
        final Fabric fabric = fabrics.openNode();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> fabric.atomically(0, () -> 1));
        assertEquals("a transaction needs at least 1 attempt, not 0", ex.getMessage());
    }
}
