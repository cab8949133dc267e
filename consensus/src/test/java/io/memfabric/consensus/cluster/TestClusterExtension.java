/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.aeron.cluster.service.Cluster;
import io.memfabric.consensus.FabricClusteredService;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import org.agrona.IoUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A consensus cluster inside the test JVM, started before each test and stopped after it, with its own directories
 * and ports so tests run in any order. Register with {@code @RegisterExtension final TestClusterExtension cluster =
 * new TestClusterExtension(3);}.
 */
public final class TestClusterExtension implements BeforeEachCallback, AfterEachCallback
{
    private static final File ROOT = new File("target/test-clusters");

    private final int size;
    private final List<ConsensusClient> clients = new ArrayList<>();
    private ClusterMember[] members;
    private ClusterEndpoints endpoints;
    private File dir;

    public TestClusterExtension(final int size)
    {
        this.size = size;
    }

    public void beforeEach(final ExtensionContext context) throws Exception
    {
        dir = new File(ROOT, context.getRequiredTestMethod().getName() + "-" + System.nanoTime());
        endpoints = ClusterEndpoints.local("localhost", TestPorts.freeBasePort(21000, size), size);
        members = new ClusterMember[size];
        for (int id = 0; id < size; id++)
        {
            members[id] = launch(id, true);
        }
    }

    public void afterEach(final ExtensionContext context)
    {
        for (final ConsensusClient client : clients)
        {
            client.close();
        }
        clients.clear();
        for (int id = 0; id < size; id++)
        {
            stop(id);
        }
        IoUtil.delete(dir, true);
    }

    public ClusterEndpoints endpoints()
    {
        return endpoints;
    }

    public ClusterMember member(final int id)
    {
        return members[id];
    }

    public FabricClusteredService service(final int id)
    {
        return (FabricClusteredService)members[id].service();
    }

    /**
     * Waits for a leader.
     *
     * @param timeoutMs bound.
     * @return the leader.
     */
    public ClusterMember awaitLeader(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline)
        {
            for (final ClusterMember member : members)
            {
                if (member != null && member.role() == Cluster.Role.LEADER)
                {
                    return member;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no leader within " + timeoutMs + " ms");
    }

    /**
     * Stops a member abruptly (its process stays; its agents stop).
     *
     * @param id the member.
     */
    public void stop(final int id)
    {
        if (members[id] != null)
        {
            members[id].close();
            members[id] = null;
        }
    }

    /**
     * Starts a stopped member again from its directory: it recovers from its snapshot and log.
     *
     * @param id the member.
     */
    public void restart(final int id)
    {
        members[id] = launch(id, false);
    }

    /**
     * @param config settings beyond the endpoints, or a new config.
     * @return a client, closed after the test.
     */
    public ConsensusClient newClient(final ClientConfig config)
    {
        return newClient(config, reply -> { });
    }

    /**
     * @param config settings beyond the endpoints, or a new config.
     * @param pushes receives what the cluster pushes to this client.
     * @return a client, closed after the test.
     */
    public ConsensusClient newClient(
        final ClientConfig config, final java.util.function.Consumer<ConsensusClient.Reply> pushes)
    {
        final ConsensusClient client = ConsensusClient.start(config.endpoints(endpoints), pushes);
        clients.add(client);
        return client;
    }

    private ClusterMember launch(final int id, final boolean clean)
    {
        return ClusterMember.launch(new MemberConfig()
            .memberId(id)
            .endpoints(endpoints)
            .dir(new File(dir, "member-" + id))
            .aeronDir(new File(dir, "aeron-" + id).getAbsolutePath())
            .cleanStart(clean), () -> new FabricClusteredService(id));
    }
}
