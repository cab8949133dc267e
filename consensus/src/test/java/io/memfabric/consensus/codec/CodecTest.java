/*
 * MemFabric consensus wire format tests.
 */
package io.memfabric.consensus.codec;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);

    @Test
    void headerIsLittleEndianTemplateVersionAndBodyLength()
    {
        final int length = new KeepaliveEncoder().wrap(buffer, 0).clientId(1).requestId(2).encodedLength();
        assertEquals(MessageHeader.LENGTH + 16, length);
        assertEquals(TemplateId.KEEPALIVE, buffer.getByte(0));
        assertEquals(0, buffer.getByte(1));
        assertEquals(MessageHeader.SCHEMA_VERSION, buffer.getByte(2));
        assertEquals(16, buffer.getByte(4));
        assertEquals(1, buffer.getByte(8));
        assertEquals(2, buffer.getByte(16));
    }

    @Test
    void fixedFieldsRoundTripAtAnOffset()
    {
        final LockAcquireEncoder encoder = new LockAcquireEncoder().wrap(buffer, 5)
            .clientId(-1).requestId(Long.MAX_VALUE).lockId(3).ownerId(4).waitMs(-1);
        final LockAcquireDecoder decoder = new LockAcquireDecoder();
        assertTrue(decoder.wrap(buffer, 5, encoder.encodedLength()));
        assertEquals(-1, decoder.clientId());
        assertEquals(Long.MAX_VALUE, decoder.requestId());
        assertEquals(3, decoder.lockId());
        assertEquals(4, decoder.ownerId());
        assertEquals(-1, decoder.waitMs());
        assertFalse(decoder.wrap(buffer, 5, encoder.encodedLength() - 1));
        assertFalse(decoder.wrap(buffer, 5, encoder.encodedLength() + 1));
    }

    @Test
    void stringsRoundTripAndOverlongStringsAreRefused()
    {
        final int length = new NodeRegisterEncoder().wrap(buffer, 0).clientId(1).requestId(2)
            .nodeName("nœud").dataEndpoint("aeron:udp?endpoint=h:1").encodedLength();
        final NodeRegisterDecoder decoder = new NodeRegisterDecoder();
        assertTrue(decoder.wrap(buffer, 0, length));
        assertEquals("nœud", decoder.nodeName());
        assertEquals("aeron:udp?endpoint=h:1", decoder.dataEndpoint());
        assertEquals(MessageHeader.LENGTH + MessageHeader.bodyLength(buffer, 0), length);

        assertThrows(IllegalArgumentException.class, () ->
            new RootGetOrCreateEncoder().wrap(buffer, 0).uri("x".repeat(VarData.MAX_LENGTH + 1)));
    }

    @Test
    void valuesOfEveryKindRoundTrip()
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[] {1, 2, 3});
        final ExpandableArrayBuffer casBuffer = new ExpandableArrayBuffer(64);
        final int length = new CasEncoder().wrap(casBuffer, 0).clientId(1).requestId(2).objectId(3).slot(4)
            .lockId(5).fencingToken(6).expectedBytes(bytes, 0, 3).updateRef(99).encodedLength();
        final CasDecoder cas = new CasDecoder();
        assertTrue(cas.wrap(casBuffer, 0, length));
        assertEquals(ValueTag.BYTES, cas.expected().tag());
        assertEquals(3, cas.expected().bytesLength());
        assertEquals(3, casBuffer.getByte(cas.expected().bytesOffset() + 2));
        assertEquals(ValueTag.REF, cas.update().tag());
        assertEquals(99, cas.update().longValue());

        final int batchLength = new WriteBatchEncoder().wrap(buffer, 0).clientId(1).requestId(2).lockId(0)
            .fencingToken(0).addNull(1, 0).addLong(1, 1, Double.doubleToRawLongBits(2.5)).addString(2, 0, "s")
            .add(3, 0, cas.update()).encodedLength();
        final WriteBatchDecoder batch = new WriteBatchDecoder();
        assertTrue(batch.wrap(buffer, 0, batchLength));
        assertEquals(4, batch.entryCount());
        batch.nextEntry();
        assertEquals(ValueTag.NULL, batch.entryValue().tag());
        batch.nextEntry();
        assertEquals(2.5, Double.longBitsToDouble(batch.entryValue().longValue()));
        batch.nextEntry();
        assertEquals(2, batch.entryObjectId());
        assertEquals("s", batch.entryValue().stringValue());
        batch.nextEntry();
        assertEquals(3, batch.entryObjectId());
        assertEquals(99, batch.entryValue().longValue());
        assertFalse(batch.wrap(buffer, 0, batchLength - 1));
    }

    @Test
    void membershipRoundTrips()
    {
        final long[] owners = {7, 8, 7};
        final int length = new MembershipEncoder().wrap(buffer, 0).epoch(3).shardOwners(owners, 3)
            .addNode(7, "a", "ea").addNode(8, "b", "eb").encodedLength();
        final MembershipDecoder decoder = new MembershipDecoder();
        assertTrue(decoder.wrap(buffer, 0, length));
        assertEquals(3, decoder.epoch());
        assertEquals(8, decoder.shardOwner(1));
        assertEquals(2, decoder.nodeCount());
        decoder.nextNode();
        decoder.nextNode();
        assertEquals(8, decoder.nodeId());
        assertEquals("eb", decoder.dataEndpoint());
        assertFalse(decoder.wrap(buffer, 0, length - 1));
    }

    @Test
    void errorCodesMapBothWays()
    {
        for (final ErrorCode code : ErrorCode.values())
        {
            assertEquals(code, ErrorCode.get(code.value()));
        }
        assertEquals(null, ErrorCode.get(-1));
        assertEquals(null, ErrorCode.get(1_000));
    }
}
