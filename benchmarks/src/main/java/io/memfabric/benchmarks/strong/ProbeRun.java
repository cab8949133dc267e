/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.benchmarks.RunScope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One probe JVM run to its end: its output echoed, the {@code FIGURE} lines it printed kept as figures, its
 * {@code ABSENT} lines as reasons, and how it ended. A probe that fails is a result too, not an exception: the
 * suite reports what it could not measure and why.
 */
final class ProbeRun
{
    private static final Map<String, Double> NANOS_PER_UNIT = Map.of("ns", 1.0, "us", 1_000.0, "ms", 1_000_000.0);

    private final String label;
    private final Map<String, Double> nanos = new HashMap<>();
    private final Map<String, String> absences = new HashMap<>();
    private String lastError;
    private String failure;

    private ProbeRun(final String label)
    {
        this.label = label;
    }

    /**
     * Runs a probe JVM and waits for its end.
     *
     * @param scope     the run's scope, which owns the probe too.
     * @param label     what the probe measures, for messages.
     * @param command   its command line.
     * @param timeoutMs how long it may take; it is killed after that.
     * @return what it printed and how it ended.
     * @throws IOException          if it cannot be started.
     * @throws InterruptedException if interrupted while waiting.
     */
    static ProbeRun run(final RunScope scope, final String label, final List<String> command, final long timeoutMs)
        throws IOException, InterruptedException
    {
        final ProbeRun run = new ProbeRun(label);
        final Process process = scope.own(new ProcessBuilder(command).redirectErrorStream(true).start());
        // Read on a thread of its own, so a probe that hangs without printing still meets its timeout.
        final Thread reader = new Thread(() -> run.read(process), "strong-probe-output");
        reader.setDaemon(true);
        reader.start();

        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            RunScope.stop(List.of(process));
            run.failure = "the probe did not finish within " + timeoutMs / 1000 + " s and was stopped";
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (null == run.failure && 0 != process.exitValue())
        {
            run.failure = "the probe exited with status " + process.exitValue() +
                (null == run.lastError ? "" : ": " + run.lastError);
        }
        if (null != run.failure)
        {
            System.out.println("  " + label + ": " + run.failure);
        }
        return run;
    }

    /**
     * @return whether the probe ran to its end (exit status 0), whatever it measured.
     */
    boolean completed()
    {
        return null == failure;
    }

    /**
     * @param metric a figure's name.
     * @return whether the probe printed it.
     */
    boolean has(final String metric)
    {
        return nanos.containsKey(metric);
    }

    /**
     * @param metric a figure the probe printed, in a unit of time.
     * @return its value in nanoseconds.
     */
    double nanos(final String metric)
    {
        final Double value = nanos.get(metric);
        if (null == value)
        {
            throw new IllegalStateException("the " + label + " printed no figure " + metric);
        }
        return value;
    }

    /**
     * @param metric a figure or step (e.g. {@code marker}) of the probe.
     * @return whether the probe said it could not do it.
     */
    boolean saidAbsent(final String metric)
    {
        return absences.containsKey(metric) || absences.containsKey(ProbeOutput.EVERY_METRIC);
    }

    /**
     * @param metric a figure the probe did not print.
     * @return why: what the probe said, else how it failed.
     */
    String whyAbsent(final String metric)
    {
        final String said = absences.getOrDefault(metric, absences.get(ProbeOutput.EVERY_METRIC));
        if (null != said)
        {
            return said;
        }
        return null != failure ? failure : "the " + label + " printed no figure " + metric;
    }

    private void read(final Process process)
    {
        try (BufferedReader output = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = output.readLine()))
            {
                if (line.startsWith(ProbeOutput.FIGURE + " "))
                {
                    figure(line);
                }
                else
                {
                    if (line.startsWith(ProbeOutput.ABSENT + " "))
                    {
                        final String[] parts = line.split(" ", 3);
                        absences.putIfAbsent(parts[1], parts.length > 2 ? parts[2] : "no reason given");
                    }
                    else if (isError(line))
                    {
                        lastError = line.trim();
                    }
                    System.out.println("    " + line);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void figure(final String line)
    {
        // FIGURE <metric> <value> <unit>
        final String[] parts = line.split(" ");
        final Double perUnit = NANOS_PER_UNIT.get(parts[3].toLowerCase(Locale.ROOT));
        if (null == perUnit)
        {
            // Not a latency (e.g. a throughput): the suite compares latencies only.
            return;
        }
        nanos.put(parts[1], Double.parseDouble(parts[2]) * perUnit);
    }

    private static boolean isError(final String line)
    {
        // The agent's "memfabric: cannot start: ..." and the first line of an uncaught exception.
        return line.startsWith("memfabric: ") || line.startsWith("Exception in thread") ||
            line.startsWith("Error: ") || line.startsWith("Caused by: ");
    }
}
