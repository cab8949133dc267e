/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.fault.TestFault;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.LockAcquireDecoder;
import io.memfabric.consensus.protocol.LockNotifyDecoder;
import io.memfabric.consensus.protocol.LockReleaseDecoder;
import io.memfabric.consensus.protocol.LockWaitDecoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.SnapshotLockDecoder;
import io.memfabric.consensus.protocol.SnapshotLockEncoder;
import io.memfabric.consensus.protocol.SnapshotLockTableDecoder;
import io.memfabric.consensus.protocol.SnapshotLockTableEncoder;
import io.memfabric.consensus.stat.MemberCounter;
import io.memfabric.consensus.wire.Wire;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The lock table: reentrant, fair locks owned by (client, owner), each with a FIFO queue of entrants and a wait set
 * (Java's wait/notify across clients), and fencing tokens from one global counter, strictly increasing with every
 * fresh grant. A lock with an empty queue and an empty wait set is forgotten.
 * <p>
 * From wire version 3, owner {@link Wire#CLIENT_OWNER} is the client as a whole: a greedy hold, which the client's
 * threads share and arbitrate among themselves. The cluster recalls it (LOCK_RECALL to the holder) whenever anyone
 * else is queued for the lock, and the holder's threads may wait on and notify the lock's condition under it: a thread
 * that waits joins the wait set with its own owner id while the client keeps the lock, and when notified queues for a
 * grant of its own, like any other entrant.
 */
final class LockTable
{
    final Long2ObjectHashMap<LockState> locks = new Long2ObjectHashMap<>();
    long fencingCounter;

    private final ClientTable clients;
    private final TimerTable timers;
    private final ResponsePublisher publisher;
    private final Counting counting;
    // A deliberate defect for the memory-model suite's self-test (TestFault); the same on every member.
    private final boolean skipFencing = TestFault.SKIP_FENCING.active();
    private final SnapshotLockTableEncoder tableEncoder = new SnapshotLockTableEncoder();
    private final SnapshotLockEncoder lockEncoder = new SnapshotLockEncoder();
    // Whether the log is in a wire version with greedy holds (3 on): a replay of an older log applies older rules.
    private final BooleanSupplier greedyRules;

    LockTable(final ClientTable clients, final TimerTable timers, final ResponsePublisher publisher,
        final Counting counting, final BooleanSupplier greedyRules)
    {
        this.clients = clients;
        this.timers = timers;
        this.publisher = publisher;
        this.counting = counting;
        this.greedyRules = greedyRules;
    }

    /**
     * LOCK_ACQUIRE: granted at once (fresh or reentrant), answered LOCK_TIMEOUT at once (waitMs 0), or queued.
     */
    void acquire(
        final ClientRecord client, final long sessionId, final long now, final long requestId,
        final LockAcquireDecoder request)
    {
        final long lockId = request.lockId();
        final long ownerId = request.ownerId();
        final long waitMs = request.waitMs();

        LockState lock = locks.get(lockId);
        if (null == lock)
        {
            lock = new LockState(lockId);
            locks.put(lockId, lock);
        }

        if (lock.holdCount == 0)
        {
            grantFresh(lock, client.clientId, ownerId);
            publisher.reply(client, sessionId, requestId, publisher.lockGranted(requestId, lock));
        }
        else if (lock.isHeldBy(client.clientId, ownerId))
        {
            lock.holdCount++;
            publisher.reply(client, sessionId, requestId, publisher.lockGranted(requestId, lock));
        }
        else if (waitMs == 0)
        {
            publisher.reply(client, sessionId, requestId, publisher.lockTimeout(requestId, lockId));
        }
        else
        {
            final long timerId = waitMs > 0 ? timers.schedule(TimerTask.LOCK_WAIT, lockId, now + waitMs) : 0;
            lock.waiters.addLast(new LockWaiter(client.clientId, ownerId, requestId, timerId));
            recallIfWanted(lock);
        }
    }

    // A greedy holder is told to let go as soon as anyone else is queued; it may be told more than once (it ignores a
    // recall of a grant it no longer has or already let go of).
    private void recallIfWanted(final LockState lock)
    {
        if (lock.holdCount > 0 && lock.holderOwnerId == Wire.CLIENT_OWNER && !lock.waiters.isEmpty() &&
            greedyRules.getAsBoolean())
        {
            final ClientRecord holder = clients.get(lock.holderClientId);
            if (null != holder && holder.hasSession())
            {
                counting.increment(MemberCounter.LOCK_RECALLS);
                publisher.lockRecall(holder.sessionId, lock.lockId, lock.fencingToken);
            }
        }
    }

    /**
     * A client reconnected: recalls it may have missed are sent again, in lock id order.
     */
    void resendRecalls(final ClientRecord client)
    {
        if (!greedyRules.getAsBoolean())
        {
            return;
        }
        for (final long lockId : sortedIds())
        {
            final LockState lock = locks.get(lockId);
            if (lock.holderClientId == client.clientId)
            {
                recallIfWanted(lock);
            }
        }
    }

    // The holder pair may wait and notify; so may any thread of a client holding the lock greedily.
    private boolean mayUseCondition(final LockState lock, final long clientId, final long ownerId)
    {
        return null != lock && (lock.isHeldBy(clientId, ownerId) ||
            (lock.isHeldBy(clientId, Wire.CLIENT_OWNER) && greedyRules.getAsBoolean()));
    }

    /**
     * LOCK_RELEASE: one hold fewer; at none the lock goes to the head of its queue.
     */
    void release(
        final ClientRecord client, final long sessionId, final long requestId, final LockReleaseDecoder request)
    {
        final long lockId = request.lockId();
        final LockState lock = locks.get(lockId);
        if (null == lock || !lock.isHeldBy(client.clientId, request.ownerId()))
        {
            publisher.reply(client, sessionId, requestId, notOwner(requestId));
            return;
        }
        lock.holdCount--;
        publisher.reply(client, sessionId, requestId, publisher.lockReleased(requestId, lockId, lock.holdCount));
        if (lock.holdCount == 0)
        {
            handOver(lock);
        }
    }

    // Java's wait: the holder releases the lock whole and joins its wait set; LOCK_GRANTED answers once a notify or
    // the timeout moved it to the queue and the lock came to it, with the hold count it had.
    void await(
        final ClientRecord client, final long sessionId, final long now, final long requestId,
        final LockWaitDecoder request)
    {
        final long lockId = request.lockId();
        final long ownerId = request.ownerId();
        final LockState lock = locks.get(lockId);
        if (!mayUseCondition(lock, client.clientId, ownerId))
        {
            publisher.reply(client, sessionId, requestId, notOwner(requestId));
            return;
        }
        final long timerId = request.waitMs() > 0 ?
            timers.schedule(TimerTask.CONDITION_WAIT, lockId, now + request.waitMs()) : 0;
        if (lock.holderOwnerId == Wire.CLIENT_OWNER && ownerId != Wire.CLIENT_OWNER)
        {
            // A thread of a greedy holder: the client keeps the lock (its other threads may be using it); the thread
            // comes back by a grant of its own, with one hold (the client counts the thread's holds itself).
            lock.condition.addLast(new LockWaiter(client.clientId, ownerId, requestId, timerId, 1));
            return;
        }
        lock.condition.addLast(new LockWaiter(client.clientId, ownerId, requestId, timerId, lock.holdCount));
        lock.holdCount = 0;
        handOver(lock);
    }

    void signal(
        final ClientRecord client, final long sessionId, final long requestId, final LockNotifyDecoder request)
    {
        final long lockId = request.lockId();
        final long ownerId = request.ownerId();
        final NotifyMode mode = request.mode();
        final LockState lock = locks.get(lockId);
        int moved = 0;
        if (mode == NotifyMode.CANCEL_OWN)
        {
            if (null != lock)
            {
                for (final LockWaiter waiter : lock.condition)
                {
                    if (waiter.clientId == client.clientId && waiter.ownerId == ownerId)
                    {
                        moveToQueue(lock, waiter);
                        moved = 1;
                        break;
                    }
                }
            }
        }
        else
        {
            if (!mayUseCondition(lock, client.clientId, ownerId))
            {
                publisher.reply(client, sessionId, requestId, notOwner(requestId));
                return;
            }
            while (!lock.condition.isEmpty() && (mode == NotifyMode.ALL || moved == 0))
            {
                moveToQueue(lock, lock.condition.peekFirst());
                moved++;
            }
        }
        publisher.reply(client, sessionId, requestId, publisher.lockNotified(requestId, lockId, moved));
    }

    void onConditionTimeout(final long timerId, final long lockId)
    {
        final LockState lock = locks.get(lockId);
        if (null == lock)
        {
            return;
        }
        for (final LockWaiter waiter : lock.condition)
        {
            if (waiter.timerId == timerId)
            {
                moveToQueue(lock, waiter);
                return;
            }
        }
    }

    // From the wait set to the tail of the lock's queue, as Java moves a notified thread to the monitor's entry set;
    // a free lock goes to it at once.
    private void moveToQueue(final LockState lock, final LockWaiter waiter)
    {
        lock.condition.remove(waiter);
        cancelWaiterTimer(waiter);
        lock.waiters.addLast(new LockWaiter(waiter.clientId, waiter.ownerId, waiter.requestId, 0,
            waiter.restoreHolds));
        if (lock.holdCount == 0)
        {
            handOver(lock);
        }
        else
        {
            recallIfWanted(lock);
        }
    }

    void onWaitTimeout(final long timerId, final long lockId)
    {
        final LockState lock = locks.get(lockId);
        if (null == lock)
        {
            return;
        }
        for (final LockWaiter waiter : lock.waiters)
        {
            if (waiter.timerId == timerId)
            {
                counting.increment(MemberCounter.LOCK_TIMEOUTS);
                lock.waiters.remove(waiter);
                final ClientRecord client = clients.get(waiter.clientId);
                if (null != client)
                {
                    publisher.replyLater(client, waiter.requestId, publisher.lockTimeout(waiter.requestId, lockId));
                }
                return;
            }
        }
    }

    /**
     * The lock just became free: grant it to the head of the queue (and that owner's further queued acquires, which
     * are reentrant), or forget it.
     */
    private void handOver(final LockState lock)
    {
        final LockWaiter head = lock.waiters.pollFirst();
        if (null == head)
        {
            if (lock.condition.isEmpty())
            {
                locks.remove(lock.lockId);
            }
            return;
        }
        cancelWaiterTimer(head);
        grantFresh(lock, head.clientId, head.ownerId);
        if (head.restoreHolds > 0)
        {
            lock.holdCount = head.restoreHolds;
        }
        sendGranted(head, lock);
        LockWaiter next;
        while (null != (next = lock.waiters.peekFirst()) && lock.isHeldBy(next.clientId, next.ownerId))
        {
            lock.waiters.pollFirst();
            cancelWaiterTimer(next);
            lock.holdCount++;
            sendGranted(next, lock);
        }
        recallIfWanted(lock);
    }

    private void grantFresh(final LockState lock, final long clientId, final long ownerId)
    {
        lock.holderClientId = clientId;
        lock.holderOwnerId = ownerId;
        lock.holdCount = 1;
        lock.fencingToken = ++fencingCounter;
        counting.increment(MemberCounter.LOCK_GRANTS);
    }

    private void sendGranted(final LockWaiter waiter, final LockState lock)
    {
        final ClientRecord client = clients.get(waiter.clientId);
        if (null != client)
        {
            publisher.replyLater(client, waiter.requestId, publisher.lockGranted(waiter.requestId, lock));
        }
    }

    private boolean cancelWaiterTimer(final LockWaiter waiter)
    {
        timers.cancel(waiter.timerId);
        return true;
    }

    boolean isCurrentToken(final long clientId, final long lockId, final long fencingToken)
    {
        if (fencingToken == 0 || skipFencing)
        {
            return true;
        }
        final LockState lock = locks.get(lockId);
        return null != lock && lock.holdCount > 0 && lock.holderClientId == clientId &&
            lock.fencingToken == fencingToken;
    }

    /**
     * A client left: its queued and waiting entries go, the locks it held go to their next waiters, and locks left
     * with nobody are forgotten; in lock id order.
     */
    void removeClient(final long clientId)
    {
        final long[] lockIds = sortedIds();
        for (final long lockId : lockIds)
        {
            final LockState lock = locks.get(lockId);
            lock.waiters.removeIf((waiter) -> waiter.clientId == clientId && cancelWaiterTimer(waiter));
            lock.condition.removeIf((waiter) -> waiter.clientId == clientId && cancelWaiterTimer(waiter));
        }
        for (final long lockId : lockIds)
        {
            final LockState lock = locks.get(lockId);
            if (lock.holdCount > 0 && lock.holderClientId == clientId)
            {
                counting.increment(MemberCounter.LOCKS_EXPIRED);
                lock.holdCount = 0;
                handOver(lock);
            }
            else if (lock.holdCount == 0 && !lock.waiters.isEmpty())
            {
                // Its condition waiters were all that was left, and one of them may have been moved here meanwhile.
                handOver(lock);
            }
            else if (lock.isIdle())
            {
                locks.remove(lockId);
            }
        }
    }

    boolean hasLock(final long lockId)
    {
        return locks.containsKey(lockId);
    }

    /**
     * @return locks held now.
     */
    long held()
    {
        long held = 0;
        for (final LockState lock : locks.values())
        {
            held += lock.holdCount > 0 ? 1 : 0;
        }
        return held;
    }

    /**
     * @return queued lock requests now.
     */
    long waiting()
    {
        long waiting = 0;
        for (final LockState lock : locks.values())
        {
            waiting += lock.waiters.size();
        }
        return waiting;
    }

    private int notOwner(final long requestId)
    {
        return publisher.error(requestId, ErrorCode.NOT_OWNER, "lock not held by owner");
    }

    private long[] sortedIds()
    {
        final long[] ids = new long[locks.size()];
        int i = 0;
        for (final LockState lock : locks.values())
        {
            ids[i++] = lock.lockId;
        }
        Arrays.sort(ids);
        return ids;
    }

    // ---------------------------------------------------------------- snapshot

    void write(final SnapshotWriter w)
    {
        final long[] ids = sortedIds();
        tableEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header).fencingCounter(fencingCounter).locks(ids.length);
        w.advance(tableEncoder);
        for (final long lockId : ids)
        {
            final LockState lock = locks.get(lockId);
            lockEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
                .lockId(lock.lockId)
                .holderClientId(lock.holderClientId)
                .holderOwnerId(lock.holderOwnerId)
                .holdCount(lock.holdCount)
                .fencingToken(lock.fencingToken);
            final SnapshotLockEncoder.QueueEncoder queue = lockEncoder.queueCount(lock.waiters.size());
            for (final LockWaiter waiter : lock.waiters)
            {
                queue.next().clientId(waiter.clientId).ownerId(waiter.ownerId).requestId(waiter.requestId)
                    .timerId(waiter.timerId).restoreHolds(waiter.restoreHolds);
            }
            final SnapshotLockEncoder.ConditionEncoder condition = lockEncoder.conditionCount(lock.condition.size());
            for (final LockWaiter waiter : lock.condition)
            {
                condition.next().clientId(waiter.clientId).ownerId(waiter.ownerId).requestId(waiter.requestId)
                    .timerId(waiter.timerId).restoreHolds(waiter.restoreHolds);
            }
            w.advance(lockEncoder);
        }
    }

    void read(final SnapshotReader r)
    {
        r.expect(SnapshotLockTableDecoder.TEMPLATE_ID);
        final SnapshotLockTableDecoder table = new SnapshotLockTableDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        fencingCounter = table.fencingCounter();
        final int count = table.locks();
        r.advance(table.limit());
        locks.clear();
        final SnapshotLockDecoder decoder = new SnapshotLockDecoder();
        for (int i = 0; i < count; i++)
        {
            r.expect(SnapshotLockDecoder.TEMPLATE_ID);
            decoder.wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
            final LockState lock = new LockState(decoder.lockId());
            lock.holderClientId = decoder.holderClientId();
            lock.holderOwnerId = decoder.holderOwnerId();
            lock.holdCount = decoder.holdCount();
            lock.fencingToken = decoder.fencingToken();
            for (final SnapshotLockDecoder.QueueDecoder waiter : decoder.queue())
            {
                lock.waiters.addLast(new LockWaiter(waiter.clientId(), waiter.ownerId(), waiter.requestId(),
                    waiter.timerId(), waiter.restoreHolds()));
            }
            for (final SnapshotLockDecoder.ConditionDecoder waiter : decoder.condition())
            {
                lock.condition.addLast(new LockWaiter(waiter.clientId(), waiter.ownerId(), waiter.requestId(),
                    waiter.timerId(), waiter.restoreHolds()));
            }
            locks.put(lock.lockId, lock);
            r.advance(decoder.limit());
        }
    }
}
