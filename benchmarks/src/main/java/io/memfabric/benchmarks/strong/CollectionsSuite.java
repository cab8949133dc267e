/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import static io.memfabric.FabricConfig.Configuration.DURABILITY_BACKGROUND;
import static io.memfabric.FabricConfig.Configuration.DURABILITY_PROP_NAME;

import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.RunScope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.memfabric.benchmarks.BenchPaths.shmRoot;
import static io.memfabric.benchmarks.BenchPaths.targetDir;

/**
 * The {@code collections} suite: the fabric's collections against Hazelcast's, in one run on one machine, one
 * cluster at a time. MemFabric: a 3-member consensus cluster of other JVMs and probe JVMs with the agent, using a
 * {@code Map} root ({@code put}, {@code get} of one key) and two {@code BlockingQueue} roots between two probe JVMs
 * (the hand-off of an element: half the round trip of a put on one queue and a take of the answer from the other).
 * MemFabric also runs transactions ({@code Fabric.atomically}) that read three {@code @Shared} cells and write all
 * three. Hazelcast: a 3-member cluster and smart clients doing the same with an {@code IMap}, two {@code IQueue}s and a
 * transaction that reads three map entries for update and writes all three.
 * <p>
 * Targets (p50): each of {@code imap_put_over_put}, {@code imap_get_over_get}, {@code iqueue_over_queue_handoff},
 * {@code hz_tx_over_tx} at least 1 (MemFabric as fast or faster).
 */
public final class CollectionsSuite implements BenchSuite
{
    private static final String IDLE = "ADAPTIVE";
    private static final long PROBE_TIMEOUT_MS = 20 * 60_000;

    private final Figures figures = new Figures();

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "collections";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "fabric Map put/get, BlockingQueue hand-off, transactions vs Hazelcast IMap, IQueue, transactions";
    }

    /**
     * {@inheritDoc}
     */
    public void run(final BenchContext ctx, final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        final SampleSizes sizes = ctx.quick() ? SampleSizes.QUICK : SampleSizes.FULL;
        // A fabric hand-off between JVMs passes two locks back and forth: tens of milliseconds on two cores.
        final int handoffWarmup = ctx.quick() ? 20 : 100;
        final int handoffSamples = ctx.quick() ? 100 : 1_000;
        figures.clear();
        System.out.println("collections: " + (ctx.quick() ? "quick" : "full") + " run: " + sizes.warmup() +
            " warm-up + " + sizes.samples() + " timed operations per map operation and per Hazelcast hand-off; " +
            handoffWarmup + " + " + handoffSamples + " per fabric hand-off; one cluster at a time");
        final long pid = ProcessHandle.current().pid();
        try (RunScope scope = RunScope.open())
        {
            final Path runDir = Files.createDirectories(scope.own(targetDir().resolve("collections-bench-" + pid)));
            final Path shmDir = Files.createDirectories(
                scope.own(shmRoot(runDir).resolve("memfabric-collections-" + pid)));
            fabric(ctx, scope, sizes, handoffWarmup, handoffSamples, runDir, shmDir, report);
            hazelcast(scope, sizes, runDir, pid, report);
        }

        report.atLeast(figures.ratio(report, "imap_put_over_put", "imap_put_p50", "map_put_p50"), 1.0);
        figures.ratio(report, "imap_put_over_put_background", "imap_put_p50", "map_put_background_p50");
        report.atLeast(figures.ratio(report, "imap_get_over_get", "imap_get_p50", "map_get_p50"), 1.0);
        report.atLeast(figures.ratio(report, "iqueue_over_queue_handoff", "iqueue_handoff_p50", "queue_handoff_p50"), 1.0);
        report.atLeast(figures.ratio(report, "hz_tx_over_tx", "hz_tx_p50", "tx_p50"), 1.0);
        System.out.println();
        figures.printAbsent("collections");
        System.out.println("All figures are nanoseconds per operation; ratios compare p50s. map_put and map_get are " +
            "calls on a fabric Map root (each one synchronized on the map: a greedily kept fabric lock); a hand-off " +
            "is half the round trip of an element through two queues between two JVMs.");
        System.out.printf(Locale.ROOT, "collections: suite took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void fabric(
        final BenchContext ctx,
        final RunScope scope,
        final SampleSizes sizes,
        final int handoffWarmup,
        final int handoffSamples,
        final Path runDir,
        final Path shmDir,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("collections: MemFabric on 3 member JVMs; probe JVMs with -javaagent:" + ctx.agentJar());
        try (MemberGroup cluster = StrongSuite.aeronCluster("fabric", scope, runDir, shmDir, IDLE))
        {
            System.out.println("  probe 1: Map root, get and put of one key");
            final ProbeRun map = ProbeRun.run(scope, "MemFabric map probe",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("map-client")), null)
                    .main(CollectionsProbe.class.getName(), "map", Integer.toString(sizes.warmup()),
                        Integer.toString(sizes.samples())), PROBE_TIMEOUT_MS);
            figures.record(report, map, "map_get", "map_put");

            System.out.println("  probe 2: the same with " + DURABILITY_PROP_NAME + "=" + DURABILITY_BACKGROUND +
                " (a put's write is flushed within 5 ms instead of before put returns)");
            final ProbeRun background = ProbeRun.run(scope, "MemFabric map probe (background durability)",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("map-client-background")), null)
                    .property(DURABILITY_PROP_NAME, DURABILITY_BACKGROUND)
                    .main(CollectionsProbe.class.getName(), "map", Integer.toString(sizes.warmup()),
                        Integer.toString(sizes.samples()), "_background"), PROBE_TIMEOUT_MS);
            figures.record(report, background, "map_put_background");

            System.out.println("  probe 3: transactions that read three cells and write all three");
            final ProbeRun tx = ProbeRun.run(scope, "MemFabric transaction probe",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("tx-client")), null)
                    .main(CollectionsProbe.class.getName(), "tx", Integer.toString(sizes.warmup()),
                        Integer.toString(sizes.samples())), PROBE_TIMEOUT_MS);
            figures.record(report, tx, "tx");

            System.out.println("  probes 4 and 5 at once: BlockingQueue hand-offs between two JVMs");
            final String[] counts = { Integer.toString(handoffWarmup), Integer.toString(handoffSamples) };
            final CompletableFuture<ProbeRun> echo = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return ProbeRun.run(scope, "MemFabric queue echo",
                        StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("queue-client-1")), null)
                            .main(CollectionsProbe.class.getName(),
                                StrongSuite.concat(new String[]{ "queue", "1" }, counts)), PROBE_TIMEOUT_MS);
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new IllegalStateException("the queue echo JVM did not run: " + ex.getMessage(), ex);
                }
            });
            final ProbeRun handoffs = ProbeRun.run(scope, "MemFabric queue hand-offs",
                StrongSuite.fabricProbe(ctx, cluster, scope.own(shmDir.resolve("queue-client-0")), null)
                    .main(CollectionsProbe.class.getName(), StrongSuite.concat(new String[]{ "queue", "0" }, counts)),
                PROBE_TIMEOUT_MS);
            final ProbeRun echoRun = echo.get(PROBE_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS);
            if (!echoRun.completed())
            {
                figures.absent("the queue echo JVM failed: " + echoRun.whyAbsent("queue_handoff_p50"),
                    "queue_handoff");
            }
            else
            {
                figures.record(report, handoffs, "queue_handoff");
            }
            if (!map.completed() || !tx.completed() || !handoffs.completed())
            {
                cluster.printLogTails();
            }
        }
        System.out.printf(Locale.ROOT, "  MemFabric done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void hazelcast(
        final RunScope scope, final SampleSizes sizes, final Path runDir, final long pid, final BenchReport report)
        throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("collections: Hazelcast (benchmarks.jar) on 3 member JVMs, smart clients");
        final String clusterName = "memfabric-collections-" + pid;
        try (MemberGroup cluster = StrongSuite.hazelcastCluster(clusterName, "hazelcast", StrongSuite.classPath(), 0,
            scope, runDir))
        {
            final ProbeRun map = StrongSuite.hazelcastProbe("map", clusterName, cluster, StrongSuite.classPath(),
                scope, sizes, PROBE_TIMEOUT_MS);
            figures.record(report, map, "imap_get", "imap_put");
            final CompletableFuture<ProbeRun> echo = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return StrongSuite.hazelcastProbe("queue1", clusterName, cluster, StrongSuite.classPath(), scope,
                        sizes, PROBE_TIMEOUT_MS);
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new IllegalStateException("the IQueue echo JVM did not run: " + ex.getMessage(), ex);
                }
            });
            final ProbeRun handoffs = StrongSuite.hazelcastProbe("queue0", clusterName, cluster,
                StrongSuite.classPath(), scope, sizes, PROBE_TIMEOUT_MS);
            final ProbeRun echoRun = echo.get(PROBE_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS);
            if (!echoRun.completed())
            {
                figures.absent("the IQueue echo JVM failed: " + echoRun.whyAbsent("iqueue_handoff_p50"),
                    "iqueue_handoff");
            }
            else
            {
                figures.record(report, handoffs, "iqueue_handoff");
            }
            final ProbeRun tx = StrongSuite.hazelcastProbe("tx", clusterName, cluster, StrongSuite.classPath(), scope,
                sizes, PROBE_TIMEOUT_MS);
            figures.record(report, tx, "hz_tx");
            if (!map.completed() || !handoffs.completed() || !tx.completed())
            {
                cluster.printLogTails();
            }
        }
        System.out.printf(Locale.ROOT, "  Hazelcast done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }



}
