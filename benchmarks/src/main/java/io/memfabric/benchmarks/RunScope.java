/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one run of a suite owns outside its JVM: the processes it started and the directories it made. All
 * are released when the run ends, fails or is stopped (a shutdown hook), newest first: processes get SIGTERM, then
 * SIGKILL if they outstay {@value #STOP_GRACE_MS} ms; directories are removed with everything in them. Once
 * released, the scope takes nothing more: the suite may still be running when the harness JVM is stopped, and what
 * it starts after the shutdown hook would outlive the run.
 */
public final class RunScope implements AutoCloseable
{
    private static final long STOP_GRACE_MS = 10_000;

    private final Deque<Object> owned = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::release, "memfabric-bench-release");
    private boolean hookInstalled;
    private boolean released;

    private RunScope()
    {
    }

    /**
     * @return a scope that is also released when the harness JVM is stopped.
     */
    public static RunScope open()
    {
        final RunScope scope = new RunScope();
        Runtime.getRuntime().addShutdownHook(scope.shutdownHook);
        scope.hookInstalled = true;
        return scope;
    }

    /**
     * @param process a process the run started.
     * @return the process.
     * @throws IllegalStateException if the scope was released; the process is stopped.
     */
    public synchronized Process own(final Process process)
    {
        if (released)
        {
            stop(List.of(process));
            throw new IllegalStateException("the run was stopped; process " + process.pid() + " stopped too");
        }
        owned.push(process);
        return process;
    }

    /**
     * @param dir a directory the run uses; it need not exist yet.
     * @return the directory.
     * @throws IllegalStateException if the scope was released.
     */
    public synchronized Path own(final Path dir)
    {
        if (released)
        {
            throw new IllegalStateException("the run was stopped; not using " + dir);
        }
        owned.push(dir);
        return dir;
    }

    /**
     * Stops processes now: SIGTERM to all first, so they stop together, then SIGKILL to any that outstays the grace.
     *
     * @param processes the processes.
     */
    public static void stop(final Collection<Process> processes)
    {
        final List<Process> alive = new ArrayList<>();
        for (final Process process : processes)
        {
            if (process.isAlive())
            {
                process.destroy();
                alive.add(process);
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
        for (final Process process : alive)
        {
            try
            {
                final long leftNs = Math.max(0, deadline - System.nanoTime());
                if (!process.waitFor(leftNs, TimeUnit.NANOSECONDS))
                {
                    System.err.println("bench: process " + process.pid() + " outstayed SIGTERM; killing it");
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Releases everything now; the shutdown hook then has nothing left to do and is removed.
     */
    public void close()
    {
        release();
        synchronized (this)
        {
            if (hookInstalled)
            {
                hookInstalled = false;
                try
                {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                }
                catch (final IllegalStateException ignore)
                {
                    // Shutting down already: the hook runs and finds nothing to release.
                }
            }
        }
    }

    private synchronized void release()
    {
        released = true;
        if (Thread.currentThread() == shutdownHook && !owned.isEmpty())
        {
            System.err.println("bench: stopped; stopping the processes the suite started, removing its directories");
        }
        while (!owned.isEmpty())
        {
            final Object next = owned.pop();
            if (next instanceof Process)
            {
                stop(List.of((Process)next));
            }
            else
            {
                remove((Path)next);
            }
        }
    }

    private static void remove(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                    throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                public FileVisitResult postVisitDirectory(final Path visited, final IOException failure)
                    throws IOException
                {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            System.err.println("bench: could not remove " + dir + ": " + ex);
        }
    }
}
