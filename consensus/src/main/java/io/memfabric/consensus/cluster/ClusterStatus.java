/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./fabric cluster status}: asks every member for its role and prints one line per member,
 * {@code member <id> <endpoint> LEADER|FOLLOWER|CANDIDATE|UNREACHABLE}. Exits 0 when exactly one member leads.
 */
public final class ClusterStatus
{
    private static final int TIMEOUT_MS = 1000;

    private ClusterStatus()
    {
    }

    /**
     * @param endpoints the cluster.
     * @return one line per member.
     */
    public static List<String> query(final ClusterEndpoints endpoints)
    {
        final List<String> lines = new ArrayList<>();
        for (int id = 0; id < endpoints.size(); id++)
        {
            lines.add(query(endpoints, id));
        }
        return lines;
    }

    static String query(final ClusterEndpoints endpoints, final int id)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(endpoints.host(id), endpoints.statusPort(id)), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            final String line = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return line == null ? "member " + id + " " + endpoints.ingress(id) + " UNREACHABLE" : line;
        }
        catch (final IOException ex)
        {
            return "member " + id + " " + endpoints.ingress(id) + " UNREACHABLE";
        }
    }

    /**
     * @param args {@code [members]}: the {@code memfabric.cluster} value; else the system property, else the
     *             environment variable {@code MEMFABRIC_CLUSTER}.
     */
    public static void main(final String[] args)
    {
        String spec = args.length > 0 ? args[0] : System.getProperty("memfabric.cluster");
        if (spec == null)
        {
            spec = System.getenv("MEMFABRIC_CLUSTER");
        }
        if (spec == null)
        {
            System.err.println("fabric: which cluster? Give -Dmemfabric.cluster=host:port,... (the line " +
                "'./fabric cluster start' prints) or set MEMFABRIC_CLUSTER");
            System.exit(2);
        }
        final ClusterEndpoints endpoints;
        try
        {
            endpoints = ClusterEndpoints.parse(spec);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("fabric: memfabric.cluster: " + ex.getMessage());
            System.exit(2);
            return;
        }
        int leaders = 0;
        for (final String line : query(endpoints))
        {
            System.out.println(line);
            leaders += line.endsWith(" LEADER") ? 1 : 0;
        }
        System.exit(leaders == 1 ? 0 : 1);
    }
}
