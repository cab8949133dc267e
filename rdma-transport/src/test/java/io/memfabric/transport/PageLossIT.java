/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages cross a veth pair between this host and a network namespace, with {@code tc netem} (or, on kernels without
 * it, an nftables rule) dropping 5% of the packets in each direction: every page arrives intact (checked against its checksum and byte for byte), and the link really
 * lost packets. Needs root and iproute2 (network namespaces); elsewhere it is skipped with a message saying so.
 */
@Timeout(300)
class PageLossIT
{
    private static final int SEED = 4242;
    private static final int MTU = 1408;
    private static final int BROADCASTS = 50;

    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 10000));
    private final String namespace = "mf-loss-" + suffix;
    private final String hostSide = "mfh" + suffix;
    private final String nsSide = "mfn" + suffix;
    private final int subnet = ThreadLocalRandom.current().nextInt(10, 250);
    private final String hostAddress = "10.213." + subnet + ".1";
    private final String nsAddress = "10.213." + subnet + ".2";
    private final String table = "mfloss" + suffix;
    private boolean useNetem;
    private Process server;

    @BeforeEach
    void createLink() throws Exception
    {
        Assumptions.assumeTrue(isRoot(), "PageLossIT needs root to create a network namespace and a veth pair; " +
            "skipped (it runs when ./mvnw verify runs as root)");
        Assumptions.assumeTrue(new File("/usr/sbin/ip").canExecute() || new File("/sbin/ip").canExecute(),
            "PageLossIT needs iproute2 (ip) for network namespaces; skipped");
        run("ip", "netns", "add", namespace);
        run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide);
        run("ip", "link", "set", nsSide, "netns", namespace);
        run("ip", "addr", "add", hostAddress + "/24", "dev", hostSide);
        run("ip", "link", "set", hostSide, "up");
        run("ip", "netns", "exec", namespace, "ip", "addr", "add", nsAddress + "/24", "dev", nsSide);
        run("ip", "netns", "exec", namespace, "ip", "link", "set", nsSide, "up");
        run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        useNetem = tryRun("tc", "qdisc", "add", "dev", hostSide, "root", "netem", "loss", "5%");
        if (useNetem)
        {
            run("ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev", nsSide, "root", "netem", "loss", "5%");
            return;
        }
        // Kernels built without sch_netem (this machine's among them) still have nftables: drop 5% of the packets
        // leaving each end of the link at random, which is what netem's loss does.
        Assumptions.assumeTrue(new File("/usr/sbin/nft").canExecute(), "PageLossIT needs tc netem or nftables " +
            "(apt-get install nftables) to make the link lossy; neither is here, skipped");
        dropWithNftables(List.of(), hostSide);
        dropWithNftables(List.of("ip", "netns", "exec", namespace), nsSide);
    }

    private void dropWithNftables(final List<String> prefix, final String device) throws Exception
    {
        run(with(prefix, "nft", "add", "table", "inet", table));
        run(with(prefix, "nft", "add", "chain", "inet", table, "out",
            "{ type filter hook output priority 0; }"));
        run(with(prefix, "nft", "add", "rule", "inet", table, "out", "oifname", device, "numgen", "random", "mod",
            "100", "<", "5", "counter", "drop"));
    }

    private static String[] with(final List<String> prefix, final String... command)
    {
        final List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all.toArray(new String[0]);
    }

    @AfterEach
    void removeLink() throws Exception
    {
        if (null != server)
        {
            // Closing its input lets the server close its node (and delete its media driver's directory).
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS))
            {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (isRoot())
        {
            runQuietly("ip", "netns", "del", namespace);
            runQuietly("ip", "link", "del", hostSide);
            runQuietly("nft", "delete", "table", "inet", table);
        }
    }

    @Test
    void pagesAndCausalBroadcastsCrossALinkThatLosesFivePercentIntactAndInOrder() throws Exception
    {
        final int[] lengths = {256 * 1024, 256 * 1024, 256 * 1024, 256 * 1024, 2 * 1024 * 1024, 2 * 1024 * 1024,
            2 * 1024 * 1024 + 1000};
        final String serverEndpoint = nsAddress + ":" + (40_000 + subnet);
        final String clientEndpoint = hostAddress + ":" + (41_000 + subnet);

        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
            System.getProperty("java.home") + "/bin/java"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Xmx"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PageServerMain.class.getName(), "1",
            serverEndpoint, "2", clientEndpoint, Integer.toString(MTU), Integer.toString(SEED)));
        for (final int length : lengths)
        {
            command.add(Integer.toString(length));
        }
        server = new ProcessBuilder(command).redirectErrorStream(true).start();
        final BufferedReader output = new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        final String ready = output.readLine();
        assertEquals("READY", ready, "the page server in the namespace did not start");

        final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        try (DataPlane client = DataPlane.launch(new TransportConfig().nodeId(2).endpoint(clientEndpoint).mtu(MTU)
            .pageTimeoutMs(120_000).stateListener((sender, sequence, buffer, offset, length) ->
                pongs.add(sender + ":" + buffer.getStringWithoutLengthAscii(offset, length)))))
        {
            client.addPeer(1, serverEndpoint);
            for (int i = 0; i < lengths.length; i++)
            {
                final UnsafeBuffer expected = MemoryPages.randomPage(SEED + i, lengths[i]);
                final PageRef ref = new PageRef(1, MemoryPages.key(SEED + i), lengths[i],
                    MemoryPages.crc(expected, lengths[i]));
                final UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(lengths[i]));
                assertEquals(ref, client.read(ref, dst, 0).get(120, TimeUnit.SECONDS));
                for (int b = 0; b < lengths[i]; b += 8)
                {
                    if (b + 8 <= lengths[i] ? expected.getLong(b) != dst.getLong(b) :
                        expected.getByte(b) != dst.getByte(b))
                    {
                        throw new AssertionError("page " + i + " differs at byte " + b);
                    }
                }
            }
            assertEquals(lengths.length, client.stats().get(TransportStats.Counter.PAGES_READ));
            assertEquals(0, client.stats().get(TransportStats.Counter.PAGE_CHECKSUM_FAILURES));

            // Causal broadcast across the same link: the far host answers each "ping i" with "pong i"; every
            // answer arrives, once, in order.
            for (int i = 0; i < BROADCASTS; i++)
            {
                final UnsafeBuffer ping = new UnsafeBuffer(("ping " + i).getBytes(StandardCharsets.US_ASCII));
                client.broadcast(ping, 0, ping.capacity());
            }
            for (int i = 0; i < BROADCASTS; i++)
            {
                assertEquals("1:pong " + i, pongs.poll(60, TimeUnit.SECONDS), "broadcast answer " + i);
            }
            assertEquals(null, pongs.poll(200, TimeUnit.MILLISECONDS), "nothing delivered twice");
        }
        final long dropped = useNetem ?
            drops("dropped (\\d+)", "tc", "-s", "qdisc", "show", "dev", hostSide) +
            drops("dropped (\\d+)", "ip", "netns", "exec", namespace, "tc", "-s", "qdisc", "show", "dev", nsSide) :
            drops("packets (\\d+)", "nft", "list", "table", "inet", table) +
            drops("packets (\\d+)", "ip", "netns", "exec", namespace, "nft", "list", "table", "inet", table);
        assertTrue(dropped > 50, "the link dropped only " + dropped + " packets: it was not lossy");
        System.out.println("PageLossIT: " + lengths.length + " pages intact; " + (useNetem ? "netem" : "nftables") +
            " dropped " + dropped + " packets");
    }

    private static long drops(final String pattern, final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        final Matcher matcher = Pattern.compile(pattern).matcher(out);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || 0 != process.exitValue())
        {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static boolean tryRun(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(20, TimeUnit.SECONDS) && 0 == process.exitValue();
    }

    private static void runQuietly(final String... command)
    {
        try
        {
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        }
        catch (final IOException | InterruptedException ignore)
        {
            // Cleaning up after the test; the namespace may already be gone.
        }
    }
}
