/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A process {@link ClusterDemo} started, with its output (stdout and stderr together) handed line by line to a
 * consumer on a thread of its own, so the launcher can show what every process prints as it prints it.
 */
final class ChildProcess
{
    private static final long STOP_GRACE_MS = 5_000;

    private final String name;
    private final Process process;
    private final Thread relay;
    private volatile boolean stopping;

    private ChildProcess(final String name, final Process process, final Consumer<String> lines)
    {
        this.name = name;
        this.process = process;
        this.relay = new Thread(() -> relay(lines), "memfabric-demo-output-" + name);
        relay.setDaemon(true);
        relay.start();
    }

    /**
     * @param name    what the demo calls the process, e.g. {@code agent-1}.
     * @param command the command line.
     * @param lines   receives each line the process prints.
     * @return the started process.
     * @throws IOException if it cannot be started.
     */
    static ChildProcess start(final String name, final List<String> command, final Consumer<String> lines)
        throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildProcess(name, process, lines);
    }

    String name()
    {
        return name;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return its exit status; only once it has ended.
     */
    int exitValue()
    {
        return process.exitValue();
    }

    /**
     * Waits for the process to end and for its last line to be handed over.
     *
     * @param timeoutMs how long to wait at most.
     * @return whether it ended.
     * @throws InterruptedException if interrupted while waiting.
     */
    boolean await(final long timeoutMs) throws InterruptedException
    {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            return false;
        }
        relay.join(STOP_GRACE_MS);
        return true;
    }

    /**
     * Asks the process to stop (SIGTERM); {@link #awaitStopped()} makes sure it did.
     */
    void stop()
    {
        stopping = true;
        process.destroy();
    }

    /**
     * Waits a few seconds for the process to end, then kills it (SIGKILL); for after {@link #stop()}, or when it
     * should have ended by itself.
     *
     * @return whether it has ended.
     */
    boolean awaitStopped()
    {
        try
        {
            if (!await(STOP_GRACE_MS))
            {
                process.destroyForcibly();
                return await(STOP_GRACE_MS);
            }
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return !process.isAlive();
        }
    }

    private void relay(final Consumer<String> lines)
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.accept(line);
            }
        }
        catch (final IOException ex)
        {
            // Stopping the process closes the stream; anything else is worth seeing.
            if (!stopping)
            {
                throw new UncheckedIOException("reading the output of " + name, ex);
            }
        }
    }
}
