/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import java.util.Locale;

/**
 * The lines a probe or member JVM of the suite prints for the harness ({@link ProbeRun}) to read, among lines for
 * people: a measured figure, a figure that could not be measured and why, and a member that is ready.
 */
final class ProbeOutput
{
    /**
     * {@code FIGURE <metric> <value> <unit>}.
     */
    static final String FIGURE = "FIGURE";

    /**
     * {@code ABSENT <metric> <why>}, where {@code <metric>} may be {@link #EVERY_METRIC}.
     */
    static final String ABSENT = "ABSENT";

    /**
     * The metric of an {@code ABSENT} line that stands for every figure the probe was to measure.
     */
    static final String EVERY_METRIC = "*";

    /**
     * {@code READY <version>}: a member has joined its cluster and serves.
     */
    static final String READY = "READY";

    /**
     * {@code REFUSED <why>}: a member would not start with the configuration it was given.
     */
    static final String REFUSED = "REFUSED";

    private ProbeOutput()
    {
    }

    /**
     * @param metric the figure's name, {@code snake_case}.
     * @param value  its value.
     * @param unit   its unit.
     */
    static void figure(final String metric, final double value, final String unit)
    {
        System.out.println(String.format(Locale.ROOT, "%s %s %.3f %s", FIGURE, metric, value, unit));
    }

    /**
     * @param metric the figure that could not be measured, or {@link #EVERY_METRIC}.
     * @param why    what went wrong.
     */
    static void absent(final String metric, final String why)
    {
        System.out.println(ABSENT + " " + metric + " " + oneLine(why));
    }

    /**
     * @param failure an exception.
     * @return its class, message and causes on one line, e.g. {@code IllegalStateException: x; caused by ...}.
     */
    static String describe(final Throwable failure)
    {
        final StringBuilder text = new StringBuilder();
        Throwable next = failure;
        for (int depth = 0; null != next && depth < 4; depth++, next = next.getCause())
        {
            text.append(0 == depth ? "" : "; caused by ").append(next.getClass().getName());
            if (null != next.getMessage())
            {
                text.append(": ").append(next.getMessage());
            }
        }
        return oneLine(text.toString());
    }

    private static String oneLine(final String text)
    {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
