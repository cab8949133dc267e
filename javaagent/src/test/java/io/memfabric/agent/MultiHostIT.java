/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterStatus;
import io.memfabric.consensus.it.NetworkHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MemFabric between hosts: six network namespaces on a bridge, three running a cluster member each (started as
 * {@code ./fabric member start} starts them, from {@code fabric.jar}) and the others running application JVMs under
 * the real agent with nothing but {@code -Dmemfabric.cluster=} naming the members' addresses. Partitions are real: a
 * host's link is taken down, or nftables drops what two hosts send each other. Needs root and iproute2 (and nftables
 * for the partition between application hosts); skipped with the reason otherwise.
 */
class MultiHostIT
{
    private static final int BASE_PORT = 20000;
    private static final int APP_HOST = 4;
    private static final int OTHER_APP_HOST = 5;
    private static final int THIRD_APP_HOST = 6;
    private static final List<String> MEMBER_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.util.zip=ALL-UNNAMED", "-XX:+UseSerialGC");

    private NetworkHosts hosts;
    private File dir;
    private ClusterEndpoints endpoints;
    private final List<JvmProcess.Started> processes = new ArrayList<>();

    @BeforeEach
    void createHosts() throws Exception
    {
        final String why = NetworkHosts.unavailableBecause();
        Assumptions.assumeTrue(why == null, "MultiHostIT is skipped: " + why);
        hosts = new NetworkHosts(6);
        dir = new File("target/it-hosts/" + System.nanoTime()).getAbsoluteFile();
        Files.createDirectories(dir.toPath());
    }

    @AfterEach
    void removeHosts() throws Exception
    {
        for (final JvmProcess.Started process : processes)
        {
            process.destroy();
        }
        if (hosts != null)
        {
            hosts.close();
        }
    }

    @Test
    void transfersFromTwoApplicationHostsKeepExactTotals() throws Exception
    {
        startMembers();
        final JvmProcess.Started first = app(APP_HOST, List.of(), "apps.cluster.ClusterApp", "transfer", "a", "25",
            "1");
        final JvmProcess.Started second = app(OTHER_APP_HOST, List.of(), "apps.cluster.ClusterApp", "transfer", "b",
            "25", "2");
        assertDone(first.await(180), "25");
        assertDone(second.await(180), "25");
        final JvmProcess.Result audit = app(APP_HOST, List.of(), "apps.cluster.ClusterApp", "audit").await(60);
        assertTrue(audit.output().contains("total 5000 transfers 50"), audit::describe);
    }

    @Test
    void cuttingOffTheLeadersHostAndHealingItKeepsExactTotalsAndOneLeader() throws Exception
    {
        startMembers();
        final JvmProcess.Started first = app(APP_HOST, List.of(), "apps.cluster.ClusterApp", "transfer", "a", "40",
            "3");
        final JvmProcess.Started second = app(OTHER_APP_HOST, List.of(), "apps.cluster.ClusterApp", "transfer", "b",
            "40", "4");
        first.awaitOutput("a progress 10", 120);
        final int leaderHost = awaitLeader() + 1;
        hosts.cut(leaderHost);
        System.out.println("cut off the leader's host " + leaderHost);
        Thread.sleep(4_000);
        hosts.heal(leaderHost);
        assertDone(first.await(180), "40");
        assertDone(second.await(180), "40");
        final JvmProcess.Result audit = app(APP_HOST, List.of(), "apps.cluster.ClusterApp", "audit").await(60);
        assertTrue(audit.output().contains("total 5000 transfers 80"), audit::describe);
        awaitExactlyOneLeaderOfThree();
    }

    @Test
    void anApplicationHostCutOffResumesWithinTheTimeoutAndFailsPastIt() throws Exception
    {
        startMembers();
        final long timeoutMs = 3_000;
        final Path stop = dir.toPath().resolve("stop.flag");
        final JvmProcess.Started tally = app(APP_HOST, List.of("-Dmemfabric.timeout.ms=" + timeoutMs),
            "apps.programs.ProgramsApp", "tally", stop.toString(), "50");
        tally.awaitOutput("TALLY 5\n", 120);

        // Shorter than the timeout: operations wait and resume.
        hosts.cut(APP_HOST);
        Thread.sleep(timeoutMs / 2);
        hosts.heal(APP_HOST);
        final int resumedAt = lastTally(tally.outputSoFar()) + 10;
        tally.awaitOutput("TALLY " + resumedAt + "\n", 120);
        assertTrue(!tally.outputSoFar().contains("UNAVAILABLE"), "failed within the timeout:\n" +
            tally.outputSoFar());

        // Longer than the timeout: operations fail, naming the timeout, and work again after healing.
        hosts.cut(APP_HOST);
        Thread.sleep(3 * timeoutMs);
        hosts.heal(APP_HOST);
        final int after = lastTally(tally.outputSoFar()) + 10;
        tally.awaitOutput("TALLY " + after + "\n", 120);
        Files.createFile(stop);
        final JvmProcess.Result result = tally.await(60);
        assertEquals(0, result.exitCode(), result::describe);
        final Matcher unavailable = Pattern.compile("UNAVAILABLE after (\\d+) ms: (.*)").matcher(result.output());
        int failures = 0;
        while (unavailable.find())
        {
            failures++;
            assertTrue(Long.parseLong(unavailable.group(1)) <= timeoutMs + 1_000, result::describe);
            assertTrue(unavailable.group(2).contains("memfabric.timeout.ms"), result::describe);
        }
        assertTrue(failures > 0, result::describe);
        final Matcher summary = Pattern.compile("TALLIED completed (\\d+) failed (\\d+)").matcher(result.output());
        assertTrue(summary.find(), result::describe);
        final long completed = Long.parseLong(summary.group(1));
        final long failed = Long.parseLong(summary.group(2));
        assertEquals(failures, failed, result::describe);
        // Nothing completed is lost and nothing is applied twice; a failed increment may or may not have landed.
        final JvmProcess.Result audit = app(OTHER_APP_HOST, List.of(), "apps.programs.ProgramsApp", "read-count")
            .await(60);
        final Matcher count = Pattern.compile("COUNT (\\d+)").matcher(audit.output());
        assertTrue(count.find(), audit::describe);
        final long value = Long.parseLong(count.group(1));
        assertTrue(value >= completed && value <= completed + failed,
            "count " + value + " for " + completed + " completed and " + failed + " failed increments");
    }

    @Test
    void aJvmThatAsksForRepliesOnAnAddressTheClusterCannotReachSaysWhichAndWhatToSet() throws Exception
    {
        startMembers();
        // What every JVM on another host did before replies were asked for on the address that routes to the cluster.
        final JvmProcess.Result result = app(APP_HOST, List.of("-Dmemfabric.address=127.0.0.1",
            "-Dmemfabric.timeout.ms=3000"), "apps.cluster.ClusterApp", "audit").await(60);
        assertTrue(result.exitCode() != 0, result::describe);
        assertTrue(result.output().contains("aeron:udp?endpoint=127.0.0.1:") &&
            result.output().contains("set memfabric.address"), result::describe);
    }

    @Test
    void eventualCountersSetsAndMapsConvergeToExactTotalsAfterAPartitionBetweenApplicationHostsHeals()
        throws Exception
    {
        final String why = NetworkHosts.partitionUnavailableBecause();
        Assumptions.assumeTrue(why == null, "the partition test is skipped: " + why);
        startMembers();
        final int adds = 5_000;
        final List<JvmProcess.Started> apps = new ArrayList<>();
        int name = 0;
        for (final int host : List.of(APP_HOST, OTHER_APP_HOST, THIRD_APP_HOST))
        {
            apps.add(app(host, List.of(), "apps.models.ModelsApp", "paced", "abc".substring(name, name + 1),
                String.valueOf(adds), "3"));
            name++;
        }
        for (final JvmProcess.Started started : apps)
        {
            started.awaitOutput("PACING", 120);
        }
        Thread.sleep(2_000);
        // The first application host no longer reaches the other two (the cluster it still reaches): longer than
        // Aeron's connection and image timeouts, so what is sent across meanwhile is lost, not merely late.
        hosts.partition(APP_HOST, OTHER_APP_HOST, THIRD_APP_HOST);
        System.out.println("partitioned application host " + APP_HOST + " from the other two");
        Thread.sleep(12_000);
        hosts.healPartition(APP_HOST, OTHER_APP_HOST, THIRD_APP_HOST);
        System.out.println("healed the partition");
        for (final JvmProcess.Started started : apps)
        {
            final JvmProcess.Result result = started.await(240);
            assertEquals(0, result.exitCode(), result::describe);
            final Matcher line = Pattern.compile("PACED hits (\\d+) members (\\d+) progress (\\{.*\\}) " +
                "states installed (\\d+)").matcher(result.output());
            assertTrue(line.find(), result::describe);
            assertEquals(3L * adds, Long.parseLong(line.group(1)), result::describe);
            assertEquals(1_500, Integer.parseInt(line.group(2)), result::describe);
            assertEquals("{a=" + (adds - 1) + ", b=" + (adds - 1) + ", c=" + (adds - 1) + "}", line.group(3),
                result::describe);
            System.out.println(line.group());
        }
    }

    private void startMembers() throws Exception
    {
        endpoints = ClusterEndpoints.parse(hosts.address(1) + ":" + BASE_PORT + "," + hosts.address(2) + ":" +
            BASE_PORT + "," + hosts.address(3) + ":" + BASE_PORT);
        for (int id = 0; id < 3; id++)
        {
            final File memberDir = new File(dir, "member-" + id);
            final JvmProcess member = JvmProcess.main("io.memfabric.consensus.cluster.MemberMain").withoutAgent()
                .inNamespace(hosts.namespace(id + 1)).classPath(JvmProcess.AGENT_JAR.toString());
            for (final String flag : MEMBER_FLAGS)
            {
                member.jvmArg(flag);
            }
            member.arg("--id").arg(Integer.toString(id)).arg("--members").arg(endpoints.clientSetting())
                .arg("--dir").arg(memberDir.getPath()).arg("--clean")
                .arg("--aeron-dir").arg(new File(memberDir, "aeron").getPath());
            processes.add(member.start());
        }
        awaitLeader();
    }

    private JvmProcess.Started app(
        final int host, final List<String> jvmArgs, final String mainClass, final String... args) throws Exception
    {
        final JvmProcess process = JvmProcess.main(mainClass).inNamespace(hosts.namespace(host))
            .jvmArg("-Dmemfabric.cluster=" + endpoints.clientSetting())
            .jvmArg("-Daeron.dir=" + new File(dir, "app-" + processes.size() + "-aeron").getAbsolutePath())
            .withRuntimeTestClasses();
        for (final String arg : jvmArgs)
        {
            process.jvmArg(arg);
        }
        for (final String arg : args)
        {
            process.arg(arg);
        }
        final JvmProcess.Started started = process.start();
        processes.add(started);
        return started;
    }

    private int awaitLeader() throws InterruptedException
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            final List<String> status = ClusterStatus.query(endpoints);
            for (int id = 0; id < status.size(); id++)
            {
                if (status.get(id).endsWith(" LEADER"))
                {
                    return id;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader within 60 s; member logs under " + dir);
    }

    private void awaitExactlyOneLeaderOfThree() throws InterruptedException
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        List<String> status = List.of();
        while (System.nanoTime() < deadline)
        {
            status = ClusterStatus.query(endpoints);
            final long leaders = status.stream().filter(line -> line.endsWith(" LEADER")).count();
            final long followers = status.stream().filter(line -> line.endsWith(" FOLLOWER")).count();
            if (leaders == 1 && followers == 2)
            {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not one leader and two followers after healing: " + status);
    }

    private static void assertDone(final JvmProcess.Result result, final String count)
    {
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.output().contains("done " + count), result::describe);
    }

    private static int lastTally(final String output)
    {
        final Matcher tally = Pattern.compile("TALLY (\\d+)\n").matcher(output);
        int last = 0;
        while (tally.find())
        {
            last = Integer.parseInt(tally.group(1));
        }
        return last;
    }
}
