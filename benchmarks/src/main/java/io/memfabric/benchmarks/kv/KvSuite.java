/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.kv;

import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.JvmCommand;
import io.memfabric.benchmarks.RunScope;
import io.memfabric.benchmarks.transport.RedisServer;
import io.memfabric.benchmarks.transport.TransportProbeRun;
import io.memfabric.consensus.cluster.MemberProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./fabric bench kv}: the KV-cache store against what agents would otherwise do. Time to first token with
 * the shared prefix found in the store against computing it (the sample transformer's small preset, 1k and 4k
 * tokens, 16k in a full run); what a miss costs next to the prefill it precedes; the KV bytes a host holds for N
 * agents over one context; a page another JVM of the host stored, read through the store, and a page fetched from
 * another host, each against a Redis {@code GET} of the same bytes; and {@code redis-benchmark} against the RESP
 * front and against {@code redis-server}. The measurements run in one probe JVM ({@link KvProbes}) with fabric.jar
 * and samples.jar on its class path.
 */
public final class KvSuite implements BenchSuite
{
    private static final long QUICK_TIMEOUT_MS = 15 * 60_000;
    private static final long FULL_TIMEOUT_MS = 90 * 60_000;
    private static final Path REDIS_BENCHMARK = Path.of("/usr/bin/redis-benchmark");

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "kv";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "KV-cache store: TTFT warm vs cold, miss cost, host bytes for N agents, page reads vs Redis GET, " +
            "RESP front vs redis-server";
    }

    /**
     * {@inheritDoc}
     */
    public void run(final BenchContext ctx, final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        final String samplesJar = samplesJar();
        System.out.println("kv: " + (ctx.quick() ? "quick" : "full") + " run: sample transformer 'small' " +
            "(8 layers, 4 KV heads of 64, 16 KiB of KV per token), blocks of 16 tokens (256 KiB pages)");
        final long pid = ProcessHandle.current().pid();
        try (RunScope scope = RunScope.open())
        {
            final Path work = Files.createDirectories(scope.own(Path.of("target", "kv-bench-" + pid)
                .toAbsolutePath()));
            final Path redisBinary = RedisServer.findBinary();
            RedisServer redis = null;
            if (redisBinary == null)
            {
                System.out.println("kv: SKIPPING Redis: redis-server is not installed; " + RedisServer.INSTALL_HINT);
            }
            else
            {
                redis = RedisServer.start(redisBinary, work.resolve("redis"), scope);
                System.out.println("kv: Redis " + redis.version() + " on 127.0.0.1:" + redis.port() +
                    ", no persistence");
            }
            final TransportProbeRun run;
            try
            {
                final List<String> command = new JvmCommand()
                    .flags(MemberProcess.JVM_FLAGS)
                    .flags(List.of("-Xmx2g", "-XX:MaxDirectMemorySize=2g"))
                    // Loopback: the data plane may use the largest UDP datagrams, as TCP (Redis) does.
                    .flags(List.of("-Dmemfabric.transport.mtu=65504", "-Dmemfabric.transport.term.length=16777216",
                        "-Dmemfabric.transport.window=4194304"))
                    .classPath(System.getProperty("java.class.path") + File.pathSeparator + agentJar(ctx) +
                        File.pathSeparator + samplesJar)
                    .main(KvProbes.class.getName(), ctx.quick() ? "quick" : "full", work.toString(),
                        redis == null ? "-" : Integer.toString(redis.port()),
                        Files.isExecutable(REDIS_BENCHMARK) ? REDIS_BENCHMARK.toString() : "-");
                run = TransportProbeRun.run(scope, command, ctx.quick() ? QUICK_TIMEOUT_MS : FULL_TIMEOUT_MS);
            }
            finally
            {
                if (redis != null)
                {
                    redis.close();
                }
            }
            if (run.failure() != null)
            {
                throw new IOException(run.failure());
            }
            for (final Map.Entry<String, TransportProbeRun.Figure> figure : run.figures().entrySet())
            {
                report.figure(figure.getKey(), figure.getValue().value(), Double.NaN, figure.getValue().unit());
            }
        }
        ratio(report, "ttft_warm_over_cold", "ttft_warm_4k", "ttft_cold_4k", "not measured");
        report.atMost("ttft_warm_over_cold", 0.05);
        ratio(report, "host_bytes_over_one_copy", "host_kv_bytes_shared", "host_kv_bytes_one_copy", "not measured");
        report.atMost("host_bytes_over_one_copy", 1.05);
        ratio(report, "host_read_over_redis_get", "kv_host_read", "redis_get", "redis-server is not installed");
        report.atLeast("host_read_over_redis_get", 3);
        ratio(report, "remote_fetch_over_redis_get", "kv_remote_fetch", "redis_get", "redis-server is not installed");
        report.atLeast("remote_fetch_over_redis_get", 1);
        ratio(report, "miss_overhead_over_prefill", "miss_lookup_4k", "ttft_cold_4k", "not measured");
        report.atMost("miss_overhead_over_prefill", 0.01);
        ratio(report, "resp_get_over_redis_get", "resp_get", "redis_server_get",
            "redis-benchmark or redis-server is not installed");
        report.atLeast("resp_get_over_redis_get", 1);
        ratio(report, "recompute_bytes_over_one_copy", "host_kv_bytes_recompute", "host_kv_bytes_one_copy",
            "not measured");
        ratio(report, "redis_bytes_over_one_copy", "host_kv_bytes_redis", "host_kv_bytes_one_copy", "not measured");
        System.out.printf(Locale.ROOT, "kv: suite took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void ratio(
        final BenchReport report, final String name, final String numerator, final String denominator,
        final String whyAbsent)
    {
        if (report.hasFigure(numerator) && report.hasFigure(denominator))
        {
            report.ratio(name, numerator, denominator);
        }
        else
        {
            report.absentRatio(name, whyAbsent);
        }
    }

    private static String agentJar(final BenchContext ctx)
    {
        return System.getProperty(BenchContext.AGENT_JAR_PROP_NAME, "javaagent/target/fabric.jar");
    }

    private static String samplesJar() throws IOException
    {
        final Path jar = Path.of(System.getProperty("memfabric.bench.samplesJar",
            "samples/target/memfabric-samples.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar))
        {
            throw new IOException("the kv suite runs the sample transformer from " + jar + ", which is missing: " +
                "build it with ./mvnw -DskipTests install (./fabric bench builds it)");
        }
        return jar.toString();
    }
}
