/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The floor of consensus on this machine: a clustered service with no state that sends every message back to the
 * session it came from, once the cluster has committed it. What a MemFabric request costs beyond this is the
 * MemFabric service and client; what this costs is Aeron Cluster itself (ingress, log replication to a quorum,
 * commit, egress) with the members' idle strategy.
 * <p>
 * Replies are offered with a bounded retry, as the real service does, so one slow client cannot stall the log.
 */
final class EchoService implements ClusteredService
{
    private static final int OFFER_ATTEMPTS = 64;

    private IdleStrategy idle;
    private long echoed;
    private long dropped;

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        idle = cluster.idleStrategy();
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        if (null == session)
        {
            return;
        }
        idle.reset();
        for (int attempt = 0; attempt < OFFER_ATTEMPTS; attempt++)
        {
            // On a follower the session's offer is mocked and succeeds; only the leader's reply is sent.
            final long result = session.offer(buffer, offset, length);
            if (result > 0 || result == ClientSession.MOCKED_OFFER)
            {
                echoed++;
                return;
            }
            if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
            idle.idle();
        }
        dropped++;
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        // No state: an empty snapshot.
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
        System.out.println("echo service: " + echoed + " echoed, " + dropped + " dropped");
    }
}
