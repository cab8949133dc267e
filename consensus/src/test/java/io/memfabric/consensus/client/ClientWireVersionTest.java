/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricException;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorEncoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.ObjectValuesEncoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.consensus.wire.Wtf8;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the client makes of messages of other wire versions than its own, handed to its egress handling as bytes: no
 * cluster runs.
 */
class ClientWireVersionTest
{
    private static final String ENDPOINTS = "localhost:20000,localhost:20100,localhost:20200";
    private static final int LEGACY_ERROR = 113;
    private static final int LEGACY_CONNECTED = 101;

    private final CounterSet<NodeCounter> counters = CounterSet.inMemory(NodeCounter.class);
    private final ConsensusClient client = new ConsensusClient(new ClientConfig()
        .endpoints(ClusterEndpoints.parse(ENDPOINTS))
        .egressChannel("aeron:udp?endpoint=localhost:0"), push ->
        {
        }, counters);
    private final FabricConsensus consensus = new FabricConsensus(client);

    @AfterEach
    void close()
    {
        client.close();
    }

    @Test
    void aLegacyErrorFailsThePendingRequestAndEveryLaterOneNamingBothVersions()
    {
        final CompletableFuture<Long> root = consensus.root("fabric://test/root");
        final long requestId = lastRequestId();
        client.drainSubmissions();

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = legacyError(buffer, requestId, 3, "unsupported schema version 2");
        assertTrue(Wire.isLegacy(buffer, 0, length));
        client.onEgress(buffer, 0, length);

        final ClusterVersionException failure = failure(root);
        final String message = failure.getMessage();
        assertTrue(message.contains("wire version 1"), message);
        assertTrue(message.contains("wire version " + Wire.VERSION), message);
        assertTrue(message.contains(ENDPOINTS), message);
        assertTrue(message.contains("UNSUPPORTED_VERSION: unsupported schema version 2"), message);
        assertTrue(message.contains("PROTOCOL.md"), message);

        final CompletableFuture<FabricConsensus.LockGrant> later = consensus.lock(7, 1, 0);
        assertTrue(later.isCompletedExceptionally(), "a request sent later fails at once");
        assertEquals(message, failure(later).getMessage());
        assertFalse(client.isConnected());
    }

    @Test
    void aRequestStillQueuedFailsToo()
    {
        final CompletableFuture<Integer> unlock = consensus.unlock(7, 1);

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = legacyError(buffer, 99, 1, "malformed");
        client.onEgress(buffer, 0, length);

        final String message = failure(unlock).getMessage();
        assertTrue(message.contains("wire version 1") && message.contains("wire version " + Wire.VERSION), message);
    }

    @Test
    void anyLegacyMessageFailsEverythingNotOnlyAnError()
    {
        final CompletableFuture<Long> allocated = consensus.allocateIds(4);
        client.drainSubmissions();

        // Version 1's CONNECTED: requestId, clusterTimeMs, leaseExpiresAtMs, resumed.
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int bodyLength = 3 * Long.BYTES + 1;
        legacyHeader(buffer, LEGACY_CONNECTED, bodyLength);
        buffer.putLong(8, 1, LITTLE_ENDIAN);
        client.onEgress(buffer, 0, Wire.HEADER_LENGTH + bodyLength);

        final String message = failure(allocated).getMessage();
        assertTrue(message.contains("speaks MemFabric wire version 1 and this client wire version " + Wire.VERSION),
            message);
        assertFalse(message.contains("answered"), message);
    }

    @Test
    void aNewerVersionIsReadAsFarAsThisClientKnowsIt()
    {
        final CompletableFuture<FabricConsensus.ObjectState> read = consensus.readAll(42, 1_000);
        final long requestId = lastRequestId();
        client.drainSubmissions();

        // Version 3 of OBJECT_VALUES, with a field this client does not know at the end of its block.
        final int extra = Long.BYTES;
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        new MessageHeaderEncoder().wrap(buffer, 0)
            .blockLength(ObjectValuesEncoder.BLOCK_LENGTH + extra)
            .templateId(ObjectValuesEncoder.TEMPLATE_ID)
            .schemaId(ObjectValuesEncoder.SCHEMA_ID)
            .version(Wire.VERSION + 1);
        final ObjectValuesEncoder values = new ObjectValuesEncoder().wrap(buffer, Wire.HEADER_LENGTH)
            .requestId(requestId)
            .objectId(42)
            .version(9)
            .readLeaseExpiresAtMs(5_000);
        buffer.putLong(Wire.HEADER_LENGTH + ObjectValuesEncoder.BLOCK_LENGTH, -1, LITTLE_ENDIAN);
        values.limit(Wire.HEADER_LENGTH + ObjectValuesEncoder.BLOCK_LENGTH + extra);
        final byte[] text = Wtf8.encode("héllo");
        values.slotsCount(3)
            .next().tag(ValueTag.LONG).bits(-7).putBytes(new byte[0], 0, 0)
            .next().tag(ValueTag.BYTES).bits(0).putBytes(text, 0, text.length)
            .next().tag(ValueTag.REF).bits(43).putBytes(new byte[0], 0, 0);
        final int length = Wire.length(values);
        assertTrue(Wire.isCurrent(buffer, 0, length));
        client.onEgress(buffer, 0, length);

        final FabricConsensus.ObjectState state = read.getNow(null);
        assertEquals(new FabricConsensus.ObjectState(42, 9, 5_000,
            List.of(SlotValue.ofLong(-7), SlotValue.ofString("héllo"), SlotValue.ofRef(43))), state);
        assertEquals(0, counters.get(NodeCounter.MALFORMED));
    }

    @Test
    void anErrorWithACodeThisClientDoesNotKnowFailsTheRequestNamingTheCode() throws Exception
    {
        final CompletableFuture<Long> write = consensus.writeLong(0, 0, 42, 0, 1);
        final long requestId = lastRequestId();
        client.drainSubmissions();

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final ErrorEncoder error = new ErrorEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .requestId(requestId)
            .code(ErrorCode.INTERNAL)
            .message("something new");
        buffer.putInt(Wire.HEADER_LENGTH + ErrorEncoder.codeEncodingOffset(), 77, LITTLE_ENDIAN);
        client.onEgress(buffer, 0, Wire.length(error));

        final ExecutionException failure = assertThrows(ExecutionException.class,
            () -> write.get(1, TimeUnit.SECONDS));
        final ConsensusException refused = assertInstanceOf(ConsensusException.class, failure.getCause());
        assertEquals(ConsensusException.Reason.UNKNOWN_CODE, refused.reason());
        assertEquals(FabricException.Category.REFUSED, refused.category());
        assertTrue(refused.getMessage().contains("77") && refused.getMessage().contains("something new"),
            refused.getMessage());
    }

    @Test
    void aMessageOfAnotherSchemaIsCountedAndDropped()
    {
        final CompletableFuture<Long> read = consensus.readLong(42, 0);
        client.drainSubmissions();

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(8).templateId(106).schemaId(1).version(2);
        client.onEgress(buffer, 0, Wire.HEADER_LENGTH + 8);

        assertEquals(1, counters.get(NodeCounter.MALFORMED));
        assertFalse(read.isDone());
    }

    // Ids increase by one per request: the one after the last is the next.
    private long lastRequestId()
    {
        return client.nextRequestId() - 1;
    }

    private static void legacyHeader(final MutableDirectBuffer buffer, final int templateId, final int bodyLength)
    {
        buffer.putShort(0, (short)templateId, LITTLE_ENDIAN);
        buffer.putShort(2, (short)Wire.LEGACY_VERSION, LITTLE_ENDIAN);
        buffer.putInt(4, bodyLength, LITTLE_ENDIAN);
    }

    // Version 1's ERROR: the header, then requestId i64, code i32, and the message as an i32 length and UTF-8.
    private static int legacyError(
        final MutableDirectBuffer buffer, final long requestId, final int code, final String text)
    {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        final int bodyLength = Long.BYTES + 2 * Integer.BYTES + utf8.length;
        legacyHeader(buffer, LEGACY_ERROR, bodyLength);
        buffer.putLong(8, requestId, LITTLE_ENDIAN);
        buffer.putInt(16, code, LITTLE_ENDIAN);
        buffer.putInt(20, utf8.length, LITTLE_ENDIAN);
        buffer.putBytes(24, utf8);
        return Wire.HEADER_LENGTH + bodyLength;
    }

    private static ClusterVersionException failure(final CompletableFuture<?> request)
    {
        assertTrue(request.isDone(), "the request failed at once");
        final ExecutionException failure = assertThrows(ExecutionException.class, request::get);
        return assertInstanceOf(ClusterVersionException.class, failure.getCause());
    }
}
