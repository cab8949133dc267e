/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterLauncher;
import io.memfabric.consensus.cluster.ClusterStatus;
import io.memfabric.consensus.cluster.ClusterStop;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.cluster.FabricStat;
import io.memfabric.consensus.cluster.MemberMain;
import io.memfabric.consensus.cluster.TestPorts;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./fabric cluster start|status|stop} and {@code member start} as real processes: the launcher and its
 * members, killed and stopped for real. Each test has its own directory and free ports, and leaves no process behind.
 */
@Timeout(120)
class LauncherIT
{
    private static final long START_WAIT_MS = 60_000;

    private File dir;
    private File clusterDir;
    private Process launcher;
    private File launcherOut;

    @BeforeEach
    void createDirectory(final TestInfo test)
    {
        dir = new File("target/it-launcher/" + test.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime())
            .getAbsoluteFile();
        clusterDir = new File(dir, "cluster");
        assertTrue(dir.mkdirs());
    }

    @AfterEach
    void stopEverythingAndDeleteTheDirectory() throws Exception
    {
        if (launcher != null)
        {
            launcher.destroyForcibly();
            launcher.waitFor(10, TimeUnit.SECONDS);
        }
        for (final ProcessHandle process : processesUsing(dir))
        {
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
        }
        for (int id = 0; id < 3; id++)
        {
            // A member killed with SIGKILL leaves its media driver's directory in /dev/shm.
            final MemberConfig config = new MemberConfig().memberId(id).dir(new File(clusterDir, "member-" + id))
                .endpoints(ClusterEndpoints.local("localhost", 20000, 3)).conclude();
            IoUtil.delete(new File(config.aeronDir()), true);
        }
        IoUtil.delete(dir, true);
    }

    @Test
    void clusterStartFailsAtOnceNamingATakenPortAndStartsNothing() throws Exception
    {
        final int port = TestPorts.freeBasePort(31000, 3);
        final int taken = port + 101;
        try (DatagramSocket holder = new DatagramSocket(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), taken)))
        {
            final long startNs = System.nanoTime();
            final Result result = run(ClusterLauncher.class, "--dir", clusterDir.getPath(), "--port",
                Integer.toString(port));
            System.out.println("launcher refused a taken port after " + millisSince(startNs) + " ms: " +
                result.err.trim());

            assertEquals(1, result.status, result.toString());
            assertTrue(result.err.contains("port " + taken + " (member 1's consensus port, UDP)"), result.err);
            assertTrue(result.err.contains("nothing was started"), result.err);
            assertTrue(result.err.contains("--port"), result.err);
            assertFalse(new File(clusterDir, "member-0").exists(), "no member was started");
            assertFalse(new File(clusterDir, "cluster.pid").exists());
            assertEquals(List.of(), processesUsing(dir));
        }
    }

    @Test
    void membersStopWithinSecondsOfTheirLauncherBeingKilled() throws Exception
    {
        startCluster(3);
        final List<ProcessHandle> members = members();
        assertEquals(3, members.size());

        launcher.destroyForcibly();
        final long killedNs = System.nanoTime();
        // Polled rather than through onExit(), which for a process that is not our child may notice late.
        while (members.stream().anyMatch(ProcessHandle::isAlive) && millisSince(killedNs) < 10_000)
        {
            Thread.sleep(10);
        }
        final long stoppedMs = millisSince(killedNs);
        System.out.println("launcher killed with SIGKILL: its 3 members were gone " + stoppedMs + " ms later");

        assertTrue(stoppedMs < 5_000, "members stopped " + stoppedMs + " ms after their launcher died");
        assertEquals(List.of(), processesUsing(dir));
    }

    @Test
    void clusterStopStopsTheClusterStartedInItsDirectoryAndSaysWhat() throws Exception
    {
        startCluster(1);
        final long memberPid = members().get(0).pid();

        final long startNs = System.nanoTime();
        final Result result = run(ClusterStop.class, "--dir", clusterDir.getPath());
        System.out.println("cluster stop took " + millisSince(startNs) + " ms:\n" + result.out.trim());

        assertEquals(0, result.status, result.toString());
        assertTrue(result.out.contains("stopped launcher (pid " + launcher.pid() + ", SIGTERM)"), result.out);
        assertTrue(result.out.contains("stopped member 0 (pid " + memberPid), result.out);
        assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
        assertEquals(List.of(), processesUsing(dir));
        assertFalse(new File(clusterDir, "cluster.pid").exists());

        final Result again = run(ClusterStop.class, "--dir", clusterDir.getPath());
        assertEquals(1, again.status, "nothing left to stop: " + again);
        assertTrue(again.err.contains("no cluster was started in"), again.err);
    }

    @Test
    void clusterStatusFailsClearlyWhenTheMembersBelongToAnotherCluster() throws Exception
    {
        startCluster(1);
        final String clusterId = Files.readString(new File(clusterDir, "cluster-id").toPath()).trim();
        final String members = pidFile().getProperty("cluster");

        final Result ours = run(ClusterStatus.class, "--dir", clusterDir.getPath());
        assertEquals(0, ours.status, ours.toString());
        assertTrue(ours.out.contains("member 0 " + members + " pid " + members().get(0).pid() + " cluster " +
            clusterId + " LEADER"), ours.out);

        final Result other = run(ClusterStatus.class, members, "--cluster-id", "another-cluster");
        System.out.println("status expecting another cluster:\n" + other.err.trim());
        assertEquals(1, other.status, other.toString());
        assertTrue(other.err.contains("not the cluster expected: another-cluster"), other.err);
        assertTrue(other.err.contains("belongs to cluster " + clusterId), other.err);
    }

    @Test
    void clusterStartFailsAtOnceNamingAMemberThatDiesAndItsLog() throws Exception
    {
        startCluster(1);
        final ProcessHandle member = members().get(0);

        member.destroyForcibly();
        final long killedNs = System.nanoTime();
        assertTrue(launcher.waitFor(10, TimeUnit.SECONDS), "the launcher fails when its member dies");
        System.out.println("launcher failed " + millisSince(killedNs) + " ms after its member was killed");

        assertEquals(1, launcher.exitValue());
        final String out = Files.readString(launcherOut.toPath());
        assertTrue(out.contains("member 0 (pid " + member.pid() + ") exited with status 137 (SIGKILL) while the " +
            "cluster was running; its log is " + new File(clusterDir, "member-0/member.log")), out);
        assertEquals(List.of(), processesUsing(dir));
    }

    @Test
    void everyCommandPrintsItsUsageForHelpAndExits2NamingABadArgument() throws Exception
    {
        for (final Class<?> command : List.of(ClusterLauncher.class, ClusterStatus.class, ClusterStop.class,
            MemberMain.class, FabricStat.class))
        {
            final Result help = run(command, "--help");
            assertEquals(0, help.status, command + " --help: " + help);
            assertTrue(help.out.startsWith("Usage: ./fabric "), command + " --help: " + help);

            final Result bad = run(command, "--no-such-option");
            assertEquals(2, bad.status, command + ": " + bad);
            assertTrue(bad.err.contains("unknown option '--no-such-option'"), command + ": " + bad);
            assertTrue(bad.err.contains("Usage: ./fabric "), command + ": " + bad);
        }

        final Result timeouts = run(ClusterLauncher.class, "--dir", clusterDir.getPath(),
            "--" + "heartbeat-timeout-ms", "200");
        assertEquals(2, timeouts.status, timeouts.toString());
        assertTrue(timeouts.err.contains("must be at most a third of its timeout (200 ms)"), timeouts.err);
        assertFalse(clusterDir.exists(), "nothing was started");
    }

    private void startCluster(final int members) throws Exception
    {
        final int port = TestPorts.freeBasePort(31000, members);
        launcherOut = new File(dir, "launcher.out");
        launcher = new ProcessBuilder(command(ClusterLauncher.class, "--dir", clusterDir.getPath(), "--port",
            Integer.toString(port), "--members", Integer.toString(members)))
            .redirectErrorStream(true).redirectOutput(launcherOut).start();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_WAIT_MS);
        while (!Files.readString(launcherOut.toPath()).contains("memfabric.cluster="))
        {
            if (!launcher.isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("the cluster did not start:\n" + Files.readString(launcherOut.toPath()));
            }
            Thread.sleep(50);
        }
    }

    private Properties pidFile() throws IOException
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(new File(clusterDir, "cluster.pid").toPath()))
        {
            properties.load(reader);
        }
        return properties;
    }

    private List<ProcessHandle> members() throws IOException
    {
        final Properties pids = pidFile();
        final List<ProcessHandle> members = new ArrayList<>();
        for (int id = 0; pids.containsKey("member." + id); id++)
        {
            final long pid = Long.parseLong(pids.getProperty("member." + id).split(" ")[0]);
            members.add(ProcessHandle.of(pid).orElseThrow());
        }
        return members;
    }

    /**
     * Whatever runs with this test's directory on its command line: the launcher's members, or any process a test
     * started there.
     */
    private static List<ProcessHandle> processesUsing(final File dir)
    {
        final List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses()
            .filter((process) -> process.pid() != ProcessHandle.current().pid())
            .filter((process) -> process.info().commandLine().map((line) -> line.contains(dir.getPath()))
            .orElse(false))
            .filter(ProcessHandle::isAlive)
            .forEach(found::add);
        return found;
    }

    private static List<String> command(final Class<?> main, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    private Result run(final Class<?> main, final String... args) throws Exception
    {
        final File out = Files.createTempFile(dir.toPath(), "out", ".txt").toFile();
        final File err = Files.createTempFile(dir.toPath(), "err", ".txt").toFile();
        final Process process = new ProcessBuilder(command(main, args)).redirectOutput(out).redirectError(err)
            .start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
            Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    private static long millisSince(final long startNs)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    private static final class Result
    {
        final int status;
        final String out;
        final String err;

        Result(final int status, final String out, final String err)
        {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        public String toString()
        {
            return "exit " + status + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }
}
