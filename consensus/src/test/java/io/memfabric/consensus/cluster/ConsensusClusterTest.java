/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.memfabric.FabricException;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.ConsensusException;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service and client over a real 3-member Aeron Cluster in this JVM.
 */
@Timeout(60)
class ConsensusClusterTest
{
    private static final long WAIT_S = 20;

    @RegisterExtension
    final TestClusterExtension cluster = new TestClusterExtension(3);

    @Test
    void onlyOneClientHoldsALockAtATimeAndTheNextGetsItOnRelease() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus a = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final FabricConsensus b = new FabricConsensus(cluster.newClient(new ClientConfig()));

        final FabricConsensus.LockGrant first = get(a.lock(7, 1, -1));
        assertTrue(first.granted());
        assertFalse(get(b.lock(7, 1, 0)).granted(), "a try by another client fails while the lock is held");

        final CompletableFuture<FabricConsensus.LockGrant> waiting = b.lock(7, 1, -1);
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "the waiter is queued, not granted");

        assertEquals(0, get(a.unlock(7, 1)));
        final FabricConsensus.LockGrant second = get(waiting);
        assertTrue(second.granted());
        assertTrue(second.fencingToken() > first.fencingToken(), "fencing tokens increase with every grant");
    }

    @Test
    void everyMemberReadsFromTheLogThatItIsWrittenInThisWireVersion() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus client = new FabricConsensus(cluster.newClient(new ClientConfig()));
        assertTrue(get(client.lock(3, 1, -1)).granted());
        for (int id = 0; id < 3; id++)
        {
            // The leadership term in the log carries the members' app version; a follower may apply it a moment later.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (cluster.service(id).stateMachine().wireVersion() != Wire.VERSION && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(Wire.VERSION, cluster.service(id).stateMachine().wireVersion(), "member " + id);
        }
    }

    @Test
    void clientThatClosesCleanlyReleasesItsLocksAtOnce() throws Exception
    {
        cluster.awaitLeader(10_000);
        final ConsensusClient holder = cluster.newClient(new ClientConfig().leaseTtlMs(600_000));
        final FabricConsensus b = new FabricConsensus(cluster.newClient(new ClientConfig()));
        assertTrue(get(new FabricConsensus(holder).lock(11, 1, -1)).granted());

        holder.close();

        assertTrue(get(b.lock(11, 1, -1)).granted(), "released by DISCONNECT, not after the 10-minute lease");
    }

    @Test
    void writeWithAStaleFencingTokenIsRejected() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus a = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final FabricConsensus b = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final long object = get(a.root("fabric://test/account"));

        final FabricConsensus.LockGrant old = get(a.lock(1, 1, -1));
        get(a.writeLong(1, old.fencingToken(), object, 0, 100));
        get(a.unlock(1, 1));
        final FabricConsensus.LockGrant current = get(b.lock(1, 1, -1));
        get(b.writeLong(1, current.fencingToken(), object, 0, 200));

        final ExecutionException stale = assertThrows(ExecutionException.class,
            () -> a.writeLong(1, old.fencingToken(), object, 0, 999).get(WAIT_S, TimeUnit.SECONDS));
        assertInstanceOf(ConsensusException.class, stale.getCause());
        assertEquals(ConsensusException.Reason.STALE_TOKEN, ((ConsensusException)stale.getCause()).reason());
        assertEquals(FabricException.Category.LOST, ((ConsensusException)stale.getCause()).category());
        assertEquals(200L, get(b.readLong(object, 0)));
    }

    @Test
    void rootIsCreatedOnceWhoeverAsks() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus a = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final FabricConsensus b = new FabricConsensus(cluster.newClient(new ClientConfig()));

        assertEquals(get(a.root("fabric://test/board")), get(b.root("fabric://test/board")));
    }

    @Test
    void restartedMemberRecoversToTheSameStateAsTheOthers() throws Exception
    {
        final ClusterMember leader = cluster.awaitLeader(10_000);
        final FabricConsensus client = new FabricConsensus(cluster.newClient(new ClientConfig()));
        final long object = get(client.root("fabric://test/snapshot"));
        for (int i = 0; i < 20; i++)
        {
            get(client.writeLong(0, 0, object, i % 4, i));
        }
        get(client.lock(3, 9, -1));
        assertTrue(leader.requestSnapshot());
        Thread.sleep(500);
        for (int i = 20; i < 40; i++)
        {
            get(client.writeLong(0, 0, object, i % 4, i));
        }
        final int follower = (leader.memberId() + 1) % 3;

        cluster.stop(follower);
        get(client.writeLong(0, 0, object, 5, 555));
        cluster.restart(follower);
        get(client.writeLong(0, 0, object, 6, 666));

        awaitSameDigest(5_000);
    }

    @Test
    void malformedInputGetsAnErrorAndIsCountedWithoutHarmingTheService() throws Exception
    {
        cluster.awaitLeader(10_000);
        final FabricConsensus client = new FabricConsensus(cluster.newClient(new ClientConfig()));
        // The ERROR replies come back on this session's egress: without a listener, polling them throws (when they
        // arrive before the loop below ends, which made this test fail now and then).
        try (AeronCluster raw = AeronCluster.connect(new AeronCluster.Context()
            .egressListener((sessionId, timestamp, buffer, offset, length, header) -> { })
            .aeronDirectoryName(cluster.member(0).aeronDirectory())
            .ingressChannel("aeron:udp?term-length=1m")
            .ingressEndpoints(cluster.endpoints().aeronIngressEndpoints())
            .egressChannel("aeron:udp?endpoint=localhost:0")))
        {
            final UnsafeBuffer garbage = new UnsafeBuffer(new byte[]{ 1, 2, 3 });
            final UnsafeBuffer unknown = new UnsafeBuffer(new byte[16]);
            new MessageHeaderEncoder().wrap(unknown, 0)
                .blockLength(16 - Wire.HEADER_LENGTH).templateId(4242).schemaId(Wire.SCHEMA_ID).version(Wire.VERSION);
            while (raw.offer(garbage, 0, 3) < 0)
            {
                raw.pollEgress();
            }
            while (raw.offer(unknown, 0, 16) < 0)
            {
                raw.pollEgress();
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cluster.service(0).stateMachine().malformedMessages() < 2 && System.nanoTime() < deadline)
            {
                raw.pollEgress();
                Thread.sleep(10);
            }
        }

        for (int id = 0; id < 3; id++)
        {
            assertEquals(2, cluster.service(id).stateMachine().malformedMessages(), "member " + id);
        }
        assertEquals(get(client.root("fabric://test/still-serving")), get(client.root("fabric://test/still-serving")));
    }

    private void awaitSameDigest(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String digests = "";
        while (System.nanoTime() < deadline)
        {
            final long d0;
            final long d1;
            final long d2;
            try
            {
                // Read from this thread while the service threads run: a torn read just means "not yet".
                d0 = cluster.service(0).stateMachine().stateDigest();
                d1 = cluster.service(1).stateMachine().stateDigest();
                d2 = cluster.service(2).stateMachine().stateDigest();
            }
            catch (final RuntimeException ex)
            {
                Thread.sleep(50);
                continue;
            }
            digests = Long.toHexString(d0) + " " + Long.toHexString(d1) + " " + Long.toHexString(d2);
            if (d0 == d1 && d1 == d2)
            {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("members did not converge to the same state: " + digests);
    }

    private static <T> T get(final CompletableFuture<T> future)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        return future.get(WAIT_S, TimeUnit.SECONDS);
    }
}
