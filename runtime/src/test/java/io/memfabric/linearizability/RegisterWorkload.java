/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives threads doing random reads, writes and compare-and-sets on a few registers, recording each operation with a
 * {@link HistoryRecorder}: the source of real, timed histories for the checker's tests, in one JVM or several
 * ({@link RegisterWorkloadProcess}). Every value written is unique (process, thread and sequence number packed into a
 * positive {@code long}), which lets tests build corruptions that are certainly not linearizable.
 */
public final class RegisterWorkload
{
    /**
     * Registers the workload works on, indexed from 0; implementations must be linearizable for the histories to be.
     */
    public interface Registers
    {
        /**
         * @param register which register.
         * @return its value.
         */
        long get(int register);

        /**
         * @param register which register.
         * @param value    its new value.
         */
        void set(int register, long value);

        /**
         * @param register which register.
         * @param expected the value it must hold.
         * @param newValue the value it gets if it did.
         * @return whether it was set.
         */
        boolean compareAndSet(int register, long expected, long newValue);
    }

    /**
     * Registers in an {@link AtomicLongArray}, starting at 0.
     */
    public static final class AtomicRegisters implements Registers
    {
        private final AtomicLongArray values;

        /**
         * @param count how many registers.
         */
        public AtomicRegisters(final int count)
        {
            values = new AtomicLongArray(count);
        }

        /**
         * {@inheritDoc}
         */
        public long get(final int register)
        {
            return values.get(register);
        }

        /**
         * {@inheritDoc}
         */
        public void set(final int register, final long value)
        {
            values.set(register, value);
        }

        /**
         * {@inheritDoc}
         */
        public boolean compareAndSet(final int register, final long expected, final long newValue)
        {
            return values.compareAndSet(register, expected, newValue);
        }
    }

    private int registerCount = 4;
    private int threads = 8;
    private int operationsPerThread = 500;
    private long seed = 1;
    private double pendingProbability = 0;
    private long maxLatencyNanos = 0;

    /**
     * @param registerCount how many registers, named {@code r0}, {@code r1} and so on.
     * @return this workload.
     */
    public RegisterWorkload registerCount(final int registerCount)
    {
        this.registerCount = registerCount;
        return this;
    }

    /**
     * @param threads how many threads, spread evenly over the recorders.
     * @return this workload.
     */
    public RegisterWorkload threads(final int threads)
    {
        this.threads = threads;
        return this;
    }

    /**
     * @param operationsPerThread how many operations each thread makes.
     * @return this workload.
     */
    public RegisterWorkload operationsPerThread(final int operationsPerThread)
    {
        this.operationsPerThread = operationsPerThread;
        return this;
    }

    /**
     * @param seed what the random choices derive from.
     * @return this workload.
     */
    public RegisterWorkload seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /**
     * @param probability how often an operation that took effect is left without its completion line, as if its
     *                    client had timed out.
     * @return this workload.
     */
    public RegisterWorkload pendingProbability(final double probability)
    {
        this.pendingProbability = probability;
        return this;
    }

    /**
     * @param maxLatencyNanos the most each operation parks before and after it acts on its register, at random, as a
     *                        network round trip would; 0 for none. Widens the intervals so that operations overlap.
     * @return this workload.
     */
    public RegisterWorkload maxLatencyNanos(final long maxLatencyNanos)
    {
        this.maxLatencyNanos = maxLatencyNanos;
        return this;
    }

    /**
     * @param register which register.
     * @return its key in the history.
     */
    public static String key(final int register)
    {
        return "r" + register;
    }

    /**
     * Runs the threads to the end; thread {@code i} records with {@code recorders[i % recorders.length]}, so several
     * recorders stand for several JVMs.
     *
     * @param registers the registers.
     * @param recorders where the operations are recorded.
     */
    public void run(final Registers registers, final HistoryRecorder... recorders)
    {
        final CyclicBarrier start = new CyclicBarrier(threads);
        final List<Thread> workers = new ArrayList<>(threads);
        final List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int threadIndex = t;
            final HistoryRecorder recorder = recorders[t % recorders.length];
            final Thread worker = new Thread(() ->
            {
                try
                {
                    start.await();
                    runThread(registers, recorder, threadIndex);
                }
                catch (final Throwable ex)
                {
                    synchronized (errors)
                    {
                        errors.add(ex);
                    }
                }
            }, "workload-" + t);
            workers.add(worker);
            worker.start();
        }
        for (final Thread worker : workers)
        {
            try
            {
                worker.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the workload", ex);
            }
        }
        if (!errors.isEmpty())
        {
            throw new IllegalStateException("a workload thread failed", errors.get(0));
        }
    }

    private void runThread(final Registers registers, final HistoryRecorder recorder, final int threadIndex)
    {
        final SplittableRandom random = new SplittableRandom(seed * 1_000_003L + recorder.process() * 1_009L +
            threadIndex);
        final long[] lastSeen = new long[registerCount];
        final long valueBase = ((long)recorder.process() << 48) | ((long)threadIndex << 32);
        for (int i = 0; i < operationsPerThread; i++)
        {
            final int register = random.nextInt(registerCount);
            final String key = key(register);
            final boolean complete = random.nextDouble() >= pendingProbability;
            final int choice = random.nextInt(4);
            if (choice < 2)
            {
                final long op = recorder.invokeRead(key);
                latency(random);
                final long seen = registers.get(register);
                latency(random);
                lastSeen[register] = seen;
                if (complete)
                {
                    recorder.completeRead(op, seen);
                }
            }
            else if (choice == 2)
            {
                final long value = valueBase | (i + 1);
                final long op = recorder.invokeWrite(key, value);
                latency(random);
                registers.set(register, value);
                latency(random);
                lastSeen[register] = value;
                if (complete)
                {
                    recorder.completeWrite(op);
                }
            }
            else
            {
                final long expected = lastSeen[register];
                final long value = valueBase | (i + 1);
                final long op = recorder.invokeCas(key, expected, value);
                latency(random);
                final boolean succeeded = registers.compareAndSet(register, expected, value);
                latency(random);
                if (succeeded)
                {
                    lastSeen[register] = value;
                }
                if (complete)
                {
                    recorder.completeCas(op, succeeded);
                }
            }
        }
    }

    private void latency(final SplittableRandom random)
    {
        if (maxLatencyNanos > 0)
        {
            LockSupport.parkNanos(random.nextLong(maxLatencyNanos));
        }
    }
}
