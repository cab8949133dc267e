/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A WRITE_BATCH or CAS ordered in the log but not applied yet: it waits for read lease holders of its objects to
 * acknowledge their invalidation (or for their leases to expire) and for earlier staged writes on the same objects.
 * It keeps a copy of the request and decodes it again when applied.
 */
final class StagedWrite
{
    final long writeId;
    final long clientId;
    final long requestId;
    final long timerId;
    final UnsafeBuffer message;
    final long[] objectIds;

    StagedWrite(
        final long writeId,
        final long clientId,
        final long requestId,
        final long timerId,
        final UnsafeBuffer message,
        final long[] objectIds)
    {
        this.writeId = writeId;
        this.clientId = clientId;
        this.requestId = requestId;
        this.timerId = timerId;
        this.message = message;
        this.objectIds = objectIds;
    }

    boolean touches(final long objectId)
    {
        for (final long id : objectIds)
        {
            if (id == objectId)
            {
                return true;
            }
        }
        return false;
    }
}
