/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Throughput of an asynchronous API with a bounded number of requests in flight: a new request is issued as soon as
 * one completes, never more than the window at once. Used for MemFabric's futures and etcd's {@code sendAsync}
 * alike.
 */
final class Pipeline
{
    private static final long STALL_TIMEOUT_S = 60;

    private Pipeline()
    {
    }

    /**
     * @param ops    how many requests.
     * @param window how many in flight at once.
     * @param op     issues request {@code i}.
     * @return how long they all took, in nanoseconds.
     * @throws Exception the first request's failure, or a timeout if the pipeline stalls.
     */
    static long run(final int ops, final int window, final IntFunction<CompletableFuture<?>> op) throws Exception
    {
        final Semaphore permits = new Semaphore(window);
        final CountDownLatch done = new CountDownLatch(ops);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long start = System.nanoTime();
        for (int i = 0; i < ops; i++)
        {
            if (!permits.tryAcquire(STALL_TIMEOUT_S, TimeUnit.SECONDS))
            {
                throw new TimeoutException("no request completed for " + STALL_TIMEOUT_S + " s (" + i + " of " +
                    ops + " issued)");
            }
            if (null != failure.get())
            {
                break;
            }
            op.apply(i).whenComplete((result, ex) ->
            {
                if (null != ex)
                {
                    failure.compareAndSet(null, ex);
                }
                permits.release();
                done.countDown();
            });
        }
        if (null == failure.get() && !done.await(STALL_TIMEOUT_S, TimeUnit.SECONDS))
        {
            throw new TimeoutException(done.getCount() + " of " + ops + " requests unanswered after " +
                STALL_TIMEOUT_S + " s");
        }
        final long elapsed = System.nanoTime() - start;
        final Throwable ex = failure.get();
        if (null != ex)
        {
            throw new IllegalStateException("a request failed during the throughput run: " + ex, ex);
        }
        return elapsed;
    }
}
