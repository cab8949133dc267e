/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ConnectedDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateDecoder;
import io.memfabric.consensus.protocol.KeepaliveAckDecoder;
import io.memfabric.consensus.protocol.LockTimeoutDecoder;
import io.memfabric.consensus.protocol.ObjectValuesDecoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import io.memfabric.consensus.stat.MemberCounter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemberCountersTest
{
    private static final long LOCK = 5;
    private final Harness h = new Harness();

    private long count(final MemberCounter counter)
    {
        h.machine.refreshGauges();
        return h.machine.counters().get(counter);
    }

    @Test
    void locksAreCountedAsTheyAreGrantedHeldAndQueued()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        assertEquals(2, count(MemberCounter.CLIENTS));

        h.granted(11, 1, 2, LOCK, 100);
        h.acquire(12, 2, 2, LOCK, 200, -1);
        assertEquals(1, count(MemberCounter.LOCKS_HELD));
        assertEquals(1, count(MemberCounter.LOCK_WAITERS));
        assertEquals(1, count(MemberCounter.LOCK_GRANTS));

        h.release(11, 1, 3, LOCK, 100);
        h.drain();
        assertEquals(1, count(MemberCounter.LOCKS_HELD));
        assertEquals(0, count(MemberCounter.LOCK_WAITERS));
        assertEquals(2, count(MemberCounter.LOCK_GRANTS), "the waiter was granted the lock");

        h.acquire(11, 1, 4, LOCK, 100, 0);
        h.single(LockTimeoutDecoder.TEMPLATE_ID);
        h.acquire(11, 1, 5, LOCK, 100, 50);
        h.advance(100);
        h.single(LockTimeoutDecoder.TEMPLATE_ID);
        assertEquals(1, count(MemberCounter.LOCK_TIMEOUTS), "a bounded wait that ran out; a try-lock is no timeout");
    }

    @Test
    void readsLeasesWritesAndInvalidationsAreCounted()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, 4);
        final long objectId = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        h.writeLong(11, 1, 3, 0, 0, objectId, 0, 1);
        h.single(WriteAckDecoder.TEMPLATE_ID);
        assertEquals(1, count(MemberCounter.WRITES));
        assertEquals(1, count(MemberCounter.OBJECTS));

        h.read(12, 2, 2, objectId, 0, 5_000);
        h.single(ValueMessageDecoder.TEMPLATE_ID);
        h.readAll(12, 2, 3, objectId, 0);
        h.single(ObjectValuesDecoder.TEMPLATE_ID);
        assertEquals(2, count(MemberCounter.READS));
        assertEquals(1, count(MemberCounter.READ_LEASES), "the second read asked for no lease");

        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 2);
        final InvalidateDecoder invalidate = h.single(InvalidateDecoder.TEMPLATE_ID).as(new InvalidateDecoder());
        assertEquals(1, count(MemberCounter.INVALIDATIONS));
        h.invalidateAck(12, 2, 4, objectId, invalidate.leaseId());
        h.single(WriteAckDecoder.TEMPLATE_ID);
        assertEquals(2, count(MemberCounter.WRITES));
    }

    @Test
    void retriesMalformedInputAndExpiredSessionsAreCounted()
    {
        h.connected(11, 1);
        h.keepalive(11, 1, 2);
        h.single(KeepaliveAckDecoder.TEMPLATE_ID);
        h.keepalive(11, 1, 2);
        h.single(KeepaliveAckDecoder.TEMPLATE_ID);
        assertEquals(1, count(MemberCounter.DUPLICATES), "the repeated request was answered from the window");

        final long applied = count(MemberCounter.REQUESTS_APPLIED);
        h.deliver(11, new byte[]{ 1, 2, 3 });
        h.drain();
        assertEquals(1, count(MemberCounter.MALFORMED));
        assertEquals(applied, count(MemberCounter.REQUESTS_APPLIED));

        h.connect(13, 3, 1, 1_000);
        h.single(ConnectedDecoder.TEMPLATE_ID);
        h.granted(13, 3, 2, LOCK, 1);
        h.advance(2_000);
        h.drain();
        assertEquals(1, count(MemberCounter.SESSIONS_EXPIRED));
        assertEquals(1, count(MemberCounter.LOCKS_EXPIRED));
        assertEquals(0, count(MemberCounter.LOCKS_HELD));
    }
}
