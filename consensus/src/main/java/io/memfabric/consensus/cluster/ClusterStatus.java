/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ./fabric cluster status}: asks every member for its role and who it is, prints one line per member,
 * {@code member <id> <endpoint> pid <pid> cluster <cluster id> LEADER|FOLLOWER|CANDIDATE} or
 * {@code member <id> <endpoint> UNREACHABLE}, and checks that every member that answered belongs to the expected
 * cluster: a different cluster on the same ports is reported as that, never as ours. Exits 0 when exactly one member
 * leads and no member belongs to another cluster, 1 otherwise, 2 on a bad argument.
 */
public final class ClusterStatus
{
    /**
     * The command's usage, printed for {@code --help} and after a bad argument.
     */
    public static final String USAGE =
        "Usage: ./fabric cluster status [host:port,...] [--dir D] [--cluster-id ID]\n" +
        "\n" +
        "Prints one line per member: member <id> <endpoint> pid <pid> cluster <id> LEADER|FOLLOWER|CANDIDATE,\n" +
        "or member <id> <endpoint> UNREACHABLE. Exits 0 when exactly one member leads and every member that\n" +
        "answered belongs to the expected cluster; 1 otherwise.\n" +
        "\n" +
        "  host:port,...      the members (the memfabric.cluster=... line 'cluster start' prints); default: the\n" +
        "                     cluster running from --dir, else -Dmemfabric.cluster, else $MEMFABRIC_CLUSTER\n" +
        "  --dir D            a directory 'cluster start' runs a cluster from: its members and its cluster id\n" +
        "  --cluster-id ID    the cluster id the members must report (default: the one in --dir; without\n" +
        "                     either, the members must all report the same one)\n" +
        "  --help             print this and exit\n";

    private static final int TIMEOUT_MS = 1000;

    private ClusterStatus()
    {
    }

    /**
     * @param endpoints the cluster.
     * @return one line per member, as the member sent it (its role last), or {@code UNREACHABLE}.
     */
    public static List<String> query(final ClusterEndpoints endpoints)
    {
        final List<String> lines = new ArrayList<>();
        for (final MemberStatus status : probe(endpoints))
        {
            lines.add(status.toString());
        }
        return lines;
    }

    /**
     * @param endpoints the cluster.
     * @return what each member answered, by member id.
     */
    public static List<MemberStatus> probe(final ClusterEndpoints endpoints)
    {
        final List<MemberStatus> statuses = new ArrayList<>();
        for (int id = 0; id < endpoints.size(); id++)
        {
            statuses.add(probe(endpoints, id));
        }
        return statuses;
    }

    static MemberStatus probe(final ClusterEndpoints endpoints, final int id)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(endpoints.host(id), endpoints.statusPort(id)), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            final String line = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return line == null ? MemberStatus.unreachable(id, endpoints.ingress(id)) :
                MemberStatus.parse(id, endpoints.ingress(id), line);
        }
        catch (final IOException ex)
        {
            return MemberStatus.unreachable(id, endpoints.ingress(id));
        }
    }

    /**
     * @param statuses   what the members answered.
     * @param expectedId the cluster they must belong to, or {@code null} for whichever they agree on.
     * @param source     where the expected id came from, for the message.
     * @return why these answers are not all from the expected cluster, or {@code null} if they are.
     */
    static String strangers(final List<MemberStatus> statuses, final String expectedId, final String source)
    {
        final StringBuilder problems = new StringBuilder();
        if (expectedId != null)
        {
            for (final MemberStatus status : statuses)
            {
                if (MemberStatus.UNRECOGNISED.equals(status.role()))
                {
                    problems.append("\n  member ").append(status.memberId()).append(" at ").append(status.endpoint())
                        .append(": something that is not a MemberFabric member answers on its status port");
                }
                else if (status.answered() && !expectedId.equals(status.clusterId()))
                {
                    problems.append("\n  member ").append(status.memberId()).append(" at ").append(status.endpoint())
                        .append(" (pid ").append(status.pid()).append(") belongs to cluster ")
                        .append(status.clusterId() == null ? "(none given)" : status.clusterId());
                }
            }
            return problems.length() == 0 ? null : "not the cluster expected: " + expectedId + " (" + source + ")" +
                problems + "\nAnother cluster is using these ports; stop it, or give this cluster other ports " +
                "(cluster start --port).";
        }
        final Set<String> ids = new TreeSet<>();
        for (final MemberStatus status : statuses)
        {
            if (status.answered())
            {
                ids.add(String.valueOf(status.clusterId()));
            }
            if (MemberStatus.UNRECOGNISED.equals(status.role()))
            {
                return "member " + status.memberId() + " at " + status.endpoint() + ": something that is not a " +
                    "MemberFabric member answers on its status port";
            }
        }
        return ids.size() <= 1 ? null : "the members belong to different clusters " + ids + "; give each member of " +
            "one cluster the same --cluster-id, and different clusters different ports";
    }

    /**
     * @param args {@code [members] [--dir D] [--cluster-id ID]}; the members default to those of the cluster
     *             running from {@code --dir}, else the system property {@code memfabric.cluster}, else the
     *             environment variable {@code MEMFABRIC_CLUSTER}.
     */
    public static void main(final String[] args)
    {
        String spec;
        String expectedId;
        String source;
        final ClusterEndpoints endpoints;
        try
        {
            final CommandLine line = CommandLine.parse("cluster status", args, Set.of("--dir", "--cluster-id"),
                Set.of(), 1);
            if (line.help())
            {
                CommandLine.exitWithUsage(USAGE);
            }
            spec = line.operands().isEmpty() ? null : line.operands().get(0);
            expectedId = line.get("--cluster-id", null);
            source = "--cluster-id";
            if (expectedId != null)
            {
                ClusterId.check(expectedId);
            }
            final String dirName = line.get("--dir", null);
            if (dirName != null)
            {
                final File dir = new File(dirName).getAbsoluteFile();
                final PidFile pids = readPidFile(dir);
                if (pids == null)
                {
                    System.err.println("fabric: cluster status: no cluster runs from " + dir + " (it has no " +
                        PidFile.FILE_NAME + "); start one with ./fabric cluster start --dir " + dirName);
                    System.exit(1);
                    return;
                }
                spec = spec == null ? pids.cluster() : spec;
                if (expectedId == null)
                {
                    expectedId = pids.clusterId();
                    source = "the cluster started in " + dir;
                }
            }
            spec = spec != null ? spec : System.getProperty("memfabric.cluster", System.getenv("MEMFABRIC_CLUSTER"));
            if (spec == null)
            {
                throw new IllegalArgumentException("cluster status: which cluster? Give its members " +
                    "(host:port,..., the memfabric.cluster=... line 'cluster start' prints), --dir D, or set " +
                    "MEMFABRIC_CLUSTER");
            }
            endpoints = ClusterEndpoints.parse(spec);
        }
        catch (final IllegalArgumentException ex)
        {
            CommandLine.exitWithUsageError(ex.getMessage(), USAGE);
            return;
        }

        final List<MemberStatus> statuses = probe(endpoints);
        int leaders = 0;
        for (final MemberStatus status : statuses)
        {
            System.out.println(status);
            leaders += status.isLeader() ? 1 : 0;
        }
        System.out.flush();
        final String strangers = strangers(statuses, expectedId, source);
        if (strangers != null)
        {
            System.err.println("fabric: cluster status: " + strangers);
            System.exit(1);
        }
        if (leaders != 1)
        {
            System.err.println("fabric: cluster status: " + (leaders == 0 ? "no member leads (yet?)" :
                leaders + " members say they lead"));
            System.exit(1);
        }
        System.exit(0);
    }

    private static PidFile readPidFile(final File dir)
    {
        try
        {
            return PidFile.read(dir.toPath());
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cluster status: " + ex.getMessage());
        }
    }
}
