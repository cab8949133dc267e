/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

/**
 * A client's read lease on one object: while unexpired, a write by another client waits for its INVALIDATE_ACK.
 */
final class ReadLease
{
    final long clientId;
    long leaseId;
    long expiresAtMs;
    boolean invalidated;

    ReadLease(final long clientId, final long leaseId, final long expiresAtMs)
    {
        this.clientId = clientId;
        this.leaseId = leaseId;
        this.expiresAtMs = expiresAtMs;
    }
}
