/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters an operator reads while a program runs: {@code fabric stat} (run from {@code fabric.jar}, as
 * {@code ./fabric stat} does) reads them out of the members' and the application's media drivers, and they move as
 * the program works; on the embedded fabric they are on JMX.
 */
class CountersIT
{
    private static final String STAT = "io.memfabric.consensus.cluster.FabricStat";
    // What ./fabric stat gives the JVM: Agrona reads the CnC files through JDK internals.
    private static final List<String> STAT_JVM_FLAGS = List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");

    @Test
    void statShowsCountersGrowWhileTransfersRun() throws Exception
    {
        try (ClusterApps apps = ClusterApps.start("counters"))
        {
            // Greedy locks off: one JVM alone would keep its locks, and the members would grant nothing more.
            final JvmProcess.Started app = apps.app("apps.cluster.ClusterApp", List.of("-Dmemfabric.lock.greedy=false"),
                "transfer", "a", "400", "11");
            app.awaitOutput("a progress 20", 120);
            final List<String> dirs = new ArrayList<>();
            for (int id = 0; id < 3; id++)
            {
                dirs.add(new File(apps.cluster().dir, "member-" + id + "/aeron").getPath());
            }
            dirs.add(new File(apps.cluster().dir, "client-0-aeron").getPath());

            final Map<String, Map<String, String>> first = stat(dirs);
            app.awaitOutput("a progress 60", 120);
            final Map<String, Map<String, String>> second = stat(dirs);

            final String node = only(second, "node ");
            assertTrue(number(second, node, "locks_acquired") >= 60, "the node took a lock per transfer: " + second);
            assertTrue(number(second, node, "locks_acquired") > number(first, node, "locks_acquired"),
                "locks_acquired grew between two reads: " + first + " then " + second);
            assertTrue(number(second, node, "writes") > number(first, node, "writes"), "writes grew: " + second);
            assertTrue(number(second, node, "requests") > number(first, node, "requests"), "requests grew");
            assertEquals(1, number(second, node, "connected"), "the node has a session: " + second);
            assertEquals(0, number(second, node, "malformed"), "nothing malformed: " + second);

            int leaders = 0;
            for (int id = 0; id < 3; id++)
            {
                final String member = only(second, "member " + id + " ");
                leaders += "LEADER".equals(second.get(member).get("role")) ? 1 : 0;
                assertTrue(number(second, member, "lock_grants") > number(first, member, "lock_grants"),
                    "member " + id + " applied more lock grants: " + first.get(member) + " then " +
                    second.get(member));
                assertTrue(number(second, member, "requests_applied") >
                    number(first, member, "requests_applied"), "member " + id + " applied more requests");
                assertTrue(number(second, member, "writes") > 0, "member " + id + " applied writes");
                assertEquals(1, number(second, member, "clients"), "one client: " + second.get(member));
            }
            assertEquals(1, leaders, "one member is the leader: " + second);
            app.destroy();
        }
    }

    @Test
    void statOnADirectoryWithoutAFabricSaysSoAndFails() throws Exception
    {
        final File empty = JvmProcess.WORK_DIR.resolve("no-driver-" + System.nanoTime()).toFile();
        assertTrue(empty.mkdirs());
        final JvmProcess stat = JvmProcess.main(STAT).withoutAgent().classPathOnly(JvmProcess.AGENT_JAR.toString())
            .arg("--count").arg("1").arg(empty.getPath());
        STAT_JVM_FLAGS.forEach(stat::jvmArg);
        final JvmProcess.Result result = stat.run();
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("no MemFabric member or node found"), result.output());
    }

    @Test
    void localReadsAreCountedOnlyWhenAsked() throws Exception
    {
        final JvmProcess.Result counted = JvmProcess.main("apps.LocalReadCounter")
            .jvmArg("-Dmemfabric.stats.reads=true").arg("5000").run();
        assertEquals(0, counted.exitCode(), counted.output());
        assertTrue(counted.output().contains("beans 1"), "the node's counters are on JMX: " + counted.output());
        assertTrue(jmx(counted.output(), "reads_local") >= 5000, counted.output());
        assertTrue(jmx(counted.output(), "objects_published") >= 1, counted.output());

        final JvmProcess.Result plain = JvmProcess.main("apps.LocalReadCounter").arg("5000").run();
        assertEquals(0, plain.exitCode(), plain.output());
        assertEquals(0, jmx(plain.output(), "reads_local"), plain.output());
    }

    private static long jmx(final String output, final String counter)
    {
        for (final String line : output.split("\n"))
        {
            if (line.startsWith("io.memfabric:") && line.contains(" " + counter + " "))
            {
                return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no " + counter + " in " + output);
    }

    // One print of `fabric stat --count 1`: owner ("member 0 pid 123", "node 5f.. pid 456") to counter to value.
    private static Map<String, Map<String, String>> stat(final List<String> dirs) throws Exception
    {
        final JvmProcess stat = JvmProcess.main(STAT).withoutAgent().classPathOnly(JvmProcess.AGENT_JAR.toString())
            .arg("--count").arg("1");
        STAT_JVM_FLAGS.forEach(stat::jvmArg);
        dirs.forEach(stat::arg);
        final JvmProcess.Result result = stat.run();
        assertEquals(0, result.exitCode(), result.output());
        final Map<String, Map<String, String>> owners = new HashMap<>();
        Map<String, String> current = null;
        for (final String line : result.output().split("\n"))
        {
            if (line.startsWith("member ") || line.startsWith("node "))
            {
                current = new HashMap<>();
                owners.put(line.substring(0, line.indexOf("  ")), current);
            }
            else if (line.startsWith("  ") && current != null)
            {
                final String[] parts = line.trim().split("\\s+");
                current.put(parts[0], parts[1].replace(",", ""));
            }
        }
        return owners;
    }

    private static String only(final Map<String, Map<String, String>> owners, final String prefix)
    {
        final List<String> matching = owners.keySet().stream().filter((name) -> name.startsWith(prefix)).toList();
        assertEquals(1, matching.size(), "one " + prefix + "in " + owners.keySet());
        return matching.get(0);
    }

    private static long number(final Map<String, Map<String, String>> owners, final String owner, final String name)
    {
        final String value = owners.get(owner).get(name);
        if (value == null)
        {
            throw new AssertionError(owner + " has no counter " + name + ": " + owners.get(owner));
        }
        return Long.parseLong(value);
    }
}
