/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.alloc;

import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.JvmCommand;
import io.memfabric.benchmarks.RunScope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The {@code alloc} suite: the bytes the consensus client allocates per request on its hot paths (calling thread and
 * client thread), measured by {@link ClientAllocation} in a JVM of its own (with the JDK access Aeron needs) against
 * a 3-member cluster in that JVM. The target is none: zero.
 */
public final class AllocSuite implements BenchSuite
{
    private static final long TIMEOUT_MINUTES = 20;

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "alloc";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "bytes the consensus client allocates per request (lock, write, read, invalidation push)";
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
        final String[] sizes = ctx.quick() ? new String[]{ "2000", "2000" } : new String[]{ "10000", "20000" };
        try (RunScope scope = RunScope.open())
        {
            final Process process = scope.own(new ProcessBuilder(
                JvmCommand.withThisClassPath(ClientAllocation.class, sizes))
                .redirectErrorStream(true)
                .start());
            int figures = 0;
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = out.readLine()))
                {
                    System.out.println("    " + line);
                    if (line.startsWith(ClientAllocation.FIGURE_PREFIX))
                    {
                        // BENCH <metric> <value>
                        final String[] parts = line.split(" ");
                        report.figure(parts[1], Double.parseDouble(parts[2]), Double.NaN, "B/request");
                        figures++;
                    }
                }
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || 0 != process.exitValue() || 0 == figures)
            {
                throw new IOException("the allocation harness failed or printed no figure (its output is above)");
            }
        }
    }
}
