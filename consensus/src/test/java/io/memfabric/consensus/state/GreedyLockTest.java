/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockNotifiedDecoder;
import io.memfabric.consensus.protocol.LockRecallDecoder;
import io.memfabric.consensus.protocol.LockReleasedDecoder;
import io.memfabric.consensus.protocol.LockTimeoutDecoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.wire.Wire;
import org.agrona.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Greedy holds (owner 0, wire version 3): a client holding a lock as a whole is recalled when anyone else queues, and
 * its threads wait on and notify the lock's condition under the client's hold.
 */
class GreedyLockTest
{
    private static final long LOCK = 9;
    private static final long CLIENT = Wire.CLIENT_OWNER;
    private final Harness h = new Harness();

    @Test
    void aGreedyHolderIsRecalledWhenAnotherClientQueuesAndItsReleaseGrantsTheWaiter()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        final long token = h.granted(11, 1, 2, LOCK, CLIENT).fencingToken();

        h.acquire(12, 2, 2, LOCK, CLIENT, -1);
        final Harness.Sent recall = h.single(LockRecallDecoder.TEMPLATE_ID);
        assertEquals(11, recall.sessionId);
        assertEquals(LOCK, recall.as(new LockRecallDecoder()).lockId());
        assertEquals(token, recall.as(new LockRecallDecoder()).fencingToken());

        h.release(11, 1, 3, LOCK, CLIENT);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(LockReleasedDecoder.TEMPLATE_ID, sent.get(0).templateId());
        assertEquals(LockGrantedDecoder.TEMPLATE_ID, sent.get(1).templateId());
        assertEquals(12, sent.get(1).sessionId);
        assertEquals(2, sent.size(), "client 2 holds greedily with nobody queued: no recall");
    }

    @Test
    void aGreedyGrantWithOthersStillQueuedIsRecalledAtOnce()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.connected(13, 3);
        h.granted(11, 1, 2, LOCK, 5);
        h.acquire(12, 2, 2, LOCK, CLIENT, -1);
        h.acquire(13, 3, 2, LOCK, CLIENT, -1);
        h.assertNothingSent();

        h.release(11, 1, 3, LOCK, 5);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(3, sent.size(), () -> "released, granted, recalled: " + sent);
        assertEquals(LockGrantedDecoder.TEMPLATE_ID, sent.get(1).templateId());
        assertEquals(12, sent.get(1).sessionId);
        assertEquals(LockRecallDecoder.TEMPLATE_ID, sent.get(2).templateId());
        assertEquals(12, sent.get(2).sessionId);
    }

    @Test
    void aThreadOfAGreedyHolderWaitsWhileTheClientKeepsTheLockAndAnotherThreadsNotifyBringsItBack()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.granted(11, 1, 2, LOCK, CLIENT);

        h.await(11, 1, 3, LOCK, 7, 0);
        h.assertNothingSent();
        h.acquire(12, 2, 2, LOCK, 4, 0);
        assertEquals(LockTimeoutDecoder.TEMPLATE_ID, h.single().templateId(), "the client still holds the lock");

        h.notify(11, 1, 4, LOCK, 8, NotifyMode.ONE);
        final List<Harness.Sent> notified = h.drain();
        assertEquals(2, notified.size(), () -> "the waiter queued and the client recalled, then notified: " + notified);
        assertEquals(LockRecallDecoder.TEMPLATE_ID, notified.get(0).templateId());
        assertEquals(1, notified.get(1).as(new LockNotifiedDecoder()).moved());

        h.release(11, 1, 5, LOCK, CLIENT);
        final List<Harness.Sent> sent = h.drain();
        final LockGrantedDecoder grant = sent.get(1).as(new LockGrantedDecoder());
        assertEquals(3, grant.requestId(), "the wait is answered by a grant to the thread itself");
        assertEquals(1, grant.holdCount());
        h.release(11, 1, 6, LOCK, 7);
        assertEquals(LockReleasedDecoder.TEMPLATE_ID, h.single().templateId());
    }

    @Test
    void aRecallIsSentAgainWhenTheHolderReconnects()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.granted(11, 1, 2, LOCK, CLIENT);
        h.acquire(12, 2, 2, LOCK, CLIENT, -1);
        h.drain();

        h.connect(31, 1, 3, 600_000);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(LockRecallDecoder.TEMPLATE_ID, sent.get(sent.size() - 1).templateId());
        assertEquals(31, sent.get(sent.size() - 1).sessionId);
    }

    @Test
    void inALogOfWireVersionTwoOwnerZeroIsAnOrdinaryOwner()
    {
        h.machine.onNewLeadershipTerm(SemanticVersion.compose(0, 2, 1), h.now);
        h.connected(11, 1);
        h.connected(12, 2);
        h.acquire(11, 1, 2, LOCK, CLIENT, -1);
        assertEquals(LockGrantedDecoder.TEMPLATE_ID, h.single().templateId());
        h.acquire(12, 2, 2, LOCK, CLIENT, -1);
        h.assertNothingSent();
        h.await(11, 1, 3, LOCK, 7, 0);
        assertEquals(ErrorCode.NOT_OWNER, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
    }
}
