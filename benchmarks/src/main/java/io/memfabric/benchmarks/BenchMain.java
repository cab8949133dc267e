/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

import io.memfabric.benchmarks.access.AccessSuite;
import io.memfabric.benchmarks.alloc.AllocSuite;
import io.memfabric.benchmarks.consensus.ConsensusSuite;
import io.memfabric.benchmarks.kv.KvSuite;
import io.memfabric.benchmarks.startup.StartupSuite;
import io.memfabric.benchmarks.strong.StrongSuite;
import io.memfabric.benchmarks.strong.CollectionsSuite;
import io.memfabric.benchmarks.strong.ModelsSuite;
import io.memfabric.benchmarks.transport.TransportSuite;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of benchmarks.jar, run by {@code ./fabric bench <suite> [--quick]}: runs one suite, prints its output,
 * a human table and the {@code BENCH}/{@code RATIO} lines, and writes those lines to the results folder.
 * <p>
 * Exit status: 0 when the suite ran (whether or not its targets were met), 1 when it failed, 2 on bad usage.
 */
public final class BenchMain
{
    private static final List<BenchSuite> SUITES = List.of(
        new AccessSuite(), new ConsensusSuite(), new StrongSuite(), new TransportSuite(), new KvSuite(),
        new AllocSuite(), new StartupSuite(), new CollectionsSuite(), new ModelsSuite());

    private BenchMain()
    {
    }

    /**
     * @param args {@code <suite> [--quick]}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    private static int run(final String[] args)
    {
        String suiteName = null;
        boolean quick = false;
        for (final String arg : args)
        {
            if ("--quick".equals(arg))
            {
                quick = true;
            }
            else if (arg.startsWith("-") || null != suiteName)
            {
                System.err.println("unexpected argument: " + arg);
                return usage();
            }
            else
            {
                suiteName = arg;
            }
        }

        final BenchSuite suite = find(suiteName);
        if (null == suite)
        {
            if (null != suiteName)
            {
                System.err.println("unknown suite: " + suiteName);
            }
            return usage();
        }

        final BenchContext ctx = new BenchContext().quick(quick).agentRequired(suite.usesAgent());
        try
        {
            ctx.conclude();
        }
        catch (final BenchConfigurationException ex)
        {
            System.err.println("bench: " + ex.getMessage());
            return 2;
        }

        final BenchReport report = new BenchReport(suite.name());
        try
        {
            suite.run(ctx, report);
            report.print(System.out);
            final Path file = report.write(ctx.resultsDir());
            System.out.println();
            System.out.println("results written to " + file);
            return 0;
        }
        catch (final Exception ex)
        {
            System.err.println("bench: suite " + suite.name() + " failed: " + ex);
            ex.printStackTrace(System.err);
            return 1;
        }
    }

    private static BenchSuite find(final String name)
    {
        for (final BenchSuite suite : SUITES)
        {
            if (suite.name().equals(name))
            {
                return suite;
            }
        }
        return null;
    }

    private static int usage()
    {
        System.err.println("usage: BenchMain <suite> [--quick]   (with -D" + BenchContext.AGENT_JAR_PROP_NAME +
            "=/path/to/fabric.jar for suites that use the agent; ./fabric bench passes it)");
        System.err.println("suites:");
        for (final BenchSuite suite : SUITES)
        {
            System.err.printf("  %-12s %s%n", suite.name(), suite.description());
        }
        return 2;
    }
}
