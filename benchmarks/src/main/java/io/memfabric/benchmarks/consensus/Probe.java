/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import java.util.Locale;

/**
 * The main class of a probe JVM: the client side of one system under test, which it drives and measures, printing
 * one {@code FIGURE <metric> <value> <unit>} line per figure for {@link ProbeProcess} to record.
 * <p>
 * Arguments: {@code fabric|echo <members> <aeronDir> <idle> <sizes>} or {@code etcd <clientUrl> <sizes>}, where
 * {@code <sizes>} is {@code <warmup> <samples> <ops> <window> <wideWindow>} (see {@link Sizes}).
 */
public final class Probe
{
    /**
     * What a figure line starts with.
     */
    static final String FIGURE_PREFIX = "FIGURE ";

    private Probe()
    {
    }

    /**
     * @param args the arguments above.
     * @throws Exception if the measurement fails; the JVM then exits with a status other than 0.
     */
    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "fabric":
                new FabricProbe(args[1], args[2], args[3], Sizes.parse(args, 4)).run();
                break;
            case "echo":
                new EchoProbe(args[1], args[2], args[3], Sizes.parse(args, 4)).run();
                break;
            case "etcd":
                new EtcdProbe(args[1], Sizes.parse(args, 2)).run();
                break;
            default:
                throw new IllegalArgumentException("unknown probe " + args[0] + "; expected fabric, echo or etcd");
        }
        System.out.flush();
        // Client libraries may leave non-daemon threads behind; the probe is done.
        System.exit(0);
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
        System.out.println(String.format(Locale.ROOT, "%s%s %.3f %s", FIGURE_PREFIX, metric, value, unit));
    }

    /**
     * Prints a throughput figure and a line for people.
     *
     * @param metric    its name.
     * @param ops       operations done.
     * @param elapsedNs how long they took.
     */
    static void throughput(final String metric, final long ops, final long elapsedNs)
    {
        final double opsPerSecond = ops * 1e9 / elapsedNs;
        System.out.println(String.format(Locale.ROOT, "%-22s %,d ops in %.2f s: %,.0f ops/s", metric, ops,
            elapsedNs / 1e9, opsPerSecond));
        figure(metric, opsPerSecond, "ops/s");
    }
}
