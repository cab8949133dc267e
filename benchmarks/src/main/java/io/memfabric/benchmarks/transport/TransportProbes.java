/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.memfabric.IdleSetting;
import io.memfabric.consensus.cluster.MemberConfig;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The main class of the {@code transport} suite's probe JVM, which has the JDK access Aeron and Agrona need (the
 * harness JVM does not): for each page size, builds the {@link PageSet} and runs every registered probe through
 * {@link ReadMeasurement}, one probe at a time, printing {@code FIGURE <metric> <value> <unit>} lines, and
 * {@code ABSENT <probe>_<size> <why>} for a probe that could not run, for {@link TransportProbeRun} to read.
 * <p>
 * Arguments: {@code quick|full <shmDir> <idle> <redisPort|-> [sweep]}: the sizes, a directory for media drivers and
 * the page pool (removed by the harness), the idle strategy of every Aeron agent ({@code IdleSetting}), the
 * port of the Redis server the harness started ({@code -} when there is none), and whether to sweep the UDP MTU.
 */
public final class TransportProbes
{
    /**
     * What a figure line starts with.
     */
    public static final String FIGURE = "FIGURE";

    /**
     * What the line of a probe that could not run starts with.
     */
    public static final String ABSENT = "ABSENT";

    /**
     * Page sizes measured, in this order: the 2 MiB figures are the ones the targets hold.
     */
    static final int[] PAGE_SIZES = { 2 * 1024 * 1024, 256 * 1024 };

    /**
     * MTUs the full run's sweep tries for raw Aeron over loopback UDP, at the first page size and the quick sizes.
     */
    static final int[] SWEEP_MTUS = { 1408, 8192, 65_504 };

    private static final long PAGE_SEED = 0x6D656D666162L;
    private static final long ORDER_SEED = 0x7472616E73L;

    private TransportProbes()
    {
    }

    /**
     * @param args the arguments above.
     */
    public static void main(final String[] args)
    {
        if (args.length < 4)
        {
            System.err.println("usage: TransportProbes quick|full <shmDir> <idle> <redisPort|-> [sweep]");
            System.exit(2);
        }
        final ReadSizes sizes = ReadSizes.parse(args[0]);
        final Path shmDir = Paths.get(args[1]);
        final IdleSetting idle = IdleSetting.valueOf(args[2]);
        final int redisPort = "-".equals(args[3]) ? -1 : Integer.parseInt(args[3]);
        final boolean sweep = args.length > 4 && "sweep".equals(args[4]);

        final ReadMeasurement measurement = new ReadMeasurement(sizes, ORDER_SEED);
        final List<ProbeSlot> probes = probes(shmDir, idle, redisPort);
        for (final int pageBytes : PAGE_SIZES)
        {
            run(probes, measurement, sizes, pageBytes);
        }
        if (sweep)
        {
            // The sweep's small MTUs are slow; the quick sizes tell them apart well enough.
            run(mtuSweep(shmDir, idle.supplier()), new ReadMeasurement(ReadSizes.QUICK, ORDER_SEED), ReadSizes.QUICK,
                PAGE_SIZES[0]);
        }
        System.out.flush();
        // Aeron and client threads may linger; the probe is done.
        System.exit(0);
    }

    private static void run(
        final List<ProbeSlot> probes, final ReadMeasurement measurement, final ReadSizes sizes, final int pageBytes)
    {
        final long start = System.nanoTime();
        try (PageSet pages = PageSet.random(pageBytes, sizes.workingSetBytes(), PAGE_SEED))
        {
            System.out.printf(Locale.ROOT, "%d pages of %s (%d bytes): %d warm-up + %d timed reads per probe, " +
                "then the same with %d in flight where the probe can%n", pages.pageCount(), pages.label(),
                pageBytes, sizes.warmupReads(pageBytes), sizes.measuredReads(pageBytes), sizes.window());
            for (final ProbeSlot slot : probes)
            {
                if (null == slot.factory())
                {
                    absent(slot.name() + "_" + pages.label(), slot.whyAbsent());
                    continue;
                }
                measurement.measure(slot.factory().get(), pages);
            }
        }
        System.out.printf(Locale.ROOT, "%s pages done in %.1f s%n", PageSet.label(pageBytes),
            (System.nanoTime() - start) / 1e9);
    }

    /**
     * Every probe of the suite, in the order they run.
     *
     * @param shmDir    where media drivers and the page pool go.
     * @param idle      the idle strategy of every Aeron agent and client.
     * @param redisPort the Redis server's port, or -1 if there is none.
     * @return the probes.
     */
    static List<ProbeSlot> probes(final Path shmDir, final IdleSetting idle, final int redisPort)
    {
        final List<ProbeSlot> probes = new ArrayList<>();
        probes.add(ProbeSlot.of("memcpy", MemcpyProbe::new));
        probes.add(ProbeSlot.of("zerocopy", () -> new ZeroCopyProbe(shmDir.resolve("pool"))));
        probes.add(ProbeSlot.of("raw_aeron_udp", () -> new RawAeronProbe("raw_aeron_udp", RawAeronProbe.Medium.UDP,
            TransportChannels.UDP_MTU, TransportChannels.TERM_LENGTH, idle.supplier(),
            shmDir.resolve("aeron-raw-udp"))));
        probes.add(ProbeSlot.of("raw_aeron_ipc", () -> new RawAeronProbe("raw_aeron_ipc", RawAeronProbe.Medium.IPC,
            TransportChannels.IPC_MTU, TransportChannels.TERM_LENGTH, idle.supplier(),
            shmDir.resolve("aeron-raw-ipc"))));

        // MemFabric's own fetch over the data plane, on a driver and channels set up like the raw probes'.
        probes.add(ProbeSlot.of("fabric_udp", () -> new FabricFetchProbe("fabric_udp", RawAeronProbe.Medium.UDP, idle,
            shmDir.resolve("aeron-fabric-udp"))));
        probes.add(ProbeSlot.of("fabric_ipc", () -> new FabricFetchProbe("fabric_ipc", RawAeronProbe.Medium.IPC, idle,
            shmDir.resolve("aeron-fabric-ipc"))));

        if (redisPort > 0)
        {
            probes.add(ProbeSlot.of("redis_get", () -> new RedisProbe(RedisProbe.Command.GET, "127.0.0.1",
                redisPort)));
            probes.add(ProbeSlot.of("redis_set", () -> new RedisProbe(RedisProbe.Command.SET, "127.0.0.1",
                redisPort)));
        }
        return probes;
    }

    private static List<ProbeSlot> mtuSweep(final Path shmDir, final Supplier<IdleStrategy> idle)
    {
        final List<ProbeSlot> sweep = new ArrayList<>();
        for (final int mtu : SWEEP_MTUS)
        {
            final String name = "raw_aeron_udp_mtu" + mtu;
            sweep.add(ProbeSlot.of(name, () -> new RawAeronProbe(name, RawAeronProbe.Medium.UDP, mtu,
                TransportChannels.TERM_LENGTH, idle, shmDir.resolve("aeron-" + name))));
        }
        return sweep;
    }

    /**
     * Prints a figure for the harness.
     *
     * @param metric its name.
     * @param value  its value.
     * @param unit   its unit.
     */
    static void figure(final String metric, final double value, final String unit)
    {
        System.out.println(String.format(Locale.ROOT, "%s %s %.4f %s", FIGURE, metric, value, unit));
    }

    /**
     * Prints that a probe could not run at a page size, and why.
     *
     * @param probeAndSize {@code <probe>_<size>}.
     * @param why          what went wrong.
     */
    static void absent(final String probeAndSize, final String why)
    {
        System.out.println(ABSENT + " " + probeAndSize + " " + why.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
    }

    /**
     * @param failure an exception.
     * @return its class, message and causes on one line.
     */
    static String describe(final Throwable failure)
    {
        final StringBuilder text = new StringBuilder();
        Throwable next = failure;
        for (int depth = 0; null != next && depth < 4; depth++, next = next.getCause())
        {
            text.append(0 == depth ? "" : "; caused by ").append(next.getClass().getSimpleName());
            if (null != next.getMessage())
            {
                text.append(": ").append(next.getMessage());
            }
        }
        return text.toString();
    }
}
