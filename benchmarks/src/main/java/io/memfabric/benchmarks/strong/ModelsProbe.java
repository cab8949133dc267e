/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.Fabric;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The MemFabric side of the {@code models} suite, in a JVM started with the agent against the suite's cluster.
 * <p>
 * Arguments:
 * <ul>
 *     <li>{@code local warmup samples}: the cost of a write in the writing JVM, in batches of {@value #BATCH}: a
 *     {@code volatile} field of an unshared object, a CAUSAL field, an EVENTUAL field, a merging counter's
 *     increment.</li>
 *     <li>{@code send warmup samples receivers} and {@code receive warmup samples receivers}: one JVM writes a CAUSAL
 *     message about every {@value #PACE_US} µs (its send time), then an end mark; each receiving JVM polls the field
 *     from its own thread and records, for each new value it sees, how long after the send it saw it (one clock:
 *     the JVMs share a host).</li>
 *     <li>{@code count increments racers}: every racer increments the merging counter; each reports its rate and
 *     waits until its replica holds every racer's increments.</li>
 * </ul>
 */
public final class ModelsProbe
{
    private static final int BATCH = 1_000;
    private static final long PACE_US = 1_000;
    private static final long DEADLINE_NS = TimeUnit.MINUTES.toNanos(5);

    private ModelsProbe()
    {
    }

    /**
     * @param args what to measure.
     * @throws InterruptedException if interrupted while waiting for the others.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final String phase = "send".equals(args[0]) || "receive".equals(args[0]) ? "propagation" :
            "listen".equals(args[0]) ? "notify" : args[0];
        final ModelsBoard board = Fabric.current().root("fabric://bench/models-" + phase, ModelsBoard.class,
            ModelsBoard::new);
        switch (args[0])
        {
            case "local" -> local(board, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "send" -> send(board, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
            case "receive" -> receive(board, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
            case "count" -> count(board, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "notify" -> send(board, Integer.parseInt(args[1]), Integer.parseInt(args[2]), 1);
            case "listen" -> listen(board, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    private static final class Plain
    {
        volatile long value;
    }

    // Reachable from a static field, so the JIT cannot prove the object unseen by other threads and drop its stores.
    private static final Plain PLAIN = new Plain();

    private static void local(final ModelsBoard board, final int warmup, final int samples)
    {
        final Plain plain = PLAIN;
        final OpLatencies volatileWrites = new OpLatencies("volatile_write");
        final OpLatencies causalWrites = new OpLatencies("causal_write");
        final OpLatencies eventualWrites = new OpLatencies("eventual_write");
        final OpLatencies counterAdds = new OpLatencies("counter_add");
        long value = 0;
        for (int round = 0; round < warmup + samples; round++)
        {
            long start = System.nanoTime();
            for (int i = 0; i < BATCH; i++)
            {
                plain.value = ++value;
            }
            final long plainNs = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < BATCH; i++)
            {
                board.causal = ++value;
            }
            final long causalNs = System.nanoTime() - start;
            // Lets the engine send what was queued, so each batch is measured with room in its queue.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            start = System.nanoTime();
            for (int i = 0; i < BATCH; i++)
            {
                board.eventual = ++value;
            }
            final long eventualNs = System.nanoTime() - start;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            start = System.nanoTime();
            for (int i = 0; i < BATCH; i++)
            {
                board.counter.increment();
            }
            final long counterNs = System.nanoTime() - start;
            if (round >= warmup)
            {
                volatileWrites.record(plainNs, BATCH);
                causalWrites.record(causalNs, BATCH);
                eventualWrites.record(eventualNs, BATCH);
                counterAdds.record(counterNs, BATCH);
            }
        }
        if (board.causal != value - BATCH || board.eventual != value)
        {
            throw new IllegalStateException("a CAUSAL or EVENTUAL write did not read back");
        }
        volatileWrites.report();
        causalWrites.report();
        eventualWrites.report();
        counterAdds.report();
    }

    private static void send(final ModelsBoard board, final int warmup, final int samples, final int receivers)
        throws InterruptedException
    {
        meet(board, receivers + 1);
        for (long i = 1; i <= warmup + samples; i++)
        {
            board.sentNanos = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(PACE_US));
        }
        // The end, after every message (causal order: a receiver that sees it has seen the last message).
        board.sequence = warmup + samples;
        System.out.println("sent " + (warmup + samples) + " messages");
        finish(board, receivers + 1);
    }

    private static void receive(final ModelsBoard board, final int warmup, final int samples, final int receivers)
        throws InterruptedException
    {
        meet(board, receivers + 1);
        final OpLatencies propagation = new OpLatencies("causal_propagation");
        final long total = warmup + samples;
        // Polls as the raw Aeron receiver polls its subscription: with the fabric's adaptive idle strategy.
        final org.agrona.concurrent.IdleStrategy idle = io.memfabric.IdleSetting.ADAPTIVE.newIdleStrategy();
        long last = 0;
        long seen = 0;
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (System.nanoTime() - deadline < 0)
        {
            // A message is its send time: each new value seen is a message, timed against this JVM's clock, which is
            // the sender's (one host). Values overwritten before this thread polled are not seen, nor counted.
            final long sent = board.sentNanos;
            if (sent == last)
            {
                if (board.sequence == total)
                {
                    break;
                }
                idle.idle(0);
                continue;
            }
            final long now = System.nanoTime();
            last = sent;
            seen++;
            idle.idle(1);
            if (seen > warmup / 2)
            {
                propagation.record(now - sent);
            }
        }
        if (board.sequence != total)
        {
            throw new IllegalStateException("the sender's end did not arrive in 5 minutes (" + seen + " messages)");
        }
        System.out.println("saw " + seen + " of " + total + " messages (others were overwritten before this JVM " +
            "polled)");
        propagation.report();
        finish(board, receivers + 1);
    }

    // A subscription to the send-time field: each change's listener call timed against the shared clock.
    private static void listen(final ModelsBoard board, final int warmup, final int samples)
        throws InterruptedException
    {
        final OpLatencies latencies = new OpLatencies("notification");
        final long total = warmup + samples;
        final java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
        final long[] heard = new long[1];
        final io.memfabric.FabricSubscription subscription = Fabric.current().subscribe("bench-notify", board, null,
            change ->
            {
                final long now = System.nanoTime();
                if ("sentNanos".equals(change.field()))
                {
                    if (++heard[0] > warmup)
                    {
                        latencies.record(now - (Long)change.value());
                    }
                }
                else if ("sequence".equals(change.field()) && (Long)change.value() == total)
                {
                    end.countDown();
                }
            });
        meet(board, 2);
        if (!end.await(5, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("the end did not arrive in 5 minutes (" + heard[0] + " changes)");
        }
        subscription.close();
        System.out.println("heard " + heard[0] + " changes of " + total + " writes");
        latencies.report();
        finish(board, 2);
    }

    private static void count(final ModelsBoard board, final int increments, final int racers)
        throws InterruptedException
    {
        meet(board, racers);
        final long start = System.nanoTime();
        for (int i = 0; i < increments; i++)
        {
            board.counter.increment();
        }
        final long elapsed = System.nanoTime() - start;
        final long total;
        synchronized (board)
        {
            board.added += increments;
            board.done++;
            board.notifyAll();
            while (board.done < racers)
            {
                board.wait(1_000);
            }
            total = board.added;
        }
        final long base = total - (long)increments * racers;
        final long convergeStart = System.nanoTime();
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (board.counter.get() - base < (long)increments * racers && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(1);
        }
        final long got = board.counter.get() - base;
        if (got != (long)increments * racers)
        {
            throw new IllegalStateException("the counter holds " + got + " of " + (long)increments * racers +
                " increments");
        }
        System.out.printf("incremented %d times in %.1f ms; every racer's increments here %.1f ms after the " +
            "last racer finished%n", increments, elapsed / 1e6, (System.nanoTime() - convergeStart) / 1e6);
        ProbeOutput.figure("counter_increment", (double)elapsed / increments, "ns");
    }

    private static void meet(final ModelsBoard board, final int parties) throws InterruptedException
    {
        synchronized (board)
        {
            board.ready++;
            board.notifyAll();
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (board.ready < parties && System.nanoTime() - deadline < 0)
            {
                board.wait(1_000);
            }
        }
    }

    private static void finish(final ModelsBoard board, final int parties) throws InterruptedException
    {
        synchronized (board)
        {
            board.done++;
            board.notifyAll();
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (board.done < parties && System.nanoTime() - deadline < 0)
            {
                board.wait(1_000);
            }
        }
    }
}
