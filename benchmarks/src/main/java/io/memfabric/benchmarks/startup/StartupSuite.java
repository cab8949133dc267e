/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.startup;

import benchhello.EmptyAgent;
import benchhello.Hello;
import benchhello.SharesOne;
import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.RunScope;
import io.memfabric.benchmarks.strong.MemberGroup;
import io.memfabric.benchmarks.strong.StrongSuite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static io.memfabric.benchmarks.BenchPaths.shmRoot;
import static io.memfabric.benchmarks.BenchPaths.targetDir;

/**
 * The {@code startup} suite: what the agent adds to a JVM's start, measured as the wall time from starting
 * {@code java} to its exit, for a Hello world outside {@code io.memfabric}:
 * <ul>
 *     <li>{@code hello_plain}: no agent;</li>
 *     <li>{@code hello_empty_agent}: an agent whose {@code premain} does nothing, the floor any agent pays here;</li>
 *     <li>{@code hello_agent}: {@code -javaagent:fabric.jar} (embedded fabric, which opens on first use);</li>
 *     <li>{@code shares_one_agent}: a program that opens the embedded fabric, shares a root and writes it;</li>
 *     <li>{@code hello_cluster_agent} and {@code shares_one_cluster_agent}: the same two programs in a JVM that joins a
 *     3-member cluster (started once by the suite, members idling {@code ADAPTIVE}) with {@code memfabric.cluster}.
 *     </li>
 * </ul>
 * The variants take turns, round after round, so a disturbance of the machine falls on all of them; p50 of the rounds
 * after the warm-up ones. Target (issue 15): the agent adds at most 30 ms to a JVM that shares nothing
 * ({@code agent_added_ms}); {@code empty_agent_added_ms} says how much of that any agent costs on this machine.
 */
public final class StartupSuite implements BenchSuite
{
    private static final int QUICK_ROUNDS = 10;
    private static final int FULL_ROUNDS = 40;
    private static final int WARMUP_ROUNDS = 2;
    private static final long RUN_TIMEOUT_S = 60;

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "startup";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "JVM start to exit of a Hello world: no agent, an empty agent, fabric.jar (embedded, cluster); and a " +
            "program sharing a root";
    }

    /**
     * {@inheritDoc}
     */
    public void run(final BenchContext ctx, final BenchReport report) throws Exception
    {
        final int rounds = ctx.quick() ? QUICK_ROUNDS : FULL_ROUNDS;
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (RunScope scope = RunScope.open())
        {
            final Path runDir = Files.createDirectories(
                scope.own(targetDir().resolve("startup-bench-" + ProcessHandle.current().pid())));
            final Path classes = runDir.resolve("classes");
            copyClass(Hello.class, classes);
            copyClass(SharesOne.class, classes);
            copyClass(SharesOne.Cell.class, classes);
            final Path emptyAgent = emptyAgentJar(runDir);
            final String classPath = classes.toString();
            final String agent = ctx.agentJar().toString();

            final Map<String, List<String>> variants = new LinkedHashMap<>();
            variants.put("hello_plain", List.of(java, "-cp", classPath, Hello.class.getName()));
            variants.put("hello_empty_agent", List.of(java, "-javaagent:" + emptyAgent, "-cp", classPath,
                Hello.class.getName()));
            variants.put("hello_agent", List.of(java, "-javaagent:" + agent, "-cp", classPath, Hello.class.getName()));
            variants.put("shares_one_agent", List.of(java, "-javaagent:" + agent, "-cp", classPath,
                SharesOne.class.getName()));
            final Map<String, String> expected = Map.of("hello_plain", "hello", "hello_empty_agent", "hello",
                "hello_agent", "hello", "shares_one_agent", "shared 42");

            System.out.println("startup: " + rounds + " rounds (after " + WARMUP_ROUNDS + " warm-up) of " +
                String.join(", ", variants.keySet()) + ", in turn; agent " + agent);
            final Map<String, long[]> times = new LinkedHashMap<>();
            variants.keySet().forEach(name -> times.put(name, new long[rounds]));
            for (int round = -WARMUP_ROUNDS; round < rounds; round++)
            {
                for (final Map.Entry<String, List<String>> variant : variants.entrySet())
                {
                    final long nanos = timeRun(scope, variant.getKey(), variant.getValue(),
                        expected.get(variant.getKey()), runDir);
                    if (round >= 0)
                    {
                        times.get(variant.getKey())[round] = nanos;
                    }
                }
            }
            for (final Map.Entry<String, long[]> entry : times.entrySet())
            {
                final double p50 = p50Ms(entry.getValue());
                record(report, entry.getKey(), entry.getValue());
            }
            cluster(ctx, scope, runDir, java, classPath, rounds, report);
        }
        final double plain = report.value("hello_plain_ms");
        report.figure("empty_agent_added_ms", report.value("hello_empty_agent_ms") - plain, Double.NaN, "ms");
        report.figure("agent_added_ms", report.value("hello_agent_ms") - plain, Double.NaN, "ms");
        report.atMost("agent_added_ms", 30.0);
        report.ratio("hello_agent_over_plain", "hello_agent_ms", "hello_plain_ms");
        report.ratio("agent_added_over_empty_agent_added", "agent_added_ms", "empty_agent_added_ms");
    }

    // A JVM that joins a cluster: what the agent's start costs when the fabric is a cluster client (joined in premain).
    private static void cluster(
        final BenchContext ctx, final RunScope scope, final Path runDir, final String java, final String classPath,
        final int rounds, final BenchReport report) throws Exception
    {
        final Path shmDir = Files.createDirectories(scope.own(shmRoot(runDir).resolve(
            "memfabric-startup-" + ProcessHandle.current().pid())));
        try (MemberGroup cluster = StrongSuite.aeronCluster("fabric", scope, runDir, shmDir, "ADAPTIVE"))
        {
            final Map<String, String> mains = new LinkedHashMap<>();
            mains.put("hello_cluster_agent", Hello.class.getName());
            mains.put("shares_one_cluster_agent", SharesOne.class.getName());
            final Map<String, String> expected = Map.of("hello_cluster_agent", "hello",
                "shares_one_cluster_agent", "shared 42");
            final Map<String, long[]> times = new LinkedHashMap<>();
            mains.keySet().forEach(name -> times.put(name, new long[rounds]));
            int client = 0;
            for (int round = -WARMUP_ROUNDS; round < rounds; round++)
            {
                for (final Map.Entry<String, String> main : mains.entrySet())
                {
                    final Path aeronDir = scope.own(shmDir.resolve("client-" + client++));
                    final List<String> command = List.of(java, "-javaagent:" + ctx.agentJar(),
                        "-Dmemfabric.cluster=" + cluster.addresses(), "-Daeron.dir=" + aeronDir, "-cp", classPath,
                        main.getValue());
                    final long nanos = timeRun(scope, main.getKey(), command, expected.get(main.getKey()), runDir);
                    if (round >= 0)
                    {
                        times.get(main.getKey())[round] = nanos;
                    }
                }
            }
            for (final Map.Entry<String, long[]> entry : times.entrySet())
            {
                record(report, entry.getKey(), entry.getValue());
            }
        }
    }

    private static void record(final BenchReport report, final String name, final long[] nanos)
    {
        final double p50 = p50Ms(nanos);
        report.figure(name + "_ms", p50, Double.NaN, "ms");
        System.out.printf(Locale.ROOT, "  %-26s p50 %7.1f ms  (min %.1f, max %.1f)%n", name, p50,
            Arrays.stream(nanos).min().orElse(0) / 1e6, Arrays.stream(nanos).max().orElse(0) / 1e6);
    }

    private static long timeRun(
        final RunScope scope, final String name, final List<String> command, final String expected, final Path dir)
        throws IOException, InterruptedException
    {
        final Path output = dir.resolve(name + ".out");
        final long start = System.nanoTime();
        final Process process = scope.own(new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start());
        if (!process.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS))
        {
            RunScope.stop(List.of(process));
            throw new IOException(name + " did not end within " + RUN_TIMEOUT_S + " s: " + String.join(" ", command));
        }
        final long elapsed = System.nanoTime() - start;
        final String printed = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0 || !printed.contains(expected))
        {
            throw new IOException(name + " exited with " + process.exitValue() + " and printed:\n" + printed +
                "\ncommand: " + String.join(" ", command));
        }
        return elapsed;
    }

    private static double p50Ms(final long[] nanos)
    {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        final double middle = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return middle / 1e6;
    }

    private static void copyClass(final Class<?> type, final Path classes) throws IOException
    {
        final String resource = type.getName().replace('.', '/') + ".class";
        final Path target = classes.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IOException("the class file " + resource + " is not on the bench's class path");
            }
            Files.write(target, in.readAllBytes());
        }
    }

    // A jar holding the empty agent and the manifest that names it.
    private static Path emptyAgentJar(final Path dir) throws IOException
    {
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), EmptyAgent.class.getName());
        final Path jar = dir.resolve("empty-agent.jar");
        final String resource = EmptyAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
            JarOutputStream out = new JarOutputStream(file, manifest);
            InputStream in = EmptyAgent.class.getClassLoader().getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IOException("the class file " + resource + " is not on the bench's class path");
            }
            out.putNextEntry(new JarEntry(resource));
            out.write(in.readAllBytes());
            out.closeEntry();
        }
        return jar;
    }
}
