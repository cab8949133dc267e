/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JMH options every JMH suite runs with: its benchmark classes, quick or full iteration counts, and forked JVMs
 * that start with the MemFabric agent, so {@code @Shared} access is measured as the agent rewrites it.
 */
public final class JmhOptions
{
    /**
     * Heap of every forked JVM.
     */
    public static final String FORK_HEAP = "-Xmx1g";

    private JmhOptions()
    {
    }

    /**
     * @param ctx          the concluded settings of this run.
     * @param extraJvmArgs further arguments of the forked JVMs, after the agent's.
     * @param benchmarks   the benchmark classes to run, every {@code @Benchmark} method of each.
     * @return options to run, or refine further.
     */
    public static ChainedOptionsBuilder forSuite(
        final BenchContext ctx, final List<String> extraJvmArgs, final Class<?>... benchmarks)
    {
        final List<String> appended = new ArrayList<>();
        appended.add("-javaagent:" + ctx.agentJar());
        appended.addAll(extraJvmArgs);

        // jvmArgs replaces what JMH would otherwise copy from this JVM's command line: the harness's own -D settings
        // (memfabric.bench.*) must not reach the agent, which refuses memfabric.* properties it does not know.
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .jvmArgs(FORK_HEAP)
            .jvmArgsAppend(appended.toArray(new String[0]))
            .shouldFailOnError(true);
        for (final Class<?> type : benchmarks)
        {
            options.include("^" + Pattern.quote(type.getName() + "."));
        }

        if (ctx.quick())
        {
            options.forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        else
        {
            options.forks(2)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        return options;
    }
}
