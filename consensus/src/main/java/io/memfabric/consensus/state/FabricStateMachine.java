/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.AllocateIdsDecoder;
import io.memfabric.consensus.protocol.CasDecoder;
import io.memfabric.consensus.protocol.CasResultEncoder;
import io.memfabric.consensus.protocol.ConnectDecoder;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.ConnectedEncoder;
import io.memfabric.consensus.protocol.DisconnectDecoder;
import io.memfabric.consensus.protocol.DisconnectedEncoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorEncoder;
import io.memfabric.consensus.protocol.IdRangeEncoder;
import io.memfabric.consensus.protocol.InvalidateAckDecoder;
import io.memfabric.consensus.protocol.InvalidateEncoder;
import io.memfabric.consensus.protocol.KeepaliveAckEncoder;
import io.memfabric.consensus.protocol.KeepaliveDecoder;
import io.memfabric.consensus.protocol.LockAcquireDecoder;
import io.memfabric.consensus.protocol.LockGrantedEncoder;
import io.memfabric.consensus.protocol.LockNotifiedEncoder;
import io.memfabric.consensus.protocol.LockNotifyDecoder;
import io.memfabric.consensus.protocol.LockReleaseDecoder;
import io.memfabric.consensus.protocol.LockReleasedEncoder;
import io.memfabric.consensus.protocol.LockTimeoutEncoder;
import io.memfabric.consensus.protocol.LockWaitDecoder;
import io.memfabric.consensus.protocol.MembershipEncoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.NodeRegisterDecoder;
import io.memfabric.consensus.protocol.NodeRegisteredEncoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.ObjectGraphEncoder;
import io.memfabric.consensus.protocol.ObjectReadAllDecoder;
import io.memfabric.consensus.protocol.ObjectReadDecoder;
import io.memfabric.consensus.protocol.ObjectValuesEncoder;
import io.memfabric.consensus.protocol.ReadGraphDecoder;
import io.memfabric.consensus.protocol.RootEncoder;
import io.memfabric.consensus.protocol.RootGetOrCreateDecoder;
import io.memfabric.consensus.protocol.ValueMessageEncoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckEncoder;
import io.memfabric.consensus.protocol.WriteBatchDecoder;
import io.memfabric.consensus.wire.LegacyWire;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.consensus.fault.TestFault;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.MemberCounter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.SemanticVersion;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeMap;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The deterministic heart of the consensus service: locks with fencing tokens, client leases, STRONG objects with
 * read leases and invalidation, roots, membership and the shard map, and per-client request deduplication.
 * <p>
 * It knows nothing of Aeron Cluster: the service adapter feeds it the log (sessions, messages, timers) with cluster
 * timestamps and gives it an {@link Egress} to answer on and {@link Timers} to schedule cluster timers with. Given
 * the same calls in the same order, every replica produces the same output, the same timers and the same
 * {@link #stateDigest()}. Only the timestamps passed in are used, never a clock; nothing that produces output
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
    public static final int SHARD_COUNT = 64;
    public static final long MAX_LEASE_TTL_MS = 3_600_000L;
    public static final long MAX_READ_LEASE_MS = 60_000L;
    public static final int MAX_ID_RANGE = 1 << 20;
    /**
     * The most an OBJECT_GRAPH answer grows to past its start objects, whatever the request asks for.
     */
    public static final int MAX_GRAPH_BYTES = 256 * 1024;
    /**
     * The most start objects one READ_GRAPH may name.
     */
    public static final int MAX_GRAPH_STARTS = 4096;

    private static final long NO_NODE = 0;

    // An OBJECT_GRAPH answer's size: before its objects (header, requestId, the objects' group header: 20 bytes in
    // both wire versions), per object and per slot, in this wire version and in version 1.
    private static final int GRAPH_ANSWER_BASE_LENGTH = Wire.HEADER_LENGTH + ObjectGraphEncoder.BLOCK_LENGTH +
        ObjectGraphEncoder.ObjectsEncoder.sbeHeaderSize();
    private static final int GRAPH_OBJECT_LENGTH = ObjectGraphEncoder.ObjectsEncoder.sbeBlockLength() +
        ObjectGraphEncoder.ObjectsEncoder.SlotsEncoder.sbeHeaderSize();
    private static final int GRAPH_SLOT_LENGTH = ObjectGraphEncoder.ObjectsEncoder.SlotsEncoder.sbeBlockLength() + 4;
    private static final int LEGACY_GRAPH_OBJECT_LENGTH = 28;
    private static final int LEGACY_GRAPH_SLOT_LENGTH = 9;
    private static final int LEGACY_GRAPH_BYTES_SLOT_LENGTH = 5;

    // ---------------------------------------------------------------- replicated state (all of it is snapshotted)
    long nextTimerId = 1;
    long fencingCounter;
    long nextObjectId = 1;
    long writeVersion;
    long nextLeaseId = 1;
    long nextWriteId = 1;
    long nextNodeId = 1;
    long membershipEpoch;
    long malformedMessages;
    long requestsApplied;
    long internalErrors;
    // The wire version the log is being written in: set by each leadership term from the members' app version
    // (its minor number; Aeron's default 0.0.1 means version 1), so replaying a log of version 1's time accepts its
    // messages and a cluster of this version refuses them.
    int wireVersion = Wire.VERSION;
    final Long2ObjectHashMap<ClientRecord> clients = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<LockState> locks = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<TimerTask> timers = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<SharedObject> objects = new Long2ObjectHashMap<>();
    final ArrayList<StagedWrite> stagedWrites = new ArrayList<>();
    final ArrayList<NodeRecord> nodes = new ArrayList<>();
    final TreeMap<String, Long> roots = new TreeMap<>();

    // ---------------------------------------------------------------- derived index, rebuilt on snapshot load
    final Long2LongHashMap sessionToClient = new Long2LongHashMap(Long.MIN_VALUE);

    // ---------------------------------------------------------------- plumbing
    private CounterSet<MemberCounter> counters = CounterSet.inMemory(MemberCounter.class);
    private final Egress egress;
    private final Timers timerService;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer push = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer loadBuffer = new ExpandableArrayBuffer(4096);
    private int loadLength;
    private final LongArrayList scratchIds = new LongArrayList();
    private final LongHashSet blockedObjects = new LongHashSet();

    private final RequestAdapter request = new RequestAdapter();
    private final StateSnapshot snapshot = new StateSnapshot();
    private final WriteBatchDecoder stagedBatchDecoder = new WriteBatchDecoder();
    private final CasDecoder stagedCasDecoder = new CasDecoder();
    private final UnsafeBuffer valueBytes = new UnsafeBuffer(0, 0);

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder stagedHeader = new MessageHeaderDecoder();
    private final ConnectedEncoder connectedEncoder = new ConnectedEncoder();
    private final DisconnectedEncoder disconnectedEncoder = new DisconnectedEncoder();
    private final KeepaliveAckEncoder keepaliveAckEncoder = new KeepaliveAckEncoder();
    private final LockGrantedEncoder lockGrantedEncoder = new LockGrantedEncoder();
    private final LockTimeoutEncoder lockTimeoutEncoder = new LockTimeoutEncoder();
    private final LockReleasedEncoder lockReleasedEncoder = new LockReleasedEncoder();
    private final LockNotifiedEncoder lockNotifiedEncoder = new LockNotifiedEncoder();
    private final ValueMessageEncoder valueEncoder = new ValueMessageEncoder();
    private final ObjectValuesEncoder objectValuesEncoder = new ObjectValuesEncoder();
    private final ObjectGraphEncoder objectGraphEncoder = new ObjectGraphEncoder();
    private final WriteAckEncoder writeAckEncoder = new WriteAckEncoder();
    private final CasResultEncoder casResultEncoder = new CasResultEncoder();
    private final IdRangeEncoder idRangeEncoder = new IdRangeEncoder();
    private final RootEncoder rootEncoder = new RootEncoder();
    private final NodeRegisteredEncoder nodeRegisteredEncoder = new NodeRegisteredEncoder();
    private final ErrorEncoder errorEncoder = new ErrorEncoder();
    private final InvalidateEncoder invalidateEncoder = new InvalidateEncoder();
    private final MembershipEncoder membershipEncoder = new MembershipEncoder();
    private final long[] shardOwners = new long[SHARD_COUNT];

    /**
     * @param egress to answer and push on.
     * @param timers to schedule cluster timers with.
     */
    public FabricStateMachine(final Egress egress, final Timers timers)
    {
        this.egress = egress;
        this.timerService = timers;
    }

    // A deliberate defect for the memory-model suite's self-test (TestFault); the same on every member.
    private final boolean skipFencing = TestFault.SKIP_FENCING.active();

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
        final long clientId = sessionToClient.remove(sessionId);
        if (clientId != sessionToClient.missingValue())
        {
            final ClientRecord client = clients.get(clientId);
            if (null != client && client.sessionId == sessionId)
            {
                client.sessionId = ClientRecord.NO_SESSION;
            }
        }
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
            send(sessionId, out, encodeError(request.requestId(), ErrorCode.INTERNAL, ex.getClass().getSimpleName()));
        }
    }

    /**
     * A leadership term began: the log from here on is written by members of this app version. Its minor number is
     * the wire version they speak (Aeron's default app version, 0.0.1, is what members of wire version 1 ran with).
     *
     * @param appVersion the members' app version, as {@link org.agrona.SemanticVersion} composes it.
     */
    public void onNewLeadershipTerm(final int appVersion)
    {
        wireVersion = Math.max(Wire.LEGACY_VERSION, SemanticVersion.minor(appVersion));
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
        final TimerTask task = timers.get(correlationId);
        if (null == task)
        {
            return;
        }
        switch (task.kind)
        {
            case TimerTask.CLIENT_LEASE:
                onClientLeaseTimer(correlationId, task.targetId, timestampMs);
                break;

            case TimerTask.LOCK_WAIT:
                timers.remove(correlationId);
                onLockWaitTimeout(correlationId, task.targetId);
                break;

            case TimerTask.STAGED_WRITE:
                timers.remove(correlationId);
                drainStagedWrites(timestampMs);
                break;

            case TimerTask.CONDITION_WAIT:
                timers.remove(correlationId);
                onConditionTimeout(correlationId, task.targetId);
                break;

            default:
                timers.remove(correlationId);
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
        final int length = snapshot.write(this, snapshotBuffer);
        counters.increment(MemberCounter.SNAPSHOTS);
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
     * @throws IllegalStateException when the snapshot is not one this version wrote.
     */
    public void onSnapshotLoaded()
    {
        snapshot.read(this, loadBuffer, loadLength);
        loadLength = 0;
        sessionToClient.clear();
        for (final ClientRecord client : clients.values())
        {
            if (client.hasSession())
            {
                sessionToClient.put(client.sessionId, client.clientId);
            }
        }
    }

    /**
     * @return a deterministic 64-bit digest of all replicated state; equal on replicas that applied the same log.
     */
    public long stateDigest()
    {
        final int length = snapshot.write(this, snapshotBuffer);
        return StateSnapshot.digest(snapshotBuffer, length);
    }

    /**
     * @param lockId a lock.
     * @return whether the machine keeps state for it (held, queued for, or waited on).
     */
    boolean hasLock(final long lockId)
    {
        return locks.containsKey(lockId);
    }

    /**
     * Counts into these counters from now on (by default they are in this process's memory only).
     *
     * @param counters a member's counters, e.g. in its media driver's CnC file.
     */
    public void counters(final CounterSet<MemberCounter> counters)
    {
        this.counters = counters;
        refreshGauges();
    }

    /**
     * @return the counters this machine counts into.
     */
    public CounterSet<MemberCounter> counters()
    {
        return counters;
    }

    /**
     * Sets the gauges (clients, locks held, queued lock requests, objects) and the totals kept in the replicated
     * state (requests applied, malformed messages, internal errors) from the state as it is now. Walks the locks, so
     * callers do it now and then, not per message.
     */
    public void refreshGauges()
    {
        long held = 0;
        long waiting = 0;
        for (final LockState lock : locks.values())
        {
            held += lock.holdCount > 0 ? 1 : 0;
            waiting += lock.waiters.size();
        }
        counters.set(MemberCounter.LOCKS_HELD, held);
        counters.set(MemberCounter.LOCK_WAITERS, waiting);
        counters.set(MemberCounter.CLIENTS, clients.size());
        counters.set(MemberCounter.OBJECTS, objects.size());
        counters.set(MemberCounter.REQUESTS_APPLIED, requestsApplied);
        counters.set(MemberCounter.MALFORMED, malformedMessages);
        counters.set(MemberCounter.INTERNAL_ERRORS, internalErrors);
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
            final int errorLength = LegacyWire.encodeError(out, 0, request.requestId(),
                ErrorCode.UNSUPPORTED_VERSION.value(), "this cluster speaks MemFabric wire version " + Wire.VERSION +
                " and the client wire version " + Wire.LEGACY_VERSION + ": upgrade the client");
            send(sessionId, out, errorLength);
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
                send(sessionId, out, encodeError(requestId, ErrorCode.NOT_CONNECTED, "no live lease: CONNECT first"));
            }
            return;
        }
        client.leaseExpiresAtMs = now + client.leaseTtlMs;

        if (templateId == InvalidateAckDecoder.TEMPLATE_ID)
        {
            onInvalidateAck(client, now);
            return;
        }

        if (templateId == DisconnectDecoder.TEMPLATE_ID)
        {
            // Released now, as if the lease had run out; the client and its dedup window are forgotten, so the
            // answer goes straight to the session (a retry after this finds no client: NOT_CONNECTED).
            requestsApplied++;
            disconnectedEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(requestId).leaseExpiresAtMs(now);
            send(sessionId, out, Wire.length(disconnectedEncoder));
            expireClient(client, now);
            return;
        }

        if (templateId == ReadGraphDecoder.TEMPLATE_ID)
        {
            // Not kept in the deduplication window: answers are large, and a repeated read is answered afresh.
            requestsApplied++;
            onReadGraph(client, sessionId, now);
            return;
        }

        if (!admit(client, sessionId, requestId))
        {
            return;
        }
        requestsApplied++;

        switch (templateId)
        {
            case KeepaliveDecoder.TEMPLATE_ID:
                keepaliveAckEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
                    .requestId(requestId).leaseExpiresAtMs(client.leaseExpiresAtMs);
                reply(client, sessionId, requestId, Wire.length(keepaliveAckEncoder));
                break;

            case LockAcquireDecoder.TEMPLATE_ID:
                onLockAcquire(client, sessionId, now, requestId);
                break;

            case LockReleaseDecoder.TEMPLATE_ID:
                onLockRelease(client, sessionId, requestId);
                break;

            case LockWaitDecoder.TEMPLATE_ID:
                onConditionWait(client, sessionId, now, requestId);
                break;

            case LockNotifyDecoder.TEMPLATE_ID:
                onConditionNotify(client, sessionId, requestId);
                break;

            case ObjectReadDecoder.TEMPLATE_ID:
                onObjectRead(client, sessionId, now, requestId);
                break;

            case ObjectReadAllDecoder.TEMPLATE_ID:
                onObjectReadAll(client, sessionId, now, requestId);
                break;

            case WriteBatchDecoder.TEMPLATE_ID:
                onWrite(client, sessionId, now, requestId, false);
                break;

            case CasDecoder.TEMPLATE_ID:
                onWrite(client, sessionId, now, requestId, true);
                break;

            case AllocateIdsDecoder.TEMPLATE_ID:
                onAllocateIds(client, sessionId, requestId);
                break;

            case RootGetOrCreateDecoder.TEMPLATE_ID:
                onRootGetOrCreate(client, sessionId, requestId);
                break;

            case NodeRegisterDecoder.TEMPLATE_ID:
                onNodeRegister(client, sessionId, requestId);
                break;

            default:
                break;
        }
    }

    /**
     * Applies dedup: true when the request is new and now pending; otherwise answers from the window.
     */
    private boolean admit(final ClientRecord client, final long sessionId, final long requestId)
    {
        final DedupWindow dedup = client.dedup;
        switch (dedup.classify(requestId))
        {
            case DedupWindow.NEW:
                dedup.begin(requestId);
                return true;

            case DedupWindow.DUPLICATE_DONE:
                counters.increment(MemberCounter.DUPLICATES);
                final int slot = dedup.slot(requestId);
                send(sessionId, dedup.responses[slot], dedup.lengths[slot]);
                return false;

            case DedupWindow.DUPLICATE_PENDING:
                counters.increment(MemberCounter.DUPLICATES);
                return false;

            default:
                send(sessionId, out, encodeError(
                    requestId, ErrorCode.DUPLICATE_TOO_OLD, "requestId below the deduplication window"));
                return false;
        }
    }

    // ================================================================ clients and leases

    private void onConnect(final long sessionId, final long now, final long clientId, final long requestId)
    {
        final long leaseTtlMs = request.connect.leaseTtlMs();
        if (leaseTtlMs <= 0 || leaseTtlMs > MAX_LEASE_TTL_MS)
        {
            rejectMalformed(sessionId, requestId, ErrorCode.MALFORMED, "leaseTtlMs outside 1..3600000");
            return;
        }
        ClientRecord client = clients.get(clientId);
        final boolean resumed = null != client;
        if (!resumed)
        {
            client = new ClientRecord(clientId);
            clients.put(clientId, client);
            client.leaseTimerId = newTimer(TimerTask.CLIENT_LEASE, clientId);
        }
        client.leaseTtlMs = leaseTtlMs;
        client.leaseExpiresAtMs = now + leaseTtlMs;
        if (!resumed)
        {
            timerService.schedule(client.leaseTimerId, client.leaseExpiresAtMs);
        }
        bind(client, sessionId);

        if (admit(client, sessionId, requestId))
        {
            requestsApplied++;
            connectedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
                .requestId(requestId)
                .clusterTimeMs(now)
                .leaseExpiresAtMs(client.leaseExpiresAtMs)
                .resumed(resumed ? BooleanType.TRUE : BooleanType.FALSE);
            reply(client, sessionId, requestId, Wire.length(connectedEncoder));
        }
        if (resumed)
        {
            resendInvalidations(client);
        }
    }

    private void bind(final ClientRecord client, final long sessionId)
    {
        if (client.sessionId == sessionId)
        {
            return;
        }
        if (client.hasSession())
        {
            sessionToClient.remove(client.sessionId);
        }
        final long previousClientId = sessionToClient.get(sessionId);
        if (previousClientId != sessionToClient.missingValue())
        {
            final ClientRecord previous = clients.get(previousClientId);
            if (null != previous)
            {
                previous.sessionId = ClientRecord.NO_SESSION;
            }
        }
        client.sessionId = sessionId;
        sessionToClient.put(sessionId, client.clientId);
    }

    private void onClientLeaseTimer(final long timerId, final long clientId, final long now)
    {
        final ClientRecord client = clients.get(clientId);
        if (null == client)
        {
            timers.remove(timerId);
            return;
        }
        if (now < client.leaseExpiresAtMs)
        {
            // Renewals only move the deadline; the timer catches up lazily instead of being rescheduled per request.
            timerService.schedule(timerId, client.leaseExpiresAtMs);
            return;
        }
        timers.remove(timerId);
        counters.increment(MemberCounter.SESSIONS_EXPIRED);
        expireClient(client, now);
    }

    private void expireClient(final ClientRecord client, final long now)
    {
        final long clientId = client.clientId;

        // Queued waits and held locks, in lock id order.
        final long[] lockIds = sortedLockIds();
        for (final long lockId : lockIds)
        {
            final LockState lock = locks.get(lockId);
            lock.waiters.removeIf((waiter) -> waiter.clientId == clientId && cancelWaiterTimer(waiter));
            lock.condition.removeIf((waiter) -> waiter.clientId == clientId && cancelWaiterTimer(waiter));
        }
        for (final long lockId : lockIds)
        {
            final LockState lock = locks.get(lockId);
            if (lock.holdCount > 0 && lock.holderClientId == clientId)
            {
                counters.increment(MemberCounter.LOCKS_EXPIRED);
                lock.holdCount = 0;
                handOver(lock);
            }
            else if (lock.holdCount == 0 && !lock.waiters.isEmpty())
            {
                // Its condition waiters were all that was left, and one of them may have been moved here meanwhile.
                handOver(lock);
            }
            else if (lock.isIdle())
            {
                locks.remove(lockId);
            }
        }

        // Its staged writes are dropped: never acknowledged, so never applied.
        for (int i = stagedWrites.size() - 1; i >= 0; i--)
        {
            final StagedWrite write = stagedWrites.get(i);
            if (write.clientId == clientId)
            {
                removeStaged(i);
            }
        }

        // Its read leases.
        final long[] leased = sortedIds(client.leasedObjects);
        for (final long objectId : leased)
        {
            final SharedObject object = objects.get(objectId);
            if (null != object)
            {
                object.removeLease(clientId);
            }
        }
        client.leasedObjects.clear();

        clients.remove(clientId);
        if (client.hasSession())
        {
            sessionToClient.remove(client.sessionId);
        }

        if (client.nodeId != NO_NODE)
        {
            for (int i = 0; i < nodes.size(); i++)
            {
                if (nodes.get(i).nodeId == client.nodeId)
                {
                    nodes.remove(i);
                    break;
                }
            }
            membershipEpoch++;
            pushMembership();
        }

        drainStagedWrites(now);
    }

    // ================================================================ locks

    private void onLockAcquire(final ClientRecord client, final long sessionId, final long now, final long requestId)
    {
        final long lockId = request.lockAcquire.lockId();
        final long ownerId = request.lockAcquire.ownerId();
        final long waitMs = request.lockAcquire.waitMs();

        LockState lock = locks.get(lockId);
        if (null == lock)
        {
            lock = new LockState(lockId);
            locks.put(lockId, lock);
        }

        if (lock.holdCount == 0)
        {
            grantFresh(lock, client.clientId, ownerId);
            encodeGranted(requestId, lock);
            reply(client, sessionId, requestId, Wire.length(lockGrantedEncoder));
        }
        else if (lock.isHeldBy(client.clientId, ownerId))
        {
            lock.holdCount++;
            encodeGranted(requestId, lock);
            reply(client, sessionId, requestId, Wire.length(lockGrantedEncoder));
        }
        else if (waitMs == 0)
        {
            lockTimeoutEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(requestId).lockId(lockId);
            reply(client, sessionId, requestId, Wire.length(lockTimeoutEncoder));
        }
        else
        {
            long timerId = 0;
            if (waitMs > 0)
            {
                timerId = newTimer(TimerTask.LOCK_WAIT, lockId);
                timerService.schedule(timerId, now + waitMs);
            }
            lock.waiters.addLast(new LockWaiter(client.clientId, ownerId, requestId, timerId));
        }
    }

    private void onLockRelease(final ClientRecord client, final long sessionId, final long requestId)
    {
        final long lockId = request.lockRelease.lockId();
        final LockState lock = locks.get(lockId);
        if (null == lock || !lock.isHeldBy(client.clientId, request.lockRelease.ownerId()))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NOT_OWNER, "lock not held by owner"));
            return;
        }
        lock.holdCount--;
        lockReleasedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .requestId(requestId).lockId(lockId).holdCount(lock.holdCount);
        reply(client, sessionId, requestId, Wire.length(lockReleasedEncoder));
        if (lock.holdCount == 0)
        {
            handOver(lock);
        }
    }

    // Java's wait: the holder releases the lock whole and joins its wait set; LOCK_GRANTED answers once a notify or
    // the timeout moved it to the queue and the lock came to it, with the hold count it had.
    private void onConditionWait(final ClientRecord client, final long sessionId, final long now, final long requestId)
    {
        final long lockId = request.lockWait.lockId();
        final long ownerId = request.lockWait.ownerId();
        final LockState lock = locks.get(lockId);
        if (null == lock || !lock.isHeldBy(client.clientId, ownerId))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NOT_OWNER, "lock not held by owner"));
            return;
        }
        long timerId = 0;
        if (request.lockWait.waitMs() > 0)
        {
            timerId = newTimer(TimerTask.CONDITION_WAIT, lockId);
            timerService.schedule(timerId, now + request.lockWait.waitMs());
        }
        lock.condition.addLast(new LockWaiter(client.clientId, ownerId, requestId, timerId, lock.holdCount));
        lock.holdCount = 0;
        handOver(lock);
    }

    private void onConditionNotify(final ClientRecord client, final long sessionId, final long requestId)
    {
        final long lockId = request.lockNotify.lockId();
        final long ownerId = request.lockNotify.ownerId();
        final NotifyMode mode = request.lockNotify.mode();
        final LockState lock = locks.get(lockId);
        int moved = 0;
        if (mode == NotifyMode.CANCEL_OWN)
        {
            if (null != lock)
            {
                for (final LockWaiter waiter : lock.condition)
                {
                    if (waiter.clientId == client.clientId && waiter.ownerId == ownerId)
                    {
                        moveToQueue(lock, waiter);
                        moved = 1;
                        break;
                    }
                }
            }
        }
        else
        {
            if (null == lock || !lock.isHeldBy(client.clientId, ownerId))
            {
                reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NOT_OWNER,
                    "lock not held by owner"));
                return;
            }
            while (!lock.condition.isEmpty() && (mode == NotifyMode.ALL || moved == 0))
            {
                moveToQueue(lock, lock.condition.peekFirst());
                moved++;
            }
        }
        lockNotifiedEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(requestId).lockId(lockId).moved(moved);
        reply(client, sessionId, requestId, Wire.length(lockNotifiedEncoder));
    }

    private void onConditionTimeout(final long timerId, final long lockId)
    {
        final LockState lock = locks.get(lockId);
        if (null == lock)
        {
            return;
        }
        for (final LockWaiter waiter : lock.condition)
        {
            if (waiter.timerId == timerId)
            {
                moveToQueue(lock, waiter);
                return;
            }
        }
    }

    // From the wait set to the tail of the lock's queue, as Java moves a notified thread to the monitor's entry set;
    // a free lock goes to it at once.
    private void moveToQueue(final LockState lock, final LockWaiter waiter)
    {
        lock.condition.remove(waiter);
        cancelWaiterTimer(waiter);
        lock.waiters.addLast(new LockWaiter(waiter.clientId, waiter.ownerId, waiter.requestId, 0,
            waiter.restoreHolds));
        if (lock.holdCount == 0)
        {
            handOver(lock);
        }
    }

    private void onLockWaitTimeout(final long timerId, final long lockId)
    {
        final LockState lock = locks.get(lockId);
        if (null == lock)
        {
            return;
        }
        for (final LockWaiter waiter : lock.waiters)
        {
            if (waiter.timerId == timerId)
            {
                counters.increment(MemberCounter.LOCK_TIMEOUTS);
                lock.waiters.remove(waiter);
                final ClientRecord client = clients.get(waiter.clientId);
                if (null != client)
                {
                    lockTimeoutEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(waiter.requestId).lockId(lockId);
                    replyLater(client, waiter.requestId, Wire.length(lockTimeoutEncoder));
                }
                return;
            }
        }
    }

    /**
     * The lock just became free: grant it to the head of the queue (and that owner's further queued acquires, which
     * are reentrant), or forget it.
     */
    private void handOver(final LockState lock)
    {
        final LockWaiter head = lock.waiters.pollFirst();
        if (null == head)
        {
            if (lock.condition.isEmpty())
            {
                locks.remove(lock.lockId);
            }
            return;
        }
        cancelWaiterTimer(head);
        grantFresh(lock, head.clientId, head.ownerId);
        if (head.restoreHolds > 0)
        {
            lock.holdCount = head.restoreHolds;
        }
        sendGranted(head, lock);
        LockWaiter next;
        while (null != (next = lock.waiters.peekFirst()) && lock.isHeldBy(next.clientId, next.ownerId))
        {
            lock.waiters.pollFirst();
            cancelWaiterTimer(next);
            lock.holdCount++;
            sendGranted(next, lock);
        }
    }

    private void grantFresh(final LockState lock, final long clientId, final long ownerId)
    {
        lock.holderClientId = clientId;
        lock.holderOwnerId = ownerId;
        lock.holdCount = 1;
        lock.fencingToken = ++fencingCounter;
        counters.increment(MemberCounter.LOCK_GRANTS);
    }

    private void sendGranted(final LockWaiter waiter, final LockState lock)
    {
        final ClientRecord client = clients.get(waiter.clientId);
        if (null != client)
        {
            encodeGranted(waiter.requestId, lock);
            replyLater(client, waiter.requestId, Wire.length(lockGrantedEncoder));
        }
    }

    private void encodeGranted(final long requestId, final LockState lock)
    {
        lockGrantedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .requestId(requestId)
            .lockId(lock.lockId)
            .fencingToken(lock.fencingToken)
            .holdCount(lock.holdCount);
    }

    private boolean cancelWaiterTimer(final LockWaiter waiter)
    {
        if (waiter.timerId != 0)
        {
            timers.remove(waiter.timerId);
            timerService.cancel(waiter.timerId);
        }
        return true;
    }

    private boolean isCurrentToken(final long clientId, final long lockId, final long fencingToken)
    {
        if (fencingToken == 0 || skipFencing)
        {
            return true;
        }
        final LockState lock = locks.get(lockId);
        return null != lock && lock.holdCount > 0 && lock.holderClientId == clientId &&
            lock.fencingToken == fencingToken;
    }

    // ================================================================ objects: reads

    private void onObjectRead(final ClientRecord client, final long sessionId, final long now, final long requestId)
    {
        final long objectId = request.objectRead.objectId();
        final int slot = request.objectRead.slot();
        if (!isAllocated(objectId))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NO_SUCH_OBJECT, "never allocated"));
            return;
        }
        if (slot >= SharedObject.MAX_SLOTS)
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
            return;
        }
        final long leaseExpiresAtMs = grantReadLease(client, objectId, request.objectRead.leaseMs(), now);
        counters.increment(MemberCounter.READS);
        final SharedObject object = objects.get(objectId);
        final byte[] bytes = SharedObject.bytes(object, slot);
        valueEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .requestId(requestId)
            .objectId(objectId)
            .version(null == object ? 0 : object.version)
            .readLeaseExpiresAtMs(leaseExpiresAtMs)
            .slot(slot)
            .tag(SharedObject.tag(object, slot))
            .bits(SharedObject.bits(object, slot))
            .putBytes(bytes, 0, bytes.length);
        reply(client, sessionId, requestId, Wire.length(valueEncoder));
    }

    private void onObjectReadAll(final ClientRecord client, final long sessionId, final long now, final long requestId)
    {
        final long objectId = request.objectReadAll.objectId();
        if (!isAllocated(objectId))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NO_SUCH_OBJECT, "never allocated"));
            return;
        }
        final long leaseExpiresAtMs = grantReadLease(client, objectId, request.objectReadAll.leaseMs(), now);
        counters.increment(MemberCounter.READS);
        final SharedObject object = objects.get(objectId);
        objectValuesEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .requestId(requestId)
            .objectId(objectId)
            .version(null == object ? 0 : object.version)
            .readLeaseExpiresAtMs(leaseExpiresAtMs);
        final int slotCount = null == object ? 0 : object.slotCount;
        final ObjectValuesEncoder.SlotsEncoder slots = objectValuesEncoder.slotsCount(slotCount);
        for (int slot = 0; slot < slotCount; slot++)
        {
            final byte[] bytes = SharedObject.bytes(object, slot);
            slots.next().tag(object.tag(slot)).bits(SharedObject.bits(object, slot)).putBytes(bytes, 0, bytes.length);
        }
        reply(client, sessionId, requestId, Wire.length(objectValuesEncoder));
    }

    // Breadth first from the start objects, in slot order (deterministic); every start object is answered, further
    // objects only while the answer stays within the budget. Each object answered gets a read lease as OBJECT_READ_ALL
    // would give it, so the client may trust what it was sent exactly as if it had read each object alone.
    private void onReadGraph(final ClientRecord client, final long sessionId, final long now)
    {
        final ReadGraphDecoder decoder = request.rewindReadGraph();
        final long requestId = decoder.requestId();
        final long leaseMs = decoder.leaseMs();
        final int budget = Math.min(decoder.maxBytes(), MAX_GRAPH_BYTES);
        final ReadGraphDecoder.StartsDecoder starts = decoder.starts();
        if (starts.count() > MAX_GRAPH_STARTS)
        {
            send(sessionId, out, encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "more than " +
                MAX_GRAPH_STARTS + " start objects"));
            return;
        }
        final LongArrayList queue = new LongArrayList();
        final LongHashSet seen = new LongHashSet();
        while (starts.hasNext())
        {
            final long objectId = starts.next().objectId();
            if (!isAllocated(objectId))
            {
                send(sessionId, out, encodeError(requestId, ErrorCode.NO_SUCH_OBJECT,
                    "never allocated: " + objectId));
                return;
            }
            if (seen.add(objectId))
            {
                queue.addLong(objectId);
            }
        }

        // First which objects the answer holds (and their leases), then the answer: its group counts come first.
        final LongArrayList leaseDeadlines = new LongArrayList();
        long size = GRAPH_ANSWER_BASE_LENGTH;
        int answered = 0;
        for (; answered < queue.size(); answered++)
        {
            final long objectId = queue.getLong(answered);
            final SharedObject object = objects.get(objectId);
            final int objectSize = graphSize(object);
            if (answered > 0 && size + objectSize > budget)
            {
                break;
            }
            size += objectSize;
            leaseDeadlines.addLong(grantReadLease(client, objectId, leaseMs, now));
            counters.increment(MemberCounter.READS);
            for (int slot = 0, count = null == object ? 0 : object.slotCount; slot < count; slot++)
            {
                if (object.tag(slot) == ValueTag.REF && isAllocated(object.longs[slot]) &&
                    seen.add(object.longs[slot]))
                {
                    queue.addLong(object.longs[slot]);
                }
            }
        }
        objectGraphEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(requestId);
        final ObjectGraphEncoder.ObjectsEncoder answer = objectGraphEncoder.objectsCount(answered);
        for (int i = 0; i < answered; i++)
        {
            final long objectId = queue.getLong(i);
            final SharedObject object = objects.get(objectId);
            answer.next()
                .objectId(objectId)
                .version(null == object ? 0 : object.version)
                .readLeaseExpiresAtMs(leaseDeadlines.getLong(i));
            final int slotCount = null == object ? 0 : object.slotCount;
            final ObjectGraphEncoder.ObjectsEncoder.SlotsEncoder slots = answer.slotsCount(slotCount);
            for (int slot = 0; slot < slotCount; slot++)
            {
                final byte[] bytes = SharedObject.bytes(object, slot);
                slots.next().tag(object.tag(slot)).bits(SharedObject.bits(object, slot))
                    .putBytes(bytes, 0, bytes.length);
            }
        }
        send(sessionId, out, Wire.length(objectGraphEncoder));
    }

    // What an object adds to an OBJECT_GRAPH answer, counted as the wire version in force encodes it, so a log of
    // version 1's time cuts its graph answers (and grants their leases) exactly where that version did.
    private int graphSize(final SharedObject object)
    {
        final boolean legacy = wireVersion == Wire.LEGACY_VERSION;
        int size = legacy ? LEGACY_GRAPH_OBJECT_LENGTH : GRAPH_OBJECT_LENGTH;
        for (int slot = 0, count = null == object ? 0 : object.slotCount; slot < count; slot++)
        {
            final int bytes = object.tag(slot) == ValueTag.BYTES ? object.bytes[slot].length : 0;
            final boolean isBytes = object.tag(slot) == ValueTag.BYTES;
            size += legacy ? (isBytes ? LEGACY_GRAPH_BYTES_SLOT_LENGTH + bytes : LEGACY_GRAPH_SLOT_LENGTH) :
                GRAPH_SLOT_LENGTH + bytes;
        }
        return size;
    }

    /**
     * @return the lease deadline granted, or 0 when none was asked for or the object has a staged write.
     */
    private long grantReadLease(final ClientRecord client, final long objectId, final long leaseMs, final long now)
    {
        if (leaseMs == 0)
        {
            return 0;
        }
        SharedObject object = objects.get(objectId);
        if (null != object && object.stagedCount > 0)
        {
            return 0;
        }
        if (null == object)
        {
            object = new SharedObject(objectId);
            objects.put(objectId, object);
        }
        final long expiresAtMs = now + Math.min(leaseMs, MAX_READ_LEASE_MS);
        counters.increment(MemberCounter.READ_LEASES);
        ReadLease lease = object.lease(client.clientId);
        if (null == lease)
        {
            lease = new ReadLease(client.clientId, nextLeaseId++, expiresAtMs);
            object.addLease(lease);
            client.leasedObjects.add(objectId);
        }
        else if (lease.expiresAtMs <= now)
        {
            lease.leaseId = nextLeaseId++;
            lease.expiresAtMs = expiresAtMs;
            lease.invalidated = false;
        }
        else
        {
            lease.expiresAtMs = Math.max(lease.expiresAtMs, expiresAtMs);
        }
        return lease.expiresAtMs;
    }

    private void onInvalidateAck(final ClientRecord client, final long now)
    {
        final long objectId = request.invalidateAck.objectId();
        final SharedObject object = objects.get(objectId);
        if (null == object)
        {
            return;
        }
        final ReadLease lease = object.lease(client.clientId);
        if (null != lease && lease.leaseId == request.invalidateAck.leaseId())
        {
            object.removeLease(client.clientId);
            client.leasedObjects.remove(objectId);
            drainStagedWrites(now);
        }
    }

    private void resendInvalidations(final ClientRecord client)
    {
        if (client.leasedObjects.isEmpty())
        {
            return;
        }
        for (final long objectId : sortedIds(client.leasedObjects))
        {
            final SharedObject object = objects.get(objectId);
            final ReadLease lease = null == object ? null : object.lease(client.clientId);
            if (null != lease && lease.invalidated)
            {
                sendInvalidate(client, objectId, lease.leaseId);
            }
        }
    }

    // ================================================================ objects: writes

    private void onWrite(
        final ClientRecord client, final long sessionId, final long now, final long requestId, final boolean isCas)
    {
        scratchIds.clear();
        final long lockId;
        final long fencingToken;
        if (isCas)
        {
            final CasDecoder cas = request.rewindCas();
            lockId = cas.lockId();
            fencingToken = cas.fencingToken();
            if (cas.slot() >= SharedObject.MAX_SLOTS)
            {
                reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
                return;
            }
            scratchIds.addLong(cas.objectId());
        }
        else
        {
            final WriteBatchDecoder batch = request.rewindWriteBatch();
            lockId = batch.lockId();
            fencingToken = batch.fencingToken();
            for (final WriteBatchDecoder.EntriesDecoder entry : batch.entries())
            {
                if (entry.slot() >= SharedObject.MAX_SLOTS)
                {
                    reply(client, sessionId, requestId,
                        encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
                    return;
                }
                scratchIds.addLong(entry.objectId());
                entry.skipBytes();
            }
        }
        final long[] objectIds = sortedUnique(scratchIds);
        for (final long objectId : objectIds)
        {
            if (!isAllocated(objectId))
            {
                reply(client, sessionId, requestId,
                    encodeError(requestId, ErrorCode.NO_SUCH_OBJECT, "object id never allocated"));
                return;
            }
        }
        if (!isCurrentToken(client.clientId, lockId, fencingToken))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.STALE_TOKEN, "stale fencing token"));
            return;
        }

        // Stage when an earlier write is queued on one of the objects or another client holds a live read lease.
        boolean mustStage = false;
        long latestLeaseExpiryMs = 0;
        for (final long objectId : objectIds)
        {
            final SharedObject object = objects.get(objectId);
            if (null == object)
            {
                continue;
            }
            mustStage |= object.stagedCount > 0;
            for (int i = 0, size = object.leases.size(); i < size; i++)
            {
                final ReadLease lease = object.leases.get(i);
                if (lease.clientId != client.clientId && lease.expiresAtMs > now)
                {
                    mustStage = true;
                    latestLeaseExpiryMs = Math.max(latestLeaseExpiryMs, lease.expiresAtMs);
                }
            }
        }

        if (!mustStage)
        {
            final int responseLength = isCas ?
                applyCas(request.rewindCas(), requestId, now) : applyBatch(request.rewindWriteBatch(), requestId, now);
            reply(client, sessionId, requestId, responseLength);
            return;
        }

        long timerId = 0;
        if (latestLeaseExpiryMs > 0)
        {
            timerId = newTimer(TimerTask.STAGED_WRITE, nextWriteId);
            timerService.schedule(timerId, latestLeaseExpiryMs);
        }
        final byte[] copy = new byte[request.length()];
        request.buffer().getBytes(request.offset(), copy);
        final StagedWrite write = new StagedWrite(
            nextWriteId++, client.clientId, requestId, timerId, new UnsafeBuffer(copy), objectIds);
        stagedWrites.add(write);
        for (final long objectId : objectIds)
        {
            SharedObject object = objects.get(objectId);
            if (null == object)
            {
                object = new SharedObject(objectId);
                objects.put(objectId, object);
            }
            object.stagedCount++;
            for (int i = 0, size = object.leases.size(); i < size; i++)
            {
                final ReadLease lease = object.leases.get(i);
                if (lease.clientId != client.clientId && lease.expiresAtMs > now && !lease.invalidated)
                {
                    lease.invalidated = true;
                    final ClientRecord holder = clients.get(lease.clientId);
                    if (null != holder)
                    {
                        sendInvalidate(holder, objectId, lease.leaseId);
                    }
                }
            }
        }
    }

    private void sendInvalidate(final ClientRecord holder, final long objectId, final long leaseId)
    {
        if (holder.hasSession())
        {
            invalidateEncoder.wrapAndApplyHeader(push, 0, headerEncoder).objectId(objectId).leaseId(leaseId);
            counters.increment(MemberCounter.INVALIDATIONS);
            send(holder.sessionId, push, Wire.length(invalidateEncoder));
        }
    }

    /**
     * Applies every staged write that is ready: at the head of each of its objects' queues, with no live read lease
     * of another client left on them. One pass in write order is exact, as applying a write only unblocks later ones.
     */
    private void drainStagedWrites(final long now)
    {
        if (stagedWrites.isEmpty())
        {
            return;
        }
        blockedObjects.clear();
        for (int i = 0; i < stagedWrites.size(); )
        {
            final StagedWrite write = stagedWrites.get(i);
            if (isReady(write, now))
            {
                removeStaged(i);
                applyStaged(write, now);
            }
            else
            {
                for (final long objectId : write.objectIds)
                {
                    blockedObjects.add(objectId);
                }
                i++;
            }
        }
    }

    private boolean isReady(final StagedWrite write, final long now)
    {
        for (final long objectId : write.objectIds)
        {
            if (blockedObjects.contains(objectId))
            {
                return false;
            }
            final SharedObject object = objects.get(objectId);
            for (int i = 0, size = object.leases.size(); i < size; i++)
            {
                final ReadLease lease = object.leases.get(i);
                if (lease.clientId != write.clientId && lease.expiresAtMs > now)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private void removeStaged(final int index)
    {
        final StagedWrite write = stagedWrites.remove(index);
        for (final long objectId : write.objectIds)
        {
            objects.get(objectId).stagedCount--;
        }
        if (write.timerId != 0 && null != timers.remove(write.timerId))
        {
            timerService.cancel(write.timerId);
        }
    }

    private void applyStaged(final StagedWrite write, final long now)
    {
        final ClientRecord client = clients.get(write.clientId);
        final UnsafeBuffer message = write.message;
        final long lockId;
        final long fencingToken;
        final boolean isCas = Wire.templateId(message, 0) == CasDecoder.TEMPLATE_ID;
        if (isCas)
        {
            stagedCasDecoder.wrapAndApplyHeader(message, 0, stagedHeader);
            lockId = stagedCasDecoder.lockId();
            fencingToken = stagedCasDecoder.fencingToken();
        }
        else
        {
            stagedBatchDecoder.wrapAndApplyHeader(message, 0, stagedHeader);
            lockId = stagedBatchDecoder.lockId();
            fencingToken = stagedBatchDecoder.fencingToken();
        }

        // Fenced again at apply time: a holder that lost the lock while its write waited must not write under it.
        final int responseLength;
        if (!isCurrentToken(write.clientId, lockId, fencingToken))
        {
            responseLength = encodeError(write.requestId, ErrorCode.STALE_TOKEN, "lock changed hands while staged");
        }
        else
        {
            responseLength = isCas ?
                applyCas(stagedCasDecoder, write.requestId, now) : applyBatch(stagedBatchDecoder, write.requestId, now);
        }
        if (null != client)
        {
            replyLater(client, write.requestId, responseLength);
        }
    }

    private int applyBatch(final WriteBatchDecoder decoder, final long requestId, final long now)
    {
        final long version = ++writeVersion;
        final WriteBatchDecoder.EntriesDecoder entries = decoder.entries();
        counters.add(MemberCounter.WRITES, entries.count());
        for (final WriteBatchDecoder.EntriesDecoder entry : entries)
        {
            final SharedObject object = objectForWrite(entry.objectId(), version, now);
            final int slot = entry.slot();
            final ValueTag tag = entry.tag();
            final long bits = entry.bits();
            entry.wrapBytes(valueBytes);
            object.set(slot, tag, bits, valueBytes, 0, valueBytes.capacity());
        }
        writeAckEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(requestId).version(version);
        return Wire.length(writeAckEncoder);
    }

    private int applyCas(final CasDecoder decoder, final long requestId, final long now)
    {
        final long objectId = decoder.objectId();
        final int slot = decoder.slot();
        final ValueTag expectedTag = decoder.expectedTag();
        final long expectedBits = decoder.expectedBits();
        final ValueTag updateTag = decoder.updateTag();
        final long updateBits = decoder.updateBits();
        SharedObject object = objects.get(objectId);
        decoder.wrapExpectedBytes(valueBytes);
        final boolean matches = null == object ? expectedTag == ValueTag.NULL :
            object.valueEquals(slot, expectedTag, expectedBits, valueBytes, 0, valueBytes.capacity());
        decoder.wrapUpdateBytes(valueBytes);
        if (matches)
        {
            object = objectForWrite(objectId, ++writeVersion, now);
            counters.increment(MemberCounter.WRITES);
            object.set(slot, updateTag, updateBits, valueBytes, 0, valueBytes.capacity());
        }
        final byte[] current = SharedObject.bytes(object, slot);
        casResultEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .requestId(requestId)
            .version(null == object ? 0 : object.version)
            .success(matches ? BooleanType.TRUE : BooleanType.FALSE)
            .currentTag(SharedObject.tag(object, slot))
            .currentBits(SharedObject.bits(object, slot))
            .putCurrentBytes(current, 0, current.length);
        return Wire.length(casResultEncoder);
    }

    /**
     * The object about to be written: its version moves on, and read leases of other clients, all expired or
     * invalidated by now, are dropped.
     */
    private SharedObject objectForWrite(final long objectId, final long version, final long now)
    {
        SharedObject object = objects.get(objectId);
        if (null == object)
        {
            object = new SharedObject(objectId);
            objects.put(objectId, object);
        }
        if (object.version != version)
        {
            object.version = version;
            for (int i = object.leases.size() - 1; i >= 0; i--)
            {
                final ReadLease lease = object.leases.get(i);
                if (lease.invalidated || lease.expiresAtMs <= now)
                {
                    object.leases.remove(i);
                    final ClientRecord holder = clients.get(lease.clientId);
                    if (null != holder)
                    {
                        holder.leasedObjects.remove(objectId);
                    }
                }
            }
        }
        return object;
    }

    private boolean isAllocated(final long objectId)
    {
        return objectId > 0 && objectId < nextObjectId;
    }

    // ================================================================ ids, roots, membership

    private void onAllocateIds(final ClientRecord client, final long sessionId, final long requestId)
    {
        final int count = request.allocateIds.count();
        if (count > MAX_ID_RANGE)
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "id range too large"));
            return;
        }
        final long firstId = nextObjectId;
        nextObjectId += count;
        idRangeEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(requestId).firstId(firstId).count(count);
        reply(client, sessionId, requestId, Wire.length(idRangeEncoder));
    }

    private void onRootGetOrCreate(final ClientRecord client, final long sessionId, final long requestId)
    {
        final String uri = request.root.uri();
        final Long existing = roots.get(uri);
        final boolean created = null == existing;
        final long objectId;
        if (created)
        {
            objectId = nextObjectId++;
            roots.put(uri, objectId);
            objects.put(objectId, new SharedObject(objectId));
        }
        else
        {
            objectId = existing;
        }
        rootEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .requestId(requestId).objectId(objectId).created(created ? BooleanType.TRUE : BooleanType.FALSE);
        reply(client, sessionId, requestId, Wire.length(rootEncoder));
    }

    private void onNodeRegister(final ClientRecord client, final long sessionId, final long requestId)
    {
        final String nodeName = request.nodeRegister.nodeName();
        final String dataEndpoint = request.nodeRegister.dataEndpoint();
        boolean changed = false;
        if (client.nodeId == NO_NODE)
        {
            client.nodeId = nextNodeId++;
            nodes.add(new NodeRecord(client.nodeId, client.clientId, nodeName, dataEndpoint));
            changed = true;
        }
        else
        {
            for (final NodeRecord node : nodes)
            {
                if (node.nodeId == client.nodeId &&
                    (!node.nodeName.equals(nodeName) || !node.dataEndpoint.equals(dataEndpoint)))
                {
                    node.nodeName = nodeName;
                    node.dataEndpoint = dataEndpoint;
                    changed = true;
                }
            }
        }
        if (changed)
        {
            membershipEpoch++;
        }
        nodeRegisteredEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .requestId(requestId).nodeId(client.nodeId).epoch(membershipEpoch);
        reply(client, sessionId, requestId, Wire.length(nodeRegisteredEncoder));
        if (changed)
        {
            pushMembership();
        }
    }

    private void pushMembership()
    {
        final int nodeCount = nodes.size();
        for (int shard = 0; shard < SHARD_COUNT; shard++)
        {
            shardOwners[shard] = nodeCount == 0 ? NO_NODE : nodes.get(shard % nodeCount).nodeId;
        }
        membershipEncoder.wrapAndApplyHeader(push, 0, headerEncoder).epoch(membershipEpoch);
        final MembershipEncoder.ShardsEncoder shards = membershipEncoder.shardsCount(SHARD_COUNT);
        for (int shard = 0; shard < SHARD_COUNT; shard++)
        {
            shards.next().ownerNodeId(shardOwners[shard]);
        }
        final MembershipEncoder.NodesEncoder nodeEntries = membershipEncoder.nodesCount(nodes.size());
        for (final NodeRecord node : nodes)
        {
            nodeEntries.next().nodeId(node.nodeId).nodeName(node.nodeName).dataEndpoint(node.dataEndpoint);
        }
        final int length = Wire.length(membershipEncoder);
        for (final NodeRecord node : nodes)
        {
            final ClientRecord client = clients.get(node.clientId);
            if (null != client && client.hasSession())
            {
                send(client.sessionId, push, length);
            }
        }
    }

    // ================================================================ output helpers

    private void reply(final ClientRecord client, final long sessionId, final long requestId, final int length)
    {
        client.dedup.complete(requestId, out, 0, length);
        send(sessionId, out, length);
    }

    private void replyLater(final ClientRecord client, final long requestId, final int length)
    {
        client.dedup.complete(requestId, out, 0, length);
        if (client.hasSession())
        {
            send(client.sessionId, out, length);
        }
    }

    private void send(final long sessionId, final DirectBuffer buffer, final int length)
    {
        egress.send(sessionId, buffer, 0, length);
    }

    private void rejectMalformed(
        final long sessionId, final long requestId, final ErrorCode code, final String message)
    {
        malformedMessages++;
        send(sessionId, out, encodeError(requestId, code, message));
    }

    private int encodeError(final long requestId, final ErrorCode code, final String message)
    {
        errorEncoder.wrapAndApplyHeader(out, 0, headerEncoder).requestId(requestId).code(code).message(message);
        return Wire.length(errorEncoder);
    }

    private long newTimer(final byte kind, final long targetId)
    {
        final long timerId = nextTimerId++;
        timers.put(timerId, new TimerTask(kind, targetId));
        return timerId;
    }

    private long[] sortedLockIds()
    {
        final long[] ids = new long[locks.size()];
        int i = 0;
        for (final LockState lock : locks.values())
        {
            ids[i++] = lock.lockId;
        }
        Arrays.sort(ids);
        return ids;
    }

    static long[] sortedIds(final LongHashSet set)
    {
        final long[] ids = new long[set.size()];
        int i = 0;
        final LongHashSet.LongIterator iterator = set.iterator();
        while (iterator.hasNext())
        {
            ids[i++] = iterator.nextValue();
        }
        Arrays.sort(ids);
        return ids;
    }

    private static long[] sortedUnique(final LongArrayList list)
    {
        final long[] ids = list.toLongArray();
        Arrays.sort(ids);
        int unique = 0;
        for (int i = 0; i < ids.length; i++)
        {
            if (i == 0 || ids[i] != ids[i - 1])
            {
                ids[unique++] = ids[i];
            }
        }
        return unique == ids.length ? ids : Arrays.copyOf(ids, unique);
    }
}
