/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ConnectedDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateDecoder;
import io.memfabric.consensus.protocol.LockReleasedDecoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.WriteAckDecoder;
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
        objectId = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        h.writeLong(11, 1, 3, 0, 0, objectId, 0, 1);
        h.single(WriteAckDecoder.TEMPLATE_ID);
    }

    private ValueMessageDecoder read(final long session, final long client, final long requestId, final long leaseMs)
    {
        h.read(session, client, requestId, objectId, 0, leaseMs);
        return h.single(ValueMessageDecoder.TEMPLATE_ID).as(new ValueMessageDecoder());
    }

    @Test
    void aWriteWaitsForTheInvalidationAckAndReadsMeanwhileSeeTheOldValue()
    {
        assertEquals(h.now + 5_000, read(12, 2, 2, 5_000).readLeaseExpiresAtMs());

        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        final Harness.Sent push = h.single(InvalidateDecoder.TEMPLATE_ID);
        assertEquals(12, push.sessionId);
        final InvalidateDecoder invalidate = push.as(new InvalidateDecoder());
        assertEquals(objectId, invalidate.objectId());

        final ValueMessageDecoder during = read(13, 3, 2, 5_000);
        assertEquals(1, during.bits(), "the staged write is not visible");
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
        assertEquals(3, read(12, 2, 4, 0).bits());
    }

    @Test
    void aWriteAppliesWhenAnUnansweredLeaseExpires()
    {
        read(12, 2, 2, 2_000);
        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        h.single(InvalidateDecoder.TEMPLATE_ID);
        h.advance(1_999);
        h.assertNothingSent();
        h.advance(1);
        assertEquals(WriteAckDecoder.TEMPLATE_ID, h.single().templateId());
        assertEquals(2, read(13, 3, 2, 0).bits());
    }

    @Test
    void theWritersOwnLeaseDoesNotHoldItsWrite()
    {
        read(11, 1, 4, 5_000);
        h.writeLong(11, 1, 5, 0, 0, objectId, 0, 2);
        assertEquals(WriteAckDecoder.TEMPLATE_ID, h.single().templateId());
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
        assertEquals(ConnectedDecoder.TEMPLATE_ID, sent.get(0).templateId());
        assertEquals(InvalidateDecoder.TEMPLATE_ID, sent.get(1).templateId());
        assertEquals(22, sent.get(1).sessionId);
        h.invalidateAck(22, 2, 4, objectId, sent.get(1).as(new InvalidateDecoder()).leaseId());
        assertEquals(WriteAckDecoder.TEMPLATE_ID, h.single().templateId());
    }

    @Test
    void anExpiredHolderNoLongerHoldsWritesBack()
    {
        h.connect(14, 4, 1, 1_000);
        h.drain();
        read(14, 4, 2, 60_000);
        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        h.single(InvalidateDecoder.TEMPLATE_ID);
        h.advance(1_000);
        assertEquals(WriteAckDecoder.TEMPLATE_ID, h.single().templateId());
    }

    @Test
    void aFencedWriteWhoseLockChangedHandsWhileStagedIsRejected()
    {
        final long token = h.granted(11, 1, 4, 50, 1).fencingToken();
        read(12, 2, 2, 5_000);
        h.writeLong(11, 1, 5, 50, token, objectId, 0, 2);
        h.single(InvalidateDecoder.TEMPLATE_ID);
        h.release(11, 1, 6, 50, 1);
        h.single(LockReleasedDecoder.TEMPLATE_ID);
        h.advance(5_000);
        assertEquals(ErrorCode.STALE_TOKEN, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        assertEquals(1, read(13, 3, 2, 0).bits());
        assertTrue(h.granted(12, 2, 3, 50, 1).fencingToken() > token);
    }
}
