/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

/**
 * A queued LOCK_ACQUIRE: answered with LOCK_GRANTED when it reaches the head, or LOCK_TIMEOUT when its timer fires.
 */
final class LockWaiter
{
    final long clientId;
    final long ownerId;
    final long requestId;
    final long timerId;
    // 0 for an acquire; for an owner coming back from a condition wait, the hold count it had.
    final int restoreHolds;

    LockWaiter(final long clientId, final long ownerId, final long requestId, final long timerId)
    {
        this(clientId, ownerId, requestId, timerId, 0);
    }

    LockWaiter(final long clientId, final long ownerId, final long requestId, final long timerId, final int restoreHolds)
    {
        this.clientId = clientId;
        this.ownerId = ownerId;
        this.requestId = requestId;
        this.timerId = timerId;
        this.restoreHolds = restoreHolds;
    }
}
