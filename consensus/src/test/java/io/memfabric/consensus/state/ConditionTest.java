/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockNotifiedDecoder;
import io.memfabric.consensus.protocol.NotifyMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lock's condition, Java's wait/notify across clients: a waiter releases the lock whole, a notify moves it to the
 * lock's queue, and it gets the lock back with the hold count it had; timeouts, interrupts (cancel) and dead clients.
 */
class ConditionTest
{
    private static final long LOCK = 7;

    private final Harness h = new Harness();

    @BeforeEach
    void connectClients()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.connected(13, 3);
    }

    @Test
    void aWaiterReleasesTheLockWholeAndANotifyGivesItBackWithItsHoldCount()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.granted(11, 1, 3, LOCK, 100);
        h.await(11, 1, 4, LOCK, 100, 0);
        h.assertNothingSent();

        final long token = h.granted(12, 2, 2, LOCK, 200).fencingToken();
        h.notify(12, 2, 3, LOCK, 200, NotifyMode.ONE);
        assertEquals(1, h.single(LockNotifiedDecoder.TEMPLATE_ID).as(new LockNotifiedDecoder()).moved());
        h.release(12, 2, 4, LOCK, 200);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(2, sent.size(), sent::toString);
        final LockGrantedDecoder back = sent.get(1).as(new LockGrantedDecoder());
        assertEquals(11, sent.get(1).sessionId);
        assertEquals(4, back.requestId(), "answers the wait");
        assertEquals(2, back.holdCount(), "the holds it had");
        assertTrue(back.fencingToken() > token);
    }

    @Test
    void aNotifiedWaiterQueuesBehindThoseAlreadyWaitingForTheLock()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.await(11, 1, 3, LOCK, 100, 0);
        h.granted(12, 2, 2, LOCK, 200);
        h.acquire(13, 3, 2, LOCK, 300, -1);
        h.notify(12, 2, 3, LOCK, 200, NotifyMode.ALL);
        h.single(LockNotifiedDecoder.TEMPLATE_ID);
        h.release(12, 2, 4, LOCK, 200);
        final List<Harness.Sent> afterRelease = h.drain();
        assertEquals(13, afterRelease.get(1).sessionId, "the entrant that queued first");
        h.release(13, 3, 3, LOCK, 300);
        final List<Harness.Sent> afterSecond = h.drain();
        assertEquals(11, afterSecond.get(1).sessionId, "then the notified waiter");
        assertEquals(3, afterSecond.get(1).as(new LockGrantedDecoder()).requestId());
    }

    @Test
    void notifyWakesOneInArrivalOrderAndNotifyAllWakesEveryWaiter()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.await(11, 1, 3, LOCK, 100, 0);
        h.granted(12, 2, 2, LOCK, 200);
        h.await(12, 2, 3, LOCK, 200, 0);
        h.granted(13, 3, 2, LOCK, 300);
        h.notify(13, 3, 3, LOCK, 300, NotifyMode.ONE);
        assertEquals(1, h.single(LockNotifiedDecoder.TEMPLATE_ID).as(new LockNotifiedDecoder()).moved());
        h.notify(13, 3, 4, LOCK, 300, NotifyMode.ALL);
        assertEquals(1, h.single(LockNotifiedDecoder.TEMPLATE_ID).as(new LockNotifiedDecoder()).moved());
        h.notify(13, 3, 5, LOCK, 300, NotifyMode.ALL);
        assertEquals(0, h.single(LockNotifiedDecoder.TEMPLATE_ID).as(new LockNotifiedDecoder()).moved(), "none left");
        h.release(13, 3, 6, LOCK, 300);
        assertEquals(11, h.drain().get(1).sessionId);
        h.release(11, 1, 4, LOCK, 100);
        assertEquals(12, h.drain().get(1).sessionId);
    }

    @Test
    void aTimedWaitQueuesForTheLockWhenItsTimeRunsOut()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.await(11, 1, 3, LOCK, 100, 500);
        h.advance(499);
        h.assertNothingSent();
        h.advance(1);
        final LockGrantedDecoder back = h.single(LockGrantedDecoder.TEMPLATE_ID).as(new LockGrantedDecoder());
        assertEquals(3, back.requestId());
        assertEquals(1, back.holdCount());
    }

    @Test
    void anInterruptedWaiterCancelsItsWaitAndGetsTheLockWhenItIsFree()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.await(11, 1, 3, LOCK, 100, 0);
        h.granted(12, 2, 2, LOCK, 200);
        h.notify(11, 1, 4, LOCK, 100, NotifyMode.CANCEL_OWN);
        assertEquals(1, h.single(LockNotifiedDecoder.TEMPLATE_ID).as(new LockNotifiedDecoder()).moved());
        h.release(12, 2, 3, LOCK, 200);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(11, sent.get(1).sessionId);
        assertEquals(3, sent.get(1).as(new LockGrantedDecoder()).requestId());
    }

    @Test
    void onlyTheHolderMayWaitOrNotify()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.await(12, 2, 2, LOCK, 200, 0);
        assertEquals(ErrorCode.NOT_OWNER, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.notify(12, 2, 3, LOCK, 200, NotifyMode.ALL);
        assertEquals(ErrorCode.NOT_OWNER, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
    }

    @Test
    void aWaiterWhoseClientDiesLeavesTheWaitSetAndTheLockIsForgottenWhenIdle()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.await(11, 1, 3, LOCK, 100, 0);
        assertTrue(h.machine.hasLock(LOCK), "a lock with waiters on its condition is kept");
        h.advance(700_000);
        h.drain();
        assertTrue(!h.machine.hasLock(LOCK), "forgotten with its dead waiter");
    }

    @Test
    void conditionsSurviveASnapshot()
    {
        h.granted(11, 1, 2, LOCK, 100);
        h.granted(11, 1, 3, LOCK, 100);
        h.await(11, 1, 4, LOCK, 100, 0);
        final Harness restored = h.restored(new ArrayList<>());
        restored.granted(12, 2, 2, LOCK, 200);
        restored.notify(12, 2, 3, LOCK, 200, NotifyMode.ONE);
        restored.single(LockNotifiedDecoder.TEMPLATE_ID);
        restored.release(12, 2, 4, LOCK, 200);
        final LockGrantedDecoder back = restored.drain().get(1).as(new LockGrantedDecoder());
        assertEquals(4, back.requestId());
        assertEquals(2, back.holdCount());
    }
}
