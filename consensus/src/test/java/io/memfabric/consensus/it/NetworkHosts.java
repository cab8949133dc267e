/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Separate hosts on one machine: a bridge and one network namespace per host, each joined to the bridge by a veth
 * pair and given an address of its own; the test JVM reaches them on the bridge's address, like an operator's host.
 * Cutting a host's link is a real partition. Needs root and iproute2; everything is removed on close.
 */
public final class NetworkHosts implements AutoCloseable
{
    private final String tag;
    private final String subnet;
    private final String bridge;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> links = new ArrayList<>();

    /**
     * @param count how many hosts.
     * @throws Exception if they cannot be made (everything made so far is removed).
     */
    public NetworkHosts(final int count) throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        tag = Long.toString(pid % 10_000, 36) + Long.toString(System.nanoTime() % 1296, 36);
        subnet = "10.77." + (20 + pid % 200);
        bridge = "mfb" + tag;
        try
        {
            run("ip", "link", "add", bridge, "type", "bridge");
            run("ip", "addr", "add", subnet + ".254/24", "dev", bridge);
            run("ip", "link", "set", bridge, "up");
            for (int host = 1; host <= count; host++)
            {
                final String namespace = "mf" + tag + "h" + host;
                final String link = "mf" + tag + "v" + host;
                run("ip", "netns", "add", namespace);
                namespaces.add(namespace);
                run("ip", "link", "add", link, "type", "veth", "peer", "name", link + "n");
                links.add(link);
                run("ip", "link", "set", link + "n", "netns", namespace);
                run("ip", "link", "set", link, "master", bridge);
                run("ip", "link", "set", link, "up");
                run("ip", "netns", "exec", namespace, "ip", "link", "set", link + "n", "name", "eth0");
                run("ip", "netns", "exec", namespace, "ip", "addr", "add", address(host) + "/24", "dev", "eth0");
                run("ip", "netns", "exec", namespace, "ip", "link", "set", "eth0", "up");
                run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            }
        }
        catch (final Exception | AssertionError ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @return why these tests cannot run here, or {@code null} if they can.
     */
    public static String unavailableBecause()
    {
        if (!"root".equals(System.getProperty("user.name")))
        {
            return "it needs root to create network namespaces, veth pairs and a bridge";
        }
        if (!new File("/usr/sbin/ip").canExecute() && !new File("/sbin/ip").canExecute() &&
            !new File("/usr/bin/ip").canExecute())
        {
            return "it needs iproute2 (the ip command)";
        }
        return null;
    }

    /**
     * @param host 1 to count.
     * @return its address.
     */
    public String address(final int host)
    {
        return subnet + "." + host;
    }

    /**
     * @param host 1 to count.
     * @return its network namespace.
     */
    public String namespace(final int host)
    {
        return namespaces.get(host - 1);
    }

    /**
     * Takes the host's link down: nothing reaches it or leaves it.
     *
     * @param host 1 to count.
     * @throws Exception if ip fails.
     */
    public void cut(final int host) throws Exception
    {
        run("ip", "link", "set", links.get(host - 1), "down");
    }

    /**
     * Brings the host's link back.
     *
     * @param host 1 to count.
     * @throws Exception if ip fails.
     */
    public void heal(final int host) throws Exception
    {
        run("ip", "link", "set", links.get(host - 1), "up");
    }

    /**
     * @return why partitions between hosts ({@link #partition}) cannot be made here, or {@code null} if they can.
     */
    public static String partitionUnavailableBecause()
    {
        final String why = unavailableBecause();
        if (why != null)
        {
            return why;
        }
        if (!new File("/usr/sbin/nft").canExecute() && !new File("/sbin/nft").canExecute() &&
            !new File("/usr/bin/nft").canExecute())
        {
            return "it needs nftables (the nft command) to cut traffic between two hosts";
        }
        return null;
    }

    /**
     * Cuts every packet between a host and some others, both ways, with nftables rules in their namespaces; their
     * links to the rest stay up (e.g. to the cluster's hosts).
     *
     * @param host   1 to count.
     * @param others the hosts it no longer reaches.
     * @throws Exception if nft fails.
     */
    public void partition(final int host, final int... others) throws Exception
    {
        for (final int other : others)
        {
            drop(host, other);
            drop(other, host);
        }
    }

    /**
     * Removes the partition rules of these hosts.
     *
     * @param hosts 1 to count each.
     */
    public void healPartition(final int... hosts)
    {
        for (final int host : hosts)
        {
            runQuietly("ip", "netns", "exec", namespace(host), "nft", "delete", "table", "inet", "mfpart");
        }
    }

    // In `host`'s namespace, drops what comes from `from`.
    private void drop(final int host, final int from) throws Exception
    {
        final String namespace = namespace(host);
        run("ip", "netns", "exec", namespace, "nft", "add", "table", "inet", "mfpart");
        run("ip", "netns", "exec", namespace, "nft", "add chain inet mfpart input { type filter hook input " +
            "priority 0 ; policy accept ; }");
        run("ip", "netns", "exec", namespace, "nft", "add", "rule", "inet", "mfpart", "input", "ip", "saddr",
            address(from), "drop");
    }

    /**
     * Removes the namespaces (their veth pairs go with them) and the bridge.
     */
    public void close()
    {
        for (final String namespace : namespaces)
        {
            runQuietly("ip", "netns", "del", namespace);
        }
        for (final String link : links)
        {
            runQuietly("ip", "link", "del", link);
        }
        runQuietly("ip", "link", "del", bridge);
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void runQuietly(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final IOException | InterruptedException ignore)
        {
            // Best effort: what is left is named by the test's tag.
        }
    }
}
