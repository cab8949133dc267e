/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.memfabric.IdleSetting;
import io.memfabric.benchmarks.BenchConfigurationException;
import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.JvmCommand;
import io.memfabric.benchmarks.RunScope;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.cluster.MemberProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.memfabric.benchmarks.BenchPaths.shmRoot;
import static io.memfabric.benchmarks.BenchPaths.targetDir;

/**
 * The {@code transport} suite: how fast a page (256 KiB and 2 MiB of random bytes) gets to its reader on one host,
 * by every way the data plane is compared with, in one run: a single-threaded {@code memcpy} (the physical limit), a
 * zero-copy read from the shared page pool, raw Aeron over loopback UDP and over IPC (the floor of MemFabric's
 * fetch), MemFabric's fetch itself over the same channels, and a Redis 7 {@code GET} and {@code SET}. Each is a
 * {@link PageReadProbe} measured by the same loop ({@link ReadMeasurement}): p50 and p99 of one read at a time,
 * throughput one at a time and with a few reads in flight.
 * <p>
 * This class runs in the harness JVM, which lacks the JDK access Aeron needs: it starts Redis (if installed) and one
 * probe JVM ({@link TransportProbes}) that runs every probe in turn, records what it prints, and computes the ratios
 * from whichever probes ran. A probe that did not run makes its figures and every ratio that needs them absent,
 * with the reason.
 * <p>
 * Targets (2 MiB pages, throughput one at a time): zero-copy at least 0.9 of {@code memcpy}; MemFabric's UDP fetch
 * at least 0.5 of {@code memcpy}, 3 times Redis {@code GET}, and 0.9 of raw Aeron over the same channel.
 * <p>
 * The idle strategy of every Aeron agent and client is {@code BACKOFF} unless the system property
 * {@value #IDLE_PROP_NAME} names another {@code IdleSetting} ({@code SLEEPING}, {@code BUSY_SPIN}).
 */
public final class TransportSuite implements BenchSuite
{
    /**
     * System property choosing the idle strategy of the Aeron probes: {@code SLEEPING}, {@code BACKOFF} (the
     * default) or {@code BUSY_SPIN}.
     */
    public static final String IDLE_PROP_NAME = "memfabric.bench.transport.idle";

    /**
     * The idle strategy of the Aeron probes when {@value #IDLE_PROP_NAME} is not set.
     */
    public static final IdleSetting IDLE_DEFAULT = IdleSetting.BACKOFF;

    private static final long QUICK_PROBE_TIMEOUT_MS = 150_000;
    private static final long FULL_PROBE_TIMEOUT_MS = 30 * 60_000;
    private static final List<String> PROBE_JVM_FLAGS = List.of(
        // After MemberProcess.JVM_FLAGS, so these win: pages, destinations and socket buffers are off-heap.
        "-Xmx512m",
        "-XX:MaxDirectMemorySize=1g");

    /**
     * The page size whose ratios carry no suffix and are held to the targets; the other size's ratios end in
     * {@code _256k}.
     */
    private static final String PRIMARY_SIZE = "2m";
    private static final String SECOND_SIZE = "256k";

    private TransportProbeRun probeRun;
    private String redisAbsence;

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "transport";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "page reads (256 KiB, 2 MiB) vs memcpy, zero-copy pool, raw Aeron UDP/IPC and Redis GET/SET";
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
        final IdleSetting idle = idle();
        final ReadSizes sizes = ctx.quick() ? ReadSizes.QUICK : ReadSizes.FULL;
        System.out.println("transport: " + (ctx.quick() ? "quick" : "full") + " run; per probe and page size " +
            sizes.warmupBytes() / (1024 * 1024) + " MiB warm-up and " + sizes.measuredBytes() / (1024 * 1024) +
            " MiB timed reads, one at a time, then again with " + sizes.window() + " in flight where the probe " +
            "can; " + sizes.workingSetBytes() / (1024 * 1024) + " MiB of distinct random pages per size");
        System.out.println("transport: Aeron idle strategy " + idle + " (-D" + IDLE_PROP_NAME + "=...); UDP mtu " +
            TransportChannels.UDP_MTU + ", IPC mtu " + TransportChannels.IPC_MTU + ", term length " +
            TransportChannels.TERM_LENGTH / (1024 * 1024) + " MiB, socket buffers and receiver window " +
            TransportChannels.SOCKET_BUFFER_LENGTH / (1024 * 1024) + " MiB" +
            (ctx.quick() ? "" : "; with the UDP MTU sweep"));

        final long pid = ProcessHandle.current().pid();
        redisAbsence = null;
        try (RunScope scope = RunScope.open())
        {
            final Path runDir = Files.createDirectories(scope.own(targetDir().resolve("transport-bench-" + pid)));
            final Path shmDir = Files.createDirectories(
                scope.own(shmRoot(runDir).resolve("memfabric-transport-" + pid)));

            RedisServer redis = null;
            final Path redisBinary = RedisServer.findBinary();
            if (null == redisBinary)
            {
                redisAbsence = "redis-server is not installed (no /usr/bin/redis-server, none on the PATH); " +
                    RedisServer.INSTALL_HINT;
                System.out.println("transport: SKIPPING Redis: " + redisAbsence + ". The redis_get and redis_set " +
                    "figures and the ratios that need them are absent from this run.");
            }
            else
            {
                redis = RedisServer.start(redisBinary, runDir.resolve("redis"), scope);
                System.out.println("transport: Redis " + redis.version() + " (" + redisBinary + ") on 127.0.0.1:" +
                    redis.port() + ", no persistence");
            }

            try
            {
                final List<String> args = new ArrayList<>(List.of(ctx.quick() ? "quick" : "full", shmDir.toString(),
                    idle.name(), null == redis ? "-" : Integer.toString(redis.port())));
                if (!ctx.quick())
                {
                    args.add("sweep");
                }
                probeRun = TransportProbeRun.run(scope, new JvmCommand()
                    .flags(MemberProcess.JVM_FLAGS)
                    .flags(PROBE_JVM_FLAGS)
                    .classPath(System.getProperty("java.class.path"))
                    .main(TransportProbes.class.getName(), args.toArray(new String[0])),
                    ctx.quick() ? QUICK_PROBE_TIMEOUT_MS : FULL_PROBE_TIMEOUT_MS);
            }
            finally
            {
                if (null != redis)
                {
                    redis.close();
                }
            }
        }
        if (null != probeRun.failure())
        {
            throw new IOException(probeRun.failure());
        }

        for (final Map.Entry<String, TransportProbeRun.Figure> figure : probeRun.figures().entrySet())
        {
            report.figure(figure.getKey(), figure.getValue().value(), Double.NaN, figure.getValue().unit());
        }
        ratios(report, PRIMARY_SIZE, "", true);
        ratios(report, SECOND_SIZE, "_" + SECOND_SIZE, false);
        mtuChoice();

        System.out.println();
        System.out.println("Throughput is page bytes over elapsed time (GB/s = 10^9 bytes/s), one read at a time " +
            "unless the figure ends in _w" + sizes.window() + " (" + sizes.window() + " in flight). memcpy copies " +
            "the page between two buffers; zerocopy reads it in place from the pool (sums its longs); every other " +
            "probe ends with the page in a buffer of the reader's own. Ratios compare one-at-a-time throughputs " +
            "of 2 MiB pages (no suffix) and of 256 KiB pages (_256k).");
        System.out.printf(Locale.ROOT, "transport: suite took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void ratios(final BenchReport report, final String size, final String suffix, final boolean primary)
    {
        final String zerocopy = ratio(report, "zerocopy_over_memcpy" + suffix, "zerocopy", "memcpy", size);
        final String udpFetch = ratio(report, "udp_fetch_over_memcpy" + suffix, "fabric_udp", "memcpy", size);
        final String overRedis = ratio(report, "fetch_over_redis_get" + suffix, "fabric_udp", "redis_get", size);
        final String framing = ratio(report, "framing_over_raw_aeron" + suffix, "fabric_udp", "raw_aeron_udp", size);
        ratio(report, "ipc_fetch_over_memcpy" + suffix, "fabric_ipc", "memcpy", size);
        ratio(report, "ipc_framing_over_raw_aeron_ipc" + suffix, "fabric_ipc", "raw_aeron_ipc", size);
        ratio(report, "raw_aeron_udp_over_memcpy" + suffix, "raw_aeron_udp", "memcpy", size);
        ratio(report, "raw_aeron_ipc_over_memcpy" + suffix, "raw_aeron_ipc", "memcpy", size);
        ratio(report, "raw_aeron_udp_over_redis_get" + suffix, "raw_aeron_udp", "redis_get", size);
        if (primary)
        {
            report.atLeast(zerocopy, 0.9);
            report.atLeast(udpFetch, 0.5);
            report.atLeast(overRedis, 3.0);
            report.atLeast(framing, 0.9);
        }
    }

    /**
     * Records {@code name} as the ratio of two probes' one-at-a-time throughputs at one page size, or as absent with
     * the reason the first missing probe gave.
     */
    private String ratio(
        final BenchReport report,
        final String name,
        final String numeratorProbe,
        final String denominatorProbe,
        final String size)
    {
        for (final String probe : List.of(numeratorProbe, denominatorProbe))
        {
            if (!report.hasFigure(throughput(probe, size)))
            {
                return report.absentRatio(name, "probe " + probe + " did not run: " + whyAbsent(probe, size));
            }
        }
        return report.ratio(name, throughput(numeratorProbe, size), throughput(denominatorProbe, size));
    }

    private String whyAbsent(final String probe, final String size)
    {
        final String said = probeRun.whyAbsent(probe + "_" + size);
        if (null != said)
        {
            return said;
        }
        if (probe.startsWith("redis_") && null != redisAbsence)
        {
            return redisAbsence;
        }
        return "it printed no " + throughput(probe, size) + " (its output is above)";
    }

    /**
     * Says which UDP MTU the sweep found best, when the run swept.
     */
    private void mtuChoice()
    {
        String best = null;
        double bestGbps = 0;
        final StringBuilder all = new StringBuilder();
        for (final int mtu : TransportProbes.SWEEP_MTUS)
        {
            final TransportProbeRun.Figure figure = probeRun.figures().get(
                throughput("raw_aeron_udp_mtu" + mtu, PRIMARY_SIZE));
            if (null == figure)
            {
                continue;
            }
            all.append(String.format(Locale.ROOT, "%s mtu %d: %.2f GB/s", 0 == all.length() ? "" : ",", mtu,
                figure.value()));
            if (figure.value() > bestGbps)
            {
                bestGbps = figure.value();
                best = Integer.toString(mtu);
            }
        }
        if (null != best)
        {
            System.out.println();
            System.out.println("transport: UDP MTU sweep, raw Aeron, " + PRIMARY_SIZE + " pages, one at a time:" + all +
                ". Best: " + best + "; the suite and MemFabric's fetch use " + TransportChannels.UDP_MTU +
                " (TransportChannels.UDP_MTU).");
        }
    }

    private static String throughput(final String probe, final String size)
    {
        return probe + "_" + size + "_throughput";
    }

    private static IdleSetting idle()
    {
        final String value = System.getProperty(IDLE_PROP_NAME);
        if (null == value || value.isBlank())
        {
            return IDLE_DEFAULT;
        }
        try
        {
            return IdleSetting.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BenchConfigurationException("-D" + IDLE_PROP_NAME + "=" + value + " is not an idle strategy; " +
                "use SLEEPING, BACKOFF or BUSY_SPIN");
        }
    }
}
