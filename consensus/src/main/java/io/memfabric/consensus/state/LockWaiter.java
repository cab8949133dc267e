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

    LockWaiter(final long clientId, final long ownerId, final long requestId, final long timerId)
    {
        this.clientId = clientId;
        this.ownerId = ownerId;
        this.requestId = requestId;
        this.timerId = timerId;
    }
}
