/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.memfabric.consensus.stat.CncCounters;
import io.memfabric.consensus.stat.FabricCounter;
import io.memfabric.consensus.stat.MemberCounter;
import io.memfabric.consensus.stat.NodeCounter;

import java.io.File;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./fabric stat}: prints the counters of every MemFabric node and member on this host, live. It reads them from
 * the media drivers' CnC files (see {@link CncCounters}), so it works on any process, needs no port, and never
 * disturbs the processes it watches.
 */
public final class FabricStat
{
    static final String USAGE =
        "Usage: ./fabric stat [DIR ...] [--interval-ms 1000] [--count N] [--describe]\n" +
        "\n" +
        "Prints the counters of the MemFabric processes on this host (cluster members and application JVMs), every\n" +
        "interval until stopped: each counter's value and, for counts, how much it grew per second. They are\n" +
        "read from the Aeron media drivers' files, found under /dev/shm and the temporary directory, or in the\n" +
        "DIRs given (a member's --aeron-dir, an application's -Daeron.dir). A JVM on the embedded fabric has no\n" +
        "media driver: read its counters over JMX (io.memfabric:type=FabricNode).\n" +
        "\n" +
        "  --interval-ms N   time between two prints (default 1000)\n" +
        "  --count N         print N times and exit (default: until Ctrl-C); --count 1 prints once\n" +
        "  --describe        print what each counter means and exit\n";

    private FabricStat()
    {
    }

    /**
     * @param args the command line.
     * @throws InterruptedException if interrupted between two prints.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final long intervalMs;
        final long count;
        final List<File> dirs = new ArrayList<>();
        try
        {
            final CommandLine line = CommandLine.parse("stat", args, Set.of("--interval-ms", "--count"),
                Set.of("--describe"), 256);
            if (line.help())
            {
                CommandLine.exitWithUsage(USAGE);
            }
            if (line.flag("--describe"))
            {
                describe(System.out);
                System.exit(0);
            }
            intervalMs = line.number("--interval-ms", 1000, 10, 3_600_000);
            count = line.number("--count", 0, 0, Long.MAX_VALUE);
            for (final String operand : line.operands())
            {
                final File dir = new File(operand).getAbsoluteFile();
                if (!dir.isDirectory())
                {
                    throw new IllegalArgumentException("stat: " + operand + " is not a directory; give a media " +
                        "driver's directory (a member's --aeron-dir, an application's -Daeron.dir)");
                }
                dirs.add(dir);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            CommandLine.exitWithUsageError(ex.getMessage(), USAGE);
            return;
        }

        final Map<String, Long> previous = new HashMap<>();
        long previousNs = 0;
        for (long printed = 0; count == 0 || printed < count; printed++)
        {
            if (printed > 0)
            {
                Thread.sleep(intervalMs);
            }
            final long nowNs = System.nanoTime();
            final List<CncCounters.Driver> drivers = read(dirs.isEmpty() ? CncCounters.discover() : dirs);
            print(System.out, drivers, previous, previousNs == 0 ? 0 : (nowNs - previousNs) / 1e9, intervalMs,
                count == 1);
            previousNs = nowNs;
            if (count == 1 && drivers.stream().allMatch((driver) -> driver.owners().isEmpty()))
            {
                System.exit(1);
            }
        }
        System.exit(0);
    }

    private static List<CncCounters.Driver> read(final List<File> dirs)
    {
        final List<CncCounters.Driver> drivers = new ArrayList<>();
        for (final File dir : dirs)
        {
            try
            {
                final CncCounters.Driver driver = CncCounters.read(dir);
                if (driver.live())
                {
                    drivers.add(driver);
                }
            }
            catch (final RuntimeException ex)
            {
                // A driver starting or stopping between the listing and the read; the next print sees it settled.
            }
        }
        return drivers;
    }

    static void print(
        final PrintStream out,
        final List<CncCounters.Driver> drivers,
        final Map<String, Long> previous,
        final double seconds,
        final long intervalMs,
        final boolean once)
    {
        out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  memfabric counters" +
            (once ? "" : " (every " + intervalMs + " ms; Ctrl-C stops)"));
        boolean any = false;
        for (final CncCounters.Driver driver : drivers)
        {
            for (final CncCounters.Owner owner : driver.owners())
            {
                any = true;
                out.println(owner.name() + "  " + driver.dir());
                for (final Map.Entry<String, Long> counter : owner.values().entrySet())
                {
                    final String key = owner.name() + "/" + counter.getKey();
                    final Long before = previous.put(key, counter.getValue());
                    final FabricCounter described = CncCounters.describe(owner.scope(), counter.getKey());
                    final boolean gauge = described != null && described.gauge();
                    String rate = "";
                    if (!gauge && before != null && seconds > 0)
                    {
                        rate = String.format(Locale.ROOT, "%+,.0f/s", (counter.getValue() - before) / seconds);
                    }
                    String value = String.format(Locale.ROOT, "%,d", counter.getValue());
                    if (described == MemberCounter.ROLE)
                    {
                        value = role(counter.getValue());
                    }
                    final String line = String.format(Locale.ROOT, "  %-18s %16s %12s", counter.getKey(), value, rate);
                    out.println(line.stripTrailing());
                }
            }
        }
        if (!any)
        {
            out.println("no MemFabric member or node found" + (drivers.isEmpty() ? " (no live media driver in " +
                "/dev/shm or " + System.getProperty("java.io.tmpdir") + ")" : "") + "; give a media driver's " +
                "directory if it is elsewhere (a member's --aeron-dir, an application's -Daeron.dir)");
        }
        out.println();
        out.flush();
    }

    private static String role(final long value)
    {
        return value == 2 ? "LEADER" : value == 1 ? "CANDIDATE" : value == 0 ? "FOLLOWER" : String.valueOf(value);
    }

    private static void describe(final PrintStream out)
    {
        out.println("Counters of an application JVM (node):");
        for (final FabricCounter counter : NodeCounter.values())
        {
            out.println(String.format(Locale.ROOT, "  %-18s %s%s", counter.id(), counter.gauge() ? "(gauge) " : "",
                counter.description()));
        }
        out.println("Counters of a cluster member:");
        for (final FabricCounter counter : MemberCounter.values())
        {
            out.println(String.format(Locale.ROOT, "  %-18s %s%s", counter.id(), counter.gauge() ? "(gauge) " : "",
                counter.description()));
        }
        out.flush();
    }
}
