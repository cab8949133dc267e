/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.IdRangeDecoder;
import io.memfabric.consensus.codec.InvalidateDecoder;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.ValueMessageDecoder;
import io.memfabric.consensus.codec.WriteAckDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadLeaseTest
{
    private final Harness h = new Harness();
    private long objectId;

    @BeforeEach
    void setUp()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.connected(13, 3);
        h.allocate(11, 1, 2, 10);
        objectId = h.single(TemplateId.ID_RANGE).as(new IdRangeDecoder()).firstId();
        h.writeLong(11, 1, 3, 0, 0, objectId, 0, 1);
        h.single(TemplateId.WRITE_ACK);
    }

    private ValueMessageDecoder read(final long session, final long client, final long requestId, final long leaseMs)
    {
        h.read(session, client, requestId, objectId, 0, leaseMs);
        return h.single(TemplateId.VALUE).as(new ValueMessageDecoder());
    }

    @Test
    void aWriteWaitsForTheInvalidationAckAndReadsMeanwhileSeeTheOldValue()
    {
        assertEquals(h.now + 5_000, read(12, 2, 2, 5_000).readLeaseExpiresAtMs());

        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        final Harness.Sent push = h.single(TemplateId.INVALIDATE);
        assertEquals(12, push.sessionId);
        final InvalidateDecoder invalidate = push.as(new InvalidateDecoder());
        assertEquals(objectId, invalidate.objectId());

        final ValueMessageDecoder during = read(13, 3, 2, 5_000);
        assertEquals(1, during.value().longValue(), "the staged write is not visible");
        assertEquals(0, during.readLeaseExpiresAtMs(), "no lease while a write is staged");

        h.writeLong(13, 3, 3, 0, 0, objectId, 0, 3);
        h.assertNothingSent();

        h.invalidateAck(12, 2, 3, objectId, invalidate.leaseId() + 1000);
        h.assertNothingSent();
        h.invalidateAck(12, 2, 3, objectId, invalidate.leaseId());
        final List<Harness.Sent> acks = h.drain();
        assertEquals(2, acks.size());
        assertEquals(11, acks.get(0).sessionId);
        assertEquals(13, acks.get(1).sessionId);
        final long first = acks.get(0).as(new WriteAckDecoder()).version();
        final long second = acks.get(1).as(new WriteAckDecoder()).version();
        assertTrue(second > first);
        assertEquals(3, read(12, 2, 4, 0).value().longValue());
    }

    @Test
    void aWriteAppliesWhenAnUnansweredLeaseExpires()
    {
        read(12, 2, 2, 2_000);
        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        h.single(TemplateId.INVALIDATE);
        h.advance(1_999);
        h.assertNothingSent();
        h.advance(1);
        assertEquals(TemplateId.WRITE_ACK, h.single().templateId());
        assertEquals(2, read(13, 3, 2, 0).value().longValue());
    }

    @Test
    void theWritersOwnLeaseDoesNotHoldItsWrite()
    {
        read(11, 1, 4, 5_000);
        h.writeLong(11, 1, 5, 0, 0, objectId, 0, 2);
        assertEquals(TemplateId.WRITE_ACK, h.single().templateId());
    }

    @Test
    void aHolderThatReconnectsIsSentItsPendingInvalidationsAgain()
    {
        read(12, 2, 2, 5_000);
        h.machine.onSessionClose(12, h.now);
        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        h.assertNothingSent();
        h.connect(22, 2, 3, 600_000);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(TemplateId.CONNECTED, sent.get(0).templateId());
        assertEquals(TemplateId.INVALIDATE, sent.get(1).templateId());
        assertEquals(22, sent.get(1).sessionId);
        h.invalidateAck(22, 2, 4, objectId, sent.get(1).as(new InvalidateDecoder()).leaseId());
        assertEquals(TemplateId.WRITE_ACK, h.single().templateId());
    }

    @Test
    void anExpiredHolderNoLongerHoldsWritesBack()
    {
        h.connect(14, 4, 1, 1_000);
        h.drain();
        read(14, 4, 2, 60_000);
        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        h.single(TemplateId.INVALIDATE);
        h.advance(1_000);
        assertEquals(TemplateId.WRITE_ACK, h.single().templateId());
    }

    @Test
    void aFencedWriteWhoseLockChangedHandsWhileStagedIsRejected()
    {
        final long token = h.granted(11, 1, 4, 50, 1).fencingToken();
        read(12, 2, 2, 5_000);
        h.writeLong(11, 1, 5, 50, token, objectId, 0, 2);
        h.single(TemplateId.INVALIDATE);
        h.release(11, 1, 6, 50, 1);
        h.single(TemplateId.LOCK_RELEASED);
        h.advance(5_000);
        assertEquals(ErrorCode.STALE_TOKEN, h.error(h.single(TemplateId.ERROR)));
        assertEquals(1, read(13, 3, 2, 0).value().longValue());
        assertTrue(h.granted(12, 2, 3, 50, 1).fencingToken() > token);
    }
}
