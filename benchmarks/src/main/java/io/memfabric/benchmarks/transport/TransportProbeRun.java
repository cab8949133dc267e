/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.memfabric.benchmarks.RunScope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link TransportProbes} JVM run to its end, in the harness JVM: its output echoed, its {@code FIGURE} lines
 * kept as figures with their units, its {@code ABSENT} lines as the reasons probes could not run, and how it ended.
 */
public final class TransportProbeRun
{
    /**
     * A figure as the probe printed it.
     *
     * @param value its value.
     * @param unit  its unit.
     */
    public record Figure(double value, String unit)
    {
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, String> absences = new LinkedHashMap<>();
    private String failure;

    private TransportProbeRun()
    {
    }

    /**
     * Runs the probe JVM and waits for its end.
     *
     * @param scope     the run's scope, which owns the probe JVM.
     * @param command   its command line.
     * @param timeoutMs how long it may take; it is stopped after that.
     * @return what it printed and how it ended.
     * @throws IOException          if it cannot be started.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static TransportProbeRun run(final RunScope scope, final List<String> command, final long timeoutMs)
        throws IOException, InterruptedException
    {
        final TransportProbeRun run = new TransportProbeRun();
        final Process process = scope.own(new ProcessBuilder(command).redirectErrorStream(true).start());
        // Read on a thread of its own, so a probe that hangs without printing still meets its timeout.
        final Thread reader = new Thread(() -> run.read(process), "transport-probe-output");
        reader.setDaemon(true);
        reader.start();

        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            RunScope.stop(List.of(process));
            run.failure = "the probe JVM did not finish within " + timeoutMs / 1000 + " s and was stopped";
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (null == run.failure && 0 != process.exitValue())
        {
            run.failure = "the probe JVM exited with status " + process.exitValue() + " (its output is above)";
        }
        return run;
    }

    /**
     * @return why the probe JVM did not run to its end, or {@code null} if it did.
     */
    public String failure()
    {
        return failure;
    }

    /**
     * @return the figures, in the order printed.
     */
    public Map<String, Figure> figures()
    {
        return figures;
    }

    /**
     * @param probeAndSize {@code <probe>_<size>}, e.g. {@code fabric_udp_2m}.
     * @return why the probe said it could not run at that size, or {@code null}.
     */
    public String whyAbsent(final String probeAndSize)
    {
        return absences.get(probeAndSize);
    }

    private void read(final Process process)
    {
        try (BufferedReader output = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = output.readLine()))
            {
                if (line.startsWith(TransportProbes.FIGURE + " "))
                {
                    // FIGURE <metric> <value> <unit>
                    final String[] parts = line.split(" ");
                    figures.put(parts[1], new Figure(Double.parseDouble(parts[2]), parts[3]));
                    continue;
                }
                if (line.startsWith(TransportProbes.ABSENT + " "))
                {
                    final String[] parts = line.split(" ", 3);
                    absences.putIfAbsent(parts[1], parts.length > 2 ? parts[2] : "no reason given");
                }
                System.out.println("    " + line);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
