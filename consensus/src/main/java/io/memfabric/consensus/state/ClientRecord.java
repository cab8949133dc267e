/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import org.agrona.collections.LongHashSet;

/**
 * One live client: its lease, the session its pushes and late answers go to, its dedup window, its node id when it
 * registered as a node, and the objects it holds read leases on (an index; the leases live on the objects).
 */
final class ClientRecord
{
    static final long NO_SESSION = Long.MIN_VALUE;

    final long clientId;
    long sessionId = NO_SESSION;
    long leaseTtlMs;
    long leaseExpiresAtMs;
    long leaseTimerId;
    long nodeId;
    final DedupWindow dedup = new DedupWindow();
    final LongHashSet leasedObjects = new LongHashSet();

    ClientRecord(final long clientId)
    {
        this.clientId = clientId;
    }

    boolean hasSession()
    {
        return sessionId != NO_SESSION;
    }
}
