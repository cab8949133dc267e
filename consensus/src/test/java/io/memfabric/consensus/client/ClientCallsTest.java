/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricException;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.ConnectedEncoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorEncoder;
import io.memfabric.consensus.protocol.InvalidateEncoder;
import io.memfabric.consensus.protocol.LockGrantedEncoder;
import io.memfabric.consensus.protocol.LockReleasedEncoder;
import io.memfabric.consensus.protocol.LockTimeoutEncoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.ValueMessageEncoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckEncoder;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;
import io.memfabric.consensus.wire.Wire;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocking calls of {@link FabricConsensus} ({@link ConsensusClient.Call}) and the typed push listener, with
 * replies built by the generated encoders and handed to the client's egress handling. No cluster runs.
 */
class ClientCallsTest
{
    private static final String ENDPOINTS = "localhost:20000";

    private final List<String> pushes = new ArrayList<>();
    private final CounterSet<NodeCounter> counters = CounterSet.inMemory(NodeCounter.class);
    private final ConsensusClient client = new ConsensusClient(new ClientConfig()
        .endpoints(ClusterEndpoints.parse(ENDPOINTS))
        .egressChannel("aeron:udp?endpoint=localhost:0"), FabricConsensus.pushes(new FabricConsensus.PushListener()
        {
            public void onInvalidate(final long objectId, final long leaseId)
            {
                pushes.add("invalidate " + objectId + " lease " + leaseId);
            }

            public void onConnected(final boolean resumed)
            {
                pushes.add("connected resumed=" + resumed);
            }
        }), counters);
    private final FabricConsensus consensus = new FabricConsensus(client);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @AfterEach
    void close()
    {
        client.close();
    }

    @Test
    void aGrantGivesItsFencingTokenAndAWaitThatRanOutGivesZero()
    {
        final ConsensusClient.Call granted = consensus.lockCall(7, 1, -1);
        assertFalse(granted.isDone());
        client.drainSubmissions();
        grant(lastRequestId(), 7, 42);
        assertTrue(granted.isDone());
        assertEquals(42, granted.join());

        final ConsensusClient.Call tried = consensus.lockCall(7, 1, 0);
        client.drainSubmissions();
        final LockTimeoutEncoder timeout = new LockTimeoutEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(lastRequestId())
            .lockId(7);
        client.onEgress(buffer, 0, Wire.length(timeout));
        assertEquals(0, tried.join());
    }

    @Test
    void unlockWriteAndReadGiveTheirNumbers()
    {
        final ConsensusClient.Call unlock = consensus.unlockCall(7, 1);
        client.drainSubmissions();
        final LockReleasedEncoder released = new LockReleasedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(lastRequestId())
            .lockId(7)
            .holdCount(2);
        client.onEgress(buffer, 0, Wire.length(released));
        assertEquals(2, unlock.join());

        final ConsensusClient.Call write = consensus.writeCall(7, 42, 5, 1, SlotValue.ofString("text"));
        client.drainSubmissions();
        final WriteAckEncoder ack = new WriteAckEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(lastRequestId())
            .version(11);
        client.onEgress(buffer, 0, Wire.length(ack));
        assertEquals(11, write.join());

        final ConsensusClient.Call read = consensus.readLongCall(5, 0, 0);
        client.drainSubmissions();
        value(lastRequestId(), ValueTag.LONG, -3);
        assertEquals(-3, read.join());

        final ConsensusClient.Call readText = consensus.readLongCall(5, 1, 0);
        client.drainSubmissions();
        value(lastRequestId(), ValueTag.BYTES, 0);
        assertEquals(0, readText.join(), "a slot that holds no long reads as 0, as readLong's future gives it");
    }

    @Test
    void anErrorReplyFailsTheCallWithItsCode()
    {
        final ConsensusClient.Call write = consensus.writeLongCall(7, 41, 5, 0, 9);
        client.drainSubmissions();
        final ErrorEncoder error = new ErrorEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(lastRequestId())
            .code(ErrorCode.STALE_TOKEN)
            .message("stale fencing token");
        client.onEgress(buffer, 0, Wire.length(error));

        final ConsensusException failure = assertThrows(ConsensusException.class, write::join);
        assertEquals(ConsensusException.Reason.STALE_TOKEN, failure.reason());
        assertEquals(FabricException.Category.LOST, failure.category());
        assertThrows(ConsensusException.class, write::value, "the failure stays until the slot is reused");
    }

    @Test
    void aThreadReusesItsCallAndAReplyToAnEarlierRequestDoesNotCompleteTheNextOne()
    {
        final ConsensusClient.Call first = consensus.lockCall(7, 1, -1);
        final long firstId = lastRequestId();
        client.drainSubmissions();
        grant(firstId, 7, 1);
        assertEquals(1, first.join());

        final ConsensusClient.Call second = consensus.lockCall(8, 1, -1);
        assertSame(first, second, "the thread's slot, reused");
        client.drainSubmissions();
        // A resent request is answered again from the cluster's cache: the repeat names the earlier id.
        grant(firstId, 7, 1);
        assertFalse(second.isDone());
        grant(lastRequestId(), 8, 2);
        assertEquals(2, second.join());
    }

    @Test
    void aCallStillOutGivesTheThreadsNextCallANewSlot()
    {
        final ConsensusClient.Call out = consensus.lockCall(7, 1, -1);
        final long outId = lastRequestId();
        final ConsensusClient.Call next = consensus.unlockCall(8, 1);
        assertNotSame(out, next);
        client.drainSubmissions();
        grant(outId, 7, 5);
        assertEquals(5, out.join());
        assertFalse(next.isDone());
    }

    @Test
    void anAbandonedCallHandsALateResultOverAndItsThreadGetsANewSlot()
    {
        final ConsensusClient.Call abandoned = consensus.lockCall(7, 1, -1);
        final long abandonedId = lastRequestId();
        client.drainSubmissions();
        assertFalse(abandoned.await(TimeUnit.MILLISECONDS.toNanos(10)), "no reply yet");
        final AtomicLong late = new AtomicLong();
        abandoned.abandon(late::set);
        assertThrows(IllegalStateException.class, abandoned::join);

        final ConsensusClient.Call next = consensus.unlockCall(7, 1);
        assertNotSame(abandoned, next);
        grant(abandonedId, 7, 33);
        assertEquals(33, late.get(), "given to the late action, as a future's dependent would get it");
    }

    @Test
    void anInterruptDoesNotEndTheWaitAndIsKept() throws Exception
    {
        final ConsensusClient.Call call = consensus.lockCall(7, 1, -1);
        final long requestId = lastRequestId();
        client.drainSubmissions();
        Thread.currentThread().interrupt();
        try
        {
            assertFalse(call.await(TimeUnit.MILLISECONDS.toNanos(20)));
            assertTrue(Thread.currentThread().isInterrupted());
        }
        finally
        {
            Thread.interrupted();
        }
        final Thread answerer = new Thread(() ->
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ignore)
            {
                // Answer at once.
            }
            grant(requestId, 7, 3);
        });
        answerer.start();
        assertEquals(3, call.join(), "parked until the reply came");
        answerer.join();
    }

    @Test
    void aCallToAClusterOfTheOldWireVersionFailsAsAFutureWould()
    {
        final ConsensusClient.Call call = consensus.readLongCall(5, 0, 0);
        client.drainSubmissions();

        // Version 1's ERROR: templateId 113, version 1, body length; then requestId, code, message (empty).
        final int bodyLength = Long.BYTES + 2 * Integer.BYTES;
        buffer.setMemory(0, Wire.HEADER_LENGTH + bodyLength, (byte)0);
        buffer.putShort(0, (short)113, LITTLE_ENDIAN);
        buffer.putShort(2, (short)Wire.LEGACY_VERSION, LITTLE_ENDIAN);
        buffer.putInt(4, bodyLength, LITTLE_ENDIAN);
        buffer.putLong(Wire.HEADER_LENGTH, lastRequestId(), LITTLE_ENDIAN);
        buffer.putInt(Wire.HEADER_LENGTH + Long.BYTES, 3, LITTLE_ENDIAN);
        client.onEgress(buffer, 0, Wire.HEADER_LENGTH + bodyLength);

        final ClusterVersionException failure = assertThrows(ClusterVersionException.class, call::join);
        assertEquals(FabricException.Category.REFUSED, failure.category());
        assertTrue(failure.getMessage().contains(ENDPOINTS), failure.getMessage());
        final ConsensusClient.Call later = consensus.lockCall(7, 1, 0);
        assertTrue(later.isDone(), "a call made later fails at once");
        assertSame(failure, assertThrows(ClusterVersionException.class, later::join));
    }

    @Test
    void aReplyCutShortFailsTheCallAsMalformed()
    {
        final ConsensusClient.Call cut = consensus.readLongCall(5, 0, 0);
        client.drainSubmissions();
        final ValueMessageEncoder value = new ValueMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(lastRequestId())
            .objectId(5)
            .version(1)
            .readLeaseExpiresAtMs(0)
            .slot(0)
            .tag(ValueTag.LONG)
            .bits(1)
            .putBytes(new byte[0], 0, 0);
        // Cut inside the block: the request id is there, the value's bits are not.
        assertTrue(Wire.length(value) > Wire.HEADER_LENGTH + 2 * Long.BYTES);
        client.onEgress(buffer, 0, Wire.HEADER_LENGTH + 2 * Long.BYTES);

        final IllegalStateException malformed = assertThrows(IllegalStateException.class, cut::join);
        assertTrue(malformed.getMessage().contains("malformed reply") &&
            malformed.getMessage().contains("READ object 5"), malformed.getMessage());
        assertEquals(1, counters.get(NodeCounter.MALFORMED));
    }

    @Test
    void aRequestLongerThanTheClusterTakesFailsAtOnce()
    {
        final ConsensusClient.Call call = client.call(client.nextRequestId(), "BIG ", 3, new ExpandableArrayBuffer(),
            0, ConsensusClient.MAX_REQUEST_LENGTH + 1, 1_000, reply -> 0);
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, call::join);
        assertTrue(tooLong.getMessage().startsWith("BIG 3 is "), tooLong.getMessage());
    }

    @Test
    void pushesReachTheTypedListener()
    {
        final InvalidateEncoder invalidate = new InvalidateEncoder().wrapAndApplyHeader(buffer, 0, header)
            .objectId(5)
            .leaseId(9);
        client.onEgress(buffer, 0, Wire.length(invalidate));
        final ConnectedEncoder connected = new ConnectedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(1)
            .resumed(BooleanType.FALSE);
        client.onEgress(buffer, 0, Wire.length(connected));

        assertEquals(List.of("invalidate 5 lease 9", "connected resumed=false"), pushes);
    }

    private void grant(final long requestId, final long lockId, final long token)
    {
        final ExpandableArrayBuffer reply = new ExpandableArrayBuffer();
        final LockGrantedEncoder granted = new LockGrantedEncoder().wrapAndApplyHeader(reply, 0,
            new MessageHeaderEncoder())
            .requestId(requestId)
            .lockId(lockId)
            .fencingToken(token)
            .holdCount(1);
        client.onEgress(reply, 0, Wire.length(granted));
    }

    private void value(final long requestId, final ValueTag tag, final long bits)
    {
        final ValueMessageEncoder value = new ValueMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requestId(requestId)
            .objectId(5)
            .version(1)
            .readLeaseExpiresAtMs(0)
            .slot(0)
            .tag(tag)
            .bits(bits)
            .putBytes(new byte[0], 0, 0);
        client.onEgress(buffer, 0, Wire.length(value));
    }

    // Ids increase by one per request: the one after the last is the next.
    private long lastRequestId()
    {
        return client.nextRequestId() - 1;
    }
}
