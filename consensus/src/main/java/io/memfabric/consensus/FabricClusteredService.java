/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.aeron.ImageFragmentAssembler;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.MemberCounter;
import io.memfabric.consensus.state.FabricStateMachine;
import org.agrona.DirectBuffer;
import io.memfabric.FabricErrorHandler;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The Aeron Cluster service of MemFabric: binds the deterministic {@link FabricStateMachine} to the cluster. Every
 * member runs it over the same log; only the leader's replies reach clients (a follower's sessions drop them).
 * <p>
 * Replies are offered with a bounded retry: the service thread is the cluster's single sequencer and must not stall
 * on one slow client. A reply that cannot be delivered is counted and dropped; the client retries its request and
 * the state machine answers the retry from its deduplication cache without applying it twice.
 */
public final class FabricClusteredService implements ClusteredService
{
    private static final int OFFER_ATTEMPTS = 64;
    private static final long GAUGE_INTERVAL_NS = 250_000_000L;

    private final int memberId;
    private Cluster cluster;
    private IdleStrategy idle;
    private FabricStateMachine machine;
    private long repliesDropped;
    private CounterSet<MemberCounter> counters;
    private long gaugesRefreshedNs;
    private final FabricErrorHandler errorHandler;

    /**
     * A service whose counters are named after the member id Aeron reports when the service starts (not always known
     * yet then); members should say it with {@link #FabricClusteredService(int)}.
     */
    public FabricClusteredService()
    {
        this(-1);
    }

    /**
     * @param memberId the id of the member this service runs in, which names its counters.
     */
    public FabricClusteredService(final int memberId)
    {
        this(memberId, null);
    }

    /**
     * @param memberId     the id of the member this service runs in, which names its counters.
     * @param errorHandler told of each request the state machine failed on (a bug in it); {@code null} for the
     *                     service container's own, which keeps it in the member's error log and counts it.
     */
    public FabricClusteredService(final int memberId, final FabricErrorHandler errorHandler)
    {
        this.memberId = memberId;
        this.errorHandler = errorHandler;
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
        this.machine = new FabricStateMachine(this::send, new Timers(),
            errorHandler != null ? errorHandler : cluster.context().countedErrorHandler()::onError);
        // In the member's CnC file, where ./fabric stat reads them; freed with the service's Aeron client.
        final int id = memberId >= 0 ? memberId : cluster.memberId();
        counters = CounterSet.inAeron(cluster.aeron(), MemberCounter.class, CounterSet.SCOPE_MEMBER, id);
        if (snapshotImage != null)
        {
            final FragmentHandler loader = new ImageFragmentAssembler(
                (buffer, offset, length, header) -> machine.loadSnapshotChunk(buffer, offset, length));
            while (!snapshotImage.isEndOfStream())
            {
                final int fragments = snapshotImage.poll(loader, 16);
                if (fragments == 0 && snapshotImage.isClosed())
                {
                    break;
                }
                idle.idle(fragments);
            }
            machine.onSnapshotLoaded();
        }
        machine.counters(counters);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        machine.onSessionOpen(session.id(), timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        machine.onSessionClose(session.id(), timestamp);
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
        machine.onMessage(session == null ? -1 : session.id(), timestamp, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        machine.onTimer(correlationId, timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        machine.takeSnapshot((buffer, offset, length) ->
        {
            idle.reset();
            long result;
            while ((result = snapshotPublication.offer(buffer, offset, length)) < 0)
            {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException("snapshot publication failed: " + Publication.errorString(result));
                }
                idle.idle();
            }
        });
    }

    /**
     * Tells the state machine which wire version the log is written in from here on (see
     * {@link FabricStateMachine#onNewLeadershipTerm}).
     */
    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        machine.onNewLeadershipTerm(appVersion, timeUnit.toMillis(timestamp));
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        if (counters != null)
        {
            counters.set(MemberCounter.ROLE, newRole.code());
            counters.increment(MemberCounter.LEADER_CHANGES);
        }
    }

    /**
     * Refreshes the gauges now and then; the service thread runs this between log messages.
     *
     * @param nowNs the time now.
     * @return 0: nothing that should keep the service from idling.
     */
    public int doBackgroundWork(final long nowNs)
    {
        if (counters != null && nowNs - gaugesRefreshedNs >= GAUGE_INTERVAL_NS)
        {
            gaugesRefreshedNs = nowNs;
            machine.refreshGauges();
            counters.set(MemberCounter.REPLIES_DROPPED, repliesDropped);
        }
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
        if (counters != null)
        {
            counters.close();
        }
    }

    /**
     * @return the state machine, for tests that compare replicas.
     */
    public FabricStateMachine stateMachine()
    {
        return machine;
    }

    /**
     * @return replies that could not be delivered (the client retries them).
     */
    public long repliesDropped()
    {
        return repliesDropped;
    }

    private void send(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final ClientSession session = cluster.getClientSession(sessionId);
        if (session == null)
        {
            repliesDropped++;
            return;
        }
        idle.reset();
        for (int attempt = 0; attempt < OFFER_ATTEMPTS; attempt++)
        {
            final long result = session.offer(buffer, offset, length);
            if (result > 0 || result == ClientSession.MOCKED_OFFER)
            {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
            idle.idle();
        }
        repliesDropped++;
    }

    private final class Timers implements FabricStateMachine.Timers
    {
        public void schedule(final long correlationId, final long deadlineMs)
        {
            idle.reset();
            while (!cluster.scheduleTimer(correlationId, deadlineMs))
            {
                idle.idle();
            }
        }

        public void cancel(final long correlationId)
        {
            cluster.cancelTimer(correlationId);
        }
    }
}
