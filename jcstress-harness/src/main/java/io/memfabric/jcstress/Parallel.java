/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs two parties of one actor at the same time, for litmus tests with more parties than JCStress will schedule:
 * JCStress 0.16 runs a test only if the machine has a core per actor, so IRIW's four threads would never run on a
 * two-core machine. An actor of such a test runs its two parties with {@link #both}: one on the actor's thread, one on
 * a helper thread, started together. A fabric operation takes a network round trip, so the hand-off (microseconds)
 * does not separate them.
 */
public final class Parallel
{
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(runnable ->
    {
        final Thread thread = new Thread(runnable, "jcstress-party");
        thread.setDaemon(true);
        return thread;
    });

    private Parallel()
    {
    }

    /**
     * Runs {@code first} on this thread and {@code second} on a helper thread, and returns when both have.
     *
     * @param first  one party.
     * @param second the other.
     */
    public static void both(final Runnable first, final Runnable second)
    {
        final CompletableFuture<Void> other = CompletableFuture.runAsync(second, HELPERS);
        first.run();
        other.join();
    }
}
