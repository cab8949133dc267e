/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STRONG object state through the client over a real 3-member cluster: batches, reads with leases and invalidation,
 * CAS, id allocation and membership pushes.
 */
@Timeout(60)
class ConsensusObjectsTest
{
    @RegisterExtension
    final TestClusterExtension cluster = new TestClusterExtension(3);

    @Test
    void writeToAnObjectAnotherClientHoldsALeaseOnWaitsForItsInvalidationAck() throws Exception
    {
        cluster.awaitLeader(10_000);
        final LinkedBlockingQueue<FabricConsensus.Invalidation> invalidations = new LinkedBlockingQueue<>();
        final FabricConsensus writer = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final FabricConsensus reader = new FabricConsensus(cluster.newClient(new ClientConfig(), push ->
        {
            final FabricConsensus.Invalidation invalidation = FabricConsensus.invalidation(push);
            if (invalidation != null)
            {
                invalidations.add(invalidation);
            }
        }));
        final long object = get(writer.root("fabric://objects/leased"));
        get(writer.writeLong(0, 0, object, 0, 1));
        final FabricConsensus.ObjectState cached = get(reader.readAll(object, 30_000));
        assertTrue(cached.readLeaseExpiresAtMs() > 0, "the reader holds a read lease");

        final CompletableFuture<Long> write = writer.writeLong(0, 0, object, 0, 2);
        final FabricConsensus.Invalidation invalidation = invalidations.poll(10, TimeUnit.SECONDS);
        assertNotNull(invalidation, "the lease holder was told to drop its copy");
        assertEquals(object, invalidation.objectId());
        Thread.sleep(300);
        assertFalse(write.isDone(), "the write is not acknowledged while a lease holder may still serve the old value");

        reader.invalidateAck(invalidation.objectId(), invalidation.leaseId());

        get(write);
        assertEquals(SlotValue.ofLong(2), get(reader.readAll(object, 0)).slots().get(0));
    }

    @Test
    void batchIsAppliedAtomicallyAndReadBackWhole() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus client = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final long first = get(client.allocateIds(2));

        get(client.write(0, 0, List.of(
            new FabricConsensus.Entry(first, 0, SlotValue.ofString("board")),
            new FabricConsensus.Entry(first, 1, SlotValue.ofRef(first + 1)),
            new FabricConsensus.Entry(first + 1, 0, SlotValue.ofLong(-7)),
            new FabricConsensus.Entry(first + 1, 2, SlotValue.nullValue()))));

        assertEquals(List.of(SlotValue.ofString("board"), SlotValue.ofRef(first + 1)),
            get(client.readAll(first, 0)).slots());
        assertEquals(SlotValue.ofLong(-7), get(client.readAll(first + 1, 0)).slots().get(0));
    }

    @Test
    void casSetsOnlyFromTheExpectedValue() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus client = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final long object = get(client.root("fabric://objects/cas"));

        final FabricConsensus.CasOutcome set = get(client.cas(0, 0, object, 0, SlotValue.nullValue(),
            SlotValue.ofLong(5)));
        final FabricConsensus.CasOutcome refused = get(client.cas(0, 0, object, 0, SlotValue.nullValue(),
            SlotValue.ofLong(6)));

        assertTrue(set.success());
        assertFalse(refused.success());
        assertEquals(SlotValue.ofLong(5), refused.current());
    }

    @Test
    void idRangesOfDifferentClientsNeverOverlap() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus a = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final FabricConsensus b = new FabricConsensus(cluster.newClient(new ClientConfig()));

        final long fromA = get(a.allocateIds(100));
        final long fromB = get(b.allocateIds(100));

        assertTrue(fromA + 100 <= fromB || fromB + 100 <= fromA, fromA + " and " + fromB + " overlap");
    }

    @Test
    void registeredNodesReceiveEveryMembershipChange() throws Exception
    {
        cluster.awaitLeader(10_000);
        final List<FabricConsensus.Membership> seenByFirst = new CopyOnWriteArrayList<>();
        final ConsensusClient firstClient = cluster.newClient(new ClientConfig(), push ->
        {
            final FabricConsensus.Membership membership = FabricConsensus.membership(push);
            if (membership != null)
            {
                seenByFirst.add(membership);
            }
        });
        final FabricConsensus first = new FabricConsensus(firstClient);
        final FabricConsensus second = new FabricConsensus(cluster.newClient(new ClientConfig()));

        final FabricConsensus.NodeRegistration one = get(first.registerNode("agent-host-1", "localhost:40001"));
        final FabricConsensus.NodeRegistration two = get(second.registerNode("agent-host-2", "localhost:40002"));

        assertTrue(two.epoch() > one.epoch());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline &&
            (seenByFirst.isEmpty() || seenByFirst.get(seenByFirst.size() - 1).epoch() < two.epoch()))
        {
            Thread.sleep(10);
        }
        final FabricConsensus.Membership latest = seenByFirst.get(seenByFirst.size() - 1);
        assertEquals(two.epoch(), latest.epoch());
        assertEquals(List.of(one.nodeId(), two.nodeId()),
            latest.nodes().stream().map(FabricConsensus.Membership.Node::nodeId).toList());
        for (final long owner : latest.shardOwners())
        {
            assertTrue(owner == one.nodeId() || owner == two.nodeId());
        }
    }

    private static <T> T get(final CompletableFuture<T> future) throws Exception
    {
        return future.get(20, TimeUnit.SECONDS);
    }
}
