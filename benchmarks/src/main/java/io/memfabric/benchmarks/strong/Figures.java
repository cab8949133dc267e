/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.benchmarks.BenchReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a suite of probe JVMs measured and what it could not: figures go to the report, and a figure a probe did not
 * give is kept with the reason, so the ratios that need it are reported absent saying why, never as numbers.
 */
final class Figures
{
    private final Map<String, String> absent = new LinkedHashMap<>();

    void clear()
    {
        absent.clear();
    }

    /**
     * Records the p50 and p99 of each operation a probe printed, and why any is missing.
     */
    void record(final BenchReport report, final ProbeRun run, final String... operations)
    {
        for (final String operation : operations)
        {
            for (final String percentile : List.of("_p50", "_p99"))
            {
                final String metric = operation + percentile;
                if (run.has(metric))
                {
                    report.figure(metric, run.nanos(metric), Double.NaN, "ns");
                }
                else
                {
                    absent.put(metric, run.whyAbsent(metric));
                }
            }
            if (!run.has(operation + "_p50"))
            {
                System.out.println("  " + operation + " ABSENT: " + run.whyAbsent(operation + "_p50"));
            }
        }
    }

    /**
     * Marks operations as not measured, for a reason.
     */
    void absent(final String why, final String... operations)
    {
        for (final String operation : operations)
        {
            absent.put(operation + "_p50", why);
            absent.put(operation + "_p99", why);
            System.out.println("  " + operation + " ABSENT: " + why);
        }
    }

    /**
     * @return the ratio's name, as the report gives it: with its value, or absent naming the figure that is.
     */
    String ratio(final BenchReport report, final String name, final String numerator, final String denominator)
    {
        for (final String metric : List.of(numerator, denominator))
        {
            if (!report.hasFigure(metric))
            {
                return report.absentRatio(name, metric + " absent: " + absent.getOrDefault(metric, "not measured"));
            }
        }
        return report.ratio(name, numerator, denominator);
    }

    /**
     * Prints the figures this run did not measure, grouped by reason.
     */
    void printAbsent(final String suite)
    {
        if (absent.isEmpty())
        {
            return;
        }
        System.out.println(suite + ": figures ABSENT from this run (not measured, not zero):");
        final Map<String, List<String>> byReason = new LinkedHashMap<>();
        absent.forEach((metric, why) -> byReason.computeIfAbsent(why, reason -> new ArrayList<>()).add(metric));
        byReason.forEach((why, metrics) -> System.out.println("  " + String.join(", ", metrics) + ": " + why));
    }
}
