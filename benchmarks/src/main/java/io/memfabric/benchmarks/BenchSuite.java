/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

/**
 * A named set of measurements run by {@code ./fabric bench <suite>}: it measures MemFabric and its peers in the same
 * run and records every figure, ratio and target in a {@link BenchReport}.
 */
public interface BenchSuite
{
    /**
     * @return the name the suite is run by, e.g. {@code access}.
     */
    String name();

    /**
     * @return one line saying what the suite measures.
     */
    String description();

    /**
     * @return whether the suite's measured JVMs start with the MemFabric agent, so the run needs fabric.jar. Suites
     * that measure separate processes through a client (e.g. {@code consensus}) do not.
     */
    default boolean usesAgent()
    {
        return true;
    }

    /**
     * Runs the measurements, printing their own output as they go, and records the results.
     *
     * @param ctx    the concluded settings of this run.
     * @param report where figures, ratios and targets go.
     * @throws Exception if a measurement failed; the run then has no results.
     */
    void run(BenchContext ctx, BenchReport report) throws Exception;
}
