/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The benchmark harness behind {@code ./fabric bench <suite> [--quick]}: {@link io.memfabric.benchmarks.BenchMain}
 * runs a {@link io.memfabric.benchmarks.BenchSuite}, whose figures, ratios and targets a
 * {@link io.memfabric.benchmarks.BenchReport} prints as {@code BENCH}/{@code RATIO} lines and writes to
 * {@code benchmarks/results/}. Measured JVMs start with {@code -javaagent:fabric.jar}.
 */
package io.memfabric.benchmarks;
