/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.AllocateIdsDecoder;
import io.memfabric.consensus.codec.CasDecoder;
import io.memfabric.consensus.codec.CasResultEncoder;
import io.memfabric.consensus.codec.ConnectDecoder;
import io.memfabric.consensus.codec.ConnectedEncoder;
import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.ErrorEncoder;
import io.memfabric.consensus.codec.IdRangeEncoder;
import io.memfabric.consensus.codec.InvalidateAckDecoder;
import io.memfabric.consensus.codec.InvalidateEncoder;
import io.memfabric.consensus.codec.KeepaliveAckEncoder;
import io.memfabric.consensus.codec.KeepaliveDecoder;
import io.memfabric.consensus.codec.DisconnectDecoder;
import io.memfabric.consensus.codec.DisconnectedEncoder;
import io.memfabric.consensus.codec.LockAcquireDecoder;
import io.memfabric.consensus.codec.LockGrantedEncoder;
import io.memfabric.consensus.codec.LockReleaseDecoder;
import io.memfabric.consensus.codec.LockReleasedEncoder;
import io.memfabric.consensus.codec.LockNotifiedEncoder;
import io.memfabric.consensus.codec.LockNotifyDecoder;
import io.memfabric.consensus.codec.LockNotifyEncoder;
import io.memfabric.consensus.codec.LockWaitDecoder;
import io.memfabric.consensus.codec.LockTimeoutEncoder;
import io.memfabric.consensus.codec.MembershipEncoder;
import io.memfabric.consensus.codec.MessageHeader;
import io.memfabric.consensus.codec.NodeRegisterDecoder;
import io.memfabric.consensus.codec.NodeRegisteredEncoder;
import io.memfabric.consensus.codec.ObjectReadAllDecoder;
import io.memfabric.consensus.codec.ObjectReadDecoder;
import io.memfabric.consensus.codec.ObjectGraphEncoder;
import io.memfabric.consensus.codec.ObjectValuesEncoder;
import io.memfabric.consensus.codec.ReadGraphDecoder;
import io.memfabric.consensus.codec.RootEncoder;
import io.memfabric.consensus.codec.RootGetOrCreateDecoder;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.ValueDecoder;
import io.memfabric.consensus.codec.ValueMessageEncoder;
import io.memfabric.consensus.codec.ValueTag;
import io.memfabric.consensus.codec.WriteAckEncoder;
import io.memfabric.consensus.codec.WriteBatchDecoder;
import io.memfabric.consensus.fault.TestFault;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.MemberCounter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
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

    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final KeepaliveDecoder keepaliveDecoder = new KeepaliveDecoder();
    private final DisconnectDecoder disconnectDecoder = new DisconnectDecoder();
    private final DisconnectedEncoder disconnectedEncoder = new DisconnectedEncoder();
    private final LockAcquireDecoder lockAcquireDecoder = new LockAcquireDecoder();
    private final LockReleaseDecoder lockReleaseDecoder = new LockReleaseDecoder();
    private final LockWaitDecoder lockWaitDecoder = new LockWaitDecoder();
    private final LockNotifyDecoder lockNotifyDecoder = new LockNotifyDecoder();
    private final ObjectReadDecoder objectReadDecoder = new ObjectReadDecoder();
    private final ObjectReadAllDecoder objectReadAllDecoder = new ObjectReadAllDecoder();
    private final ReadGraphDecoder readGraphDecoder = new ReadGraphDecoder();
    private final WriteBatchDecoder writeBatchDecoder = new WriteBatchDecoder();
    private final CasDecoder casDecoder = new CasDecoder();
    private final AllocateIdsDecoder allocateIdsDecoder = new AllocateIdsDecoder();
    private final InvalidateAckDecoder invalidateAckDecoder = new InvalidateAckDecoder();
    private final RootGetOrCreateDecoder rootDecoder = new RootGetOrCreateDecoder();
    private final NodeRegisterDecoder nodeRegisterDecoder = new NodeRegisterDecoder();
    private final WriteBatchDecoder stagedBatchDecoder = new WriteBatchDecoder();
    private final CasDecoder stagedCasDecoder = new CasDecoder();

    private final ConnectedEncoder connectedEncoder = new ConnectedEncoder();
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
            final long requestId = length >= MessageHeader.LENGTH + 16 ?
                buffer.getLong(offset + MessageHeader.LENGTH + 8, LITTLE_ENDIAN) : 0;
            send(sessionId, out, encodeError(requestId, ErrorCode.INTERNAL, ex.getClass().getSimpleName()));
        }
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
        final int length = StateSnapshot.write(this, snapshotBuffer);
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
        StateSnapshot.read(this, loadBuffer, loadLength);
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
        final int length = StateSnapshot.write(this, snapshotBuffer);
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
        if (length < MessageHeader.LENGTH)
        {
            rejectMalformed(sessionId, 0, ErrorCode.MALFORMED, "shorter than a header");
            return;
        }
        final long requestId = length >= MessageHeader.LENGTH + 16 ?
            buffer.getLong(offset + MessageHeader.LENGTH + 8, LITTLE_ENDIAN) : 0;
        if (MessageHeader.version(buffer, offset) != MessageHeader.SCHEMA_VERSION)
        {
            rejectMalformed(sessionId, requestId, ErrorCode.UNSUPPORTED_VERSION, "unsupported schema version");
            return;
        }
        if (MessageHeader.bodyLength(buffer, offset) != length - MessageHeader.LENGTH)
        {
            rejectMalformed(sessionId, requestId, ErrorCode.MALFORMED, "body length disagrees with message length");
            return;
        }

        final int templateId = MessageHeader.templateId(buffer, offset);
        final boolean wellFormed;
        switch (templateId)
        {
            case TemplateId.CONNECT:
                wellFormed = connectDecoder.wrap(buffer, offset, length);
                break;

            case TemplateId.KEEPALIVE:
                wellFormed = keepaliveDecoder.wrap(buffer, offset, length);
                break;

            case TemplateId.DISCONNECT:
                wellFormed = disconnectDecoder.wrap(buffer, offset, length);
                break;

            case TemplateId.LOCK_ACQUIRE:
                wellFormed = lockAcquireDecoder.wrap(buffer, offset, length) && lockAcquireDecoder.waitMs() >= -1;
                break;

            case TemplateId.LOCK_RELEASE:
                wellFormed = lockReleaseDecoder.wrap(buffer, offset, length);
                break;

            case TemplateId.LOCK_WAIT:
                wellFormed = lockWaitDecoder.wrap(buffer, offset, length) && lockWaitDecoder.waitMs() >= 0;
                break;

            case TemplateId.LOCK_NOTIFY:
                wellFormed = lockNotifyDecoder.wrap(buffer, offset, length) &&
                    lockNotifyDecoder.mode() >= LockNotifyEncoder.MODE_ONE &&
                    lockNotifyDecoder.mode() <= LockNotifyEncoder.MODE_CANCEL;
                break;

            case TemplateId.OBJECT_READ:
                wellFormed = objectReadDecoder.wrap(buffer, offset, length) &&
                    objectReadDecoder.slot() >= 0 && objectReadDecoder.leaseMs() >= 0;
                break;

            case TemplateId.OBJECT_READ_ALL:
                wellFormed = objectReadAllDecoder.wrap(buffer, offset, length) && objectReadAllDecoder.leaseMs() >= 0;
                break;

            case TemplateId.READ_GRAPH:
                wellFormed = readGraphDecoder.wrap(buffer, offset, length) && readGraphDecoder.leaseMs() >= 0 &&
                    readGraphDecoder.maxBytes() >= 0;
                break;

            case TemplateId.WRITE_BATCH:
                wellFormed = writeBatchDecoder.wrap(buffer, offset, length) && slotsNonNegative(writeBatchDecoder);
                break;

            case TemplateId.CAS:
                wellFormed = casDecoder.wrap(buffer, offset, length) && casDecoder.slot() >= 0;
                break;

            case TemplateId.ALLOCATE_IDS:
                wellFormed = allocateIdsDecoder.wrap(buffer, offset, length) && allocateIdsDecoder.count() > 0;
                break;

            case TemplateId.INVALIDATE_ACK:
                wellFormed = invalidateAckDecoder.wrap(buffer, offset, length);
                break;

            case TemplateId.ROOT_GET_OR_CREATE:
                wellFormed = rootDecoder.wrap(buffer, offset, length) && rootDecoder.uriLength() > 0;
                break;

            case TemplateId.NODE_REGISTER:
                wellFormed = nodeRegisterDecoder.wrap(buffer, offset, length);
                break;

            default:
                rejectMalformed(sessionId, requestId, ErrorCode.UNKNOWN_TEMPLATE, "unknown template");
                return;
        }
        if (!wellFormed || length < MessageHeader.LENGTH + 16)
        {
            rejectMalformed(sessionId, requestId, ErrorCode.MALFORMED, "layout or field out of range");
            return;
        }
        final long clientId = buffer.getLong(offset + MessageHeader.LENGTH, LITTLE_ENDIAN);
        if (requestId <= 0)
        {
            rejectMalformed(sessionId, requestId, ErrorCode.MALFORMED, "requestId must be positive");
            return;
        }

        if (templateId == TemplateId.CONNECT)
        {
            onConnect(sessionId, now, clientId, requestId);
            return;
        }

        final ClientRecord client = clients.get(clientId);
        if (null == client)
        {
            if (templateId != TemplateId.INVALIDATE_ACK)
            {
                send(sessionId, out, encodeError(requestId, ErrorCode.NOT_CONNECTED, "no live lease: CONNECT first"));
            }
            return;
        }
        client.leaseExpiresAtMs = now + client.leaseTtlMs;

        if (templateId == TemplateId.INVALIDATE_ACK)
        {
            onInvalidateAck(client, now);
            return;
        }

        if (templateId == TemplateId.DISCONNECT)
        {
            // Released now, as if the lease had run out; the client and its dedup window are forgotten, so the
            // answer goes straight to the session (a retry after this finds no client: NOT_CONNECTED).
            requestsApplied++;
            disconnectedEncoder.wrap(out, 0).requestId(requestId).leaseExpiresAtMs(now);
            send(sessionId, out, disconnectedEncoder.encodedLength());
            expireClient(client, now);
            return;
        }

        if (templateId == TemplateId.READ_GRAPH)
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
            case TemplateId.KEEPALIVE:
                keepaliveAckEncoder.wrap(out, 0).requestId(requestId).leaseExpiresAtMs(client.leaseExpiresAtMs);
                reply(client, sessionId, requestId, keepaliveAckEncoder.encodedLength());
                break;

            case TemplateId.LOCK_ACQUIRE:
                onLockAcquire(client, sessionId, now, requestId);
                break;

            case TemplateId.LOCK_RELEASE:
                onLockRelease(client, sessionId, requestId);
                break;

            case TemplateId.LOCK_WAIT:
                onConditionWait(client, sessionId, now, requestId);
                break;

            case TemplateId.LOCK_NOTIFY:
                onConditionNotify(client, sessionId, requestId);
                break;

            case TemplateId.OBJECT_READ:
                onObjectRead(client, sessionId, now, requestId);
                break;

            case TemplateId.OBJECT_READ_ALL:
                onObjectReadAll(client, sessionId, now, requestId);
                break;

            case TemplateId.WRITE_BATCH:
                onWrite(client, sessionId, now, requestId, writeBatchDecoder.buffer(), offset, length, false);
                break;

            case TemplateId.CAS:
                onWrite(client, sessionId, now, requestId, casDecoder.buffer(), offset, length, true);
                break;

            case TemplateId.ALLOCATE_IDS:
                onAllocateIds(client, sessionId, requestId);
                break;

            case TemplateId.ROOT_GET_OR_CREATE:
                onRootGetOrCreate(client, sessionId, requestId);
                break;

            case TemplateId.NODE_REGISTER:
                onNodeRegister(client, sessionId, requestId);
                break;

            default:
                break;
        }
    }

    private static boolean slotsNonNegative(final WriteBatchDecoder decoder)
    {
        boolean ok = true;
        for (int i = 0, count = decoder.entryCount(); i < count; i++)
        {
            decoder.nextEntry();
            ok &= decoder.entrySlot() >= 0 && decoder.entryObjectId() > 0;
        }
        decoder.rewind();
        return ok;
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
        final long leaseTtlMs = connectDecoder.leaseTtlMs();
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
            connectedEncoder.wrap(out, 0)
                .requestId(requestId)
                .clusterTimeMs(now)
                .leaseExpiresAtMs(client.leaseExpiresAtMs)
                .resumed(resumed);
            reply(client, sessionId, requestId, connectedEncoder.encodedLength());
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
        final long lockId = lockAcquireDecoder.lockId();
        final long ownerId = lockAcquireDecoder.ownerId();
        final long waitMs = lockAcquireDecoder.waitMs();

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
            reply(client, sessionId, requestId, lockGrantedEncoder.encodedLength());
        }
        else if (lock.isHeldBy(client.clientId, ownerId))
        {
            lock.holdCount++;
            encodeGranted(requestId, lock);
            reply(client, sessionId, requestId, lockGrantedEncoder.encodedLength());
        }
        else if (waitMs == 0)
        {
            lockTimeoutEncoder.wrap(out, 0).requestId(requestId).lockId(lockId);
            reply(client, sessionId, requestId, lockTimeoutEncoder.encodedLength());
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
        final long lockId = lockReleaseDecoder.lockId();
        final LockState lock = locks.get(lockId);
        if (null == lock || !lock.isHeldBy(client.clientId, lockReleaseDecoder.ownerId()))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NOT_OWNER, "lock not held by owner"));
            return;
        }
        lock.holdCount--;
        lockReleasedEncoder.wrap(out, 0).requestId(requestId).lockId(lockId).holdCount(lock.holdCount);
        reply(client, sessionId, requestId, lockReleasedEncoder.encodedLength());
        if (lock.holdCount == 0)
        {
            handOver(lock);
        }
    }

    // Java's wait: the holder releases the lock whole and joins its wait set; LOCK_GRANTED answers once a notify or
    // the timeout moved it to the queue and the lock came to it, with the hold count it had.
    private void onConditionWait(final ClientRecord client, final long sessionId, final long now, final long requestId)
    {
        final long lockId = lockWaitDecoder.lockId();
        final long ownerId = lockWaitDecoder.ownerId();
        final LockState lock = locks.get(lockId);
        if (null == lock || !lock.isHeldBy(client.clientId, ownerId))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NOT_OWNER, "lock not held by owner"));
            return;
        }
        long timerId = 0;
        if (lockWaitDecoder.waitMs() > 0)
        {
            timerId = newTimer(TimerTask.CONDITION_WAIT, lockId);
            timerService.schedule(timerId, now + lockWaitDecoder.waitMs());
        }
        lock.condition.addLast(new LockWaiter(client.clientId, ownerId, requestId, timerId, lock.holdCount));
        lock.holdCount = 0;
        handOver(lock);
    }

    private void onConditionNotify(final ClientRecord client, final long sessionId, final long requestId)
    {
        final long lockId = lockNotifyDecoder.lockId();
        final long ownerId = lockNotifyDecoder.ownerId();
        final int mode = lockNotifyDecoder.mode();
        final LockState lock = locks.get(lockId);
        int moved = 0;
        if (mode == LockNotifyEncoder.MODE_CANCEL)
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
            while (!lock.condition.isEmpty() && (mode == LockNotifyEncoder.MODE_ALL || moved == 0))
            {
                moveToQueue(lock, lock.condition.peekFirst());
                moved++;
            }
        }
        lockNotifiedEncoder.wrap(out, 0).requestId(requestId).lockId(lockId).moved(moved);
        reply(client, sessionId, requestId, lockNotifiedEncoder.encodedLength());
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
                    lockTimeoutEncoder.wrap(out, 0).requestId(waiter.requestId).lockId(lockId);
                    replyLater(client, waiter.requestId, lockTimeoutEncoder.encodedLength());
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
            replyLater(client, waiter.requestId, lockGrantedEncoder.encodedLength());
        }
    }

    private void encodeGranted(final long requestId, final LockState lock)
    {
        lockGrantedEncoder.wrap(out, 0)
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
        final long objectId = objectReadDecoder.objectId();
        final int slot = objectReadDecoder.slot();
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
        final long leaseExpiresAtMs = grantReadLease(client, objectId, objectReadDecoder.leaseMs(), now);
        counters.increment(MemberCounter.READS);
        final SharedObject object = objects.get(objectId);
        valueEncoder.wrap(out, 0)
            .requestId(requestId)
            .objectId(objectId)
            .version(null == object ? 0 : object.version)
            .readLeaseExpiresAtMs(leaseExpiresAtMs)
            .slot(slot);
        final int limit = valueEncoder.encodedLength();
        final int length = limit + SharedObject.encodeValue(object, slot, out, limit);
        MessageHeader.bodyLength(out, 0, length);
        reply(client, sessionId, requestId, length);
    }

    private void onObjectReadAll(final ClientRecord client, final long sessionId, final long now, final long requestId)
    {
        final long objectId = objectReadAllDecoder.objectId();
        if (!isAllocated(objectId))
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.NO_SUCH_OBJECT, "never allocated"));
            return;
        }
        final long leaseExpiresAtMs = grantReadLease(client, objectId, objectReadAllDecoder.leaseMs(), now);
        counters.increment(MemberCounter.READS);
        final SharedObject object = objects.get(objectId);
        objectValuesEncoder.wrap(out, 0)
            .requestId(requestId)
            .objectId(objectId)
            .version(null == object ? 0 : object.version)
            .readLeaseExpiresAtMs(leaseExpiresAtMs);
        final int slotCount = null == object ? 0 : object.slotCount;
        for (int slot = 0; slot < slotCount; slot++)
        {
            objectValuesEncoder.appended(
                SharedObject.encodeValue(object, slot, objectValuesEncoder.buffer(), objectValuesEncoder.limit()));
        }
        reply(client, sessionId, requestId, objectValuesEncoder.encodedLength());
    }

    // Breadth first from the start objects, in slot order (deterministic); every start object is answered, further
    // objects only while the answer stays within the budget. Each object answered gets a read lease as OBJECT_READ_ALL
    // would give it, so the client may trust what it was sent exactly as if it had read each object alone.
    private void onReadGraph(final ClientRecord client, final long sessionId, final long now)
    {
        final long requestId = readGraphDecoder.requestId();
        final int starts = readGraphDecoder.idCount();
        if (starts > MAX_GRAPH_STARTS)
        {
            send(sessionId, out, encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "more than " +
                MAX_GRAPH_STARTS + " start objects"));
            return;
        }
        final LongArrayList queue = new LongArrayList();
        final LongHashSet seen = new LongHashSet();
        for (int i = 0; i < starts; i++)
        {
            final long objectId = readGraphDecoder.startId(i);
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
        final long leaseMs = readGraphDecoder.leaseMs();
        final int budget = Math.min(readGraphDecoder.maxBytes(), MAX_GRAPH_BYTES);
        objectGraphEncoder.wrap(out, 0).requestId(requestId);
        for (int head = 0; head < queue.size(); head++)
        {
            final long objectId = queue.getLong(head);
            final SharedObject object = objects.get(objectId);
            if (head > 0 && objectGraphEncoder.encodedLength() + encodedSize(object) > budget)
            {
                break;
            }
            final long leaseExpiresAtMs = grantReadLease(client, objectId, leaseMs, now);
            counters.increment(MemberCounter.READS);
            objectGraphEncoder.beginObject(objectId, null == object ? 0 : object.version, leaseExpiresAtMs);
            final int slotCount = null == object ? 0 : object.slotCount;
            for (int slot = 0; slot < slotCount; slot++)
            {
                objectGraphEncoder.appended(
                    SharedObject.encodeValue(object, slot, objectGraphEncoder.buffer(), objectGraphEncoder.limit()));
                if (object.tags[slot] == ValueTag.REF && isAllocated(object.longs[slot]) &&
                    seen.add(object.longs[slot]))
                {
                    queue.addLong(object.longs[slot]);
                }
            }
        }
        send(sessionId, out, objectGraphEncoder.encodedLength());
    }

    private static int encodedSize(final SharedObject object)
    {
        int size = ObjectGraphEncoder.OBJECT_HEADER_LENGTH;
        for (int slot = 0, count = null == object ? 0 : object.slotCount; slot < count; slot++)
        {
            size += object.tags[slot] == ValueTag.BYTES ? 5 + object.bytes[slot].length : 9;
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
        final long objectId = invalidateAckDecoder.objectId();
        final SharedObject object = objects.get(objectId);
        if (null == object)
        {
            return;
        }
        final ReadLease lease = object.lease(client.clientId);
        if (null != lease && lease.leaseId == invalidateAckDecoder.leaseId())
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
        final ClientRecord client,
        final long sessionId,
        final long now,
        final long requestId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final boolean isCas)
    {
        scratchIds.clear();
        final long lockId;
        final long fencingToken;
        if (isCas)
        {
            lockId = casDecoder.lockId();
            fencingToken = casDecoder.fencingToken();
            if (casDecoder.slot() >= SharedObject.MAX_SLOTS)
            {
                reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
                return;
            }
            scratchIds.addLong(casDecoder.objectId());
        }
        else
        {
            lockId = writeBatchDecoder.lockId();
            fencingToken = writeBatchDecoder.fencingToken();
            for (int i = 0, count = writeBatchDecoder.entryCount(); i < count; i++)
            {
                writeBatchDecoder.nextEntry();
                if (writeBatchDecoder.entrySlot() >= SharedObject.MAX_SLOTS)
                {
                    reply(client, sessionId, requestId,
                        encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
                    return;
                }
                scratchIds.addLong(writeBatchDecoder.entryObjectId());
            }
            writeBatchDecoder.rewind();
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
                applyCas(casDecoder, requestId, now) : applyBatch(writeBatchDecoder, requestId, now);
            reply(client, sessionId, requestId, responseLength);
            return;
        }

        long timerId = 0;
        if (latestLeaseExpiryMs > 0)
        {
            timerId = newTimer(TimerTask.STAGED_WRITE, nextWriteId);
            timerService.schedule(timerId, latestLeaseExpiryMs);
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
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
            invalidateEncoder.wrap(push, 0).objectId(objectId).leaseId(leaseId);
            counters.increment(MemberCounter.INVALIDATIONS);
            send(holder.sessionId, push, invalidateEncoder.encodedLength());
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
        final int length = message.capacity();
        final long lockId;
        final long fencingToken;
        final boolean isCas = MessageHeader.templateId(message, 0) == TemplateId.CAS;
        if (isCas)
        {
            stagedCasDecoder.wrap(message, 0, length);
            lockId = stagedCasDecoder.lockId();
            fencingToken = stagedCasDecoder.fencingToken();
        }
        else
        {
            stagedBatchDecoder.wrap(message, 0, length);
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
        for (int i = 0, count = decoder.entryCount(); i < count; i++)
        {
            decoder.nextEntry();
            final SharedObject object = objectForWrite(decoder.entryObjectId(), version, now);
            object.set(decoder.entrySlot(), decoder.entryValue());
        }
        counters.add(MemberCounter.WRITES, decoder.entryCount());
        decoder.rewind();
        writeAckEncoder.wrap(out, 0).requestId(requestId).version(version);
        return writeAckEncoder.encodedLength();
    }

    private int applyCas(final CasDecoder decoder, final long requestId, final long now)
    {
        final long objectId = decoder.objectId();
        final int slot = decoder.slot();
        SharedObject object = objects.get(objectId);
        final ValueDecoder expected = decoder.expected();
        final boolean matches = null == object ?
            expected.tag() == ValueTag.NULL : object.valueEquals(slot, expected);
        if (matches)
        {
            object = objectForWrite(objectId, ++writeVersion, now);
            counters.increment(MemberCounter.WRITES);
            object.set(slot, decoder.update());
        }
        casResultEncoder.wrap(out, 0)
            .requestId(requestId)
            .version(null == object ? 0 : object.version)
            .success(matches);
        final int limit = casResultEncoder.encodedLength();
        final int length = limit + SharedObject.encodeValue(object, slot, out, limit);
        MessageHeader.bodyLength(out, 0, length);
        return length;
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
        final int count = allocateIdsDecoder.count();
        if (count > MAX_ID_RANGE)
        {
            reply(client, sessionId, requestId, encodeError(requestId, ErrorCode.LIMIT_EXCEEDED, "id range too large"));
            return;
        }
        final long firstId = nextObjectId;
        nextObjectId += count;
        idRangeEncoder.wrap(out, 0).requestId(requestId).firstId(firstId).count(count);
        reply(client, sessionId, requestId, idRangeEncoder.encodedLength());
    }

    private void onRootGetOrCreate(final ClientRecord client, final long sessionId, final long requestId)
    {
        final String uri = rootDecoder.uri();
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
        rootEncoder.wrap(out, 0).requestId(requestId).objectId(objectId).created(created);
        reply(client, sessionId, requestId, rootEncoder.encodedLength());
    }

    private void onNodeRegister(final ClientRecord client, final long sessionId, final long requestId)
    {
        final String nodeName = nodeRegisterDecoder.nodeName();
        final String dataEndpoint = nodeRegisterDecoder.dataEndpoint();
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
        nodeRegisteredEncoder.wrap(out, 0).requestId(requestId).nodeId(client.nodeId).epoch(membershipEpoch);
        reply(client, sessionId, requestId, nodeRegisteredEncoder.encodedLength());
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
        membershipEncoder.wrap(push, 0).epoch(membershipEpoch).shardOwners(shardOwners, SHARD_COUNT);
        for (final NodeRecord node : nodes)
        {
            membershipEncoder.addNode(node.nodeId, node.nodeName, node.dataEndpoint);
        }
        final int length = membershipEncoder.encodedLength();
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
        errorEncoder.wrap(out, 0).requestId(requestId).code(code.value()).message(message);
        return errorEncoder.encodedLength();
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
