/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.benchmarks.RunScope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The member JVMs of one cluster the suite starts (Aeron Cluster or Hazelcast), each writing to a log of its own,
 * with the addresses clients are given. The suite waits until the cluster is ready and stops it (SIGTERM) when done
 * with it; the {@link RunScope} stops any member left if the suite fails first.
 */
public final class MemberGroup implements AutoCloseable
{
    private static final int TAIL_LINES = 30;

    private final String label;
    private final String addresses;
    private final RunScope scope;
    private final List<Process> members = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    /**
     * What a cluster is ready for clients when.
     */
    @FunctionalInterface
    interface Readiness
    {
        /**
         * @return whether the cluster serves clients.
         * @throws IOException if asking failed.
         */
        boolean ready() throws IOException;
    }

    /**
     * @param label     what the cluster is, for messages, e.g. {@code echo cluster}.
     * @param addresses what its clients are given to find it.
     * @param scope     the run's scope, which owns the members too.
     */
    MemberGroup(final String label, final String addresses, final RunScope scope)
    {
        this.label = label;
        this.addresses = addresses;
        this.scope = scope;
    }

    /**
     * @return what the cluster is, e.g. {@code echo cluster}.
     */
    String label()
    {
        return label;
    }

    /**
     * @return what its clients are given to find it.
     */
    public String addresses()
    {
        return addresses;
    }

    /**
     * Starts the next member.
     *
     * @param command its command line.
     * @param log     where its output goes.
     * @throws IOException if it cannot be started.
     */
    void start(final List<String> command, final Path log) throws IOException
    {
        Files.createDirectories(log.getParent());
        logs.add(log);
        members.add(scope.own(new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start()));
    }

    /**
     * Waits until the cluster is ready.
     *
     * @param readiness when it is.
     * @param timeoutMs how long to wait at most.
     * @throws MemberExitedException if a member exits first; its log's tail is printed.
     * @throws IOException           if the cluster is not ready in time; the logs' tails are printed.
     * @throws InterruptedException  if interrupted while waiting.
     */
    void awaitReady(final Readiness readiness, final long timeoutMs) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!readiness.ready())
        {
            for (int i = 0; i < members.size(); i++)
            {
                final Process member = members.get(i);
                if (!member.isAlive())
                {
                    final String refusal = firstLineAfter(ProbeOutput.REFUSED + " ");
                    if (null == refusal)
                    {
                        printLogTails();
                    }
                    throw new MemberExitedException("member " + i + " of the " + label + " exited with status " +
                        member.exitValue() + " before the cluster was ready (log " + logs.get(i) + ")", refusal);
                }
            }
            if (System.nanoTime() - deadline > 0)
            {
                printLogTails();
                throw new IOException("the " + label + " was not ready within " + timeoutMs / 1000 + " s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * @param prefix what a line starts with.
     * @return whether every member's log has such a line.
     * @throws IOException if a log cannot be read.
     */
    boolean everyLogHas(final String prefix) throws IOException
    {
        for (final Path log : logs)
        {
            if (lines(log).stream().noneMatch(line -> line.startsWith(prefix)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Prints the last lines of every member's log, for when something about this cluster failed.
     */
    public void printLogTails()
    {
        for (final Path log : logs)
        {
            try
            {
                final List<String> lines = lines(log);
                System.out.println("    ---- " + log + " (last lines)");
                lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
                    .forEach(line -> System.out.println("    " + line));
            }
            catch (final IOException ex)
            {
                System.out.println("    ---- " + log + ": " + ex);
            }
        }
    }

    /**
     * Stops the members: SIGTERM, then SIGKILL after a grace.
     */
    public void close()
    {
        RunScope.stop(members);
    }

    private String firstLineAfter(final String prefix) throws IOException
    {
        for (final Path log : logs)
        {
            for (final String line : lines(log))
            {
                if (line.startsWith(prefix))
                {
                    return line.substring(prefix.length());
                }
            }
        }
        return null;
    }

    private static List<String> lines(final Path log) throws IOException
    {
        // Decoded leniently: a member's log may hold bytes that are not UTF-8.
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    }
}
