/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.benchmarks.BenchConfigurationException;
import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.RunScope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static io.memfabric.benchmarks.BenchPaths.shmRoot;
import static io.memfabric.benchmarks.BenchPaths.targetDir;

/**
 * The {@code consensus} suite: what MemFabric's locks and STRONG writes cost on a local 3-member cluster, next to
 * the floor of consensus on the same machine (a raw Aeron Cluster echo service on an identical cluster) and to a
 * 3-member etcd cluster on loopback, all started, measured and stopped in one run.
 * <p>
 * Members are separate JVMs ({@link BenchMember}); each system's client runs in a probe JVM of its own
 * ({@link Probe}), because the harness JVM lacks the JDK access Aeron needs. This class, in the harness JVM, only
 * starts processes and records what the probes print; it loads no Aeron class.
 * <p>
 * Targets: one lock request at most 1.5 echo round trips (p50); etcd's lock + unlock at least 10 times MemFabric's
 * (p50); MemFabric's write throughput at least 10 times etcd's put throughput (64 in flight each).
 */
public final class ConsensusSuite implements BenchSuite
{
    private static final String PRIMARY_IDLE = "ADAPTIVE";
    private static final String SECOND_IDLE = "SLEEPING";
    private static final String THIRD_IDLE = "BACKOFF";
    /**
     * Which idle settings to measure, e.g. {@code SLEEPING,ADAPTIVE}; all three by default. The default setting is
     * always measured, first.
     */
    public static final String IDLES_PROP_NAME = "memfabric.bench.consensus.idles";
    private static final long IDLE_SETTLE_MS = 3_000;
    private static final double ECHO_RTT_P50_TARGET_US = 1_000;
    private static final double IDLE_CPU_TARGET_PERCENT = 25;

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "consensus";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "lock round trip and STRONG writes on a 3-member cluster vs a raw Aeron Cluster echo and etcd";
    }

    /**
     * {@inheritDoc}
     */
    public boolean usesAgent()
    {
        return false;
    }

    /**
     * {@inheritDoc}
     */
    public void run(final BenchContext ctx, final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        final Sizes sizes = ctx.quick() ? Sizes.QUICK : Sizes.FULL;
        final List<String> idles = idles();
        final long pid = ProcessHandle.current().pid();
        final Path runDir = targetDir().resolve("consensus-bench-" + pid);
        final Path shmDir = shmRoot(runDir).resolve("memfabric-bench-" + pid);
        System.out.println("consensus: " + (ctx.quick() ? "quick" : "full") + " run, per system " +
            sizes.warmup() + " warm-up + " + sizes.samples() + " timed operations per latency, " + sizes.ops() +
            " operations with " + sizes.window() + " and with " + sizes.wideWindow() + " in flight per " +
            "throughput; member idle strategies " + idles);

        boolean etcdMeasured = false;
        String etcdAbsence = null;
        try (RunScope scope = RunScope.open())
        {
            Files.createDirectories(scope.own(runDir));
            Files.createDirectories(scope.own(shmDir));
            for (final String idle : idles)
            {
                final String suffix = suffix(idle);
                measureCluster("echo", idle, suffix, sizes, runDir, shmDir, scope, report);
                measureCluster("fabric", idle, suffix, sizes, runDir, shmDir, scope, report);
            }

            final Path etcd = EtcdCluster.findBinary();
            if (null == etcd)
            {
                etcdAbsence = "etcd is not installed";
                System.out.println("consensus: SKIPPING etcd: no etcd binary on the PATH or at /usr/bin/etcd; " +
                    EtcdCluster.INSTALL_HINT + ". The etcd figures and ratios of this run are absent.");
            }
            else
            {
                measureEtcd(etcd, sizes, runDir, shmDir, scope, report);
                etcdMeasured = true;
            }
        }

        for (final String idle : idles)
        {
            ratios(report, sizes, suffix(idle), etcdMeasured, etcdAbsence, PRIMARY_IDLE.equals(idle));
        }
        System.out.println();
        System.out.println("lock_roundtrip_over_echo_rtt compares the p50 of ONE lock request (lock_acquire_p50: " +
            "acquire sent, grant received) with the p50 of one 64-byte echo round trip (echo_rtt_p50); " +
            "etcd_lock_over_lock_roundtrip compares lock+unlock pairs (p50); write_throughput_over_etcd_put_" +
            "throughput compares writes and puts with " + sizes.window() + " in flight (the _w" + sizes.wideWindow() +
            " figures: " + sizes.wideWindow() + " in flight).");
        System.out.printf(Locale.ROOT, "consensus: suite took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void measureCluster(
        final String service,
        final String idle,
        final String suffix,
        final Sizes sizes,
        final Path runDir,
        final Path shmDir,
        final RunScope scope,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("consensus: " + service + " on 3 member JVMs, idle " + idle);
        try (MemberCluster cluster = MemberCluster.start(service, idle, runDir, shmDir, scope))
        {
            System.out.printf(Locale.ROOT, "  leader elected %.1f s after start; members %s%n",
                (System.nanoTime() - start) / 1e9, cluster.endpoints().clientSetting());
            if ("fabric".equals(service))
            {
                // After the election has settled (the followers catch up, the first heartbeats): a cluster at rest.
                Thread.sleep(IDLE_SETTLE_MS);
                final double cpu = cluster.idleCpuPercent(sizes.idleWindowMs());
                report.figure("idle_cpu_3_members" + suffix, cpu, Double.NaN, "%");
                System.out.printf(Locale.ROOT, "  3 members at rest for %.0f s used %.1f%% of one core%n",
                    sizes.idleWindowMs() / 1e3, cpu);
            }
            final Path clientDir = scope.own(shmDir.resolve(cluster.label() + "-client"));
            try
            {
                ProbeProcess.run(scope, report, suffix, concat(new String[]{ service,
                    cluster.endpoints().clientSetting(), clientDir.toString(), idle }, sizes.toArgs()));
            }
            catch (final IOException ex)
            {
                cluster.printLogTails();
                throw ex;
            }
        }
        System.out.printf(Locale.ROOT, "  %s (%s) done in %.1f s%n", service, idle, (System.nanoTime() - start) / 1e9);
    }

    private static void measureEtcd(
        final Path binary,
        final Sizes sizes,
        final Path runDir,
        final Path shmDir,
        final RunScope scope,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("consensus: etcd (" + binary + ") on 3 member processes, data on " + shmDir);
        try (EtcdCluster cluster = EtcdCluster.start(binary, runDir.resolve("etcd"), shmDir.resolve("etcd"),
            scope))
        {
            System.out.printf(Locale.ROOT, "  leader %s elected %.1f s after start; version %s%n",
                cluster.leaderUrl(), (System.nanoTime() - start) / 1e9, cluster.version());
            try
            {
                ProbeProcess.run(scope, report, "", concat(new String[]{ "etcd", cluster.leaderUrl() },
                    sizes.toArgs()));
            }
            catch (final IOException ex)
            {
                cluster.printLogTails();
                throw ex;
            }
        }
        System.out.printf(Locale.ROOT, "  etcd done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void ratios(
        final BenchReport report,
        final Sizes sizes,
        final String suffix,
        final boolean etcdMeasured,
        final String etcdAbsence,
        final boolean primary)
    {
        final String lockOverEcho = report.ratio("lock_roundtrip_over_echo_rtt" + suffix,
            "lock_acquire_p50" + suffix, "echo_rtt_p50" + suffix);
        report.ratio("lock_pair_over_echo_rtt" + suffix, "lock_roundtrip_p50" + suffix, "echo_rtt_p50" + suffix);
        report.ratio("write_over_echo_rtt" + suffix, "write_p50" + suffix, "echo_rtt_p50" + suffix);
        final String wide = sizes.throughputMetric("", sizes.wideWindow());
        report.ratio("write_throughput_over_echo_throughput" + suffix, "write_throughput" + suffix,
            "echo_throughput" + suffix);
        report.ratio("write_throughput" + wide + "_over_echo_throughput" + wide + suffix,
            "write_throughput" + wide + suffix, "echo_throughput" + wide + suffix);

        final String etcdLock = "etcd_lock_over_lock_roundtrip" + suffix;
        final String etcdThroughput = "write_throughput_over_etcd_put_throughput" + suffix;
        final String etcdWideThroughput = "write_throughput" + wide + "_over_etcd_put_throughput" + wide + suffix;
        final String etcdPut = "etcd_put_over_write" + suffix;
        if (etcdMeasured)
        {
            report.ratio(etcdLock, "etcd_lock_roundtrip_p50", "lock_roundtrip_p50" + suffix);
            report.ratio(etcdThroughput, "write_throughput" + suffix, "etcd_put_throughput");
            report.ratio(etcdWideThroughput, "write_throughput" + wide + suffix, "etcd_put_throughput" + wide);
            report.ratio(etcdPut, "etcd_put_p50", "write_p50" + suffix);
        }
        else
        {
            report.absentRatio(etcdLock, etcdAbsence);
            report.absentRatio(etcdThroughput, etcdAbsence);
            report.absentRatio(etcdWideThroughput, etcdAbsence);
            report.absentRatio(etcdPut, etcdAbsence);
        }
        if (primary)
        {
            report.atMost("echo_rtt_p50", ECHO_RTT_P50_TARGET_US);
            report.atMost("idle_cpu_3_members", IDLE_CPU_TARGET_PERCENT);
            report.atMost(lockOverEcho, 1.5);
            report.atLeast(etcdLock, 10.0);
            report.atLeast(etcdThroughput, 10.0);
        }
    }

    /**
     * @return the idle settings to measure, the default first: {@value #IDLES_PROP_NAME} (comma-separated
     * {@code IdleSetting} names) or all three.
     */
    private static List<String> idles()
    {
        final String value = System.getProperty(IDLES_PROP_NAME);
        if (null == value || value.isBlank())
        {
            return List.of(PRIMARY_IDLE, SECOND_IDLE, THIRD_IDLE);
        }
        final List<String> idles = new java.util.ArrayList<>();
        // Names only: the harness JVM loads no Aeron or Agrona class (IdleSetting would).
        final List<String> known = List.of("SLEEPING", "ADAPTIVE", "BACKOFF", "BUSY_SPIN");
        for (final String name : value.split(","))
        {
            final String idle = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (!known.contains(idle))
            {
                throw new BenchConfigurationException(IDLES_PROP_NAME + "=" + value + ": '" + name.trim() +
                    "' is not one of " + known);
            }
            if (!idles.contains(idle))
            {
                idles.add(idle);
            }
        }
        if (!idles.contains(PRIMARY_IDLE))
        {
            throw new BenchConfigurationException(IDLES_PROP_NAME + "=" + value + " leaves out " + PRIMARY_IDLE +
                ", the default the targets are held to; add it");
        }
        if (idles.remove(PRIMARY_IDLE))
        {
            idles.add(0, PRIMARY_IDLE);
        }
        return List.copyOf(idles);
    }

    private static String suffix(final String idle)
    {
        return PRIMARY_IDLE.equals(idle) ? "" : "_" + idle.toLowerCase(Locale.ROOT);
    }

    private static String[] concat(final String[] first, final String[] second)
    {
        final String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
