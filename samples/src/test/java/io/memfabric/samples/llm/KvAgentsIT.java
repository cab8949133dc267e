/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.MemberProcess;
import io.memfabric.consensus.it.NetworkHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agents in JVMs of their own answer different questions over one shared context through the KV-cache store: the
 * first computes the context and stores its pages; the others find them and prefill only their question, and their
 * logits are the bits a full recompute gives. On one host through the shared page pool; across hosts (network
 * namespaces on a bridge, members of the cluster on three of them) by fetching the pages once over the data plane.
 */
class KvAgentsIT
{
    private static final Pattern LINE = Pattern.compile(
        "agent (\\S+) (HIT|MISS) (\\d+)/(\\d+) tokens reused, ttft_ms ([0-9.]+), logits (\\S+), pages fetched (\\d+)");
    private static final Pattern BYTES = Pattern.compile("kv_owned_bytes (\\d+), kv_borrowed_bytes (\\d+)");
    private static final long TINY_KV_BYTES_PER_TOKEN = ModelConfig.TINY.kvBytesPerToken();
    private static final int BASE_PORT = 20_000;

    private final Path dir = Path.of("target/kv-agents-it-" + System.nanoTime()).toAbsolutePath();
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();
    private NetworkHosts hosts;

    @AfterEach
    void cleanUp() throws Exception
    {
        // SIGTERM first: a lingering agent then leaves the fabric and removes its media drivers' directories.
        for (final Process process : processes)
        {
            process.destroy();
        }
        for (final Process process : processes)
        {
            if (!process.waitFor(15, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (hosts != null)
        {
            hosts.close();
        }
        deleteTree(dir.toFile());
    }

    @Test
    void agentsOnOneHostComputeTheContextOnceAndGetTheSameBits() throws Exception
    {
        final Path pool = dir.resolve("pool");
        final Agent first = agent(null, pool, null, "A", 1);
        assertTrue(first.miss(), first.output);
        assertEquals(first.prompt * TINY_KV_BYTES_PER_TOKEN, first.owned, first.output);
        final Agent second = agent(null, pool, null, "B", 2, List.of("--zero-copy"));
        final Agent third = agent(null, pool, null, "C", 3, List.of("--zero-copy"));
        for (final Agent agent : List.of(second, third))
        {
            assertTrue(!agent.miss() && agent.reused >= 1024, "the 1024-token context was reused: " + agent.output);
            assertEquals(0, agent.fetched, "one host: read from the shared pool, nothing fetched");
            // The context's KV stays in the pool, once for the host: each agent owns only its question's.
            assertEquals((agent.prompt - agent.reused) * TINY_KV_BYTES_PER_TOKEN, agent.owned, agent.output);
            assertEquals(agent.reused * TINY_KV_BYTES_PER_TOKEN, agent.borrowed, agent.output);
        }
        assertTrue(!second.logits.equals(third.logits), "other questions, other answers");

        // An agent that copies the pages instead owns the whole prompt's KV, and gets the same bits.
        final Agent copying = agent(null, pool, null, "D", 2, List.of("--copy"));
        assertTrue(copying.reused >= 1024, copying.output);
        assertEquals(copying.prompt * TINY_KV_BYTES_PER_TOKEN, copying.owned, copying.output);
        assertEquals(0, copying.borrowed, copying.output);
        assertEquals(second.logits, copying.logits, "the same question, copied or borrowed");
    }

    @Test
    void theKvDemoRunsItsAgentsAndChecksThem() throws Exception
    {
        Files.createDirectories(dir);
        final Path output = dir.resolve("demo.out");
        final Process demo = new ProcessBuilder(List.of(java(), "-cp", System.getProperty("memfabric.test.samplesJar") +
            File.pathSeparator + System.getProperty("memfabric.test.agentJar"), KvDemo.class.getName(), "--model",
            "tiny", "--agents", "2", "--prefix-tokens", "256")).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
        processes.add(demo);
        assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "the demo did not finish in 120 s");
        final String printed = Files.readString(output);
        assertEquals(0, demo.exitValue(), printed);
        assertTrue(printed.contains("agent first MISS") && printed.contains("agent agent-1 HIT") &&
            printed.contains("agent agent-2 HIT"), printed);
        assertTrue(printed.contains("OK: every agent's logits equal a full recompute, bit for bit."), printed);
    }

    @Test
    void anAgentOnAnotherHostFetchesThePagesOnceAndGetsTheSameBits() throws Exception
    {
        final String unavailable = NetworkHosts.unavailableBecause();
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        hosts = new NetworkHosts(5);
        final String cluster = hosts.address(1) + ":" + BASE_PORT + "," + hosts.address(2) + ":" + BASE_PORT + "," +
            hosts.address(3) + ":" + BASE_PORT;
        for (int id = 0; id < 3; id++)
        {
            startMember(id, cluster);
        }
        awaitLeader(cluster);

        // Pages are served by live JVMs: the first agent stays in the fabric while the others run.
        final Process first = start(hosts.namespace(4), dir.resolve("pool-host4"), cluster, "A", 1,
            List.of("--linger-ms", "120000"));
        final Path firstOutput = outputs.get(outputs.size() - 1);
        final long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.readString(firstOutput).contains("agent A serving"))
        {
            assertTrue(first.isAlive() && System.currentTimeMillis() < deadline,
                "the first agent did not get to serving: " + Files.readString(firstOutput));
            Thread.sleep(100);
        }
        assertTrue(Files.readString(firstOutput).contains("agent A MISS"), Files.readString(firstOutput));
        // The second host has a pool of its own: the pages cross the network once.
        final Agent second = agent(hosts.namespace(5), dir.resolve("pool-host5"), cluster, "B", 2);
        assertTrue(second.reused >= 1024, "the context was reused on the other host: " + second.output);
        assertTrue(second.fetched >= 64, "its 64 blocks came over the network: " + second.output);
        final Agent third = agent(hosts.namespace(5), dir.resolve("pool-host5"), cluster, "C", 3);
        assertTrue(third.reused >= 1024, third.output);
        assertEquals(0, third.fetched, "the second agent on that host reads its pool: " + third.output);
    }

    private Agent agent(final String namespace, final Path pool, final String cluster, final String name,
        final int question) throws Exception
    {
        return agent(namespace, pool, cluster, name, question, List.of());
    }

    private Agent agent(final String namespace, final Path pool, final String cluster, final String name,
        final int question, final List<String> more) throws Exception
    {
        final Process process = start(namespace, pool, cluster, name, question, more);
        final Path output = outputs.get(outputs.size() - 1);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "agent " + name + " did not finish in 120 s");
        final String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), printed);
        assertTrue(printed.contains("agent " + name + " verify EQUAL"), "logits are a full recompute's bits: " +
            printed);
        final Matcher line = LINE.matcher(printed);
        assertTrue(line.find(), printed);
        final Matcher bytes = BYTES.matcher(printed);
        assertTrue(bytes.find(line.end()), printed);
        return new Agent(printed, Integer.parseInt(line.group(3)), Integer.parseInt(line.group(4)), line.group(6),
            Integer.parseInt(line.group(7)), Long.parseLong(bytes.group(1)), Long.parseLong(bytes.group(2)));
    }

    private Process start(final String namespace, final Path pool, final String cluster, final String name,
        final int question, final List<String> more) throws Exception
    {
        final List<String> command = new ArrayList<>();
        if (namespace != null)
        {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.add(java());
        command.addAll(MemberProcess.JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("memfabric.test.samplesJar") + File.pathSeparator +
            System.getProperty("memfabric.test.agentJar"), KvAgent.class.getName(), "--name", name, "--question",
            Integer.toString(question), "--prefix-tokens", "1024", "--pool-dir", pool.toString(), "--pool-mb", "64",
            "--verify"));
        if (cluster != null)
        {
            command.addAll(List.of("--cluster", cluster));
        }
        command.addAll(more);
        Files.createDirectories(dir);
        final Path output = Files.createTempFile(dir, "agent-" + name, ".out");
        outputs.add(output);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        processes.add(process);
        return process;
    }

    private void startMember(final int id, final String cluster) throws IOException
    {
        final File memberDir = dir.resolve("member-" + id).toFile();
        Files.createDirectories(memberDir.toPath());
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", hosts.namespace(id + 1), java()));
        command.addAll(MemberProcess.JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("memfabric.test.agentJar"),
            "io.memfabric.consensus.cluster.MemberMain", "--id", Integer.toString(id), "--members", cluster,
            "--dir", memberDir.getPath(), "--clean", "--aeron-dir", new File(memberDir, "aeron").getPath(),
            "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(new File(memberDir, "member.log")).start());
    }

    private static void awaitLeader(final String cluster) throws Exception
    {
        final ClusterEndpoints endpoints = ClusterEndpoints.parse(cluster);
        final long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline)
        {
            if (io.memfabric.consensus.cluster.ClusterStatus.query(endpoints).stream()
                .anyMatch((status) -> status.endsWith(" LEADER")))
            {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no leader among " + cluster + " within 60 s");
    }

    private static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteTree(final File file)
    {
        final File[] children = file.listFiles();
        if (children != null)
        {
            for (final File child : children)
            {
                deleteTree(child);
            }
        }
        file.delete();
    }

    private record Agent(String output, int reused, int prompt, String logits, int fetched, long owned, long borrowed)
    {
        boolean miss()
        {
            return reused == 0;
        }
    }
}
