/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one suite in the format every suite speaks (see DESIGN.md, "Benchmarks speak one format"):
 * {@code BENCH <suite> <metric> <value> <unit>} per figure, {@code RATIO <suite> <name> <value>} per comparison, and
 * a {@code VERDICT} line per target a ratio is held to. Printed after a human table and written to
 * {@code <suite>-<timestamp>.txt}.
 */
public final class BenchReport
{
    private static final DateTimeFormatter FILE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final String suite;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Double> ratios = new LinkedHashMap<>();
    private final Map<String, String> absentRatios = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();

    /**
     * @param suite the name of the suite the results belong to.
     */
    public BenchReport(final String suite)
    {
        this.suite = suite;
    }

    /**
     * Records a measured figure.
     *
     * @param metric the figure's name, {@code snake_case}, e.g. {@code shared_read}.
     * @param value  the measured value.
     * @param error  the half-width of its confidence interval, or {@code NaN} if unknown.
     * @param unit   the unit, e.g. {@code ns/op}.
     */
    public void figure(final String metric, final double value, final double error, final String unit)
    {
        figures.put(metric, new Figure(metric, value, error, unit));
    }

    /**
     * @param metric a figure's name.
     * @return the figure's value.
     * @throws IllegalStateException if no such figure was recorded.
     */
    public double value(final String metric)
    {
        final Figure figure = figures.get(metric);
        if (null == figure)
        {
            throw new IllegalStateException("suite " + suite + " recorded no figure " + metric + "; it has " +
                figures.keySet());
        }
        return figure.value;
    }

    /**
     * Records a ratio of two recorded figures, named {@code <numerator>_over_<denominator>}.
     *
     * @param numerator   the metric above the line.
     * @param denominator the metric below the line.
     * @return the ratio's name.
     */
    public String ratio(final String numerator, final String denominator)
    {
        return ratio(numerator + "_over_" + denominator, numerator, denominator);
    }

    /**
     * Records a ratio of two recorded figures under a name of its own, for when the metric names are longer than
     * what the comparison is called (e.g. {@code hazelcast_get_over_shared_read}).
     *
     * @param name        the ratio's name, {@code <what>_over_<what>}.
     * @param numerator   the metric above the line.
     * @param denominator the metric below the line.
     * @return the ratio's name.
     */
    public String ratio(final String name, final String numerator, final String denominator)
    {
        ratios.put(name, value(numerator) / value(denominator));
        return name;
    }

    /**
     * Records a ratio that could not be computed because a figure it needs was not measured in this run (e.g. the
     * peer is not installed). It is printed as {@code absent}, and a target on it as not measured, never as met.
     *
     * @param name the ratio's name, {@code <what>_over_<what>}.
     * @param why  why it is absent, e.g. {@code etcd is not installed}.
     * @return the ratio's name.
     */
    public String absentRatio(final String name, final String why)
    {
        ratios.put(name, Double.NaN);
        absentRatios.put(name, why);
        return name;
    }

    /**
     * @param metric a figure's name.
     * @return whether it was recorded.
     */
    public boolean hasFigure(final String metric)
    {
        return figures.containsKey(metric);
    }

    /**
     * Holds a recorded ratio, or a recorded figure, to a target: at most {@code bound}.
     *
     * @param ratio the ratio's (or figure's) name.
     * @param bound the largest value that meets the target.
     */
    public void atMost(final String ratio, final double bound)
    {
        targets.add(new Target(ratio, true, bound));
    }

    /**
     * Holds a recorded ratio to a target: at least {@code bound}.
     *
     * @param ratio the ratio's name.
     * @param bound the smallest value that meets the target.
     */
    public void atLeast(final String ratio, final double bound)
    {
        targets.add(new Target(ratio, false, bound));
    }

    /**
     * Prints the human table, then the machine-readable lines.
     *
     * @param out where to print.
     */
    public void print(final PrintStream out)
    {
        out.println();
        out.println("MemFabric benchmark suite '" + suite + "'");
        out.printf(Locale.ROOT, "%-28s %14s %12s  %s%n", "metric", "value", "error", "unit");
        for (final Figure figure : figures.values())
        {
            out.printf(Locale.ROOT, "%-28s %14.3f %12s  %s%n", figure.metric, figure.value,
                Double.isNaN(figure.error) ? "" : String.format(Locale.ROOT, "± %.3f", figure.error), figure.unit);
        }
        out.println();
        for (final Map.Entry<String, Double> ratio : ratios.entrySet())
        {
            if (ratio.getValue().isNaN())
            {
                out.printf(Locale.ROOT, "%-40s %10s  (%s)%n", ratio.getKey(), "absent",
                    absentRatios.get(ratio.getKey()));
            }
            else
            {
                out.printf(Locale.ROOT, "%-40s %10.3f%n", ratio.getKey(), ratio.getValue());
            }
        }
        out.println();
        for (final String line : machineLines())
        {
            out.println(line);
        }
    }

    /**
     * Writes the machine-readable lines to {@code <dir>/<suite>-<timestamp>.txt}.
     *
     * @param dir the results folder; created if missing.
     * @return the file written.
     * @throws IOException if it cannot be written.
     */
    public Path write(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve(suite + "-" + LocalDateTime.now().format(FILE_TIMESTAMP) + ".txt");
        Files.write(file, machineLines(), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * @return the {@code BENCH}, {@code RATIO} and {@code VERDICT} lines, in the order recorded.
     */
    public List<String> machineLines()
    {
        final List<String> lines = new ArrayList<>();
        for (final Figure figure : figures.values())
        {
            lines.add(String.format(Locale.ROOT, "BENCH %s %s %s %s", suite, figure.metric, format(figure.value),
                figure.unit));
        }
        for (final Map.Entry<String, Double> ratio : ratios.entrySet())
        {
            lines.add(String.format(Locale.ROOT, "RATIO %s %s %s", suite, ratio.getKey(),
                ratio.getValue().isNaN() ? "absent" : format(ratio.getValue())));
        }
        for (final Target target : targets)
        {
            // A target holds a ratio, or a figure itself (an absolute bound, e.g. a latency in µs).
            final Double value = ratios.containsKey(target.ratio) ? ratios.get(target.ratio) :
                figures.containsKey(target.ratio) ? Double.valueOf(figures.get(target.ratio).value) : null;
            if (null == value)
            {
                throw new IllegalStateException("target on unrecorded ratio or figure " + target.ratio);
            }
            if (value.isNaN())
            {
                lines.add(String.format(Locale.ROOT, "VERDICT %s %s absent %s %s: not measured (%s)", suite,
                    target.ratio, target.atMost ? "<=" : ">=", format(target.bound), absentRatios.get(target.ratio)));
                continue;
            }
            final boolean met = target.atMost ? value <= target.bound : value >= target.bound;
            lines.add(String.format(Locale.ROOT, "VERDICT %s %s %s %s %s: %s", suite, target.ratio, format(value),
                target.atMost ? "<=" : ">=", format(target.bound), met ? "met" : "not met"));
        }
        return lines;
    }

    private static String format(final double value)
    {
        final double magnitude = Math.abs(value);
        if (magnitude >= 100.0 || value == Math.rint(value))
        {
            return String.format(Locale.ROOT, magnitude >= 100.0 ? "%.1f" : "%.0f", value);
        }
        return String.format(Locale.ROOT, magnitude >= 10.0 ? "%.2f" : "%.3f", value);
    }

    private record Figure(String metric, double value, double error, String unit)
    {
    }

    private record Target(String ratio, boolean atMost, double bound)
    {
    }
}
