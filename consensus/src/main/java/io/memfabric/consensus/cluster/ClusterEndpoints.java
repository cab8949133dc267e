/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the members of a cluster listen. Each member is named by one {@code host:port}, its base port; its other
 * endpoints are fixed offsets from it, so one short list describes the whole cluster and is also what clients are
 * given ({@code memfabric.cluster}):
 * <pre>
 *   base + 0  ingress (clients)        base + 3  follower catch-up
 *   base + 1  consensus (members)      base + 4  archive control
 *   base + 2  log replication          base + 5  status (./fabric cluster status)
 * </pre>
 */
public final class ClusterEndpoints
{
    /**
     * Ports a member uses from its base port on.
     */
    public static final int PORTS_PER_MEMBER = 6;

    private final List<String> hosts;
    private final int[] basePorts;

    private ClusterEndpoints(final List<String> hosts, final int[] basePorts)
    {
        this.hosts = hosts;
        this.basePorts = basePorts;
    }

    /**
     * @param spec {@code host:port,host:port,...}, one base endpoint per member, member ids 0, 1, 2... in order.
     * @return the endpoints.
     * @throws IllegalArgumentException naming the bad entry.
     */
    public static ClusterEndpoints parse(final String spec)
    {
        if (spec == null || spec.trim().isEmpty())
        {
            throw new IllegalArgumentException("no cluster members given; expected host:port,host:port,host:port " +
                "(each member's base port), e.g. localhost:20000,localhost:20100,localhost:20200");
        }
        final List<String> hosts = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        for (final String raw : spec.split(","))
        {
            final String entry = raw.trim();
            final int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1 || !entry.substring(colon + 1).chars().allMatch(Character::isDigit))
            {
                throw new IllegalArgumentException("cluster member '" + entry + "' in '" + spec + "' is not " +
                    "host:port; give each member's base port, e.g. localhost:20000");
            }
            final int port = Integer.parseInt(entry.substring(colon + 1));
            if (port < 1 || port + PORTS_PER_MEMBER - 1 > 65535)
            {
                throw new IllegalArgumentException("cluster member '" + entry + "': base port " + port +
                    " must leave room for " + PORTS_PER_MEMBER + " ports below 65536");
            }
            hosts.add(entry.substring(0, colon));
            ports.add(port);
        }
        final int[] basePorts = ports.stream().mapToInt(Integer::intValue).toArray();
        return new ClusterEndpoints(List.copyOf(hosts), basePorts);
    }

    /**
     * @param host      the host of every member.
     * @param firstPort the base port of member 0; member i uses {@code firstPort + 100 * i}.
     * @param members   how many members.
     * @return the endpoints.
     */
    public static ClusterEndpoints local(final String host, final int firstPort, final int members)
    {
        final StringBuilder spec = new StringBuilder();
        for (int i = 0; i < members; i++)
        {
            spec.append(i == 0 ? "" : ",").append(host).append(':').append(firstPort + 100 * i);
        }
        return parse(spec.toString());
    }

    /**
     * @return the number of members.
     */
    public int size()
    {
        return basePorts.length;
    }

    /**
     * @param memberId a member.
     * @return its host.
     */
    public String host(final int memberId)
    {
        return hosts.get(memberId);
    }

    /**
     * @param memberId a member.
     * @return its ingress endpoint, where clients connect.
     */
    public String ingress(final int memberId)
    {
        return endpoint(memberId, 0);
    }

    /**
     * @param memberId a member.
     * @return its archive control endpoint.
     */
    public String archive(final int memberId)
    {
        return endpoint(memberId, 4);
    }

    /**
     * @param memberId a member.
     * @return the TCP port of its status responder.
     */
    public int statusPort(final int memberId)
    {
        return basePorts[memberId] + 5;
    }

    /**
     * @return the cluster as Aeron Cluster's {@code clusterMembers} setting:
     * {@code id,ingress,consensus,log,catchup,archive|...}.
     */
    public String aeronClusterMembers()
    {
        final StringBuilder members = new StringBuilder();
        for (int id = 0; id < size(); id++)
        {
            members.append(id == 0 ? "" : "|").append(id)
                .append(',').append(endpoint(id, 0))
                .append(',').append(endpoint(id, 1))
                .append(',').append(endpoint(id, 2))
                .append(',').append(endpoint(id, 3))
                .append(',').append(endpoint(id, 4));
        }
        return members.toString();
    }

    /**
     * @return the clients' ingress endpoints as Aeron Cluster's {@code ingressEndpoints}: {@code 0=h:p,1=h:p,...}.
     */
    public String aeronIngressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int id = 0; id < size(); id++)
        {
            endpoints.append(id == 0 ? "" : ",").append(id).append('=').append(ingress(id));
        }
        return endpoints.toString();
    }

    /**
     * @return the {@code memfabric.cluster} value clients are given: each member's base {@code host:port}.
     */
    public String clientSetting()
    {
        final StringBuilder setting = new StringBuilder();
        for (int id = 0; id < size(); id++)
        {
            setting.append(id == 0 ? "" : ",").append(ingress(id));
        }
        return setting.toString();
    }

    private String endpoint(final int memberId, final int offset)
    {
        return hosts.get(memberId) + ":" + (basePorts[memberId] + offset);
    }
}
