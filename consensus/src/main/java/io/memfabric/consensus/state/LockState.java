/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import java.util.ArrayDeque;

/**
 * One lock: its holder (client, owner), hold count and the fencing token of the current grant, and its FIFO queue.
 * Free when holdCount is 0; a free lock has no waiters and is removed from the table.
 */
final class LockState
{
    final long lockId;
    long holderClientId;
    long holderOwnerId;
    int holdCount;
    long fencingToken;
    final ArrayDeque<LockWaiter> waiters = new ArrayDeque<>();
    // The wait set of the lock's condition (Java's wait/notify): owners that released it in LOCK_WAIT and wait for a
    // notify or their timeout, in arrival order.
    final ArrayDeque<LockWaiter> condition = new ArrayDeque<>();

    LockState(final long lockId)
    {
        this.lockId = lockId;
    }

    boolean isIdle()
    {
        return holdCount == 0 && waiters.isEmpty() && condition.isEmpty();
    }

    boolean isHeldBy(final long clientId, final long ownerId)
    {
        return holdCount > 0 && holderClientId == clientId && holderOwnerId == ownerId;
    }
}
