/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.JvmCommand;
import io.memfabric.benchmarks.RunScope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Probe} in its own JVM and records the figures it prints. The probe JVM has the JDK access Aeron
 * needs, which the harness JVM ({@code java -cp benchmarks.jar}) does not; and every system's client is measured in
 * the same kind of JVM.
 */
final class ProbeProcess
{
    private static final long TIMEOUT_MINUTES = 30;

    private ProbeProcess()
    {
    }

    /**
     * Runs a probe to its end, echoing its output, and records every {@code FIGURE} line it prints.
     *
     * @param scope stops the probe if the harness is stopped.
     * @param report   where the figures go.
     * @param suffix   appended to every metric name, e.g. {@code _backoff}; empty for none.
     * @param args     the probe's arguments, kind first.
     * @throws IOException          if it cannot be started, fails or prints no figure.
     * @throws InterruptedException if interrupted while waiting.
     */
    static void run(final RunScope scope, final BenchReport report, final String suffix, final String... args)
        throws IOException, InterruptedException
    {
        final Process process = scope.own(new ProcessBuilder(JvmCommand.withThisClassPath(Probe.class, args))
            .redirectErrorStream(true)
            .start());
        final List<String> figures = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = out.readLine()))
            {
                if (line.startsWith(Probe.FIGURE_PREFIX))
                {
                    figures.add(line);
                }
                else
                {
                    System.out.println("    " + line);
                }
            }
        }
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES))
        {
            process.destroyForcibly();
            throw new IOException("the " + args[0] + " probe did not end within " + TIMEOUT_MINUTES + " minutes");
        }
        if (0 != process.exitValue())
        {
            throw new IOException("the " + args[0] + " probe failed with status " + process.exitValue() +
                " (its output is above)");
        }
        if (figures.isEmpty())
        {
            throw new IOException("the " + args[0] + " probe printed no figure (its output is above)");
        }
        for (final String line : figures)
        {
            // FIGURE <metric> <value> <unit>
            final String[] parts = line.split(" ");
            report.figure(parts[1] + suffix, Double.parseDouble(parts[2]), Double.NaN, parts[3]);
        }
    }
}
