/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.JmhOptions;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code access} suite: what a read and a write of a {@code @Shared} field cost on the embedded fabric, next to
 * a plain and a volatile field, an {@code AtomicLong}, a {@code ConcurrentHashMap} and a Hazelcast near-cached
 * {@code IMap}, all measured with JMH in JVMs started with the agent.
 * <p>
 * Targets: a shared read costs at most 3 plain reads; a near-cached Hazelcast get at least 20 shared reads; a shared
 * write at most 10 volatile writes.
 */
public final class AccessSuite implements BenchSuite
{
    /**
     * The metric each benchmark method reports as, in the order they are reported.
     */
    private static final Map<String, String> METRICS = new LinkedHashMap<>();

    static
    {
        METRICS.put("plainRead", "plain_read");
        METRICS.put("volatileRead", "volatile_read");
        METRICS.put("sharedRead", "shared_read");
        METRICS.put("atomicLongGet", "atomiclong_get");
        METRICS.put("chmGet", "chm_get");
        METRICS.put("hazelcastNearCacheGet", "hazelcast_nearcache_get");
        METRICS.put("plainWrite", "plain_write");
        METRICS.put("volatileWrite", "volatile_write");
        METRICS.put("sharedWrite", "shared_write");
        METRICS.put("atomicLongSet", "atomiclong_set");
        METRICS.put("chmPut", "chm_put");
        METRICS.put("hazelcastPut", "hazelcast_put");
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "access";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "@Shared field read/write (embedded) vs plain, volatile, AtomicLong, ConcurrentHashMap, Hazelcast";
    }

    /**
     * {@inheritDoc}
     */
    public void run(final BenchContext ctx, final BenchReport report) throws Exception
    {
        final Collection<RunResult> results = new Runner(
            JmhOptions.forSuite(ctx, HazelcastState.JVM_ARGS, ReadBenchmark.class, WriteBenchmark.class).build())
            .run();

        final Map<String, Result<?>> byMethod = new HashMap<>();
        for (final RunResult result : results)
        {
            final String benchmark = result.getParams().getBenchmark();
            byMethod.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult());
        }
        for (final Map.Entry<String, String> metric : METRICS.entrySet())
        {
            final Result<?> result = byMethod.get(metric.getKey());
            if (null == result)
            {
                throw new IllegalStateException("JMH has no result for " + metric.getKey() + ": it failed (its " +
                    "error is in the JMH output above); results came for " + byMethod.keySet());
            }
            report.figure(metric.getValue(), result.getScore(), result.getScoreError(), result.getScoreUnit());
        }

        report.atMost(report.ratio("shared_read", "plain_read"), 3.0);
        report.ratio("shared_read", "volatile_read");
        report.atLeast(report.ratio("hazelcast_get_over_shared_read", "hazelcast_nearcache_get", "shared_read"), 20.0);
        report.ratio("chm_get", "shared_read");
        report.atMost(report.ratio("shared_write", "volatile_write"), 10.0);
        report.ratio("shared_write", "plain_write");
        report.ratio("hazelcast_put", "shared_write");
    }
}
