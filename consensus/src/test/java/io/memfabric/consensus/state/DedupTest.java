/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.KeepaliveAckDecoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DedupTest
{
    private final Harness h = new Harness();

    @Test
    void aRetriedRequestIsAnsweredFromTheCacheAndAppliedOnce()
    {
        h.connected(11, 1);
        h.allocate(11, 1, 2, 10);
        final Harness.Sent first = h.single(IdRangeDecoder.TEMPLATE_ID);
        final long applied = h.machine.requestsApplied();
        final long digest = h.machine.stateDigest();

        h.machine.onSessionClose(11, h.now);
        h.connect(12, 1, 3, 600_000);
        h.drain();
        final long digestAfterReconnect = h.machine.stateDigest();
        h.allocate(12, 1, 2, 10);
        final Harness.Sent retried = h.single(IdRangeDecoder.TEMPLATE_ID);
        assertEquals(12, retried.sessionId);
        assertArrayEquals(first.bytes(), retried.bytes());
        assertEquals(applied + 1, h.machine.requestsApplied(), "only the CONNECT was applied");
        assertEquals(digestAfterReconnect, h.machine.stateDigest());
        assertEquals(false, digest == digestAfterReconnect);

        h.allocate(12, 1, 4, 10);
        assertEquals(11, h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId());
    }

    @Test
    void aRetryOfAPendingLockWaitSendsNothingAndTheGrantComesOnce()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.granted(11, 1, 2, 9, 1);
        h.acquire(12, 2, 2, 9, 1, -1);
        h.acquire(12, 2, 2, 9, 1, -1);
        h.assertNothingSent();
        h.release(11, 1, 3, 9, 1);
        h.drain();
        h.acquire(12, 2, 2, 9, 1, -1);
        final LockGrantedDecoder granted = h.single(LockGrantedDecoder.TEMPLATE_ID).as(new LockGrantedDecoder());
        assertEquals(1, granted.holdCount(), "the retry did not reenter");
    }

    @Test
    void aRequestBelowTheWindowIsDuplicateTooOld()
    {
        h.connected(11, 1);
        for (int i = 2; i < 2 + DedupWindow.SIZE + 1; i++)
        {
            h.keepalive(11, 1, i);
        }
        h.drain();
        h.keepalive(11, 1, 2);
        assertEquals(ErrorCode.DUPLICATE_TOO_OLD, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.keepalive(11, 1, 4);
        assertEquals(KeepaliveAckDecoder.TEMPLATE_ID, h.single().templateId(), "inside the window: cached");
    }

    @Test
    void anUnseenRequestInsideTheWindowIsApplied()
    {
        h.connected(11, 1);
        h.allocate(11, 1, 10, 1);
        h.drain();
        h.allocate(11, 1, 5, 1);
        assertEquals(2, h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId());
    }
}
