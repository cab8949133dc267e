/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasResultEncoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorEncoder;
import io.memfabric.consensus.protocol.LockTimeoutEncoder;
import io.memfabric.consensus.protocol.MembershipEncoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.ObjectGraphEncoder;
import io.memfabric.consensus.protocol.ObjectValuesEncoder;
import io.memfabric.consensus.protocol.ValueMessageEncoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckEncoder;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.consensus.wire.Wtf8;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replies and pushes of wire version 2, built with the generated encoders and handed to the client's egress handling:
 * what {@link FabricConsensus} makes of them. No cluster runs.
 */
class ClientRepliesTest
{
    private final List<FabricConsensus.Membership> memberships = new ArrayList<>();
    private final CounterSet<NodeCounter> counters = CounterSet.inMemory(NodeCounter.class);
    private final ConsensusClient client = new ConsensusClient(new ClientConfig()
        .endpoints(ClusterEndpoints.parse("localhost:20000"))
        .egressChannel("aeron:udp?endpoint=localhost:0"), push ->
        {
            final FabricConsensus.Membership membership = FabricConsensus.membership(push);
            if (membership != null)
            {
                memberships.add(membership);
            }
        }, counters);
    private final FabricConsensus consensus = new FabricConsensus(client);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @AfterEach
    void close()
    {
        client.close();
    }

    @Test
    void anObjectGraphComesBackObjectByObjectSlotBySlot()
    {
        final CompletableFuture<List<FabricConsensus.ObjectState>> read = consensus.readGraph(List.of(1L), 500, 4096);
        final long requestId = lastRequestId();
        client.drainSubmissions();

        final byte[] text = Wtf8.encode("a\uD800b");
        final ObjectGraphEncoder graph = new ObjectGraphEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId);
        final ObjectGraphEncoder.ObjectsEncoder objects = graph.objectsCount(2);
        objects.next().objectId(1).version(3).readLeaseExpiresAtMs(700).slotsCount(2)
            .next().tag(ValueTag.REF).bits(2).putBytes(new byte[0], 0, 0)
            .next().tag(ValueTag.BYTES).bits(0).putBytes(text, 0, text.length);
        objects.next().objectId(2).version(4).readLeaseExpiresAtMs(800).slotsCount(1)
            .next().tag(ValueTag.NULL).bits(0).putBytes(new byte[0], 0, 0);
        client.onEgress(buffer, 0, Wire.length(graph));

        assertEquals(List.of(
            new FabricConsensus.ObjectState(1, 3, 700, List.of(SlotValue.ofRef(2), SlotValue.ofString("a\uD800b"))),
            new FabricConsensus.ObjectState(2, 4, 800, List.of(SlotValue.nullValue()))), read.getNow(null));
    }

    @Test
    void anOwnedAnswerIsNotTheOutcomeTheRequestGoesAgainUnderANewId()
    {
        final CompletableFuture<FabricConsensus.ObjectState> read = consensus.readAll(5, 0);
        final long first = lastRequestId();
        client.drainSubmissions();

        final ErrorEncoder owned = new ErrorEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(first).code(ErrorCode.OWNED).message("owned by another client");
        client.onEgress(buffer, 0, Wire.length(owned));
        assertTrue(!read.isDone(), "refused as OWNED: the request waits to go again");
        assertEquals(1, counters.get(NodeCounter.OWNED_RETRIES));

        final long again = lastRequestId();
        final ObjectValuesEncoder values = new ObjectValuesEncoder();
        values.wrapAndApplyHeader(buffer, 0, header).requestId(first).objectId(5).version(1).readLeaseExpiresAtMs(0)
            .slotsCount(0);
        client.onEgress(buffer, 0, Wire.length(values));
        assertTrue(!read.isDone(), "an answer to the old id is not the request's any more");
        values.wrapAndApplyHeader(buffer, 0, header).requestId(again).objectId(5).version(2).readLeaseExpiresAtMs(0)
            .slotsCount(0);
        client.onEgress(buffer, 0, Wire.length(values));
        assertEquals(new FabricConsensus.ObjectState(5, 2, 0, List.of()), read.getNow(null));
    }

    @Test
    void aWriteThatAsksToOwnSaysWhetherTheClustersWireVersionHasOwnedObjects()
    {
        final List<FabricConsensus.Entry> entries = List.of(new FabricConsensus.Entry(5, 0, SlotValue.ofLong(1)));
        final CompletableFuture<Long> owning = consensus.write(9, 3, entries, true, List.of());
        final long requestId = lastRequestId();
        final CompletableFuture<Long> older = consensus.write(9, 3, entries, true, List.of());
        final long olderId = lastRequestId();
        client.drainSubmissions();

        client.onEgress(buffer, 0, Wire.length(new WriteAckEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId).version(12)));
        assertEquals(12L, owning.getNow(null));
        new WriteAckEncoder().wrapAndApplyHeader(buffer, 0, header).requestId(olderId).version(13);
        buffer.putShort(MessageHeaderEncoder.versionEncodingOffset(), (short)3, LITTLE_ENDIAN);
        client.onEgress(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + WriteAckEncoder.BLOCK_LENGTH);
        assertEquals(-13L, older.getNow(null), "answered in wire version 3: nothing is owned");
    }

    @Test
    void aCasResultCarriesTheSlotsValueNow()
    {
        final CompletableFuture<FabricConsensus.CasOutcome> cas = consensus.cas(0, 0, 5, 0, SlotValue.nullValue(),
            SlotValue.ofString("x"));
        final long requestId = lastRequestId();
        client.drainSubmissions();

        final byte[] current = Wtf8.encode("y");
        final CasResultEncoder result = new CasResultEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId)
            .version(12)
            .success(BooleanType.FALSE)
            .currentTag(ValueTag.BYTES)
            .currentBits(0)
            .putCurrentBytes(current, 0, current.length);
        client.onEgress(buffer, 0, Wire.length(result));

        assertEquals(new FabricConsensus.CasOutcome(false, 12, SlotValue.ofString("y")), cas.getNow(null));
    }

    @Test
    void aLockWhoseWaitRanOutIsNotGranted()
    {
        final CompletableFuture<FabricConsensus.LockGrant> lock = consensus.lock(9, 1, 10);
        final long requestId = lastRequestId();
        client.drainSubmissions();

        final LockTimeoutEncoder timeout = new LockTimeoutEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId)
            .lockId(9);
        client.onEgress(buffer, 0, Wire.length(timeout));

        assertEquals(new FabricConsensus.LockGrant(false, 9, 0, 0), lock.getNow(null));
    }

    @Test
    void aSlotValueWithATagThisClientDoesNotKnowFailsTheRequest()
    {
        final CompletableFuture<Long> read = consensus.readLong(5, 0);
        final long requestId = lastRequestId();
        client.drainSubmissions();

        final ValueMessageEncoder value = new ValueMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId)
            .objectId(5)
            .version(1)
            .readLeaseExpiresAtMs(0)
            .slot(0)
            .tag(ValueTag.LONG)
            .bits(3)
            .putBytes(new byte[0], 0, 0);
        buffer.putByte(Wire.HEADER_LENGTH + ValueMessageEncoder.tagEncodingOffset(), (byte)9);
        client.onEgress(buffer, 0, Wire.length(value));

        final ExecutionException failure = assertThrows(ExecutionException.class, read::get);
        final IllegalStateException unknown = assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(unknown.getMessage().contains("tag 9"), unknown.getMessage());
    }

    @Test
    void aReplyCutShortFailsTheRequestAsMalformed()
    {
        final CompletableFuture<FabricConsensus.ObjectState> read = consensus.readAll(5, 0);
        final long requestId = lastRequestId();
        client.drainSubmissions();

        final ObjectValuesEncoder values = new ObjectValuesEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId)
            .objectId(5)
            .version(1)
            .readLeaseExpiresAtMs(0);
        values.slotsCount(2)
            .next().tag(ValueTag.LONG).bits(1).putBytes(new byte[0], 0, 0)
            .next().tag(ValueTag.LONG).bits(2).putBytes(new byte[0], 0, 0);
        client.onEgress(buffer, 0, Wire.length(values) - 6);

        final ExecutionException failure = assertThrows(ExecutionException.class, read::get);
        final IllegalStateException malformed = assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(malformed.getMessage().contains("malformed reply"), malformed.getMessage());
        assertEquals(1, counters.get(NodeCounter.MALFORMED));
    }

    @Test
    void aMembershipPushListsShardsAndNodes()
    {
        final MembershipEncoder membership = new MembershipEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(6);
        membership.shardsCount(3).next().ownerNodeId(1).next().ownerNodeId(0).next().ownerNodeId(2);
        membership.nodesCount(2)
            .next().nodeId(1).nodeName("one").dataEndpoint("h1:1")
            .next().nodeId(2).nodeName("twö").dataEndpoint("");
        client.onEgress(buffer, 0, Wire.length(membership));

        assertEquals(1, memberships.size());
        final FabricConsensus.Membership pushed = memberships.get(0);
        assertEquals(6, pushed.epoch());
        assertArrayEquals(new long[] {1, 0, 2}, pushed.shardOwners());
        assertEquals(List.of(new FabricConsensus.Membership.Node(1, "one", "h1:1"),
            new FabricConsensus.Membership.Node(2, "twö", "")), pushed.nodes());
    }

    @Test
    void aPushListenerThatThrowsReachesTheErrorHandlerAndTheClientCarriesOn()
    {
        final List<Throwable> errors = new ArrayList<>();
        final List<Long> epochs = new ArrayList<>();
        final IllegalStateException failure = new IllegalStateException("the listener failed");
        final ConsensusClient failing = new ConsensusClient(new ClientConfig()
            .endpoints(ClusterEndpoints.parse("localhost:20000"))
            .egressChannel("aeron:udp?endpoint=localhost:0")
            .errorHandler(errors::add), push ->
            {
                final FabricConsensus.Membership membership = FabricConsensus.membership(push);
                epochs.add(membership.epoch());
                if (membership.epoch() == 1)
                {
                    throw failure;
                }
            }, CounterSet.inMemory(NodeCounter.class));
        try
        {
            for (int epoch = 1; epoch <= 2; epoch++)
            {
                final MembershipEncoder membership =
                    new MembershipEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(epoch);
                membership.shardsCount(0);
                membership.nodesCount(0);
                failing.onEgress(buffer, 0, Wire.length(membership));
            }

            assertEquals(List.of(1L, 2L), epochs);
            assertEquals(List.of(failure), errors);
        }
        finally
        {
            failing.close();
        }
    }

    // Ids increase by one per request: the one after the last is the next.
    private long lastRequestId()
    {
        return client.nextRequestId() - 1;
    }
}
