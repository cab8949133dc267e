/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import static io.memfabric.FabricConfig.Configuration.CLUSTER_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.DURABILITY_BACKGROUND;
import static io.memfabric.FabricConfig.Configuration.DURABILITY_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.LEASE_MS_PROP_NAME;

import io.memfabric.FabricConfig;
import io.memfabric.benchmarks.BenchContext;
import io.memfabric.benchmarks.BenchReport;
import io.memfabric.benchmarks.BenchSuite;
import io.memfabric.benchmarks.FreePorts;
import io.memfabric.benchmarks.JvmCommand;
import io.memfabric.benchmarks.RunScope;
import io.memfabric.benchmarks.access.HazelcastState;
import io.memfabric.benchmarks.consensus.BenchMember;
import io.memfabric.benchmarks.consensus.Probe;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterStatus;
import io.memfabric.consensus.cluster.MemberProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.memfabric.benchmarks.BenchPaths.shmRoot;
import static io.memfabric.benchmarks.BenchPaths.targetDir;

/**
 * The {@code strong} suite: what STRONG access to a {@code @Shared} field costs when the fabric is a 3-member
 * consensus cluster of other JVMs, measured in a probe JVM started with the agent, as an application uses it:
 * a read under a read lease (against a plain field read), a read without a lease ({@code memfabric.lease.ms=0}),
 * a write, an empty {@code synchronized} block and a {@code synchronized} increment. In the same run, on the same
 * machine and one at a time: a Hazelcast {@value #HAZELCAST_MEMBERS}-member cluster's {@code IMap} get and put from
 * a smart client, a Hazelcast CP {@code FencedLock} lock + unlock, and the raw Aeron Cluster echo round trip of the
 * consensus suite on a cluster like MemFabric's.
 * <p>
 * Every member and client is a JVM of its own; this class, in the harness JVM, starts them, records what the probes
 * print and stops everything. A figure that could not be measured (MemFabric's cluster runtime missing, the CP
 * subsystem refused) is reported absent with the reason, never as a number, and so are the ratios that need it.
 * <p>
 * The CP subsystem is Enterprise-only from Hazelcast 5.5 on: the suite tries {@code FencedLock} on the Hazelcast of
 * benchmarks.jar first and, when its members refuse, on the last open-source one, from {@code target/peers}.
 * <p>
 * Targets (p50): a leased read at most 3 plain reads; an {@code IMap.get} at least 50 leased reads; an
 * {@code IMap.put} at least 5 MemFabric writes; a {@code FencedLock} round trip at least 5 uncontended
 * {@code synchronized} blocks and at least 1000 re-entries of a greedily held one ({@code greedy_reentry});
 * {@code FencedLock} lock + {@code IMap.put} + unlock at least 3 {@code synchronized} increments; a hand-over of a lock
 * between two JVMs that take turns ({@code pingpong}) at most 3 echo round trips.
 */
public final class StrongSuite implements BenchSuite
{
    // The members' and clients' default.
    private static final String IDLE = "ADAPTIVE";
    private static final int AERON_MEMBERS = 3;
    private static final int HAZELCAST_MEMBERS = 3;
    private static final long AERON_READY_MS = 60_000;
    private static final long HAZELCAST_READY_MS = 120_000;
    private static final long QUICK_PROBE_TIMEOUT_MS = 120_000;
    private static final long FULL_PROBE_TIMEOUT_MS = 30 * 60_000;
    private static final String PEERS_DIR = "peers";

    /**
     * Echo probe sizes after warm-up and samples: operations and the two windows of its throughput runs, which this
     * suite does not record; kept small.
     */
    private static final String[] ECHO_THROUGHPUT_ARGS = { "256", "16", "64" };

    private final Figures figures = new Figures();

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "strong";
    }

    /**
     * {@inheritDoc}
     */
    public String description()
    {
        return "STRONG @Shared read/write/synchronized on a 3-member cluster vs Hazelcast IMap, FencedLock, echo";
    }

    /**
     * {@inheritDoc}
     */
    public void run(final BenchContext ctx, final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        final SampleSizes sizes = ctx.quick() ? SampleSizes.QUICK : SampleSizes.FULL;
        final long probeTimeoutMs = ctx.quick() ? QUICK_PROBE_TIMEOUT_MS : FULL_PROBE_TIMEOUT_MS;
        figures.clear();
        System.out.println("strong: " + (ctx.quick() ? "quick" : "full") + " run: " + sizes.warmup() + " warm-up + " +
            sizes.samples() + " timed operations per round-trip latency; " + sizes.readSamples() + " timed batches " +
            "of " + sizes.readsPerSample() + " reads per field read (after " + sizes.readWarmup() + "); " +
            "Aeron members and clients idle " + IDLE + "; one cluster at a time");

        final long pid = ProcessHandle.current().pid();
        try (RunScope scope = RunScope.open())
        {
            final Path runDir = Files.createDirectories(scope.own(targetDir().resolve("strong-bench-" + pid)));
            final Path shmDir = Files.createDirectories(scope.own(shmRoot(runDir).resolve("memfabric-strong-" + pid)));

            echo(scope, sizes, runDir, shmDir, probeTimeoutMs, report);
            fabric(ctx, scope, sizes, runDir, shmDir, probeTimeoutMs, report);
            hazelcastMap(scope, sizes, runDir, pid, probeTimeoutMs, report);
            fencedLock(scope, sizes, runDir, pid, probeTimeoutMs, report);
        }

        ratios(report);
        System.out.println();
        figures.printAbsent("strong");
        System.out.println("All figures are nanoseconds per operation; ratios compare p50s. read_lease and " +
            "plain_read are means of batches of " + sizes.readsPerSample() + " reads; every other figure is one " +
            "operation at a time. fencedlock and sync_block are lock + unlock pairs.");
        System.out.printf(Locale.ROOT, "strong: suite took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void echo(
        final RunScope scope,
        final SampleSizes sizes,
        final Path runDir,
        final Path shmDir,
        final long probeTimeoutMs,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("strong: Aeron Cluster echo (the consensus suite's EchoService and probe) on " +
            AERON_MEMBERS + " member JVMs");
        try (MemberGroup cluster = aeronCluster("echo", scope, runDir, shmDir))
        {
            final Path clientDir = scope.own(shmDir.resolve("echo-client"));
            final List<String> args = new ArrayList<>(List.of("echo", cluster.addresses(), clientDir.toString(), IDLE,
                Integer.toString(sizes.warmup()), Integer.toString(sizes.samples())));
            args.addAll(List.of(ECHO_THROUGHPUT_ARGS));
            final ProbeRun run = ProbeRun.run(scope, "echo probe", new JvmCommand()
                .flags(MemberProcess.JVM_FLAGS)
                .classPath(classPath())
                .main(Probe.class.getName(), args.toArray(new String[0])), probeTimeoutMs);
            if (!run.completed())
            {
                cluster.printLogTails();
                throw new IOException("the echo probe failed (its output is above): " + run.whyAbsent("echo_rtt"));
            }
            figures.record(report, run, "echo_rtt");
        }
        done("echo", start);
    }

    private void fabric(
        final BenchContext ctx,
        final RunScope scope,
        final SampleSizes sizes,
        final Path runDir,
        final Path shmDir,
        final long probeTimeoutMs,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("strong: MemFabric on " + AERON_MEMBERS + " member JVMs; probe JVMs with -javaagent:" +
            ctx.agentJar());
        try (MemberGroup cluster = aeronCluster("fabric", scope, runDir, shmDir))
        {
            final String marker = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
            System.out.println("  probe 1: reads under a lease, writes, synchronized; then writes " + marker);
            final ProbeRun leased = ProbeRun.run(scope, "MemFabric probe (leases)",
                fabricProbe(ctx, cluster, scope.own(shmDir.resolve("fabric-client-1")), null)
                    .main(FabricProbe.class.getName(), concat(new String[]{ "lease", marker }, sizes.toArgs())),
                probeTimeoutMs);
            figures.record(report, leased, "plain_read", "read_lease", "write", "sync_block", "greedy_reentry",
                "sync_increment");

            final boolean markerWritten = leased.completed() && !leased.saidAbsent("marker");
            System.out.println("  probe 2: " + LEASE_MS_PROP_NAME + "=0, reads ask the cluster" +
                (markerWritten ? "; first checks it reads " + marker : ""));
            final ProbeRun unleased = ProbeRun.run(scope, "MemFabric probe (no lease)",
                fabricProbe(ctx, cluster, scope.own(shmDir.resolve("fabric-client-2")), "0")
                    .main(FabricProbe.class.getName(),
                        concat(new String[]{ "nolease", markerWritten ? marker : "-" }, sizes.toArgs())),
                probeTimeoutMs);
            figures.record(report, unleased, "read_nolease");

            System.out.println("  probe 5: " + DURABILITY_PROP_NAME + "=" + DURABILITY_BACKGROUND +
                ", synchronized { x++ } with the flush in the background");
            final ProbeRun background = ProbeRun.run(scope, "MemFabric probe (background durability)",
                fabricProbe(ctx, cluster, scope.own(shmDir.resolve("fabric-client-5")), null)
                    .property(DURABILITY_PROP_NAME, DURABILITY_BACKGROUND)
                    .main(FabricProbe.class.getName(), concat(new String[]{ "increment", "-" }, sizes.toArgs())),
                probeTimeoutMs);
            figures.record(report, background, "sync_increment_background");

            System.out.println("  probes 3 and 4 at once: lock ping-pong, the turn passing from one JVM to the other");
            final CompletableFuture<ProbeRun> partner = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return ProbeRun.run(scope, "MemFabric ping-pong partner",
                        fabricProbe(ctx, cluster, scope.own(shmDir.resolve("fabric-client-4")), null)
                            .main(FabricProbe.class.getName(), concat(new String[]{ "pingpong", "1" }, sizes.toArgs())),
                        probeTimeoutMs);
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new IllegalStateException("the ping-pong partner did not run: " + ex.getMessage(), ex);
                }
            });
            final ProbeRun pingPong = ProbeRun.run(scope, "MemFabric ping-pong",
                fabricProbe(ctx, cluster, scope.own(shmDir.resolve("fabric-client-3")), null)
                    .main(FabricProbe.class.getName(), concat(new String[]{ "pingpong", "0" }, sizes.toArgs())),
                probeTimeoutMs);
            final ProbeRun partnerRun = partner.get(probeTimeoutMs + 30_000, TimeUnit.MILLISECONDS);
            if (!partnerRun.completed())
            {
                figures.absent("the ping-pong partner JVM failed: " + partnerRun.whyAbsent("pingpong_p50"),
                    "pingpong");
            }
            else
            {
                figures.record(report, pingPong, "pingpong");
            }

            // The members' logs go with the run's directory: show them while they are there.
            if (!leased.completed() || !unleased.completed() || !background.completed() || !pingPong.completed())
            {
                cluster.printLogTails();
            }
        }
        done("MemFabric", start);
    }

    private void hazelcastMap(
        final RunScope scope,
        final SampleSizes sizes,
        final Path runDir,
        final long pid,
        final long probeTimeoutMs,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("strong: Hazelcast (benchmarks.jar) IMap on " + HAZELCAST_MEMBERS + " member JVMs, " +
            "smart client");
        final String clusterName = "memfabric-strong-" + pid;
        try (MemberGroup cluster = hazelcastCluster(clusterName, "hazelcast", classPath(), 0, scope, runDir))
        {
            final ProbeRun run = hazelcastProbe("map", clusterName, cluster, classPath(), scope, sizes,
                probeTimeoutMs);
            if (!run.completed() || !run.has("imap_get_p50"))
            {
                cluster.printLogTails();
                throw new IOException("the Hazelcast IMap probe failed (its output is above): " +
                    run.whyAbsent("imap_get_p50"));
            }
            figures.record(report, run, "imap_get", "imap_put");
        }
        done("Hazelcast IMap", start);
    }

    private void fencedLock(
        final RunScope scope,
        final SampleSizes sizes,
        final Path runDir,
        final long pid,
        final long probeTimeoutMs,
        final BenchReport report) throws Exception
    {
        final long start = System.nanoTime();
        System.out.println();
        System.out.println("strong: Hazelcast FencedLock (CP subsystem, " + HAZELCAST_MEMBERS + " CP members), " +
            "first on benchmarks.jar's Hazelcast");
        final String clusterName = "memfabric-strong-cp-" + pid;
        final String refusal = tryFencedLock(clusterName, "hazelcast-cp", classPath(), scope, sizes, runDir,
            probeTimeoutMs, report);
        if (null == refusal)
        {
            done("FencedLock", start);
            return;
        }
        System.out.println("  REFUSED: " + refusal);

        final String peerClassPath = peerClassPath();
        if (null == peerClassPath)
        {
            final String why = refusal + "; and there is no open-source CP peer to fall back to: " +
                targetDir().resolve(PEERS_DIR) + " holds no hazelcast.jar (./mvnw -pl benchmarks package copies it)";
            figures.absent(why, "fencedlock", "fencedlock_put");
            done("FencedLock", start);
            return;
        }
        System.out.println("strong: FencedLock on the open-source CP subsystem of the peer Hazelcast in " +
            targetDir().resolve(PEERS_DIR));
        final String peerRefusal = tryFencedLock(clusterName + "-peer", "hazelcast-cp-peer", peerClassPath, scope,
            sizes, runDir, probeTimeoutMs, report);
        if (null != peerRefusal)
        {
            System.out.println("  REFUSED: " + peerRefusal);
            figures.absent(refusal + "; " + peerRefusal, "fencedlock", "fencedlock_put");
        }
        done("FencedLock", start);
    }

    /**
     * @return {@code null} when the FencedLock figures were recorded, else why the CP subsystem would not run.
     */
    private String tryFencedLock(
        final String clusterName,
        final String label,
        final String classPath,
        final RunScope scope,
        final SampleSizes sizes,
        final Path runDir,
        final long probeTimeoutMs,
        final BenchReport report) throws Exception
    {
        try (MemberGroup cluster = hazelcastCluster(clusterName, label, classPath, HAZELCAST_MEMBERS, scope, runDir))
        {
            final ProbeRun run = hazelcastProbe("cp", clusterName, cluster, classPath, scope, sizes, probeTimeoutMs);
            if (run.has("fencedlock_p50"))
            {
                figures.record(report, run, "fencedlock", "fencedlock_put");
                return null;
            }
            cluster.printLogTails();
            return "the FencedLock probe measured nothing: " + run.whyAbsent("fencedlock_p50");
        }
        catch (final MemberExitedException ex)
        {
            if (null == ex.refusal())
            {
                return ex.getMessage();
            }
            return ex.refusal();
        }
        catch (final IOException ex)
        {
            return "the " + label + " cluster did not start: " + ex.getMessage();
        }
    }

    private MemberGroup aeronCluster(final String service, final RunScope scope, final Path runDir, final Path shmDir)
        throws IOException, InterruptedException
    {
        return aeronCluster(service, scope, runDir, shmDir, IDLE);
    }

    /**
     * Starts a 3-member cluster of {@link BenchMember} JVMs running {@code service} ({@code fabric} or {@code echo})
     * on free local ports and waits for its leader.
     *
     * @param service the members' service.
     * @param scope   owns the processes and directories.
     * @param runDir  where the members' directories go.
     * @param shmDir  where their Aeron directories go.
     * @param idle    the members' idle setting.
     * @return the running cluster.
     * @throws IOException          if a member cannot start or no leader is elected in time.
     * @throws InterruptedException if interrupted meanwhile.
     */
    public static MemberGroup aeronCluster(
        final String service, final RunScope scope, final Path runDir, final Path shmDir, final String idle)
        throws IOException, InterruptedException
    {
        final long start = System.nanoTime();
        final int firstPort = FreePorts.block(33_000, 58_000, AERON_MEMBERS, 100, ClusterEndpoints.PORTS_PER_MEMBER);
        final ClusterEndpoints endpoints = ClusterEndpoints.local("localhost", firstPort, AERON_MEMBERS);
        final MemberGroup cluster = new MemberGroup(service + " cluster", endpoints.clientSetting(), scope);
        try
        {
            for (int id = 0; id < AERON_MEMBERS; id++)
            {
                final Path dir = runDir.resolve(service).resolve("member-" + id);
                final Path aeronDir = scope.own(shmDir.resolve(service + "-member-" + id));
                cluster.start(new JvmCommand()
                    .flags(MemberProcess.JVM_FLAGS)
                    .classPath(classPath())
                    .main(BenchMember.class.getName(), service, Integer.toString(id), endpoints.clientSetting(),
                        dir.toString(), aeronDir.toString(), idle), dir.resolve("member.log"));
            }
            cluster.awaitReady(() -> ClusterStatus.query(endpoints).stream().anyMatch(s -> s.endsWith(" LEADER")),
                AERON_READY_MS);
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
        System.out.printf(Locale.ROOT, "  leader elected %.1f s after start; members %s%n",
            (System.nanoTime() - start) / 1e9, endpoints.clientSetting());
        return cluster;
    }

    static MemberGroup hazelcastCluster(
        final String clusterName,
        final String label,
        final String classPath,
        final int cpMembers,
        final RunScope scope,
        final Path runDir) throws IOException, InterruptedException
    {
        final long start = System.nanoTime();
        // Below the Aeron clusters' range, so the two never share a port.
        final int firstPort = FreePorts.block(30_000, 32_900, HAZELCAST_MEMBERS, 1, 1);
        final String ports = Stream.iterate(firstPort, port -> port + 1).limit(HAZELCAST_MEMBERS)
            .map(String::valueOf).collect(Collectors.joining(","));
        final MemberGroup cluster = new MemberGroup(label + " cluster", ports, scope);
        try
        {
            for (int index = 0; index < HAZELCAST_MEMBERS; index++)
            {
                cluster.start(hazelcastJvm(classPath).main(HazelcastMember.class.getName(), clusterName, ports,
                    Integer.toString(index), Integer.toString(cpMembers)),
                    runDir.resolve(label).resolve("member-" + index + ".log"));
            }
            cluster.awaitReady(() -> cluster.everyLogHas(ProbeOutput.READY + " "), HAZELCAST_READY_MS);
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
        System.out.printf(Locale.ROOT, "  %d members joined %.1f s after start on 127.0.0.1 ports %s%n",
            HAZELCAST_MEMBERS, (System.nanoTime() - start) / 1e9, ports);
        return cluster;
    }

    static ProbeRun hazelcastProbe(
        final String kind,
        final String clusterName,
        final MemberGroup cluster,
        final String classPath,
        final RunScope scope,
        final SampleSizes sizes,
        final long probeTimeoutMs) throws IOException, InterruptedException
    {
        return ProbeRun.run(scope, "Hazelcast " + kind + " probe", hazelcastJvm(classPath)
            .main(HazelcastProbe.class.getName(), concat(new String[]{ kind, clusterName, cluster.addresses() },
                sizes.toArgs())), probeTimeoutMs);
    }

    /**
     * Hazelcast JVMs get the heap and collector of the Aeron members, and the JDK access Hazelcast asks for.
     */
    private static JvmCommand hazelcastJvm(final String classPath)
    {
        return new JvmCommand()
            .flags(MemberProcess.JVM_FLAGS)
            .flags(HazelcastState.JVM_ARGS)
            .classPath(classPath);
    }

    static JvmCommand fabricProbe(
        final BenchContext ctx, final MemberGroup cluster, final Path clientAeronDir, final String leaseMs)
    {
        final JvmCommand command = new JvmCommand()
            .flags(MemberProcess.JVM_FLAGS)
            .agent(ctx.agentJar())
            .property(CLUSTER_PROP_NAME, cluster.addresses())
            // The client's embedded media driver makes its directory next to this one (Aeron's default plus a
            // unique suffix): under the run's directory for drivers, so it is removed even if the probe is killed.
            .property("aeron.dir", clientAeronDir.toString());
        if (null != leaseMs)
        {
            command.property(LEASE_MS_PROP_NAME, leaseMs);
        }
        return command.classPath(classPath());
    }



    private void ratios(final BenchReport report)
    {
        report.atMost(figures.ratio(report, "read_lease_over_plain", "read_lease_p50", "plain_read_p50"), 3.0);
        report.atLeast(figures.ratio(report, "imap_get_over_read_lease", "imap_get_p50", "read_lease_p50"), 50.0);
        report.atLeast(figures.ratio(report, "imap_put_over_write", "imap_put_p50", "write_p50"), 1.0);
        report.atLeast(figures.ratio(report, "fencedlock_over_sync_block", "fencedlock_p50", "sync_block_p50"), 5.0);
        report.atLeast(figures.ratio(report, "fencedlock_over_greedy_reentry", "fencedlock_p50", "greedy_reentry_p50"),
            1000.0);
        report.atLeast(figures.ratio(report, "fencedlock_put_over_sync_block", "fencedlock_put_p50", "sync_increment_p50"),
            3.0);
        figures.ratio(report, "fencedlock_put_over_sync_block_background", "fencedlock_put_p50",
            "sync_increment_background_p50");
        report.atMost(figures.ratio(report, "pingpong_over_echo", "pingpong_p50", "echo_rtt_p50"), 3.0);
        figures.ratio(report, "write_over_echo", "write_p50", "echo_rtt_p50");
        figures.ratio(report, "sync_block_over_echo", "sync_block_p50", "echo_rtt_p50");
        figures.ratio(report, "read_nolease_over_echo", "read_nolease_p50", "echo_rtt_p50");
        figures.ratio(report, "imap_get_over_read_nolease", "imap_get_p50", "read_nolease_p50");
    }


    private static void done(final String what, final long start)
    {
        System.out.printf(Locale.ROOT, "  %s done in %.1f s%n", what, (System.nanoTime() - start) / 1e9);
    }

    static String[] concat(final String[] first, final String[] second)
    {
        final String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    static String classPath()
    {
        return System.getProperty("java.class.path");
    }

    /**
     * @return the class path of the CP peer JVMs: every jar in {@code target/peers}, or {@code null} if it holds no
     * Hazelcast.
     */
    private static String peerClassPath() throws IOException
    {
        final Path peers = targetDir().resolve(PEERS_DIR);
        if (!Files.isRegularFile(peers.resolve("hazelcast.jar")))
        {
            return null;
        }
        try (Stream<Path> jars = Files.list(peers))
        {
            return jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted()
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
    }
}
