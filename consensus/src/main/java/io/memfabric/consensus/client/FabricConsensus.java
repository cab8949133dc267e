/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.protocol.AllocateIdsEncoder;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasEncoder;
import io.memfabric.consensus.protocol.CasResultDecoder;
import io.memfabric.consensus.protocol.ConnectedDecoder;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.FlushRecallDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateAckEncoder;
import io.memfabric.consensus.protocol.InvalidateDecoder;
import io.memfabric.consensus.protocol.LockAcquireEncoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockRecallDecoder;
import io.memfabric.consensus.protocol.LockNotifiedDecoder;
import io.memfabric.consensus.protocol.LockNotifyEncoder;
import io.memfabric.consensus.protocol.LockReleaseEncoder;
import io.memfabric.consensus.protocol.LockReleasedDecoder;
import io.memfabric.consensus.protocol.LockTimeoutDecoder;
import io.memfabric.consensus.protocol.LockWaitEncoder;
import io.memfabric.consensus.protocol.MembershipDecoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.NodeRegisterEncoder;
import io.memfabric.consensus.protocol.NodeRegisteredDecoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.ObjectGraphDecoder;
import io.memfabric.consensus.protocol.ObjectReadAllEncoder;
import io.memfabric.consensus.protocol.ObjectReadEncoder;
import io.memfabric.consensus.protocol.ObjectValuesDecoder;
import io.memfabric.consensus.protocol.ReadGraphEncoder;
import io.memfabric.consensus.protocol.RootDecoder;
import io.memfabric.consensus.protocol.RootGetOrCreateEncoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import io.memfabric.consensus.protocol.WriteBatchEncoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Typed operations over a {@link ConsensusClient}: locks with fencing tokens, roots, STRONG object slots with read
 * leases, id allocation and node membership. Safe
 * to call from any thread; every call returns a future that completes with the result, fails with a
 * {@link ConsensusException} when the cluster refuses, or with a {@link ConsensusTimeoutException} after the
 * client's bound.
 * <p>
 * The hot operations also come as {@link ConsensusClient.Call}s ({@link #lockCall}, {@link #unlockCall},
 * {@link #writeLongCall}, {@link #writeCall}, {@link #readLongCall}): the caller waits on its thread's reusable call
 * for a primitive result, and nothing is allocated per request. Pushes go to a {@link PushListener} through
 * {@link #pushes(PushListener)}, decoded in place.
 * <p>
 * Requests are encoded by one set of encoders, one caller at a time, into a buffer the client copies from; replies
 * are decoded in place by one set of decoders on the client thread.
 */
public final class FabricConsensus
{
    private static final ThreadLocal<PushDecoders> PUSH_DECODERS = ThreadLocal.withInitial(PushDecoders::new);
    private static final byte[] NO_BYTES = new byte[0];
    private static final long NO_SUBJECT = Long.MIN_VALUE;

    private final ConsensusClient client;

    // Guards the encoders and their buffer: callers encode one at a time, and the client copies what they encoded.
    private final Object encoding = new Object();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LockAcquireEncoder lockAcquire = new LockAcquireEncoder();
    private final LockReleaseEncoder lockRelease = new LockReleaseEncoder();
    private final LockWaitEncoder lockWait = new LockWaitEncoder();
    private final LockNotifyEncoder lockNotify = new LockNotifyEncoder();
    private final RootGetOrCreateEncoder rootGetOrCreate = new RootGetOrCreateEncoder();
    private final ObjectReadEncoder objectRead = new ObjectReadEncoder();
    private final ObjectReadAllEncoder objectReadAll = new ObjectReadAllEncoder();
    private final ReadGraphEncoder readGraph = new ReadGraphEncoder();
    private final AllocateIdsEncoder allocateIds = new AllocateIdsEncoder();
    private final WriteBatchEncoder writeBatch = new WriteBatchEncoder();
    private final CasEncoder casRequest = new CasEncoder();
    private final InvalidateAckEncoder invalidateAck = new InvalidateAckEncoder();
    private final NodeRegisterEncoder nodeRegister = new NodeRegisterEncoder();

    // Used on the client thread only, where replies are decoded.
    private final ErrorDecoder error = new ErrorDecoder();
    private final LockGrantedDecoder lockGranted = new LockGrantedDecoder();
    private final LockTimeoutDecoder lockTimeout = new LockTimeoutDecoder();
    private final LockReleasedDecoder lockReleased = new LockReleasedDecoder();
    private final LockNotifiedDecoder lockNotified = new LockNotifiedDecoder();
    private final RootDecoder rootAnswer = new RootDecoder();
    private final ValueMessageDecoder valueMessage = new ValueMessageDecoder();
    private final IdRangeDecoder idRange = new IdRangeDecoder();
    private final WriteAckDecoder writeAck = new WriteAckDecoder();
    private final ObjectValuesDecoder objectValues = new ObjectValuesDecoder();
    private final ObjectGraphDecoder objectGraph = new ObjectGraphDecoder();
    private final CasResultDecoder casResult = new CasResultDecoder();
    private final NodeRegisteredDecoder nodeRegistered = new NodeRegisteredDecoder();
    private final UnsafeBuffer bytes = new UnsafeBuffer();

    private final ConsensusClient.ReplyDecoder<LockGrant> grantOrTimeout = this::grantOrTimeout;
    private final ConsensusClient.ReplyDecoder<LockGrant> grant = this::grant;
    private final ConsensusClient.ReplyDecoder<Integer> holdCount = this::holdCount;
    private final ConsensusClient.ReplyDecoder<Integer> moved = this::moved;
    private final ConsensusClient.ReplyDecoder<Long> rootId = this::rootId;
    private final ConsensusClient.ReplyDecoder<Long> longValue = this::longValue;
    private final ConsensusClient.ReplyDecoder<Long> firstId = this::firstId;
    private final ConsensusClient.ReplyDecoder<Long> writeVersion = this::writeVersion;
    private final ConsensusClient.ReplyDecoder<ObjectState> objectState = this::objectState;
    private final ConsensusClient.ReplyDecoder<List<ObjectState>> objectStates = this::objectStates;
    private final ConsensusClient.ReplyDecoder<CasOutcome> casOutcome = this::casOutcome;
    private final ConsensusClient.ReplyDecoder<NodeRegistration> registration = this::registration;
    private final ConsensusClient.LongReplyDecoder tokenOrZero = this::tokenOrZero;
    private final ConsensusClient.LongReplyDecoder holdsLeft = this::holdsLeft;
    private final ConsensusClient.LongReplyDecoder longBits = this::longBits;
    private final ConsensusClient.LongReplyDecoder versionWritten = this::versionWritten;
    private final ConsensusClient.LongReplyDecoder ownedVersionBits = this::ownedVersionWritten;
    private final ConsensusClient.ReplyDecoder<Long> ownedVersion = this::ownedVersion;

    /**
     * @param client the connection to the cluster.
     */
    public FabricConsensus(final ConsensusClient client)
    {
        this.client = client;
    }

    /**
     * @return the client underneath.
     */
    public ConsensusClient client()
    {
        return client;
    }

    /**
     * Acquires a fabric-wide reentrant lock.
     *
     * @param lockId  the lock.
     * @param ownerId the owner within this client, e.g. a thread id, or {@link Wire#CLIENT_OWNER} for a greedy hold.
     * @param waitMs  0 to try once, -1 to wait as long as it takes, or a bound in milliseconds.
     * @return the grant, or a grant with {@code granted() == false} if the wait ran out.
     */
    public CompletableFuture<LockGrant> lock(final long lockId, final long ownerId, final long waitMs)
    {
        final String what = "LOCK_ACQUIRE lock " + lockId;
        final long timeoutMs = waitMs < 0 ? Long.MAX_VALUE / 4 : waitMs + 10_000;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            return client.send(requestId, what, sendBuffer, 0, encodeLockAcquire(requestId, lockId, ownerId, waitMs),
                timeoutMs, grantOrTimeout);
        }
    }

    /**
     * Releases one hold of a lock.
     *
     * @param lockId  the lock.
     * @param ownerId the owner that holds it.
     * @return the holds the owner still has.
     */
    public CompletableFuture<Integer> unlock(final long lockId, final long ownerId)
    {
        final String what = "LOCK_RELEASE lock " + lockId;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            return client.send(requestId, what, sendBuffer, 0, encodeLockRelease(requestId, lockId, ownerId), holdCount);
        }
    }

    /**
     * Waits on a held lock's condition (Java's {@code wait}): releases the lock whole and completes when a
     * {@link #notify} (or the timeout) moved this owner to the lock's queue and the lock came back to it, with the
     * hold count it had. Unbounded: the caller watches that the cluster still answers.
     *
     * @param lockId  the lock, held by {@code ownerId}.
     * @param ownerId the owner.
     * @param waitMs  0 to wait for a notify, else at most this long before queueing for the lock anyway.
     * @return the grant that gives the lock back.
     */
    public CompletableFuture<LockGrant> await(final long lockId, final long ownerId, final long waitMs)
    {
        final String what = "LOCK_WAIT lock " + lockId;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            lockWait.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .lockId(lockId)
                .ownerId(ownerId)
                .waitMs(waitMs);
            return client.send(requestId, what, sendBuffer, 0, Wire.length(lockWait), Long.MAX_VALUE / 4, grant);
        }
    }

    /**
     * Moves waiters of a lock's condition to its queue (Java's {@code notify}/{@code notifyAll}), or cancels the
     * caller's own wait.
     *
     * @param lockId  the lock.
     * @param ownerId the holder notifying, or the waiter cancelling.
     * @param mode    {@link NotifyMode#ONE}, {@link NotifyMode#ALL} or {@link NotifyMode#CANCEL_OWN}.
     * @return how many waiters were moved.
     */
    public CompletableFuture<Integer> notify(final long lockId, final long ownerId, final NotifyMode mode)
    {
        final String what = "LOCK_NOTIFY lock " + lockId;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            lockNotify.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .lockId(lockId)
                .ownerId(ownerId)
                .mode(mode);
            return client.send(requestId, what, sendBuffer, 0, Wire.length(lockNotify), moved);
        }
    }

    /**
     * Gets or creates the object behind a root name.
     *
     * @param uri the root's name.
     * @return its object id.
     */
    public CompletableFuture<Long> root(final String uri)
    {
        final String what = "ROOT_GET_OR_CREATE " + uri;
        final byte[] utf8 = utf8(uri, "the root name");
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            rootGetOrCreate.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .putUri(utf8, 0, utf8.length);
            return client.send(requestId, what, sendBuffer, 0, Wire.length(rootGetOrCreate), rootId);
        }
    }

    /**
     * Writes a 64-bit value into a slot, fenced by a lock grant (or unfenced with token 0).
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param objectId     the object.
     * @param slot         the slot.
     * @param value        the value's bits.
     * @return the object's version after the write.
     */
    public CompletableFuture<Long> writeLong(
        final long lockId, final long fencingToken, final long objectId, final int slot, final long value)
    {
        return write(lockId, fencingToken, List.of(new Entry(objectId, slot, SlotValue.ofLong(value))));
    }

    /**
     * Reads a 64-bit slot.
     *
     * @param objectId the object.
     * @param slot     the slot.
     * @return the value's bits (0 when the slot was never written).
     */
    public CompletableFuture<Long> readLong(final long objectId, final int slot)
    {
        final String what = "READ object " + objectId;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            return client.send(requestId, what, sendBuffer, 0, encodeObjectRead(requestId, objectId, slot, 0),
                longValue);
        }
    }

    /**
     * Allocates ids for new objects.
     *
     * @param count how many.
     * @return the first id of a range of {@code count} ids no one else gets.
     */
    public CompletableFuture<Long> allocateIds(final int count)
    {
        final String what = "ALLOCATE_IDS " + count;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            allocateIds.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .count(count);
            return client.send(requestId, what, sendBuffer, 0, Wire.length(allocateIds), firstId);
        }
    }

    /**
     * Writes several slots of several objects atomically (one log entry), fenced by a lock grant or unfenced.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param entries      what to write.
     * @return the version after the write.
     * @throws IllegalArgumentException for more entries than a message holds, or a value of more than
     *                                  {@value Wire#MAX_VAR_LENGTH} bytes.
     */
    public CompletableFuture<Long> write(final long lockId, final long fencingToken, final List<Entry> entries)
    {
        return write(lockId, fencingToken, entries, false, List.of());
    }

    /**
     * Writes several slots of several objects atomically (one log entry), fenced by a lock grant, and changes what
     * this client owns (wire version {@value Wire#OWNERSHIP_VERSION}): with {@code own}, this client owns every object
     * written, for as long as the grant is current (other clients are refused with {@code OWNED} and this client is
     * sent {@code FLUSH_RECALL}); the objects in {@code released} stop being owned once the entries are applied.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0 (then {@code own} is ignored).
     * @param entries      what to write.
     * @param own          whether this client owns what it writes.
     * @param released     objects this client gives up.
     * @return the version after the write, negated if {@code own} was asked and the cluster's wire version has no
     * owned objects (nothing is owned then).
     * @throws IllegalArgumentException for more entries than a message holds, or a value of more than
     *                                  {@value Wire#MAX_VAR_LENGTH} bytes.
     */
    public CompletableFuture<Long> write(
        final long lockId, final long fencingToken, final List<Entry> entries, final boolean own,
        final List<Long> released)
    {
        return write(lockId, fencingToken, entries, own, released, List.of());
    }

    /**
     * Commits a transaction (wire version {@value Wire#TRANSACTION_VERSION}): writes the entries atomically, as
     * {@link #write(long, long, List, boolean, List)} does, only if every object in {@code expected} still has the
     * version the transaction read; otherwise nothing is written and the future fails with a
     * {@link ConsensusException} of reason {@code CONFLICT}.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param entries      what to write.
     * @param own          whether this client owns what it writes.
     * @param released     objects this client gives up.
     * @param expected     what the transaction read: objects and the versions it read them at (0: never written).
     * @return the version after the write, negated if the cluster's wire version has no transactions (it refuses a
     * non-empty {@code expected}, so that cannot happen with one).
     */
    public CompletableFuture<Long> write(
        final long lockId, final long fencingToken, final List<Entry> entries, final boolean own,
        final List<Long> released, final List<Expected> expected)
    {
        checkCount(expected.size(), WriteBatchEncoder.ExpectedEncoder.countMaxValue(), "objects a transaction read");
        checkCount(released.size(), WriteBatchEncoder.ReleasedEncoder.countMaxValue(), "objects released at once");
        checkCount(entries.size(), WriteBatchEncoder.EntriesEncoder.countMaxValue(), "writes in one batch");
        for (final Entry entry : entries)
        {
            checkLength(entry.value().wireBytes().length, "a value");
        }
        final String what = "WRITE_BATCH of " + entries.size();
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            final WriteBatchEncoder.EntriesEncoder encoder = writeBatch.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .lockId(lockId)
                .fencingToken(fencingToken)
                .own(own ? BooleanType.TRUE : BooleanType.FALSE)
                .entriesCount(entries.size());
            for (final Entry entry : entries)
            {
                final SlotValue value = entry.value();
                final byte[] bytes = value.wireBytes();
                encoder.next()
                    .objectId(entry.objectId())
                    .slot(entry.slot())
                    .tag(value.tag())
                    .bits(value.bits())
                    .putBytes(bytes, 0, bytes.length);
            }
            final WriteBatchEncoder.ReleasedEncoder ids = writeBatch.releasedCount(released.size());
            for (final long objectId : released)
            {
                ids.next().objectId(objectId);
            }
            final WriteBatchEncoder.ExpectedEncoder reads = writeBatch.expectedCount(expected.size());
            for (final Expected read : expected)
            {
                reads.next().objectId(read.objectId()).version(read.version());
            }
            return client.send(requestId, what, sendBuffer, 0, Wire.length(writeBatch),
                own ? ownedVersion : writeVersion);
        }
    }

    /**
     * Reads every slot of an object, optionally taking a read lease: until it expires, or an {@code INVALIDATE}
     * push arrives, the caller may serve reads from its copy; it must answer the push with {@link #invalidateAck}.
     *
     * @param objectId the object.
     * @param leaseMs  0 for no lease, else the lease wanted (the cluster caps it).
     * @return the object's state.
     */
    public CompletableFuture<ObjectState> readAll(final long objectId, final long leaseMs)
    {
        final String what = "READ_ALL object " + objectId;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            objectReadAll.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .objectId(objectId)
                .leaseMs(leaseMs);
            return client.send(requestId, what, sendBuffer, 0, Wire.length(objectReadAll), objectState);
        }
    }

    /**
     * Reads the objects reachable from {@code startIds} through references, breadth first, in one round trip: the
     * first start object always, the others and what they reach while the answer stays within {@code maxBytes}.
     * Each object answered comes with a read lease as from {@link #readAll}.
     *
     * @param startIds the objects to start from, at least one.
     * @param leaseMs  0 for no leases, else the lease wanted on each object (the cluster caps it).
     * @param maxBytes how large the answer may grow (the cluster caps it too).
     * @return the objects answered, start objects first.
     */
    public CompletableFuture<List<ObjectState>> readGraph(
        final List<Long> startIds, final long leaseMs, final int maxBytes)
    {
        checkCount(startIds.size(), ReadGraphEncoder.StartsEncoder.countMaxValue(), "start objects");
        final String what = "READ_GRAPH from object " + startIds.get(0) +
            (startIds.size() > 1 ? " and " + (startIds.size() - 1) + " more" : "");
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            final ReadGraphEncoder.StartsEncoder starts = readGraph.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .leaseMs(leaseMs)
                .maxBytes(maxBytes)
                .startsCount(startIds.size());
            for (final long id : startIds)
            {
                starts.next().objectId(id);
            }
            return client.send(requestId, what, sendBuffer, 0, Wire.length(readGraph), objectStates);
        }
    }

    /**
     * Compare-and-set of one slot.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param objectId     the object.
     * @param slot         the slot.
     * @param expected     the value the slot must hold.
     * @param update       the value to set if it does.
     * @return whether it was set, and the slot's value now.
     * @throws IllegalArgumentException for a value of more than {@value Wire#MAX_VAR_LENGTH} bytes.
     */
    public CompletableFuture<CasOutcome> cas(
        final long lockId,
        final long fencingToken,
        final long objectId,
        final int slot,
        final SlotValue expected,
        final SlotValue update)
    {
        final byte[] expectedBytes = expected.wireBytes();
        final byte[] updateBytes = update.wireBytes();
        checkLength(expectedBytes.length, "the expected value");
        checkLength(updateBytes.length, "the new value");
        final String what = "CAS object " + objectId;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            casRequest.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .objectId(objectId)
                .lockId(lockId)
                .fencingToken(fencingToken)
                .slot(slot)
                .expectedTag(expected.tag())
                .expectedBits(expected.bits())
                .updateTag(update.tag())
                .updateBits(update.bits())
                .putExpectedBytes(expectedBytes, 0, expectedBytes.length)
                .putUpdateBytes(updateBytes, 0, updateBytes.length);
            return client.send(requestId, what, sendBuffer, 0, Wire.length(casRequest), casOutcome);
        }
    }

    /**
     * Acquires a fabric-wide reentrant lock, as {@link #lock} does, from the calling thread's reusable
     * {@link ConsensusClient.Call}: nothing is allocated per request.
     *
     * @param lockId  the lock.
     * @param ownerId the owner within this client, e.g. a thread id.
     * @param waitMs  0 to try once, -1 to wait as long as it takes, or a bound in milliseconds.
     * @return the call, whose value is the grant's fencing token (always above 0), or 0 if the wait ran out.
     */
    public ConsensusClient.Call lockCall(final long lockId, final long ownerId, final long waitMs)
    {
        final long timeoutMs = waitMs < 0 ? Long.MAX_VALUE / 4 : waitMs + 10_000;
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            return client.call(requestId, "LOCK_ACQUIRE lock ", lockId, sendBuffer, 0,
                encodeLockAcquire(requestId, lockId, ownerId, waitMs), timeoutMs, tokenOrZero);
        }
    }

    /**
     * Releases one hold of a lock, as {@link #unlock} does, from the calling thread's reusable
     * {@link ConsensusClient.Call}.
     *
     * @param lockId  the lock.
     * @param ownerId the owner that holds it.
     * @return the call, whose value is the holds the owner still has.
     */
    public ConsensusClient.Call unlockCall(final long lockId, final long ownerId)
    {
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            return client.call(requestId, "LOCK_RELEASE lock ", lockId, sendBuffer, 0,
                encodeLockRelease(requestId, lockId, ownerId), client.requestTimeoutMs(), holdsLeft);
        }
    }

    /**
     * Writes a 64-bit value into a slot, as {@link #writeLong} does, from the calling thread's reusable
     * {@link ConsensusClient.Call}.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param objectId     the object.
     * @param slot         the slot.
     * @param value        the value's bits.
     * @return the call, whose value is the object's version after the write.
     */
    public ConsensusClient.Call writeLongCall(
        final long lockId, final long fencingToken, final long objectId, final int slot, final long value)
    {
        return writeOne(lockId, fencingToken, objectId, slot, ValueTag.LONG, value, NO_BYTES, false);
    }

    /**
     * Writes one slot, a WRITE_BATCH of one entry as {@link #write} sends it, from the calling thread's reusable
     * {@link ConsensusClient.Call}.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param objectId     the object.
     * @param slot         the slot.
     * @param value        the value.
     * @return the call, whose value is the object's version after the write.
     * @throws IllegalArgumentException for a value of more than {@value Wire#MAX_VAR_LENGTH} bytes.
     */
    public ConsensusClient.Call writeCall(
        final long lockId, final long fencingToken, final long objectId, final int slot, final SlotValue value)
    {
        return writeCall(lockId, fencingToken, objectId, slot, value, false);
    }

    /**
     * As {@link #writeCall(long, long, long, int, SlotValue)}, and with {@code own} this client owns the object once
     * the write is applied, as {@link #write(long, long, List, boolean, List)} says.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param objectId     the object.
     * @param slot         the slot.
     * @param value        the value.
     * @param own          whether this client owns the object once written.
     * @return the call, whose value is the object's version after the write, negated if {@code own} was asked and
     * the cluster's wire version has no owned objects.
     * @throws IllegalArgumentException for a value of more than {@value Wire#MAX_VAR_LENGTH} bytes.
     */
    public ConsensusClient.Call writeCall(
        final long lockId, final long fencingToken, final long objectId, final int slot, final SlotValue value,
        final boolean own)
    {
        final byte[] bytes = value.wireBytes();
        checkLength(bytes.length, "a value");
        return writeOne(lockId, fencingToken, objectId, slot, value.tag(), value.bits(), bytes, own);
    }

    private ConsensusClient.Call writeOne(
        final long lockId,
        final long fencingToken,
        final long objectId,
        final int slot,
        final ValueTag tag,
        final long bits,
        final byte[] bytes,
        final boolean own)
    {
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            writeBatch.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .lockId(lockId)
                .fencingToken(fencingToken)
                .own(own ? BooleanType.TRUE : BooleanType.FALSE)
                .entriesCount(1)
                .next()
                .objectId(objectId)
                .slot(slot)
                .tag(tag)
                .bits(bits)
                .putBytes(bytes, 0, bytes.length);
            writeBatch.releasedCount(0);
            writeBatch.expectedCount(0);
            return client.call(requestId, "WRITE_BATCH of 1 to object ", objectId, sendBuffer, 0,
                Wire.length(writeBatch), client.requestTimeoutMs(), own ? ownedVersionBits : versionWritten);
        }
    }

    /**
     * Reads a 64-bit slot, as {@link #readLong} does (optionally with a read lease, as {@link #readAll} takes one),
     * from the calling thread's reusable {@link ConsensusClient.Call}.
     *
     * @param objectId the object.
     * @param slot     the slot.
     * @param leaseMs  0 for no lease, else the lease wanted (the cluster caps it; an {@code INVALIDATE} push ends
     *                 it early, to be answered with {@link #invalidateAck}).
     * @return the call, whose value is the value's bits (0 when the slot was never written or holds no long).
     */
    public ConsensusClient.Call readLongCall(final long objectId, final int slot, final long leaseMs)
    {
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            return client.call(requestId, "READ object ", objectId, sendBuffer, 0,
                encodeObjectRead(requestId, objectId, slot, leaseMs), client.requestTimeoutMs(), longBits);
        }
    }

    /**
     * Acknowledges an {@code INVALIDATE} push: the local copy of the object was dropped. No answer comes back.
     *
     * @param objectId the object.
     * @param leaseId  the lease named by the push.
     */
    public void invalidateAck(final long objectId, final long leaseId)
    {
        synchronized (encoding)
        {
            invalidateAck.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(client.nextRequestId())
                .objectId(objectId)
                .leaseId(leaseId);
            client.post(sendBuffer, 0, Wire.length(invalidateAck));
        }
    }

    /**
     * Registers this client as a fabric node with its data-plane endpoint; the cluster then pushes
     * {@code MEMBERSHIP} to every registered node whenever the membership changes.
     *
     * @param name         the node's name.
     * @param dataEndpoint where its data plane listens.
     * @return the node's id and the membership epoch that includes it.
     */
    public CompletableFuture<NodeRegistration> registerNode(final String name, final String dataEndpoint)
    {
        final String what = "NODE_REGISTER " + name;
        final byte[] nameUtf8 = utf8(name, "the node name");
        final byte[] endpointUtf8 = utf8(dataEndpoint, "the data endpoint");
        synchronized (encoding)
        {
            final long requestId = client.nextRequestId();
            nodeRegister.wrapAndApplyHeader(sendBuffer, 0, header)
                .clientId(client.clientId())
                .requestId(requestId)
                .putNodeName(nameUtf8, 0, nameUtf8.length)
                .putDataEndpoint(endpointUtf8, 0, endpointUtf8.length);
            return client.send(requestId, what, sendBuffer, 0, Wire.length(nodeRegister), registration);
        }
    }

    /**
     * Decodes pushes in place for a typed listener: give what this returns to
     * {@link ConsensusClient#start(ClientConfig, Consumer)}. Nothing is allocated per push.
     *
     * @param listener gets the pushes, on the client thread.
     * @return what the client hands its pushes to.
     */
    public static Consumer<ConsensusClient.Reply> pushes(final PushListener listener)
    {
        final PushDecoders decoders = new PushDecoders();
        return push ->
        {
            final int templateId = push.templateId();
            if (templateId == InvalidateDecoder.TEMPLATE_ID)
            {
                final InvalidateDecoder invalidate = push.decode(decoders.invalidate);
                listener.onInvalidate(invalidate.objectId(), invalidate.leaseId());
            }
            else if (templateId == ConnectedDecoder.TEMPLATE_ID)
            {
                listener.onConnected(push.decode(decoders.connected).resumedRaw() == BooleanType.TRUE.value());
            }
            else if (templateId == MembershipDecoder.TEMPLATE_ID)
            {
                listener.onMembership(push);
            }
            else if (templateId == LockRecallDecoder.TEMPLATE_ID)
            {
                final LockRecallDecoder recall = push.decode(decoders.lockRecall);
                listener.onRecall(recall.lockId(), recall.fencingToken());
            }
            else if (templateId == FlushRecallDecoder.TEMPLATE_ID)
            {
                listener.onFlushRecall(push.decode(decoders.flushRecall).objectId());
            }
            else
            {
                listener.onOtherPush(push);
            }
        };
    }

    /**
     * @param push a message from the cluster that answers no request of the caller.
     * @return for the {@code CONNECTED} answering the client's own connect: whether the cluster still knew the
     * client (its locks and leases intact); {@code null} if it is something else.
     */
    public static Boolean resumed(final ConsensusClient.Reply push)
    {
        if (push.templateId() != ConnectedDecoder.TEMPLATE_ID)
        {
            return null;
        }
        return push.decode(PUSH_DECODERS.get().connected).resumedRaw() == BooleanType.TRUE.value();
    }

    /**
     * @param push a message the cluster pushed.
     * @return the invalidation it carries, or {@code null} if it is not an {@code INVALIDATE}.
     */
    public static Invalidation invalidation(final ConsensusClient.Reply push)
    {
        if (push.templateId() != InvalidateDecoder.TEMPLATE_ID)
        {
            return null;
        }
        final InvalidateDecoder decoder = push.decode(PUSH_DECODERS.get().invalidate);
        return new Invalidation(decoder.objectId(), decoder.leaseId());
    }

    /**
     * @param push a message the cluster pushed.
     * @return it as a membership, or {@code null} if it is something else.
     */
    public static Membership membership(final ConsensusClient.Reply push)
    {
        if (push.templateId() != MembershipDecoder.TEMPLATE_ID)
        {
            return null;
        }
        final MembershipDecoder decoder = push.decode(PUSH_DECODERS.get().membership);
        final long epoch = decoder.epoch();
        final MembershipDecoder.ShardsDecoder shards = decoder.shards();
        final long[] owners = new long[shards.count()];
        for (int shard = 0; shard < owners.length; shard++)
        {
            owners[shard] = shards.next().ownerNodeId();
        }
        final MembershipDecoder.NodesDecoder nodes = decoder.nodes();
        final List<Membership.Node> members = new ArrayList<>(nodes.count());
        while (nodes.hasNext())
        {
            nodes.next();
            final long nodeId = nodes.nodeId();
            final String name = nodes.nodeName();
            final String dataEndpoint = nodes.dataEndpoint();
            members.add(new Membership.Node(nodeId, name, dataEndpoint));
        }
        return new Membership(epoch, List.copyOf(members), owners);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Requests shared by the future and the call API, encoded into the send buffer (callers hold the encoding lock)
    // ---------------------------------------------------------------------------------------------------------------

    private int encodeLockAcquire(final long requestId, final long lockId, final long ownerId, final long waitMs)
    {
        lockAcquire.wrapAndApplyHeader(sendBuffer, 0, header)
            .clientId(client.clientId())
            .requestId(requestId)
            .lockId(lockId)
            .ownerId(ownerId)
            .waitMs(waitMs);
        return Wire.length(lockAcquire);
    }

    private int encodeLockRelease(final long requestId, final long lockId, final long ownerId)
    {
        lockRelease.wrapAndApplyHeader(sendBuffer, 0, header)
            .clientId(client.clientId())
            .requestId(requestId)
            .lockId(lockId)
            .ownerId(ownerId);
        return Wire.length(lockRelease);
    }

    private int encodeObjectRead(final long requestId, final long objectId, final int slot, final long leaseMs)
    {
        objectRead.wrapAndApplyHeader(sendBuffer, 0, header)
            .clientId(client.clientId())
            .requestId(requestId)
            .objectId(objectId)
            .leaseMs(leaseMs)
            .slot(slot);
        return Wire.length(objectRead);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Replies, decoded on the client thread
    // ---------------------------------------------------------------------------------------------------------------

    private long tokenOrZero(final ConsensusClient.Reply reply)
    {
        if (reply.templateId() == LockTimeoutDecoder.TEMPLATE_ID)
        {
            reply.decode(lockTimeout);
            return 0;
        }
        return expect(reply, lockGranted).fencingToken();
    }

    private long holdsLeft(final ConsensusClient.Reply reply)
    {
        return expect(reply, lockReleased).holdCount();
    }

    private long longBits(final ConsensusClient.Reply reply)
    {
        final ValueMessageDecoder value = expect(reply, valueMessage);
        return SlotValue.tagOf(value.tagRaw()) == ValueTag.LONG ? value.bits() : 0L;
    }

    private long versionWritten(final ConsensusClient.Reply reply)
    {
        return expect(reply, writeAck).version();
    }

    // The version written, negated when the answer's wire version (the cluster's, in force) has no owned objects.
    private long ownedVersionWritten(final ConsensusClient.Reply reply)
    {
        final long version = versionWritten(reply);
        return reply.version() >= Wire.OWNERSHIP_VERSION ? version : -version;
    }

    private Long ownedVersion(final ConsensusClient.Reply reply)
    {
        return ownedVersionWritten(reply);
    }

    private LockGrant grantOrTimeout(final ConsensusClient.Reply reply)
    {
        if (reply.templateId() == LockTimeoutDecoder.TEMPLATE_ID)
        {
            return new LockGrant(false, reply.decode(lockTimeout).lockId(), 0, 0);
        }
        return grant(reply);
    }

    private LockGrant grant(final ConsensusClient.Reply reply)
    {
        final LockGrantedDecoder granted = expect(reply, lockGranted);
        return new LockGrant(true, granted.lockId(), granted.fencingToken(), granted.holdCount());
    }

    private Integer holdCount(final ConsensusClient.Reply reply)
    {
        return (int)holdsLeft(reply);
    }

    private Integer moved(final ConsensusClient.Reply reply)
    {
        return expect(reply, lockNotified).moved();
    }

    private Long rootId(final ConsensusClient.Reply reply)
    {
        return expect(reply, rootAnswer).objectId();
    }

    private Long longValue(final ConsensusClient.Reply reply)
    {
        return longBits(reply);
    }

    private Long firstId(final ConsensusClient.Reply reply)
    {
        return expect(reply, idRange).firstId();
    }

    private Long writeVersion(final ConsensusClient.Reply reply)
    {
        return versionWritten(reply);
    }

    private ObjectState objectState(final ConsensusClient.Reply reply)
    {
        final ObjectValuesDecoder values = expect(reply, objectValues);
        final long objectId = values.objectId();
        final long version = values.version();
        final long readLeaseExpiresAtMs = values.readLeaseExpiresAtMs();
        final ObjectValuesDecoder.SlotsDecoder slots = values.slots();
        final List<SlotValue> state = new ArrayList<>(slotCount(slots.count()));
        while (slots.hasNext())
        {
            slots.next();
            final short tag = slots.tagRaw();
            final long bits = slots.bits();
            slots.wrapBytes(bytes);
            state.add(SlotValue.decoded(tag, bits, bytes));
        }
        return new ObjectState(objectId, version, readLeaseExpiresAtMs, List.copyOf(state));
    }

    private List<ObjectState> objectStates(final ConsensusClient.Reply reply)
    {
        final ObjectGraphDecoder.ObjectsDecoder objects = expect(reply, objectGraph).objects();
        final List<ObjectState> states = new ArrayList<>(objects.count());
        while (objects.hasNext())
        {
            objects.next();
            final long objectId = objects.objectId();
            final long version = objects.version();
            final long readLeaseExpiresAtMs = objects.readLeaseExpiresAtMs();
            final ObjectGraphDecoder.ObjectsDecoder.SlotsDecoder slots = objects.slots();
            final List<SlotValue> state = new ArrayList<>(slotCount(slots.count()));
            while (slots.hasNext())
            {
                slots.next();
                final short tag = slots.tagRaw();
                final long bits = slots.bits();
                slots.wrapBytes(bytes);
                state.add(SlotValue.decoded(tag, bits, bytes));
            }
            states.add(new ObjectState(objectId, version, readLeaseExpiresAtMs, List.copyOf(state)));
        }
        return states;
    }

    private CasOutcome casOutcome(final ConsensusClient.Reply reply)
    {
        final CasResultDecoder result = expect(reply, casResult);
        final boolean success = result.successRaw() == BooleanType.TRUE.value();
        final long version = result.version();
        final short tag = result.currentTagRaw();
        final long bits = result.currentBits();
        result.wrapCurrentBytes(bytes);
        return new CasOutcome(success, version, SlotValue.decoded(tag, bits, bytes));
    }

    private NodeRegistration registration(final ConsensusClient.Reply reply)
    {
        final NodeRegisteredDecoder registered = expect(reply, nodeRegistered);
        return new NodeRegistration(registered.nodeId(), registered.epoch());
    }

    // The reply wrapped by the decoder of the answer expected; an ERROR, or another answer, fails the request.
    private <D extends MessageDecoderFlyweight> D expect(final ConsensusClient.Reply reply, final D decoder)
    {
        if (reply.templateId() == ErrorDecoder.TEMPLATE_ID)
        {
            final ErrorDecoder answer = reply.decode(error);
            final int code = answer.codeRaw();
            throw ConsensusException.of(code, answer.message());
        }
        return reply.decode(decoder);
    }

    private static int slotCount(final int count)
    {
        if (count < 0 || count > ObjectValuesDecoder.SlotsDecoder.countMaxValue())
        {
            throw new IllegalStateException("malformed reply: an object of " + (count & 0xFFFF_FFFFL) + " slots");
        }
        return count;
    }

    private static void checkCount(final int count, final int max, final String what)
    {
        if (count > max)
        {
            throw new IllegalArgumentException(count + " " + what + ", more than the " + max + " a message holds");
        }
    }

    private static void checkLength(final int length, final String what)
    {
        if (length > Wire.MAX_VAR_LENGTH)
        {
            throw new IllegalArgumentException(what + " is " + length + " bytes long, more than the " +
                Wire.MAX_VAR_LENGTH + " allowed");
        }
    }

    private static byte[] utf8(final String text, final String what)
    {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        checkLength(utf8.length, what);
        return utf8;
    }

    // Pushes are decoded on the client thread that hands them over; these decoders are that thread's.
    private static final class PushDecoders
    {
        final ConnectedDecoder connected = new ConnectedDecoder();
        final InvalidateDecoder invalidate = new InvalidateDecoder();
        final MembershipDecoder membership = new MembershipDecoder();
        final LockRecallDecoder lockRecall = new LockRecallDecoder();
        final FlushRecallDecoder flushRecall = new FlushRecallDecoder();
    }

    /**
     * What the cluster pushes, decoded in place on the client thread (see {@link #pushes(PushListener)}); every
     * method does nothing unless overridden. The client thread must not wait there for an answer of the cluster (a
     * {@link ConsensusClient.Call}, a future): it is the thread that would receive it. Sending without waiting
     * ({@link #invalidateAck}, a future left to complete) is fine.
     */
    public interface PushListener
    {
        /**
         * An {@code INVALIDATE}: drop the local copy of the object, then answer with {@link #invalidateAck}.
         *
         * @param objectId the object whose cached copy must be dropped.
         * @param leaseId  the lease to name in the acknowledgement.
         */
        default void onInvalidate(final long objectId, final long leaseId)
        {
        }

        /**
         * The {@code CONNECTED} answering the client's own connect (after every new session).
         *
         * @param resumed whether the cluster still knew the client (its locks and leases intact).
         */
        default void onConnected(final boolean resumed)
        {
        }

        /**
         * A {@code LOCK_RECALL}: someone else is queued for a lock this client holds greedily (owner
         * {@link Wire#CLIENT_OWNER}); release it once no thread of the client uses it. Sent again after a reconnect, so
         * it may come more than once, or after the grant it names was released.
         *
         * @param lockId       the lock.
         * @param fencingToken the token of the greedy grant recalled.
         */
        default void onRecall(final long lockId, final long fencingToken)
        {
        }

        /**
         * A {@code FLUSH_RECALL}: another client asked for an object this client owns; send its pending writes with a
         * {@code WRITE_BATCH} that releases it. Sent for every request refused, so it may come more than once, or
         * after the object was released.
         *
         * @param objectId the object.
         */
        default void onFlushRecall(final long objectId)
        {
        }

        /**
         * A {@code MEMBERSHIP}: {@link #membership(ConsensusClient.Reply)} makes a {@link Membership} of it.
         *
         * @param push the push, valid only during the call.
         */
        default void onMembership(final ConsensusClient.Reply push)
        {
        }

        /**
         * Any other push (of a newer cluster, say).
         *
         * @param push the push, valid only during the call.
         */
        default void onOtherPush(final ConsensusClient.Reply push)
        {
        }
    }

    /**
     * What a transaction read: an object and the version it had (0: never written).
     *
     * @param objectId the object.
     * @param version  its version when it was read.
     */
    public record Expected(long objectId, long version)
    {
    }

    /**
     * One slot to write.
     *
     * @param objectId the object.
     * @param slot     the slot.
     * @param value    the value.
     */
    public record Entry(long objectId, int slot, SlotValue value)
    {
    }

    /**
     * An object's slots as the cluster holds them.
     *
     * @param objectId             the object.
     * @param version              its version.
     * @param readLeaseExpiresAtMs cluster time the read lease ends, or 0 without one.
     * @param slots                slot 0 first.
     */
    public record ObjectState(long objectId, long version, long readLeaseExpiresAtMs, List<SlotValue> slots)
    {
    }

    /**
     * @param success whether the slot held the expected value and was set.
     * @param version the object's version now.
     * @param current the slot's value now.
     */
    public record CasOutcome(boolean success, long version, SlotValue current)
    {
    }

    /**
     * @param objectId the object whose cached copy must be dropped.
     * @param leaseId  the lease to name in the acknowledgement.
     */
    public record Invalidation(long objectId, long leaseId)
    {
    }

    /**
     * @param nodeId the node's id.
     * @param epoch  the membership epoch that includes it.
     */
    public record NodeRegistration(long nodeId, long epoch)
    {
    }

    /**
     * The fabric's nodes and shard map, pushed on every change.
     *
     * @param epoch       increases with every change.
     * @param nodes       the live nodes, by id.
     * @param shardOwners the node id that owns each shard.
     */
    public record Membership(long epoch, List<Node> nodes, long[] shardOwners)
    {
        /**
         * @param nodeId       the node's id.
         * @param name         its name.
         * @param dataEndpoint where its data plane listens.
         */
        public record Node(long nodeId, String name, String dataEndpoint)
        {
        }
    }

    /**
     * The outcome of a lock request.
     *
     * @param granted      whether the lock is held now (false: the wait ran out).
     * @param lockId       the lock.
     * @param fencingToken the grant's token: higher than every earlier grant of this lock.
     * @param holdCount    the owner's holds, with reentrancy.
     */
    public record LockGrant(boolean granted, long lockId, long fencingToken, int holdCount)
    {
    }
}
