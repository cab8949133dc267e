/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.ErrorDecoder;
import io.memfabric.consensus.codec.MessageHeader;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.ValueTag;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MalformedInputTest
{
    private final Harness h = new Harness();

    @BeforeEach
    void connect()
    {
        h.connected(11, 1);
    }

    private static ByteBuffer message(final int templateId, final int bodyLength)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(MessageHeader.LENGTH + bodyLength).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putShort((short)templateId).putShort((short)MessageHeader.SCHEMA_VERSION).putInt(bodyLength);
        buffer.putLong(1).putLong(77);
        return buffer;
    }

    private void assertRejected(final byte[] input, final ErrorCode code)
    {
        final long before = h.machine.malformedMessages();
        final long applied = h.machine.requestsApplied();
        h.deliver(11, input);
        final Harness.Sent reply = h.single(TemplateId.ERROR);
        assertEquals(code, h.error(reply));
        assertEquals(before + 1, h.machine.malformedMessages());
        assertEquals(applied, h.machine.requestsApplied());
        assertEquals(0, h.machine.internalErrors());
    }

    @Test
    void shorterThanAHeader()
    {
        assertRejected(new byte[] {1, 0, 1}, ErrorCode.MALFORMED);
        assertRejected(new byte[0], ErrorCode.MALFORMED);
    }

    @Test
    void unsupportedVersion()
    {
        final ByteBuffer buffer = message(TemplateId.KEEPALIVE, 16);
        buffer.putShort(2, (short)9);
        assertRejected(buffer.array(), ErrorCode.UNSUPPORTED_VERSION);
    }

    @Test
    void bodyLengthDisagreesWithTheMessage()
    {
        final ByteBuffer buffer = message(TemplateId.KEEPALIVE, 16);
        buffer.putInt(4, 200);
        assertRejected(buffer.array(), ErrorCode.MALFORMED);
        buffer.putInt(4, -1);
        assertRejected(buffer.array(), ErrorCode.MALFORMED);
    }

    @Test
    void unknownTemplateEchoesTheRequestId()
    {
        assertRejected(message(999, 16).array(), ErrorCode.UNKNOWN_TEMPLATE);
        assertRejected(message(TemplateId.LOCK_GRANTED, 16).array(), ErrorCode.UNKNOWN_TEMPLATE);
        h.deliver(11, message(999, 16).array());
        assertEquals(77, h.single().as(new ErrorDecoder()).requestId());
    }

    @Test
    void truncatedFixedBlockAndTrailingBytes()
    {
        assertRejected(message(TemplateId.LOCK_ACQUIRE, 16).array(), ErrorCode.MALFORMED);
        final ByteBuffer trailing = message(TemplateId.KEEPALIVE, 17);
        assertRejected(trailing.array(), ErrorCode.MALFORMED);
    }

    @Test
    void stringLengthsOutOfRange()
    {
        final ByteBuffer negative = message(TemplateId.ROOT_GET_OR_CREATE, 20);
        negative.putInt(-5);
        assertRejected(negative.array(), ErrorCode.MALFORMED);

        final int tooLong = 64 * 1024 + 1;
        final ByteBuffer huge = message(TemplateId.ROOT_GET_OR_CREATE, 20 + tooLong);
        huge.putInt(tooLong);
        assertRejected(huge.array(), ErrorCode.MALFORMED);

        final ByteBuffer pastTheEnd = message(TemplateId.ROOT_GET_OR_CREATE, 20 + 3);
        pastTheEnd.putInt(10);
        assertRejected(pastTheEnd.array(), ErrorCode.MALFORMED);

        final ByteBuffer empty = message(TemplateId.ROOT_GET_OR_CREATE, 20);
        empty.putInt(0);
        assertRejected(empty.array(), ErrorCode.MALFORMED);
    }

    @Test
    void badValueTagAndNegativeEntryCount()
    {
        final ByteBuffer badTag = message(TemplateId.WRITE_BATCH, 36 + 12 + 1);
        badTag.putLong(0).putLong(0).putInt(1).putLong(1).putInt(0).put((byte)9);
        assertRejected(badTag.array(), ErrorCode.MALFORMED);

        final ByteBuffer negativeCount = message(TemplateId.WRITE_BATCH, 36);
        negativeCount.putLong(0).putLong(0).putInt(-1);
        assertRejected(negativeCount.array(), ErrorCode.MALFORMED);

        final ByteBuffer shortLong = message(TemplateId.WRITE_BATCH, 36 + 12 + 5);
        shortLong.putLong(0).putLong(0).putInt(1).putLong(1).putInt(0).put(ValueTag.LONG).putInt(0);
        assertRejected(shortLong.array(), ErrorCode.MALFORMED);
    }

    @Test
    void fieldsOutOfRange()
    {
        final ByteBuffer zeroRequestId = message(TemplateId.KEEPALIVE, 16);
        zeroRequestId.putLong(16, 0);
        assertRejected(zeroRequestId.array(), ErrorCode.MALFORMED);

        final ByteBuffer badWait = message(TemplateId.LOCK_ACQUIRE, 40);
        badWait.putLong(1).putLong(1).putLong(-2);
        assertRejected(badWait.array(), ErrorCode.MALFORMED);

        final ByteBuffer zeroTtl = message(TemplateId.CONNECT, 24);
        zeroTtl.putLong(0);
        assertRejected(zeroTtl.array(), ErrorCode.MALFORMED);

        final ByteBuffer negativeSlot = message(TemplateId.OBJECT_READ, 36);
        negativeSlot.putLong(1).putLong(0).putInt(-1);
        assertRejected(negativeSlot.array(), ErrorCode.MALFORMED);

        final ByteBuffer zeroCount = message(TemplateId.ALLOCATE_IDS, 20);
        zeroCount.putInt(0);
        assertRejected(zeroCount.array(), ErrorCode.MALFORMED);
    }

    @Test
    void requestsFromUnknownClientsAreNotConnectedAndNotCountedAsMalformed()
    {
        final ByteBuffer keepalive = message(TemplateId.KEEPALIVE, 16);
        keepalive.putLong(8, 42);
        h.deliver(11, keepalive.array());
        assertEquals(ErrorCode.NOT_CONNECTED, h.error(h.single(TemplateId.ERROR)));
        assertEquals(0, h.machine.malformedMessages());
    }

    @Test
    void garbageOfEveryLengthNeverThrows()
    {
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
            if (length >= MessageHeader.LENGTH && (i & 1) == 0)
            {
                buffer.putShort(0, (short)(1 + (i % 13)), ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(2, (short)1, ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(4, length - MessageHeader.LENGTH, ByteOrder.LITTLE_ENDIAN);
            }
            h.deliver(11, buffer, length);
            seed = seed * 6364136223846793005L + 1442695040888963407L;
        }
        assertEquals(0, h.machine.internalErrors());
    }
}
