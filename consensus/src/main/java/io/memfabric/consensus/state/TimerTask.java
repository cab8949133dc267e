/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

/**
 * What a scheduled timer is for: a client lease, a bounded lock wait, or a staged write waiting on read leases.
 */
final class TimerTask
{
    static final byte CLIENT_LEASE = 1;
    static final byte LOCK_WAIT = 2;
    static final byte STAGED_WRITE = 3;
    static final byte CONDITION_WAIT = 4;

    final byte kind;
    final long targetId;

    TimerTask(final byte kind, final long targetId)
    {
        this.kind = kind;
        this.targetId = targetId;
    }
}
