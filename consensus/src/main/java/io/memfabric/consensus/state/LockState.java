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

    LockState(final long lockId)
    {
        this.lockId = lockId;
    }

    boolean isHeldBy(final long clientId, final long ownerId)
    {
        return holdCount > 0 && holderClientId == clientId && holderOwnerId == ownerId;
    }
}
