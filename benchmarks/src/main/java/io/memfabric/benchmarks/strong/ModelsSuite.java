/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.FreePorts;
import io.memfabric.benchmarks.JvmCommand;
import io.memfabric.benchmarks.RunScope;
import io.memfabric.consensus.cluster.MemberProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.memfabric.benchmarks.BenchPaths.shmRoot;
import static io.memfabric.benchmarks.BenchPaths.targetDir;

/**
 * The {@code models} suite: CAUSAL and EVENTUAL fields and the merging counter against what people would use instead,
 * in one run on one machine.
 * <ul>
 *     <li>Local cost: a CAUSAL and an EVENTUAL field write, and a merging counter's increment, in the writing JVM,
 *     against a {@code volatile} write of an unshared object in the same JVM. Target: at most 3 times.</li>
 *     <li>Propagation: one JVM writes a CAUSAL message every millisecond, two others poll for it; against raw Aeron
 *     (one JVM publishing to two over UDP, media drivers idling as the fabric's), measured while the fabric's
 *     cluster members run, as they do for the fabric's probes. Target: p50 at most 2 times raw Aeron's one-way
 *     p50.</li>
 *     <li>Counter throughput: three JVMs increment one merging counter at once (each until it has done its share,
 *     then until its replica holds every increment); against three Hazelcast clients incrementing one
 *     {@code PNCounter} of a 3-member cluster. Target: at least 10 times.</li>
 *     <li>Notification latency: one JVM writes a CAUSAL field every millisecond (its send time), another's
 *     subscription listener times each change; against a Hazelcast client's entry listener timing another client's
 *     {@code IMap.set} of its send time every millisecond. (No target.)</li>
 * </ul>
 */
public final class ModelsSuite implements BenchSuite
{
    private static final String IDLE = "ADAPTIVE";
    private static final long PROBE_TIMEOUT_MS = 10 * 60_000;
    private static final int RACERS = 3;

    private final Figures figures = new Figures();

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "models";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "CAUSAL/EVENTUAL write cost, propagation and notification vs volatile, raw Aeron, Hazelcast " +
            "PNCounter and entry listener";
    }

    /**
     * {@inheritDoc}
     */
    public void run(final BenchContext ctx, final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        final SampleSizes sizes = ctx.quick() ? SampleSizes.QUICK : SampleSizes.FULL;
        final int localRounds = ctx.quick() ? 200 : 2_000;
        final int increments = ctx.quick() ? 200_000 : 2_000_000;
        figures.clear();
        System.out.println("models: " + (ctx.quick() ? "quick" : "full") + " run: " + localRounds + " batches of " +
            "1,000 local writes; " + sizes.warmup() + " + " + sizes.samples() + " messages 1 ms apart; " +
            increments + " counter increments per JVM, 3 JVMs; one cluster at a time");
        final long pid = ProcessHandle.current().pid();
        try (RunScope scope = RunScope.open())
        {
            final Path runDir = Files.createDirectories(scope.own(targetDir().resolve("models-bench-" + pid)));
            final Path shmDir = Files.createDirectories(scope.own(shmRoot(runDir).resolve("memfabric-models-" + pid)));
            fabric(ctx, scope, sizes, localRounds, increments, runDir, shmDir, report);
            hazelcast(scope, sizes, runDir, pid, report);
        }

        report.atMost(figures.ratio(report, "causal_write_over_volatile", "causal_write_p50", "volatile_write_p50"),
            3.0);
        report.atMost(figures.ratio(report, "eventual_write_over_volatile", "eventual_write_p50",
            "volatile_write_p50"), 3.0);
        figures.ratio(report, "counter_add_over_volatile", "counter_add_p50", "volatile_write_p50");
        report.atMost(figures.ratio(report, "causal_propagation_over_raw_aeron", "causal_propagation_p50",
            "raw_aeron_oneway_p50"), 2.0);
        figures.ratio(report, "causal_propagation_p99_over_raw_aeron", "causal_propagation_p99",
            "raw_aeron_oneway_p99");
        report.atLeast(figures.ratio(report, "counter_over_pncounter", "counter_throughput", "pncounter_throughput"),
            10.0);
        figures.ratio(report, "notification_over_hz_listener", "notification_p50", "hz_entry_listener_p50");
        figures.ratio(report, "notification_p99_over_hz_listener", "notification_p99", "hz_entry_listener_p99");
        System.out.println();
        figures.printAbsent("models");
        System.out.println("Write and propagation figures are nanoseconds (p50, p99); a local write is the mean of a " +
            "batch of 1,000. Propagation is the worse of the two receiving JVMs. Throughputs are increments per " +
            "second summed over the three JVMs.");
        System.out.printf(Locale.ROOT, "models: suite took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void fabric(
        final BenchContext ctx,
        final RunScope scope,
        final SampleSizes sizes,
        final int localRounds,
        final int increments,
        final Path runDir,
        final Path shmDir,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("models: MemFabric on 3 member JVMs; probe JVMs with -javaagent:" + ctx.agentJar());
        try (MemberGroup cluster = StrongSuite.aeronCluster("fabric", scope, runDir, shmDir, IDLE))
        {
            System.out.println("  probe 1: local write cost (volatile, CAUSAL, EVENTUAL, counter increment)");
            final ProbeRun local = ProbeRun.run(scope, "MemFabric local writes",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("local-client")), null)
                    .main(ModelsProbe.class.getName(), "local", Integer.toString(localRounds / 5),
                        Integer.toString(localRounds)), PROBE_TIMEOUT_MS);
            figures.record(report, local, "volatile_write", "causal_write", "eventual_write", "counter_add");

            System.out.println("  probes 2-4: CAUSAL propagation from one JVM to two");
            final String[] counts = { Integer.toString(sizes.warmup()), Integer.toString(sizes.samples()), "2" };
            final List<CompletableFuture<ProbeRun>> receivers = new ArrayList<>();
            for (int i = 1; i <= 2; i++)
            {
                final List<String> command = StrongSuite.fabricProbe(ctx, cluster,
                    scope.own(shmDir.resolve("receiver-" + i)), null).main(ModelsProbe.class.getName(),
                    StrongSuite.concat(new String[]{ "receive" }, counts));
                receivers.add(async(scope, "MemFabric CAUSAL receiver " + i, command));
            }
            final ProbeRun sender = ProbeRun.run(scope, "MemFabric CAUSAL sender",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("sender")), null)
                    .main(ModelsProbe.class.getName(), StrongSuite.concat(new String[]{ "send" }, counts)),
                PROBE_TIMEOUT_MS);
            worseOf(report, "causal_propagation", "MemFabric CAUSAL receivers", awaitAll(receivers));
            // Under the same load: the cluster's members idle as they did while the fabric's messages went.
            rawAeron(scope, sizes, shmDir, report);

            System.out.println("  probes 5-6: a subscription's listener timed against the send time of each change");
            final String[] notifyCounts = { Integer.toString(sizes.warmup()), Integer.toString(sizes.samples()) };
            final CompletableFuture<ProbeRun> listener = async(scope, "MemFabric subscriber",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("listener")), null).main(
                    ModelsProbe.class.getName(), StrongSuite.concat(new String[]{ "listen" }, notifyCounts)));
            ProbeRun.run(scope, "MemFabric notifying writer",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("notifier")), null).main(
                    ModelsProbe.class.getName(), StrongSuite.concat(new String[]{ "notify" }, notifyCounts)),
                PROBE_TIMEOUT_MS);
            figures.record(report, listener.get(PROBE_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS), "notification");

            System.out.println("  probes 7-9: a merging counter incremented by 3 JVMs at once");
            final List<CompletableFuture<ProbeRun>> racers = new ArrayList<>();
            for (int i = 1; i <= RACERS; i++)
            {
                racers.add(async(scope, "MemFabric counter racer " + i, StrongSuite.fabricProbe(ctx, cluster,
                    scope.own(shmDir.resolve("racer-" + i)), null).main(ModelsProbe.class.getName(), "count",
                    Integer.toString(increments), Integer.toString(RACERS))));
            }
            throughput(report, "counter_throughput", "counter_increment", awaitAll(racers));
            if (!local.completed() || !sender.completed())
            {
                cluster.printLogTails();
            }
        }
        System.out.printf(Locale.ROOT, "  MemFabric done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void rawAeron(final RunScope scope, final SampleSizes sizes, final Path shmDir, final BenchReport report)
        throws Exception
    {
        System.out.println();
        System.out.println("  probes: raw Aeron, one JVM publishing to two over UDP on 127.0.0.1, while the fabric's " +
            "cluster members idle as they did for the fabric's probes");
        final int port = FreePorts.block(30_000, 40_000, 2, 1, 1);
        final String warmup = Integer.toString(sizes.warmup());
        final String samples = Integer.toString(sizes.samples());
        final List<CompletableFuture<ProbeRun>> receivers = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            receivers.add(async(scope, "raw Aeron receiver " + (i + 1), aeronJvm().main(RawAeronOneWay.class.getName(),
                "receive", scope.own(shmDir.resolve("raw-receiver-" + i)).toString(), "127.0.0.1:" + (port + i),
                warmup, samples)));
        }
        final ProbeRun sender = ProbeRun.run(scope, "raw Aeron sender", aeronJvm().main(
            RawAeronOneWay.class.getName(), "send", scope.own(shmDir.resolve("raw-sender")).toString(),
            "127.0.0.1:" + port + ",127.0.0.1:" + (port + 1), warmup, samples), PROBE_TIMEOUT_MS);
        if (!sender.completed())
        {
            System.out.println("  the raw Aeron sender failed: " + sender.whyAbsent("raw_aeron_oneway_p50"));
        }
        worseOf(report, "raw_aeron_oneway", "raw Aeron receivers", awaitAll(receivers));
    }

    private void hazelcast(
        final RunScope scope, final SampleSizes sizes, final Path runDir, final long pid, final BenchReport report)
        throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("models: Hazelcast (benchmarks.jar) on 3 member JVMs, 3 smart clients incrementing one " +
            "PNCounter at once");
        final String clusterName = "memfabric-models-" + pid;
        try (MemberGroup cluster = StrongSuite.hazelcastCluster(clusterName, "hazelcast", StrongSuite.classPath(), 0,
            scope, runDir))
        {
            final List<CompletableFuture<ProbeRun>> racers = new ArrayList<>();
            for (int i = 1; i <= RACERS; i++)
            {
                racers.add(CompletableFuture.supplyAsync(() ->
                {
                    try
                    {
                        return StrongSuite.hazelcastProbe("pncounter", clusterName, cluster, StrongSuite.classPath(),
                            scope, sizes, PROBE_TIMEOUT_MS);
                    }
                    catch (final IOException | InterruptedException ex)
                    {
                        throw new IllegalStateException("a PNCounter client did not run: " + ex.getMessage(), ex);
                    }
                }));
            }
            throughput(report, "pncounter_throughput", "pncounter_increment", awaitAll(racers));
            final CompletableFuture<ProbeRun> listener = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return StrongSuite.hazelcastProbe("listen", clusterName, cluster, StrongSuite.classPath(), scope,
                        sizes, PROBE_TIMEOUT_MS);
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new IllegalStateException("the entry listener client did not run: " + ex.getMessage(), ex);
                }
            });
            StrongSuite.hazelcastProbe("notify", clusterName, cluster, StrongSuite.classPath(), scope, sizes,
                PROBE_TIMEOUT_MS);
            figures.record(report, listener.get(PROBE_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS),
                "hz_entry_listener");
        }
        System.out.printf(Locale.ROOT, "  Hazelcast done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static JvmCommand aeronJvm() throws IOException
    {
        return new JvmCommand().flags(MemberProcess.JVM_FLAGS).classPath(StrongSuite.classPath());
    }

    private static CompletableFuture<ProbeRun> async(final RunScope scope, final String label,
        final List<String> command)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return ProbeRun.run(scope, label, command, PROBE_TIMEOUT_MS);
            }
            catch (final IOException | InterruptedException ex)
            {
                throw new IllegalStateException(label + " did not run: " + ex.getMessage(), ex);
            }
        });
    }

    private static List<ProbeRun> awaitAll(final List<CompletableFuture<ProbeRun>> runs) throws Exception
    {
        final List<ProbeRun> done = new ArrayList<>();
        for (final CompletableFuture<ProbeRun> run : runs)
        {
            done.add(run.get(PROBE_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS));
        }
        return done;
    }

    // The worse p50 and p99 of several JVMs that measured the same thing.
    private void worseOf(final BenchReport report, final String metric, final String what, final List<ProbeRun> runs)
    {
        for (final String percentile : List.of("_p50", "_p99"))
        {
            double worst = Double.NaN;
            for (final ProbeRun run : runs)
            {
                if (!run.has(metric + percentile))
                {
                    figures.absent(what + ": " + run.whyAbsent(metric + percentile), metric);
                    return;
                }
                worst = Double.isNaN(worst) ? run.nanos(metric + percentile) :
                    Math.max(worst, run.nanos(metric + percentile));
            }
            report.figure(metric + percentile, worst, Double.NaN, "ns");
        }
    }

    // Increments per second over several JVMs at once, each reporting its nanoseconds per increment.
    private void throughput(
        final BenchReport report, final String metric, final String perOp, final List<ProbeRun> runs)
    {
        double total = 0;
        for (final ProbeRun run : runs)
        {
            if (!run.has(perOp))
            {
                figures.absent(metric + ": " + run.whyAbsent(perOp), metric);
                return;
            }
            total += 1e9 / run.nanos(perOp);
        }
        report.figure(metric, total, Double.NaN, "ops/s");
        System.out.printf(Locale.ROOT, "  %s %,.0f increments per second over %d JVMs%n", metric, total, runs.size());
    }
}
