/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.AllocateIdsDecoder;
import io.memfabric.consensus.protocol.CasDecoder;
import io.memfabric.consensus.protocol.ConnectDecoder;
import io.memfabric.consensus.protocol.DisconnectDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.InvalidateAckDecoder;
import io.memfabric.consensus.protocol.KeepaliveDecoder;
import io.memfabric.consensus.protocol.LockAcquireDecoder;
import io.memfabric.consensus.protocol.LockNotifyDecoder;
import io.memfabric.consensus.protocol.LockReleaseDecoder;
import io.memfabric.consensus.protocol.LockWaitDecoder;
import io.memfabric.consensus.protocol.NodeRegisterDecoder;
import io.memfabric.consensus.protocol.ObjectReadAllDecoder;
import io.memfabric.consensus.protocol.ObjectReadDecoder;
import io.memfabric.consensus.protocol.ReadGraphDecoder;
import io.memfabric.consensus.protocol.RootGetOrCreateDecoder;
import io.memfabric.consensus.protocol.SnapshotMachineDecoder;
import io.memfabric.consensus.protocol.SnapshotMachineEncoder;
import io.memfabric.consensus.protocol.WriteBatchDecoder;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.MemberCounter;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.FabricErrorHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.SemanticVersion;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The deterministic heart of the consensus service. It is made of parts, each one idea with its own snapshot
 * sections: the {@link RequestAdapter} (decodes and checks every request), the {@link ResponsePublisher} (owns the
 * encoders and the way out), the {@link TimerTable}, the {@link ClientTable} (leases and deduplication), the
 * {@link LockTable} (locks, wait sets, fencing), the {@link ObjectStore} (objects, read leases, invalidation, staged
 * writes), the {@link IdAllocator}, the {@link RootTable} and {@link Membership} (nodes and the shard map). This class
 * routes the log to them and arranges what spans them: a client leaving.
 * <p>
 * It knows nothing of Aeron Cluster: the service adapter feeds it the log (sessions, messages, timers, leadership
 * terms) with cluster timestamps and gives it an {@link Egress} to answer on and {@link Timers} to schedule cluster
 * timers with. Given the same calls in the same order, every replica produces the same output, the same timers and
 * the same {@link #stateDigest()}. Only the timestamps passed in are used, never a clock; nothing that produces output
 * depends on hash iteration order. Not thread safe: one service thread drives it.
 */
public final class FabricStateMachine
{
    /**
     * Where answers and pushes go; on followers the adapter drops them.
     */
    public interface Egress
    {
        /**
         * @param sessionId cluster session to send to.
         * @param buffer    holding the message.
         * @param offset    of the message header.
         * @param length    of the whole message.
         */
        void send(long sessionId, DirectBuffer buffer, int offset, int length);
    }

    /**
     * Cluster timers: the adapter maps these onto {@code Cluster.scheduleTimer/cancelTimer} (deadlines in ms).
     */
    public interface Timers
    {
        /**
         * @param correlationId of the timer, unique, from replicated state.
         * @param deadlineMs    absolute cluster time at which {@link #onTimer(long, long)} is due.
         */
        void schedule(long correlationId, long deadlineMs);

        /**
         * @param correlationId of a scheduled timer.
         */
        void cancel(long correlationId);
    }

    /**
     * Receives snapshot chunks in order.
     */
    public interface SnapshotSink
    {
        /**
         * @param buffer holding the chunk.
         * @param offset of the chunk.
         * @param length of the chunk, at most {@link #SNAPSHOT_CHUNK_LENGTH}.
         */
        void write(DirectBuffer buffer, int offset, int length);
    }

    public static final int SNAPSHOT_CHUNK_LENGTH = 64 * 1024;
    public static final int SHARD_COUNT = Membership.SHARD_COUNT;
    public static final long MAX_LEASE_TTL_MS = 3_600_000L;
    public static final long MAX_READ_LEASE_MS = ObjectStore.MAX_READ_LEASE_MS;
    public static final int MAX_ID_RANGE = IdAllocator.MAX_ID_RANGE;
    /**
     * The most an OBJECT_GRAPH answer grows to past its start objects, whatever the request asks for.
     */
    public static final int MAX_GRAPH_BYTES = ObjectStore.MAX_GRAPH_BYTES;
    /**
     * The most start objects one READ_GRAPH may name.
     */
    public static final int MAX_GRAPH_STARTS = ObjectStore.MAX_GRAPH_STARTS;

    // ---------------------------------------------------------------- the machine's own replicated state
    long malformedMessages;
    long requestsApplied;
    long internalErrors;
    // The wire version the log is being written in: set by each leadership term from the members' app version
    // (its minor number; Aeron's default 0.0.1 means version 1), so replaying a log of version 1's time accepts its
    // messages and a cluster of this version refuses them.
    int wireVersion = Wire.VERSION;

    // ---------------------------------------------------------------- the parts
    private final Counting counting = new Counting();
    private final RequestAdapter request = new RequestAdapter();
    final ResponsePublisher publisher;
    final TimerTable timers;
    final ClientTable clients;
    final LockTable locks;
    final IdAllocator ids;
    final ObjectStore store;
    final RootTable roots;
    final Membership membership;

    // ---------------------------------------------------------------- plumbing
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer loadBuffer = new ExpandableArrayBuffer(4096);
    private int loadLength;
    private final SnapshotMachineEncoder machineEncoder = new SnapshotMachineEncoder();
    private final FabricErrorHandler errorHandler;

    /**
     * A machine whose internal errors are only counted and answered (tests, replays).
     *
     * @param egress to answer and push on.
     * @param timers to schedule cluster timers with.
     */
    public FabricStateMachine(final Egress egress, final Timers timers)
    {
        this(egress, timers, (ex) -> {});
    }

    /**
     * @param egress       to answer and push on.
     * @param timers       to schedule cluster timers with.
     * @param errorHandler told of each request the machine failed on (a bug in it), besides counting and answering
     *                     it; it must not touch the machine's state.
     */
    public FabricStateMachine(final Egress egress, final Timers timers, final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        this.publisher = new ResponsePublisher(egress, () -> wireVersion);
        this.timers = new TimerTable(timers);
        this.clients = new ClientTable(this.timers, publisher, counting);
        this.locks = new LockTable(clients, this.timers, publisher, counting,
            () -> wireVersion >= Wire.GREEDY_VERSION);
        this.ids = new IdAllocator(publisher);
        this.store = new ObjectStore(clients, locks, ids, this.timers, publisher, counting,
            () -> wireVersion >= Wire.OWNERSHIP_VERSION, () -> wireVersion >= Wire.TRANSACTION_VERSION);
        this.roots = new RootTable(ids, store, publisher);
        this.membership = new Membership(clients, publisher);
    }

    // ================================================================ log input

    /**
     * A cluster session opened. Nothing is bound until it sends CONNECT.
     *
     * @param sessionId   of the session.
     * @param timestampMs cluster time.
     */
    public void onSessionOpen(final long sessionId, final long timestampMs)
    {
    }

    /**
     * A cluster session closed. The client bound to it keeps everything until its lease expires: it may be
     * reconnecting to a new leader.
     *
     * @param sessionId   of the session.
     * @param timestampMs cluster time.
     */
    public void onSessionClose(final long sessionId, final long timestampMs)
    {
        clients.onSessionClose(sessionId);
    }

    /**
     * A message from the log. Malformed or unknown input is answered with ERROR and counted; it never throws.
     *
     * @param sessionId   the session that sent it.
     * @param timestampMs cluster time.
     * @param buffer      holding the message.
     * @param offset      of the message header.
     * @param length      of the whole message.
     */
    public void onMessage(
        final long sessionId, final long timestampMs, final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            dispatch(sessionId, timestampMs, buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            // A bug, not bad input: every replica hits it identically, so count it and answer rather than kill
            // the service on every member at once.
            internalErrors++;
            publisher.sendAnswer(sessionId,
                publisher.error(request.requestId(), ErrorCode.INTERNAL, ex.getClass().getSimpleName()));
            errorHandler.onError(ex);
        }
    }

    /**
     * A leadership term began: the log from here on is written by members of this app version. Its minor number is
     * the wire version they speak (Aeron's default app version, 0.0.1, is what members of wire version 1 ran with).
     * <p>
     * From app version {@link Wire#LEASE_GRACE_APP_VERSION} on, every client's lease is extended to a full lease from
     * the term's start: no client could renew while there was no leader, so an election must not count against it
     * (Chubby's grace period). A term of an older app version does not, so a replay of its log stays exact.
     *
     * @param appVersion  the members' app version, as {@link SemanticVersion} composes it.
     * @param timestampMs cluster time of the term's start.
     */
    public void onNewLeadershipTerm(final int appVersion, final long timestampMs)
    {
        wireVersion = Math.max(Wire.LEGACY_VERSION, SemanticVersion.minor(appVersion));
        if (appVersion >= Wire.LEASE_GRACE_APP_VERSION)
        {
            clients.extendLeases(timestampMs);
        }
    }

    /**
     * @return the wire version the log is being written in (see {@link #onNewLeadershipTerm}).
     */
    public int wireVersion()
    {
        return wireVersion;
    }

    /**
     * A cluster timer fired.
     *
     * @param correlationId of the timer.
     * @param timestampMs   cluster time.
     */
    public void onTimer(final long correlationId, final long timestampMs)
    {
        final TimerTask task = timers.tasks.get(correlationId);
        if (null == task)
        {
            return;
        }
        switch (task.kind)
        {
            case TimerTask.CLIENT_LEASE:
                final ClientRecord expired = clients.onLeaseTimer(correlationId, task.targetId, timestampMs);
                if (null != expired)
                {
                    expireClient(expired, timestampMs);
                }
                break;

            case TimerTask.LOCK_WAIT:
                timers.forget(correlationId);
                locks.onWaitTimeout(correlationId, task.targetId);
                break;

            case TimerTask.STAGED_WRITE:
                timers.forget(correlationId);
                store.drainStagedWrites(timestampMs);
                break;

            case TimerTask.CONDITION_WAIT:
                timers.forget(correlationId);
                locks.onConditionTimeout(correlationId, task.targetId);
                break;

            default:
                timers.forget(correlationId);
                break;
        }
    }

    // ================================================================ snapshots and introspection

    /**
     * Writes all replicated state as chunks of at most {@link #SNAPSHOT_CHUNK_LENGTH} bytes.
     *
     * @param sink to write to.
     */
    public void takeSnapshot(final SnapshotSink sink)
    {
        final int length = writeSnapshot();
        counting.increment(MemberCounter.SNAPSHOTS);
        for (int position = 0; position < length; position += SNAPSHOT_CHUNK_LENGTH)
        {
            sink.write(snapshotBuffer, position, Math.min(SNAPSHOT_CHUNK_LENGTH, length - position));
        }
    }

    /**
     * Receives one snapshot chunk, in order; call on a fresh machine.
     *
     * @param buffer holding the chunk.
     * @param offset of the chunk.
     * @param length of the chunk.
     */
    public void loadSnapshotChunk(final DirectBuffer buffer, final int offset, final int length)
    {
        loadBuffer.putBytes(loadLength, buffer, offset, length);
        loadLength += length;
    }

    /**
     * All chunks are in: rebuild the state from them.
     *
     * @throws IllegalStateException when the snapshot is neither of this format nor of format 2, or is damaged.
     */
    public void onSnapshotLoaded()
    {
        if (LegacySnapshot.isLegacy(loadBuffer, loadLength))
        {
            LegacySnapshot.read(this, loadBuffer, loadLength);
        }
        else
        {
            try
            {
                readSnapshot(new SnapshotReader(loadBuffer, loadLength));
            }
            catch (final IndexOutOfBoundsException ex)
            {
                throw new IllegalStateException("the snapshot is truncated or damaged: " + ex.getMessage(), ex);
            }
        }
        loadLength = 0;
        clients.rebuildSessions();
    }

    /**
     * @return a deterministic 64-bit digest of all replicated state (its snapshot's bytes); equal on replicas that
     * applied the same log.
     */
    public long stateDigest()
    {
        return digest(snapshotBuffer, writeSnapshot());
    }

    /**
     * @param lockId a lock.
     * @return whether the machine keeps state for it (held, queued for, or waited on).
     */
    boolean hasLock(final long lockId)
    {
        return locks.hasLock(lockId);
    }

    /**
     * Counts into these counters from now on (by default they are in this process's memory only).
     *
     * @param counters a member's counters, e.g. in its media driver's CnC file.
     */
    public void counters(final CounterSet<MemberCounter> counters)
    {
        counting.set(counters);
        refreshGauges();
    }

    /**
     * @return the counters this machine counts into.
     */
    public CounterSet<MemberCounter> counters()
    {
        return counting.set();
    }

    /**
     * Sets the gauges (clients, locks held, queued lock requests, objects) and the totals kept in the replicated
     * state (requests applied, malformed messages, internal errors) from the state as it is now. Walks the locks, so
     * callers do it now and then, not per message.
     */
    public void refreshGauges()
    {
        final CounterSet<MemberCounter> set = counting.set();
        set.set(MemberCounter.LOCKS_HELD, locks.held());
        set.set(MemberCounter.LOCK_WAITERS, locks.waiting());
        set.set(MemberCounter.CLIENTS, clients.size());
        set.set(MemberCounter.OBJECTS, store.objects.size());
        set.set(MemberCounter.REQUESTS_APPLIED, requestsApplied);
        set.set(MemberCounter.MALFORMED, malformedMessages);
        set.set(MemberCounter.INTERNAL_ERRORS, internalErrors);
    }

    /**
     * @return messages rejected as malformed, of unknown template or of an unsupported version.
     */
    public long malformedMessages()
    {
        return malformedMessages;
    }

    /**
     * @return requests applied (first deliveries, not answered from the dedup window).
     */
    public long requestsApplied()
    {
        return requestsApplied;
    }

    /**
     * @return messages that hit a bug in this class (answered with ERROR INTERNAL); should stay 0.
     */
    public long internalErrors()
    {
        return internalErrors;
    }

    // ================================================================ dispatch

    private void dispatch(
        final long sessionId, final long now, final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = request.decode(buffer, offset, length, wireVersion == Wire.LEGACY_VERSION);
        if (templateId == RequestAdapter.LEGACY_REFUSED)
        {
            // An older client: it reads only its own version, so it is told why in its own version.
            malformedMessages++;
            publisher.sendLegacyAnswer(sessionId, publisher.legacyError(request.requestId(),
                ErrorCode.UNSUPPORTED_VERSION,
                "this cluster speaks MemFabric wire version " + Wire.VERSION + " and the client wire version " +
                Wire.LEGACY_VERSION + ": upgrade the client"));
            return;
        }
        if (templateId == RequestAdapter.REJECTED)
        {
            rejectMalformed(sessionId, request.requestId(), request.errorCode(), request.reason());
            return;
        }
        final long requestId = request.requestId();
        final long clientId = request.clientId();

        if (templateId == ConnectDecoder.TEMPLATE_ID)
        {
            onConnect(sessionId, now, clientId, requestId);
            return;
        }

        final ClientRecord client = clients.get(clientId);
        if (null == client)
        {
            if (templateId != InvalidateAckDecoder.TEMPLATE_ID)
            {
                publisher.sendAnswer(sessionId,
                    publisher.error(requestId, ErrorCode.NOT_CONNECTED, "no live lease: CONNECT first"));
            }
            return;
        }
        client.leaseExpiresAtMs = now + client.leaseTtlMs;

        if (templateId == InvalidateAckDecoder.TEMPLATE_ID)
        {
            store.onInvalidateAck(client, now, request.invalidateAck);
            return;
        }

        if (templateId == DisconnectDecoder.TEMPLATE_ID)
        {
            // Released now, as if the lease had run out; the client and its dedup window are forgotten, so the
            // answer goes straight to the session (a retry after this finds no client: NOT_CONNECTED).
            requestsApplied++;
            publisher.sendAnswer(sessionId, publisher.disconnected(requestId, now));
            expireClient(client, now);
            return;
        }

        if (templateId == ReadGraphDecoder.TEMPLATE_ID)
        {
            // Not kept in the deduplication window: answers are large, and a repeated read is answered afresh.
            requestsApplied++;
            store.onReadGraph(client, sessionId, now, request.rewindReadGraph(), wireVersion == Wire.LEGACY_VERSION);
            return;
        }

        if (!clients.admit(client, sessionId, requestId))
        {
            return;
        }
        requestsApplied++;

        switch (templateId)
        {
            case KeepaliveDecoder.TEMPLATE_ID:
                publisher.reply(client, sessionId, requestId,
                    publisher.keepaliveAck(requestId, client.leaseExpiresAtMs));
                break;

            case LockAcquireDecoder.TEMPLATE_ID:
                locks.acquire(client, sessionId, now, requestId, request.lockAcquire);
                break;

            case LockReleaseDecoder.TEMPLATE_ID:
                locks.release(client, sessionId, requestId, request.lockRelease);
                break;

            case LockWaitDecoder.TEMPLATE_ID:
                locks.await(client, sessionId, now, requestId, request.lockWait);
                break;

            case LockNotifyDecoder.TEMPLATE_ID:
                locks.signal(client, sessionId, requestId, request.lockNotify);
                break;

            case ObjectReadDecoder.TEMPLATE_ID:
                store.onRead(client, sessionId, now, requestId, request.objectRead);
                break;

            case ObjectReadAllDecoder.TEMPLATE_ID:
                store.onReadAll(client, sessionId, now, requestId, request.objectReadAll);
                break;

            case WriteBatchDecoder.TEMPLATE_ID:
                store.onWrite(client, sessionId, now, requestId, request, false);
                break;

            case CasDecoder.TEMPLATE_ID:
                store.onWrite(client, sessionId, now, requestId, request, true);
                break;

            case AllocateIdsDecoder.TEMPLATE_ID:
                ids.onAllocate(client, sessionId, requestId, request.allocateIds);
                break;

            case RootGetOrCreateDecoder.TEMPLATE_ID:
                roots.onGetOrCreate(client, sessionId, requestId, request.root);
                break;

            case NodeRegisterDecoder.TEMPLATE_ID:
                membership.onRegister(client, sessionId, requestId, request.nodeRegister);
                break;

            default:
                break;
        }
    }

    private void onConnect(final long sessionId, final long now, final long clientId, final long requestId)
    {
        final long leaseTtlMs = request.connect.leaseTtlMs();
        if (leaseTtlMs <= 0 || leaseTtlMs > MAX_LEASE_TTL_MS)
        {
            rejectMalformed(sessionId, requestId, ErrorCode.MALFORMED, "leaseTtlMs outside 1..3600000");
            return;
        }
        final boolean resumed = null != clients.get(clientId);
        final ClientRecord client = clients.connect(clientId, sessionId, leaseTtlMs, now);
        if (clients.admit(client, sessionId, requestId))
        {
            requestsApplied++;
            publisher.reply(client, sessionId, requestId,
                publisher.connected(requestId, now, client.leaseExpiresAtMs, resumed));
        }
        if (resumed)
        {
            store.resendInvalidations(client);
            locks.resendRecalls(client);
        }
    }

    // A client leaves (its lease ran out, or it said DISCONNECT): every part lets go of it, in this order.
    private void expireClient(final ClientRecord client, final long now)
    {
        locks.removeClient(client.clientId);
        store.removeClient(client);
        clients.remove(client);
        membership.removeClient(client);
        store.drainStagedWrites(now);
    }

    private void rejectMalformed(
        final long sessionId, final long requestId, final ErrorCode code, final String message)
    {
        malformedMessages++;
        publisher.sendAnswer(sessionId, publisher.error(requestId, code, message));
    }

    // ================================================================ snapshot

    // Each part in turn, after the machine's own section: timers, clients (before the objects whose leases they hold),
    // locks, objects, ids, roots, membership.
    private int writeSnapshot()
    {
        final SnapshotWriter w = new SnapshotWriter(snapshotBuffer);
        machineEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
            .malformedMessages(malformedMessages)
            .requestsApplied(requestsApplied)
            .internalErrors(internalErrors)
            .wireVersion(wireVersion);
        w.advance(machineEncoder);
        timers.write(w);
        clients.write(w);
        locks.write(w);
        store.write(w);
        ids.write(w);
        roots.write(w);
        membership.write(w);
        return w.position;
    }

    private void readSnapshot(final SnapshotReader r)
    {
        r.expect(SnapshotMachineDecoder.TEMPLATE_ID);
        final SnapshotMachineDecoder machine = new SnapshotMachineDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        malformedMessages = machine.malformedMessages();
        requestsApplied = machine.requestsApplied();
        internalErrors = machine.internalErrors();
        wireVersion = machine.wireVersion();
        r.advance(machine.limit());
        timers.read(r);
        clients.read(r);
        locks.read(r);
        store.read(r);
        ids.read(r);
        roots.read(r);
        membership.read(r);
        r.end();
    }

    /**
     * A 64-bit mix over the bytes (no per-process seed), good enough to tell replicas apart.
     */
    static long digest(final DirectBuffer buffer, final int length)
    {
        long hash = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            hash = mix(hash ^ buffer.getLong(i, LITTLE_ENDIAN));
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (buffer.getByte(i) & 0xFFL) << shift;
        }
        return mix(hash ^ tail);
    }

    private static long mix(final long value)
    {
        long z = value * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return Long.rotateLeft(z ^ (z >>> 29), 27) + 0x9E3779B97F4A7C15L;
    }
}
