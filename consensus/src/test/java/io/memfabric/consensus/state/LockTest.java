/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockReleasedDecoder;
import io.memfabric.consensus.protocol.LockTimeoutDecoder;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockTest
{
    private static final long LOCK = 77;
    private final Harness h = new Harness();

    @BeforeEach
    void connectClients()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.connected(13, 3);
    }

    @Test
    void secondAcquirerWaitsAndWaitersAreGrantedInFifoOrder()
    {
        final long first = h.granted(11, 1, 2, LOCK, 100).fencingToken();

        h.acquire(12, 2, 2, LOCK, 200, -1);
        h.acquire(13, 3, 2, LOCK, 300, -1);
        h.assertNothingSent();

        h.release(11, 1, 3, LOCK, 100);
        final List<Harness.Sent> afterFirstRelease = h.drain();
        assertEquals(2, afterFirstRelease.size());
        assertEquals(11, afterFirstRelease.get(0).sessionId);
        assertEquals(0, afterFirstRelease.get(0).as(new LockReleasedDecoder()).holdCount());
        assertEquals(12, afterFirstRelease.get(1).sessionId);
        final LockGrantedDecoder second = afterFirstRelease.get(1).as(new LockGrantedDecoder());
        assertEquals(2, second.requestId());
        assertEquals(1, second.holdCount());
        assertTrue(second.fencingToken() > first);
        final long secondToken = second.fencingToken();

        h.acquire(11, 1, 4, LOCK, 100, 0);
        assertEquals(LockTimeoutDecoder.TEMPLATE_ID, h.single().templateId());

        h.release(12, 2, 3, LOCK, 200);
        final List<Harness.Sent> afterSecondRelease = h.drain();
        assertEquals(13, afterSecondRelease.get(1).sessionId);
        assertTrue(afterSecondRelease.get(1).as(new LockGrantedDecoder()).fencingToken() > secondToken);
    }

    @Test
    void sameOwnerReentersWithTheSameTokenAndOtherOwnersOfTheSameClientAreExcluded()
    {
        final long token = h.granted(11, 1, 2, LOCK, 100).fencingToken();
        final LockGrantedDecoder again = h.granted(11, 1, 3, LOCK, 100);
        assertEquals(2, again.holdCount());
        assertEquals(token, again.fencingToken());

        h.acquire(11, 1, 4, LOCK, 101, 0);
        assertEquals(LockTimeoutDecoder.TEMPLATE_ID, h.single().templateId());

        h.release(11, 1, 5, LOCK, 100);
        assertEquals(1, h.single().as(new LockReleasedDecoder()).holdCount());
        h.acquire(12, 2, 2, LOCK, 200, 0);
        assertEquals(LockTimeoutDecoder.TEMPLATE_ID, h.single().templateId());

        h.release(11, 1, 6, LOCK, 100);
        assertEquals(0, h.single().as(new LockReleasedDecoder()).holdCount());
        h.granted(12, 2, 3, LOCK, 200);
    }

    @Test
    void queuedAcquiresOfTheNewHolderAreGrantedReentrantly()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.acquire(12, 2, 2, LOCK, 200, -1);
        h.acquire(12, 2, 3, LOCK, 200, -1);
        h.release(11, 1, 3, LOCK, 100);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(3, sent.size());
        assertEquals(1, sent.get(1).as(new LockGrantedDecoder()).holdCount());
        assertEquals(2, sent.get(2).as(new LockGrantedDecoder()).holdCount());
        assertEquals(3, sent.get(2).as(new LockGrantedDecoder()).requestId());
    }

    @Test
    void tryLockOnAHeldLockTimesOutAtOnce()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.acquire(12, 2, 2, LOCK, 200, 0);
        final LockTimeoutDecoder timeout = h.single(LockTimeoutDecoder.TEMPLATE_ID).as(new LockTimeoutDecoder());
        assertEquals(2, timeout.requestId());
        assertEquals(LOCK, timeout.lockId());
    }

    @Test
    void boundedWaitTimesOutThroughTheTimerAndLeavesTheQueue()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.acquire(12, 2, 2, LOCK, 200, 500);
        h.acquire(13, 3, 2, LOCK, 300, -1);
        h.advance(499);
        h.assertNothingSent();
        h.advance(1);
        final Harness.Sent timeout = h.single(LockTimeoutDecoder.TEMPLATE_ID);
        assertEquals(12, timeout.sessionId);
        assertEquals(2, timeout.as(new LockTimeoutDecoder()).requestId());

        h.release(11, 1, 3, LOCK, 100);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(13, sent.get(1).sessionId);
    }

    @Test
    void boundedWaitGrantedInTimeCancelsItsTimer()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.acquire(12, 2, 2, LOCK, 200, 500);
        h.advance(100);
        h.release(11, 1, 3, LOCK, 100);
        assertEquals(LockGrantedDecoder.TEMPLATE_ID, h.drain().get(1).templateId());
        assertTrue(h.timerLog.get(h.timerLog.size() - 1).startsWith("cancel"));
        h.advance(1_000);
        h.assertNothingSent();
    }

    @Test
    void releaseByANonHolderIsNotOwner()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.release(12, 2, 2, LOCK, 100);
        assertEquals(ErrorCode.NOT_OWNER, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.release(11, 1, 3, LOCK, 101);
        assertEquals(ErrorCode.NOT_OWNER, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.release(11, 1, 4, LOCK + 1, 100);
        assertEquals(ErrorCode.NOT_OWNER, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
    }

    @Test
    void fencingTokensIncreaseAcrossGrantsAndLocks()
    {
        long previous = 0;
        for (int i = 0; i < 5; i++)
        {
            final long token = h.granted(11, 1, 2 + 2 * i, LOCK + (i % 2), 100).fencingToken();
            assertTrue(token > previous);
            previous = token;
            h.release(11, 1, 3 + 2 * i, LOCK + (i % 2), 100);
            h.drain();
        }
    }

    @Test
    void writeWithAStaleTokenIsRejectedAndWithTheCurrentTokenApplied()
    {
        h.allocate(11, 1, 2, 10);
        final long objectId = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        final long oldToken = h.granted(11, 1, 3, LOCK, 100).fencingToken();
        h.release(11, 1, 4, LOCK, 100);
        h.drain();
        final long newToken = h.granted(12, 2, 2, LOCK, 200).fencingToken();

        h.writeLong(11, 1, 5, LOCK, oldToken, objectId, 0, 42);
        assertEquals(ErrorCode.STALE_TOKEN, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.writeLong(11, 1, 6, LOCK, newToken, objectId, 0, 42);
        assertEquals(ErrorCode.STALE_TOKEN, h.error(h.single(ErrorDecoder.TEMPLATE_ID)), "token of another client");

        h.writeLong(12, 2, 3, LOCK, newToken, objectId, 0, 43);
        assertEquals(WriteAckDecoder.TEMPLATE_ID, h.single().templateId());
    }
}
