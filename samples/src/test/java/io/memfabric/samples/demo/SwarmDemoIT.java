/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.aeron.CncFileDescriptor;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs both demos as {@code ./fabric demo} does, in JVMs of their own under the built agent, and checks that they pass
 * their own checks. The cluster demo is run end to end: its own cluster, planner, agents and checker, each a real
 * process; afterwards none of them may be left running, and neither its directory nor anything in /dev/shm.
 */
class SwarmDemoIT
{
    private static final Path SHM = Path.of("/dev/shm");
    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @Test
    void embeddedDemoRunsUnderTheAgentAndPassesEveryCheck() throws Exception
    {
        final Path output = Files.createTempFile("swarm-demo", ".out");
        final Process process = new ProcessBuilder(List.of(
            java(),
            "-javaagent:" + System.getProperty("memfabric.test.agentJar"),
            "-cp", System.getProperty("memfabric.test.samplesJar"),
            SwarmDemo.class.getName()))
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the demo did not finish in 120 s");
        final String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), printed);
        assertTrue(printed.contains("== Summary"), printed);
        assertTrue(printed.contains("OK: all 9 checks passed."), printed);
        Files.delete(output);
    }

    @Test
    void clusterDemoSharesTheBoardAcrossAgentJvmsAndLeavesNothingBehind() throws Exception
    {
        final File parentDir = new File("target/cluster-demo-it").getAbsoluteFile();
        Files.createDirectories(parentDir.toPath());
        final Set<String> shmBefore = shmEntries();
        final Path output = Files.createTempFile(parentDir.toPath(), "cluster-demo", ".out");
        final Process launcher = new ProcessBuilder(List.of(
            java(),
            "-cp", System.getProperty("memfabric.test.samplesJar") + File.pathSeparator +
                System.getProperty("memfabric.test.agentJar"),
            ClusterDemo.class.getName(),
            "--port", Integer.toString(freeBasePort()),
            "--dir", parentDir.getPath()))
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        final Set<Long> pids = new HashSet<>();
        try
        {
            final boolean ended = launcher.waitFor(120, TimeUnit.SECONDS);
            final String printed = Files.readString(output, StandardCharsets.UTF_8);
            pids.addAll(pidsIn(printed));
            assertTrue(ended, "the demo did not finish in 120 s:\n" + printed);

            assertEquals(0, launcher.exitValue(), printed);
            assertTrue(printed.contains("OK: all 10 checks passed."), printed);
            assertFalse(printed.contains("FAIL"), printed);
            for (int i = 1; i <= ClusterDemo.AGENTS_DEFAULT; i++)
            {
                assertTrue(printed.contains("[agent-" + i + "] signed in as agent "), printed);
                assertTrue(printed.contains("[agent-" + i + "] sees the plan: "), printed);
            }
            assertTrue(printed.contains("[planner] the crew is here: "), printed);
            assertTrue(printed.contains("[check] plan: phase COMPLETE, 30/30 tasks done"), printed);

            // 3 members, the planner, the agents and the checker, each named with its pid.
            assertTrue(pids.size() >= 3 + 1 + ClusterDemo.AGENTS_DEFAULT + 1, pids + " in\n" + printed);
            for (final long pid : pids)
            {
                assertFalse(isAlive(pid), "process " + pid + " is still running after the demo:\n" + printed);
            }
            try (Stream<Path> left = Files.list(parentDir.toPath()))
            {
                final List<Path> dirs = left.filter(Files::isDirectory).toList();
                assertTrue(dirs.isEmpty(), "the demo left " + dirs);
            }
            final List<String> leftInShm = new ArrayList<>();
            for (final String entry : shmEntries())
            {
                if (!shmBefore.contains(entry) && pids.contains(cncPid(SHM.resolve(entry))))
                {
                    leftInShm.add(entry);
                }
            }
            assertTrue(leftInShm.isEmpty(), "the demo's processes left " + leftInShm + " in " + SHM);
            Files.delete(output);
        }
        finally
        {
            // Whatever failed above, stop what the demo started.
            launcher.destroyForcibly();
            for (final long pid : pids)
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freeBasePort() throws IOException
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int base = 40_000 + ThreadLocalRandom.current().nextInt(150) * 100;
            if (LocalCluster.portInUse(base, ClusterDemo.MEMBERS) == 0)
            {
                return base;
            }
        }
        throw new IOException("no free block of ports for the demo's cluster from 40000");
    }

    private static Set<Long> pidsIn(final String printed)
    {
        final Set<Long> pids = new HashSet<>();
        final Matcher matcher = PID.matcher(printed);
        while (matcher.find())
        {
            pids.add(Long.parseLong(matcher.group(1)));
        }
        return pids;
    }

    private static boolean isAlive(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Set<String> shmEntries() throws IOException
    {
        final Set<String> entries = new HashSet<>();
        if (Files.isDirectory(SHM))
        {
            try (Stream<Path> list = Files.list(SHM))
            {
                list.forEach(path -> entries.add(path.getFileName().toString()));
            }
        }
        return entries;
    }

    // The pid of the media driver that made an Aeron directory, from its cnc.dat; -1 if it is not one.
    private static long cncPid(final Path dir)
    {
        final Path cnc = dir.resolve(CncFileDescriptor.CNC_FILE);
        try (FileChannel channel = FileChannel.open(cnc, StandardOpenOption.READ))
        {
            final ByteBuffer pid = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(pid, CncFileDescriptor.PID_FIELD_OFFSET);
            return pid.flip().remaining() == Long.BYTES ? pid.getLong() : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }
}
