/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything one run of the consensus suite started or created: processes to stop and directories to remove. The
 * suite closes it when it is done or fails, and a shutdown hook closes it when the harness JVM is stopped, so no
 * member, etcd process or directory outlives the run. Closing is idempotent and undoes things in reverse order.
 */
final class Teardown implements AutoCloseable
{
    private static final long STOP_WAIT_MS = 10_000;

    private final Deque<Object> launched = new ArrayDeque<>();
    private final Thread hook = new Thread(this::close, "memfabric-bench-teardown");
    private boolean hookRegistered;

    /**
     * Registers the shutdown hook.
     *
     * @return this.
     */
    Teardown registerHook()
    {
        Runtime.getRuntime().addShutdownHook(hook);
        hookRegistered = true;
        return this;
    }

    /**
     * @param process a process to stop at the end: SIGTERM, then SIGKILL after {@value #STOP_WAIT_MS} ms.
     * @return the process.
     */
    synchronized Process process(final Process process)
    {
        launched.push(process);
        return process;
    }

    /**
     * @param dir a directory to remove at the end, with everything in it.
     * @return the directory.
     */
    synchronized Path dir(final Path dir)
    {
        launched.push(dir);
        return dir;
    }

    /**
     * Stops the given processes now (SIGTERM, then SIGKILL), for a cluster the suite is done with.
     *
     * @param processes the processes.
     */
    static void stop(final Iterable<Process> processes)
    {
        for (final Process process : processes)
        {
            process.destroy();
        }
        for (final Process process : processes)
        {
            awaitOrKill(process);
        }
    }

    /**
     * Stops what is still running and removes the directories, newest first.
     */
    public void close()
    {
        synchronized (this)
        {
            if (Thread.currentThread() == hook && !launched.isEmpty())
            {
                System.err.println("bench: stopped; stopping what the suite started and removing its directories");
            }
            while (!launched.isEmpty())
            {
                final Object next = launched.pop();
                if (next instanceof Process)
                {
                    final Process process = (Process)next;
                    if (process.isAlive())
                    {
                        process.destroy();
                        awaitOrKill(process);
                    }
                }
                else
                {
                    delete((Path)next);
                }
            }
        }
        if (hookRegistered && Thread.currentThread() != hook)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // The JVM is shutting down already; the hook runs or has run, and finds nothing left to do.
            }
            hookRegistered = false;
        }
    }

    private static void awaitOrKill(final Process process)
    {
        try
        {
            if (!process.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.deleteIfExists(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final IOException | UncheckedIOException ex)
        {
            System.err.println("bench: could not remove " + dir + ": " + ex.getMessage());
        }
    }
}
