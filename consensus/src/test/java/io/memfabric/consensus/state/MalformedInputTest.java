/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.AllocateIdsEncoder;
import io.memfabric.consensus.protocol.CasEncoder;
import io.memfabric.consensus.protocol.ConnectEncoder;
import io.memfabric.consensus.protocol.DisconnectEncoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateAckEncoder;
import io.memfabric.consensus.protocol.KeepaliveEncoder;
import io.memfabric.consensus.protocol.LockAcquireEncoder;
import io.memfabric.consensus.protocol.LockNotifyEncoder;
import io.memfabric.consensus.protocol.LockReleaseEncoder;
import io.memfabric.consensus.protocol.LockWaitEncoder;
import io.memfabric.consensus.protocol.MembershipEncoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.NodeRegisterEncoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.ObjectReadAllEncoder;
import io.memfabric.consensus.protocol.ObjectReadEncoder;
import io.memfabric.consensus.protocol.ReadGraphEncoder;
import io.memfabric.consensus.protocol.RootGetOrCreateEncoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import io.memfabric.consensus.protocol.WriteBatchEncoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input checking of the state machine's request adapter, wire version 2: a message that is not a well-formed
 * request of this schema's version is answered with ERROR to the sending session (echoing the requestId, body offset
 * 8, when the message is long enough to hold one, else 0), counted in {@code malformedMessages()}, and changes no other
 * state. The SBE decoders check no bounds, so every layout fault below must be caught before a decoder reads it.
 * <p>
 * "No other state" is checked against a twin machine that was given the same inputs, except that where this one gets
 * the message under test the twin gets three bytes (shorter than any header): both must end in the same state.
 */
class MalformedInputTest
{
    private static final long SESSION = 11;
    private static final long CLIENT = 1;
    private static final long REQUEST_ID = 77;
    private static final int H = Wire.HEADER_LENGTH;

    private static final int BLOCK_LENGTH_AT = MessageHeaderDecoder.blockLengthEncodingOffset();
    private static final int TEMPLATE_ID_AT = MessageHeaderDecoder.templateIdEncodingOffset();
    private static final int SCHEMA_ID_AT = MessageHeaderDecoder.schemaIdEncodingOffset();
    private static final int VERSION_AT = MessageHeaderDecoder.versionEncodingOffset();
    private static final int REQUEST_ID_AT = H + KeepaliveEncoder.requestIdEncodingOffset();

    /**
     * WRITE_BATCH of one entry: its group header, the entry, the entry's bytes (length prefix, then data).
     */
    private static final int ENTRIES_AT = H + WriteBatchEncoder.BLOCK_LENGTH;
    private static final int ENTRY_AT = ENTRIES_AT + WriteBatchEncoder.EntriesEncoder.sbeHeaderSize();
    private static final int ENTRY_BYTES_AT = ENTRY_AT + WriteBatchEncoder.EntriesEncoder.sbeBlockLength();

    /**
     * READ_GRAPH: its group header and first start.
     */
    private static final int STARTS_AT = H + ReadGraphEncoder.BLOCK_LENGTH;
    private static final int START_AT = STARTS_AT + ReadGraphEncoder.StartsEncoder.sbeHeaderSize();

    /**
     * The var data after a fixed block with no groups: ROOT_GET_OR_CREATE's uri, NODE_REGISTER's nodeName, CAS's
     * expectedBytes.
     */
    private static final int URI_AT = H + RootGetOrCreateEncoder.BLOCK_LENGTH;
    private static final int NODE_NAME_AT = H + NodeRegisterEncoder.BLOCK_LENGTH;
    private static final int EXPECTED_BYTES_AT = H + CasEncoder.BLOCK_LENGTH;

    private final Harness h = new Harness();
    private final Harness twin = new Harness();

    @BeforeEach
    void connect()
    {
        h.connected(SESSION, CLIENT);
        twin.connected(SESSION, CLIENT);
    }

    // ---------------------------------------------------------------- the rules

    @Test
    void everyUnalteredMessageTheseTestsStartFromIsAccepted()
    {
        final List<byte[]> messages = List.of(
            keepalive(), connect(600_000), lockAcquire(0), lockAcquire(-1), objectRead(0, 0), objectReadAll(0),
            allocateIds(1), root("fabric://malformed/root"), nodeRegister("n", "udp://h:1"), nodeRegister("n", ""),
            lockNotify(NotifyMode.ALL), writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]),
            writeBatch(1, 0, ValueTag.BYTES, 0, new byte[] {1, 2}), writeBatchOfEveryKind(),
            cas(ValueTag.LONG, ValueTag.LONG), cas(ValueTag.BYTES, ValueTag.BYTES), readGraph(1), readGraph(1, 2));
        long requestId = 100;
        for (final byte[] message : messages)
        {
            final byte[] fresh = putLong(message, REQUEST_ID_AT, requestId++);
            final int templateId = Wire.templateId(new UnsafeBuffer(fresh), 0);
            h.deliver(SESSION, fresh);
            for (final Harness.Sent reply : h.drain())
            {
                if (reply.templateId() == ErrorDecoder.TEMPLATE_ID)
                {
                    final ErrorCode code = h.error(reply);
                    assertTrue(code != ErrorCode.MALFORMED && code != ErrorCode.UNKNOWN_TEMPLATE &&
                        code != ErrorCode.UNSUPPORTED_VERSION, () -> "template " + templateId + " refused as " + code);
                }
            }
            assertEquals(0, h.machine.malformedMessages(), () -> "template " + templateId);
        }
        assertEquals(0, h.machine.internalErrors());
    }

    @Test
    void shorterThanTheHeaderIsMalformed()
    {
        assertRejected(new byte[0], ErrorCode.MALFORMED);
        assertRejected(new byte[] {1, 0, 1}, ErrorCode.MALFORMED);
        assertRejected(truncated(keepalive(), H - 1), ErrorCode.MALFORMED);
    }

    @Test
    void anotherSchemaIdIsMalformed()
    {
        for (final int schemaId : new int[] {0, 1, Wire.SCHEMA_ID - 1, Wire.SCHEMA_ID + 1, 0xFFFF})
        {
            assertRejected(putShort(keepalive(), SCHEMA_ID_AT, schemaId), ErrorCode.MALFORMED);
        }
    }

    @Test
    void aNewerVersionOfTheSchemaIsUnsupportedAndTheErrorNamesBothVersions()
    {
        for (final int version : new int[] {Wire.VERSION + 1, 9, 0xFFFF})
        {
            final String message = assertRejected(
                putShort(keepalive(), VERSION_AT, version), ErrorCode.UNSUPPORTED_VERSION).message();
            assertTrue(message.contains("wire version " + Wire.VERSION), message);
            assertTrue(message.contains("version " + version), message);
        }
    }

    @Test
    void anUnknownTemplateIsUnknownTemplate()
    {
        // Not a request: unassigned ids, a response, a push, a snapshot section.
        for (final int templateId : new int[] {0, 17, 99, 103, 113, 201, 202, 301, 999, 0xFFFF})
        {
            assertRejected(putShort(keepalive(), TEMPLATE_ID_AT, templateId), ErrorCode.UNKNOWN_TEMPLATE);
        }
        // A whole push, well-formed or cut short: the machine decodes requests only.
        final byte[] membership = membership();
        assertRejected(membership, ErrorCode.UNKNOWN_TEMPLATE);
        assertRejected(truncated(membership, membership.length - 1), ErrorCode.UNKNOWN_TEMPLATE);
    }

    @Test
    void aHeaderBlockLengthOtherThanTheTemplatesIsMalformed()
    {
        final byte[] keepalive = keepalive();
        final int block = KeepaliveEncoder.BLOCK_LENGTH;
        for (final int blockLength : new int[] {0, block - 1, block + 1})
        {
            assertRejected(putShort(keepalive, BLOCK_LENGTH_AT, blockLength), ErrorCode.MALFORMED);
        }
        // A longer block that the message does hold, as a newer version might send: still not this version's block.
        final int longer = KeepaliveEncoder.BLOCK_LENGTH + 8;
        assertRejected(putShort(extended(keepalive, 8), BLOCK_LENGTH_AT, longer), ErrorCode.MALFORMED);
        final int shorter = AllocateIdsEncoder.BLOCK_LENGTH - 4;
        assertRejected(putShort(truncated(allocateIds(1), H + shorter), BLOCK_LENGTH_AT, shorter),
            ErrorCode.MALFORMED);
    }

    @Test
    void aFixedBlockThatDoesNotFitIsMalformed()
    {
        final byte[] acquire = lockAcquire(-1);
        assertRejected(truncated(acquire, acquire.length - 1), ErrorCode.MALFORMED);
        assertRejected(truncated(acquire, H + 16), ErrorCode.MALFORMED);
        assertRejected(truncated(acquire, H + 12), ErrorCode.MALFORMED);
        assertRejected(truncated(keepalive(), H), ErrorCode.MALFORMED);
        assertRejected(truncated(allocateIds(1), H + AllocateIdsEncoder.BLOCK_LENGTH - 1), ErrorCode.MALFORMED);
    }

    @Test
    void aGroupHeaderThatDoesNotFitIsMalformed()
    {
        final byte[] write = writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]);
        assertRejected(truncated(write, ENTRIES_AT), ErrorCode.MALFORMED);
        assertRejected(truncated(write, ENTRIES_AT + 2), ErrorCode.MALFORMED);
        assertRejected(truncated(readGraph(1), STARTS_AT + 3), ErrorCode.MALFORMED);
    }

    @Test
    void aGroupElementThatDoesNotFitIsMalformed()
    {
        final byte[] write = writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]);
        assertRejected(truncated(write, ENTRY_AT + 10), ErrorCode.MALFORMED);
        assertRejected(truncated(write, ENTRY_BYTES_AT - 1), ErrorCode.MALFORMED);
        // Counts one element more than the message holds.
        assertRejected(putShort(write, ENTRIES_AT + 2, 2), ErrorCode.MALFORMED);
        final byte[] graph = readGraph(1, 2);
        assertRejected(truncated(graph, graph.length - 1), ErrorCode.MALFORMED);
        assertRejected(putShort(graph, STARTS_AT + 2, 3), ErrorCode.MALFORMED);
    }

    @Test
    void aVarDataLengthPrefixThatDoesNotFitIsMalformed()
    {
        assertRejected(truncated(root("fabric://x"), URI_AT + 2), ErrorCode.MALFORMED);
        assertRejected(truncated(root("fabric://x"), URI_AT), ErrorCode.MALFORMED);
        assertRejected(truncated(writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]), ENTRY_BYTES_AT + 3),
            ErrorCode.MALFORMED);
        final byte[] register = nodeRegister("n", "udp://h:1");
        final int endpointAt = NODE_NAME_AT + 4 + 1;
        assertRejected(truncated(register, endpointAt + 1), ErrorCode.MALFORMED);
        assertRejected(truncated(register, endpointAt), ErrorCode.MALFORMED);
        final byte[] cas = cas(ValueTag.LONG, ValueTag.LONG);
        assertRejected(truncated(cas, cas.length - 1), ErrorCode.MALFORMED);
        // The last of several entries, a REF, loses the last byte of its (empty) bytes' length prefix.
        final byte[] everyKind = writeBatchOfEveryKind();
        assertRejected(truncated(everyKind, everyKind.length - 1), ErrorCode.MALFORMED);
    }

    @Test
    void varDataThatDoesNotFitIsMalformed()
    {
        final byte[] root = root("fabric://x");
        assertRejected(truncated(root, root.length - 1), ErrorCode.MALFORMED);
        assertRejected(putInt(root, URI_AT, 100), ErrorCode.MALFORMED);
        assertRejected(putInt(root, URI_AT, -1), ErrorCode.MALFORMED);
        final byte[] write = writeBatch(1, 0, ValueTag.BYTES, 0, new byte[] {1, 2, 3});
        assertRejected(putInt(write, ENTRY_BYTES_AT, 4), ErrorCode.MALFORMED);
        assertRejected(truncated(write, write.length - 1), ErrorCode.MALFORMED);
        final byte[] register = nodeRegister("n", "udp://h:1");
        assertRejected(putInt(register, NODE_NAME_AT, 1_000), ErrorCode.MALFORMED);
        assertRejected(putInt(cas(ValueTag.LONG, ValueTag.LONG), EXPECTED_BYTES_AT, 5), ErrorCode.MALFORMED);
    }

    @Test
    void aGroupBlockLengthOtherThanTheElementsIsMalformed()
    {
        final int entryLength = WriteBatchEncoder.EntriesEncoder.sbeBlockLength();
        final byte[] write = writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]);
        assertRejected(putShort(write, ENTRIES_AT, entryLength - 1), ErrorCode.MALFORMED);
        assertRejected(putShort(write, ENTRIES_AT, entryLength + 1), ErrorCode.MALFORMED);
        assertRejected(putShort(write, ENTRIES_AT, 0), ErrorCode.MALFORMED);
        // Longer elements that the message does hold, as a newer version might send.
        assertRejected(putShort(inserted(write, ENTRY_BYTES_AT, 4), ENTRIES_AT, entryLength + 4),
            ErrorCode.MALFORMED);
        final int startLength = ReadGraphEncoder.StartsEncoder.sbeBlockLength();
        assertRejected(putShort(inserted(readGraph(1), START_AT + startLength, 8), STARTS_AT, startLength + 8),
            ErrorCode.MALFORMED);
        assertRejected(putShort(readGraph(1, 2), STARTS_AT, startLength * 2), ErrorCode.MALFORMED);
    }

    @Test
    void varDataLongerThan64KiBIsMalformed()
    {
        final int tooLong = Wire.MAX_VAR_LENGTH + 1;
        assertRejected(withVarData(root("fabric://x"), URI_AT, tooLong), ErrorCode.MALFORMED);
        assertRejected(withVarData(writeBatch(1, 0, ValueTag.BYTES, 0, new byte[0]), ENTRY_BYTES_AT, tooLong),
            ErrorCode.MALFORMED);
        final byte[] register = nodeRegister("n", "");
        assertRejected(withVarData(register, register.length - 4, tooLong), ErrorCode.MALFORMED);
        final byte[] cas = cas(ValueTag.BYTES, ValueTag.BYTES);
        assertRejected(withVarData(cas, cas.length - 4 - 1, tooLong), ErrorCode.MALFORMED);
    }

    @Test
    void varDataOfExactly64KiBIsAccepted()
    {
        h.allocate(SESSION, CLIENT, 2, 1);
        final long objectId = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        final byte[] write = withVarData(
            writeBatch(objectId, 0, ValueTag.BYTES, 0, new byte[0]), ENTRY_BYTES_AT, Wire.MAX_VAR_LENGTH);
        h.deliver(SESSION, write);
        h.single(WriteAckDecoder.TEMPLATE_ID);
        h.read(SESSION, CLIENT, 3, objectId, 0, 0);
        final Harness.Value value = Harness.Value.of(
            h.single(ValueMessageDecoder.TEMPLATE_ID).as(new ValueMessageDecoder()));
        assertEquals(Wire.MAX_VAR_LENGTH, value.bytes().length);
        assertEquals(0, h.machine.malformedMessages());
    }

    @Test
    void aWriteBatchWithAnOwnFlagThatIsNoBooleanOrAReleasedIdBelowOneIsMalformed()
    {
        final byte[] write = writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]);
        assertRejected(putByte(write, H + WriteBatchEncoder.ownEncodingOffset(), 2), ErrorCode.MALFORMED);
        assertRejected(writeBatchWith(0, 0, 0, false), ErrorCode.MALFORMED);
        assertRejected(Arrays.copyOf(write, write.length - 4), ErrorCode.MALFORMED);
    }

    @Test
    void aTransactionsReadOfAnObjectIdBelowOneOrANegativeVersionIsMalformed()
    {
        assertRejected(writeBatchWith(-1, 0, 3, true), ErrorCode.MALFORMED);
        assertRejected(writeBatchWith(-1, 5, -2, true), ErrorCode.MALFORMED);
    }

    @Test
    void aWriteBatchOfWireVersionThreeHasNoOwnFieldAndNoReleasedGroup()
    {
        h.allocate(SESSION, CLIENT, 2, 1);
        final long objectId = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        final byte[] write = writeBatch(objectId, 0, ValueTag.LONG, 5, new byte[0]);
        // Without own (1 byte), and without the released and expected groups (a 4-byte header each).
        final byte[] v3 = new byte[write.length - 1 - 8];
        System.arraycopy(write, 0, v3, 0, H + WriteBatchEncoder.ownEncodingOffset());
        System.arraycopy(write, H + WriteBatchEncoder.BLOCK_LENGTH, v3, H + WriteBatchEncoder.ownEncodingOffset(),
            write.length - 8 - (H + WriteBatchEncoder.BLOCK_LENGTH));
        final UnsafeBuffer header = new UnsafeBuffer(v3);
        header.putShort(BLOCK_LENGTH_AT, (short)WriteBatchEncoder.ownEncodingOffset(), LITTLE_ENDIAN);
        header.putShort(VERSION_AT, (short)3, LITTLE_ENDIAN);
        h.deliver(SESSION, v3);
        h.single(WriteAckDecoder.TEMPLATE_ID);
        assertEquals(0, h.machine.malformedMessages());
    }

    @Test
    void bytesLeftOverAfterTheLastFieldAreMalformed()
    {
        assertRejected(extended(keepalive(), 1), ErrorCode.MALFORMED);
        assertRejected(extended(lockAcquire(-1), 1), ErrorCode.MALFORMED);
        assertRejected(extended(lockAcquire(-1), 8), ErrorCode.MALFORMED);
        assertRejected(extended(writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]), 1), ErrorCode.MALFORMED);
        assertRejected(extended(writeBatchOfEveryKind(), 1), ErrorCode.MALFORMED);
        assertRejected(extended(root("fabric://x"), 1), ErrorCode.MALFORMED);
        assertRejected(extended(nodeRegister("n", "udp://h:1"), 4), ErrorCode.MALFORMED);
        assertRejected(extended(cas(ValueTag.LONG, ValueTag.LONG), 1), ErrorCode.MALFORMED);
        // One start more than the group counts.
        assertRejected(extended(readGraph(1), ReadGraphEncoder.StartsEncoder.sbeBlockLength()), ErrorCode.MALFORMED);
    }

    @Test
    void anUnknownValueTagIsMalformed()
    {
        final int tagAt = ENTRY_AT + WriteBatchEncoder.EntriesEncoder.tagEncodingOffset();
        final byte[] write = writeBatch(1, 0, ValueTag.LONG, 5, new byte[0]);
        final byte[] cas = cas(ValueTag.LONG, ValueTag.LONG);
        // 255 is the generated enum's NULL_VAL, no tag either.
        for (final int tag : new int[] {4, 9, 0x7F, 0xFF})
        {
            assertRejected(putByte(write, tagAt, tag), ErrorCode.MALFORMED);
            assertRejected(putByte(cas, H + CasEncoder.expectedTagEncodingOffset(), tag), ErrorCode.MALFORMED);
            assertRejected(putByte(cas, H + CasEncoder.updateTagEncodingOffset(), tag), ErrorCode.MALFORMED);
        }
    }

    @Test
    void anUnknownNotifyModeIsMalformed()
    {
        final int modeAt = H + LockNotifyEncoder.modeEncodingOffset();
        // Integer.MIN_VALUE is the generated enum's NULL_VAL, no mode either.
        for (final int mode : new int[] {3, 4, -1, Integer.MAX_VALUE, Integer.MIN_VALUE})
        {
            assertRejected(putInt(lockNotify(NotifyMode.ONE), modeAt, mode), ErrorCode.MALFORMED);
        }
    }

    @Test
    void aRequestIdThatIsNotPositiveIsMalformed()
    {
        assertRejected(putLong(keepalive(), REQUEST_ID_AT, 0), ErrorCode.MALFORMED);
        assertRejected(putLong(keepalive(), REQUEST_ID_AT, -1), ErrorCode.MALFORMED);
        assertRejected(putLong(allocateIds(1), REQUEST_ID_AT, Long.MIN_VALUE), ErrorCode.MALFORMED);
    }

    @Test
    void aWaitMsBelowMinusOneIsMalformed()
    {
        assertRejected(lockAcquire(-2), ErrorCode.MALFORMED);
        assertRejected(lockAcquire(Long.MIN_VALUE), ErrorCode.MALFORMED);
    }

    @Test
    void aLeaseTtlMsOutside1To3600000IsMalformed()
    {
        for (final long ttlMs : new long[] {0, -1, FabricStateMachine.MAX_LEASE_TTL_MS + 1, Long.MIN_VALUE})
        {
            assertRejected(connect(ttlMs), ErrorCode.MALFORMED);
        }
    }

    @Test
    void aNegativeSlotIsMalformed()
    {
        assertRejected(objectRead(-1, 0), ErrorCode.MALFORMED);
        assertRejected(objectRead(Integer.MIN_VALUE, 0), ErrorCode.MALFORMED);
        assertRejected(putInt(cas(ValueTag.LONG, ValueTag.LONG), H + CasEncoder.slotEncodingOffset(), -1),
            ErrorCode.MALFORMED);
        assertRejected(writeBatch(1, -1, ValueTag.LONG, 5, new byte[0]), ErrorCode.MALFORMED);
    }

    @Test
    void aNegativeLeaseMsIsMalformed()
    {
        assertRejected(objectRead(0, -1), ErrorCode.MALFORMED);
        assertRejected(objectReadAll(-1), ErrorCode.MALFORMED);
        assertRejected(putLong(readGraph(1), H + ReadGraphEncoder.leaseMsEncodingOffset(), -1), ErrorCode.MALFORMED);
    }

    @Test
    void anIdCountThatIsNotPositiveIsMalformed()
    {
        assertRejected(allocateIds(0), ErrorCode.MALFORMED);
        assertRejected(allocateIds(-1), ErrorCode.MALFORMED);
    }

    @Test
    void anEmptyRootUriIsMalformed()
    {
        assertRejected(root(""), ErrorCode.MALFORMED);
    }

    @Test
    void aWireVersion1MessageGetsAWireVersion1ErrorThatAnOldClientCanRead()
    {
        // Wire version 1: templateId u16, version u16 (1), bodyLength i32; CONNECT's body: clientId, requestId,
        // leaseTtlMs.
        final byte[] connect = legacy(1, CLIENT, REQUEST_ID, 600_000);
        assertTrue(Wire.isLegacy(new UnsafeBuffer(connect), 0, connect.length));
        assertRejectedInWireVersion1(connect);

        final byte[] keepalive = legacy(2, CLIENT, REQUEST_ID + 1);
        assertRejectedInWireVersion1(keepalive);
    }

    @Test
    void requestsFromUnknownClientsAreNotConnectedAndNotCountedAsMalformed()
    {
        final byte[] keepalive = putLong(keepalive(), H + KeepaliveEncoder.clientIdEncodingOffset(), 42);
        h.deliver(SESSION, keepalive);
        assertEquals(ErrorCode.NOT_CONNECTED, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        assertEquals(0, h.machine.malformedMessages());
    }

    @Test
    void garbageOfEveryLengthNeverThrows()
    {
        // Each request's block length, by template id.
        final int[] blockLengths = {
            0, ConnectEncoder.BLOCK_LENGTH, KeepaliveEncoder.BLOCK_LENGTH, LockAcquireEncoder.BLOCK_LENGTH,
            LockReleaseEncoder.BLOCK_LENGTH, ObjectReadEncoder.BLOCK_LENGTH, ObjectReadAllEncoder.BLOCK_LENGTH,
            WriteBatchEncoder.BLOCK_LENGTH, CasEncoder.BLOCK_LENGTH, AllocateIdsEncoder.BLOCK_LENGTH,
            InvalidateAckEncoder.BLOCK_LENGTH, RootGetOrCreateEncoder.BLOCK_LENGTH, NodeRegisterEncoder.BLOCK_LENGTH,
            DisconnectEncoder.BLOCK_LENGTH, ReadGraphEncoder.BLOCK_LENGTH, LockWaitEncoder.BLOCK_LENGTH,
            LockNotifyEncoder.BLOCK_LENGTH};

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        long seed = 12345;
        for (int i = 0; i < 5_000; i++)
        {
            final int length = (int)((seed >>> 33) % 120);
            for (int j = 0; j < length; j++)
            {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                buffer.putByte(j, (byte)(seed >>> 56));
            }
            if (length >= H && (i & 1) == 0)
            {
                // A header of this schema and version with a request's template and block length, so the random
                // bytes get as far as the body's fields, groups and var data.
                final int templateId = 1 + (i % 16);
                buffer.putShort(BLOCK_LENGTH_AT, (short)blockLengths[templateId], LITTLE_ENDIAN);
                buffer.putShort(TEMPLATE_ID_AT, (short)templateId, LITTLE_ENDIAN);
                buffer.putShort(SCHEMA_ID_AT, (short)Wire.SCHEMA_ID, LITTLE_ENDIAN);
                buffer.putShort(VERSION_AT, (short)Wire.VERSION, LITTLE_ENDIAN);
            }
            h.deliver(SESSION, buffer, length);
            seed = seed * 6364136223846793005L + 1442695040888963407L;
        }
        assertEquals(0, h.machine.internalErrors());
    }

    // ---------------------------------------------------------------- checking an answer

    /**
     * Delivers a message that must be refused and checks the refusal: one ERROR of wire version 2 with this code, to
     * the sending session, echoing the requestId when the message holds one; counted as malformed; nothing else
     * changed.
     *
     * @return the ERROR, to read its message.
     */
    private ErrorDecoder assertRejected(final byte[] input, final ErrorCode code)
    {
        final long malformed = h.machine.malformedMessages();
        final long applied = h.machine.requestsApplied();
        final int timers = h.timerLog.size();
        h.deliver(SESSION, input);
        final Harness.Sent reply = h.single(ErrorDecoder.TEMPLATE_ID);
        assertEquals(SESSION, reply.sessionId, "answered to the sending session");
        final ErrorDecoder error = reply.as(new ErrorDecoder());
        assertEquals(code, error.code(), () -> "code, for " + error.message());
        assertEquals(echoed(input), error.requestId(), "echoes the requestId when the message holds one");
        assertNothingElseChanged(malformed, applied, timers);
        return error;
    }

    /**
     * Delivers a message of wire version 1 and checks that it is refused in wire version 1, so that an old client can
     * read why: template ERROR (113), version 1, body length; requestId i64, code i32 (UNSUPPORTED_VERSION, 3),
     * message as i32 length and UTF-8, naming both versions.
     */
    private void assertRejectedInWireVersion1(final byte[] input)
    {
        final long malformed = h.machine.malformedMessages();
        final long applied = h.machine.requestsApplied();
        final int timers = h.timerLog.size();
        h.deliver(SESSION, input);
        final Harness.Sent reply = h.single();
        assertEquals(SESSION, reply.sessionId, "answered to the sending session");
        final UnsafeBuffer error = reply.message;
        final int length = reply.length();
        assertTrue(length >= H + 16, () -> "an ERROR of wire version 1 holds a fixed block: " + length);
        assertTrue(Wire.isLegacy(error, 0, length), "a message of wire version 1");
        assertEquals(ErrorDecoder.TEMPLATE_ID, error.getShort(0, LITTLE_ENDIAN) & 0xFFFF, "template ERROR");
        assertEquals(Wire.LEGACY_VERSION, error.getShort(2, LITTLE_ENDIAN) & 0xFFFF, "version 1");
        assertEquals(length - H, error.getInt(4, LITTLE_ENDIAN), "body length");
        assertEquals(echoed(input), error.getLong(H, LITTLE_ENDIAN), "echoes the requestId");
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.value(), error.getInt(H + 8, LITTLE_ENDIAN), "code");
        final int messageLength = error.getInt(H + 12, LITTLE_ENDIAN);
        assertEquals(length, H + 16 + messageLength, "the message fills the rest");
        final String message = error.getStringWithoutLengthUtf8(H + 16, messageLength);
        assertTrue(message.contains("wire version " + Wire.VERSION), message);
        assertTrue(message.contains("version " + Wire.LEGACY_VERSION), message);
        assertNothingElseChanged(malformed, applied, timers);
    }

    private void assertNothingElseChanged(final long malformed, final long applied, final int timers)
    {
        assertEquals(malformed + 1, h.machine.malformedMessages(), "counted as malformed");
        assertEquals(applied, h.machine.requestsApplied(), "not applied");
        assertEquals(0, h.machine.internalErrors());
        assertEquals(timers, h.timerLog.size(), "no timer scheduled or cancelled");

        twin.deliver(SESSION, new byte[] {1, 2, 3});
        twin.drain();
        assertEquals(twin.machine.malformedMessages(), h.machine.malformedMessages());
        assertEquals(twin.machine.stateDigest(), h.machine.stateDigest(), "no other state changed");
    }

    private static long echoed(final byte[] input)
    {
        return input.length >= REQUEST_ID_AT + 8 ? new UnsafeBuffer(input).getLong(REQUEST_ID_AT, LITTLE_ENDIAN) : 0;
    }

    // ---------------------------------------------------------------- well-formed requests of client 1, requestId 77

    private static byte[] keepalive()
    {
        final KeepaliveEncoder e = new KeepaliveEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID);
        return bytes(e);
    }

    private static byte[] connect(final long leaseTtlMs)
    {
        final ConnectEncoder e = new ConnectEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).leaseTtlMs(leaseTtlMs);
        return bytes(e);
    }

    private static byte[] lockAcquire(final long waitMs)
    {
        final LockAcquireEncoder e =
            new LockAcquireEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).lockId(5).ownerId(1).waitMs(waitMs);
        return bytes(e);
    }

    private static byte[] lockNotify(final NotifyMode mode)
    {
        final LockNotifyEncoder e = new LockNotifyEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).lockId(5).ownerId(1).mode(mode);
        return bytes(e);
    }

    private static byte[] objectRead(final int slot, final long leaseMs)
    {
        final ObjectReadEncoder e = new ObjectReadEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).objectId(1).leaseMs(leaseMs).slot(slot);
        return bytes(e);
    }

    private static byte[] objectReadAll(final long leaseMs)
    {
        final ObjectReadAllEncoder e =
            new ObjectReadAllEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).objectId(1).leaseMs(leaseMs);
        return bytes(e);
    }

    private static byte[] allocateIds(final int count)
    {
        final AllocateIdsEncoder e =
            new AllocateIdsEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).count(count);
        return bytes(e);
    }

    private static byte[] root(final String uri)
    {
        final RootGetOrCreateEncoder e =
            new RootGetOrCreateEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).uri(uri);
        return bytes(e);
    }

    private static byte[] nodeRegister(final String name, final String endpoint)
    {
        final NodeRegisterEncoder e =
            new NodeRegisterEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).nodeName(name).dataEndpoint(endpoint);
        return bytes(e);
    }

    /**
     * A WRITE_BATCH of one entry.
     */
    private static byte[] writeBatch(
        final long objectId, final int slot, final ValueTag tag, final long bits, final byte[] value)
    {
        final WriteBatchEncoder e = new WriteBatchEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).lockId(0).fencingToken(0);
        e.entriesCount(1).next().objectId(objectId).slot(slot).tag(tag).bits(bits).putBytes(value, 0, value.length);
        e.releasedCount(0);
        e.expectedCount(0);
        return bytes(e);
    }

    /**
     * A WRITE_BATCH of one entry with one released object ({@code released} below 0: none) and, if {@code read},
     * one object a transaction read at a version.
     */
    private static byte[] writeBatchWith(
        final long released, final long readObjectId, final long readVersion, final boolean read)
    {
        final WriteBatchEncoder e = new WriteBatchEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).lockId(0).fencingToken(0);
        e.entriesCount(1).next().objectId(1).slot(0).tag(ValueTag.LONG).bits(5).putBytes(new byte[0], 0, 0);
        final WriteBatchEncoder.ReleasedEncoder ids = e.releasedCount(released < 0 ? 0 : 1);
        if (released >= 0)
        {
            ids.next().objectId(released);
        }
        final WriteBatchEncoder.ExpectedEncoder reads = e.expectedCount(read ? 1 : 0);
        if (read)
        {
            reads.next().objectId(readObjectId).version(readVersion);
        }
        return bytes(e);
    }

    /**
     * A WRITE_BATCH of a NULL, a LONG (a double's bits), a text and a REF.
     */
    private static byte[] writeBatchOfEveryKind()
    {
        final byte[] text = {'s'};
        final WriteBatchEncoder e = new WriteBatchEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).lockId(0).fencingToken(0);
        final WriteBatchEncoder.EntriesEncoder entries = e.entriesCount(4);
        entries.next().objectId(1).slot(0).tag(ValueTag.NULL).bits(0).putBytes(text, 0, 0);
        entries.next().objectId(1).slot(1).tag(ValueTag.LONG).bits(Double.doubleToRawLongBits(2.5))
            .putBytes(text, 0, 0);
        entries.next().objectId(2).slot(0).tag(ValueTag.BYTES).bits(0).putBytes(text, 0, text.length);
        entries.next().objectId(3).slot(0).tag(ValueTag.REF).bits(99).putBytes(text, 0, 0);
        e.releasedCount(0);
        e.expectedCount(0);
        return bytes(e);
    }

    /**
     * A MEMBERSHIP push: epoch 3, shards owned by nodes 7, 8, 7, nodes 7 ("a", "ea") and 8 ("b", "eb").
     */
    private static byte[] membership()
    {
        final MembershipEncoder e = new MembershipEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.epoch(3);
        final MembershipEncoder.ShardsEncoder shards = e.shardsCount(3);
        for (final long owner : new long[] {7, 8, 7})
        {
            shards.next().ownerNodeId(owner);
        }
        final MembershipEncoder.NodesEncoder nodes = e.nodesCount(2);
        nodes.next().nodeId(7).nodeName("a").dataEndpoint("ea");
        nodes.next().nodeId(8).nodeName("b").dataEndpoint("eb");
        return bytes(e);
    }

    /**
     * A CAS of slot 0 of object 1: LONG 1 to LONG 2; an expected BYTES value is empty, an update BYTES value is one
     * byte (so a BYTES update's var data is the message's last 5 bytes).
     */
    private static byte[] cas(final ValueTag expectedTag, final ValueTag updateTag)
    {
        final byte[] expected = new byte[0];
        final byte[] update = updateTag == ValueTag.BYTES ? new byte[] {7} : new byte[0];
        final CasEncoder e = new CasEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).objectId(1).lockId(0).fencingToken(0).slot(0)
            .expectedTag(expectedTag).expectedBits(expectedTag == ValueTag.LONG ? 1 : 0)
            .updateTag(updateTag).updateBits(updateTag == ValueTag.LONG ? 2 : 0)
            .putExpectedBytes(expected, 0, expected.length).putUpdateBytes(update, 0, update.length);
        return bytes(e);
    }

    private static byte[] readGraph(final long... startIds)
    {
        final ReadGraphEncoder e = new ReadGraphEncoder().wrapAndApplyHeader(buffer(), 0, new MessageHeaderEncoder());
        e.clientId(CLIENT).requestId(REQUEST_ID).leaseMs(0).maxBytes(1_000);
        final ReadGraphEncoder.StartsEncoder starts = e.startsCount(startIds.length);
        for (final long id : startIds)
        {
            starts.next().objectId(id);
        }
        return bytes(e);
    }

    /**
     * A message of wire version 1: templateId u16, version u16 (1), bodyLength i32, then a body of i64 fields.
     */
    private static byte[] legacy(final int templateId, final long... fields)
    {
        final byte[] message = new byte[H + 8 * fields.length];
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        buffer.putShort(0, (short)templateId, LITTLE_ENDIAN);
        buffer.putShort(2, (short)Wire.LEGACY_VERSION, LITTLE_ENDIAN);
        buffer.putInt(4, 8 * fields.length, LITTLE_ENDIAN);
        for (int i = 0; i < fields.length; i++)
        {
            buffer.putLong(H + 8 * i, fields[i], LITTLE_ENDIAN);
        }
        return message;
    }

    // ---------------------------------------------------------------- altering a message (each returns a copy)

    private static ExpandableArrayBuffer buffer()
    {
        return new ExpandableArrayBuffer(128);
    }

    private static byte[] bytes(final MessageEncoderFlyweight encoder)
    {
        final byte[] message = new byte[Wire.length(encoder)];
        encoder.buffer().getBytes(0, message);
        return message;
    }

    private static byte[] truncated(final byte[] message, final int length)
    {
        assertTrue(length < message.length);
        return Arrays.copyOf(message, length);
    }

    private static byte[] extended(final byte[] message, final int extra)
    {
        return Arrays.copyOf(message, message.length + extra);
    }

    /**
     * @return the message with zero bytes inserted at index.
     */
    private static byte[] inserted(final byte[] message, final int index, final int count)
    {
        final byte[] copy = new byte[message.length + count];
        System.arraycopy(message, 0, copy, 0, index);
        System.arraycopy(message, index, copy, index + count, message.length - index);
        return copy;
    }

    /**
     * @return the message with the var data field whose length prefix is at prefixAt holding length bytes instead,
     * and whatever followed that field after it.
     */
    private static byte[] withVarData(final byte[] message, final int prefixAt, final int length)
    {
        final int oldLength = new UnsafeBuffer(message).getInt(prefixAt, LITTLE_ENDIAN);
        final int tail = message.length - (prefixAt + 4 + oldLength);
        assertTrue(oldLength >= 0 && tail >= 0, "a var data field's length prefix is at prefixAt");
        final byte[] copy = Arrays.copyOf(message, prefixAt + 4 + length + tail);
        new UnsafeBuffer(copy).putInt(prefixAt, length, LITTLE_ENDIAN);
        Arrays.fill(copy, prefixAt + 4, prefixAt + 4 + length, (byte)'x');
        System.arraycopy(message, prefixAt + 4 + oldLength, copy, prefixAt + 4 + length, tail);
        return copy;
    }

    private static byte[] putByte(final byte[] message, final int index, final int value)
    {
        final byte[] copy = message.clone();
        copy[index] = (byte)value;
        return copy;
    }

    private static byte[] putShort(final byte[] message, final int index, final int value)
    {
        final byte[] copy = message.clone();
        new UnsafeBuffer(copy).putShort(index, (short)value, LITTLE_ENDIAN);
        return copy;
    }

    private static byte[] putInt(final byte[] message, final int index, final int value)
    {
        final byte[] copy = message.clone();
        new UnsafeBuffer(copy).putInt(index, value, LITTLE_ENDIAN);
        return copy;
    }

    private static byte[] putLong(final byte[] message, final int index, final long value)
    {
        final byte[] copy = message.clone();
        new UnsafeBuffer(copy).putLong(index, value, LITTLE_ENDIAN);
        return copy;
    }
}
