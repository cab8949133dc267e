/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.fault.TestFault;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.InvalidateAckDecoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.ObjectGraphEncoder;
import io.memfabric.consensus.protocol.ObjectReadAllDecoder;
import io.memfabric.consensus.protocol.ObjectReadDecoder;
import io.memfabric.consensus.protocol.ReadGraphDecoder;
import io.memfabric.consensus.protocol.SnapshotObjectDecoder;
import io.memfabric.consensus.protocol.SnapshotObjectEncoder;
import io.memfabric.consensus.protocol.SnapshotObjectStoreDecoder;
import io.memfabric.consensus.protocol.SnapshotObjectStoreEncoder;
import io.memfabric.consensus.protocol.SnapshotStagedWriteDecoder;
import io.memfabric.consensus.protocol.SnapshotStagedWriteEncoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteBatchDecoder;
import io.memfabric.consensus.stat.MemberCounter;
import io.memfabric.consensus.wire.Wire;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The object store: STRONG objects with their versions, read leases (Gray-Cheriton / Chubby) and invalidation, and the
 * writes staged until every other holder of a live lease on what they touch has dropped it. Reads are linearizable:
 * a cached read is served only under a lease no applied write has overtaken, and a write becomes visible only when no
 * other node can still serve the old value from its cache.
 */
final class ObjectStore
{
    /**
     * The most an OBJECT_GRAPH answer grows to past its start objects, whatever the request asks for.
     */
    static final int MAX_GRAPH_BYTES = 256 * 1024;
    /**
     * The most start objects one READ_GRAPH may name.
     */
    static final int MAX_GRAPH_STARTS = 4096;
    static final long MAX_READ_LEASE_MS = 60_000L;

    private static final boolean SKIP_OWNERSHIP = TestFault.SKIP_OWNERSHIP.active();
    private static final String OWNED_MESSAGE = "owned by another client, which was asked to flush it: retry";
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

    final Long2ObjectHashMap<SharedObject> objects = new Long2ObjectHashMap<>();
    final ArrayList<StagedWrite> stagedWrites = new ArrayList<>();
    long writeVersion;
    long nextLeaseId = 1;
    long nextWriteId = 1;

    private final ClientTable clients;
    private final LockTable locks;
    private final IdAllocator ids;
    private final TimerTable timers;
    private final ResponsePublisher publisher;
    private final Counting counting;
    // Whether the log's wire version has owned objects (WRITE_BATCH's own and released, OWNED, FLUSH_RECALL).
    private final BooleanSupplier ownership;
    // Whether the log's wire version has transactions (WRITE_BATCH's expected, CONFLICT).
    private final BooleanSupplier transactions;

    private final LongArrayList scratchIds = new LongArrayList();
    private final long[] oneId = new long[1];
    private final LongHashSet blockedObjects = new LongHashSet();
    private final MessageHeaderDecoder stagedHeader = new MessageHeaderDecoder();
    private final WriteBatchDecoder stagedBatchDecoder = new WriteBatchDecoder();
    private final CasDecoder stagedCasDecoder = new CasDecoder();
    private final UnsafeBuffer valueBytes = new UnsafeBuffer(0, 0);
    private final SnapshotObjectStoreEncoder storeEncoder = new SnapshotObjectStoreEncoder();
    private final SnapshotObjectEncoder objectEncoder = new SnapshotObjectEncoder();
    private final SnapshotStagedWriteEncoder stagedEncoder = new SnapshotStagedWriteEncoder();

    ObjectStore(
        final ClientTable clients,
        final LockTable locks,
        final IdAllocator ids,
        final TimerTable timers,
        final ResponsePublisher publisher,
        final Counting counting,
        final BooleanSupplier ownership,
        final BooleanSupplier transactions)
    {
        this.ownership = ownership;
        this.transactions = transactions;
        this.clients = clients;
        this.locks = locks;
        this.ids = ids;
        this.timers = timers;
        this.publisher = publisher;
        this.counting = counting;
    }

    // ---------------------------------------------------------------- reads

    void onRead(
        final ClientRecord client, final long sessionId, final long now, final long requestId,
        final ObjectReadDecoder request)
    {
        final long objectId = request.objectId();
        final int slot = request.slot();
        if (!ids.isAllocated(objectId))
        {
            publisher.reply(client, sessionId, requestId, publisher.error(requestId, ErrorCode.NO_SUCH_OBJECT, "never allocated"));
            return;
        }
        if (slot >= SharedObject.MAX_SLOTS)
        {
            publisher.reply(client, sessionId, requestId, publisher.error(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
            return;
        }
        if (refuseOwned(client, sessionId, requestId, one(objectId)))
        {
            return;
        }
        final long leaseExpiresAtMs = grantReadLease(client, objectId, request.leaseMs(), now);
        counting.increment(MemberCounter.READS);
        publisher.reply(client, sessionId, requestId,
            publisher.value(requestId, objectId, objects.get(objectId), slot, leaseExpiresAtMs));
    }

    void onReadAll(
        final ClientRecord client, final long sessionId, final long now, final long requestId,
        final ObjectReadAllDecoder request)
    {
        final long objectId = request.objectId();
        if (!ids.isAllocated(objectId))
        {
            publisher.reply(client, sessionId, requestId, publisher.error(requestId, ErrorCode.NO_SUCH_OBJECT, "never allocated"));
            return;
        }
        if (refuseOwned(client, sessionId, requestId, one(objectId)))
        {
            return;
        }
        final long leaseExpiresAtMs = grantReadLease(client, objectId, request.leaseMs(), now);
        counting.increment(MemberCounter.READS);
        publisher.reply(client, sessionId, requestId,
            publisher.objectValues(requestId, objectId, objects.get(objectId), leaseExpiresAtMs));
    }

    // Breadth first from the start objects, in slot order (deterministic); every start object is answered, further
    // objects only while the answer stays within the budget. Each object answered gets a read lease as OBJECT_READ_ALL
    // would give it, so the client may trust what it was sent exactly as if it had read each object alone.
    void onReadGraph(
        final ClientRecord client, final long sessionId, final long now, final ReadGraphDecoder decoder,
        final boolean legacy)
    {
        final long requestId = decoder.requestId();
        final long leaseMs = decoder.leaseMs();
        final int budget = Math.min(decoder.maxBytes(), MAX_GRAPH_BYTES);
        final ReadGraphDecoder.StartsDecoder starts = decoder.starts();
        if (starts.count() > MAX_GRAPH_STARTS)
        {
            publisher.sendAnswer(sessionId, publisher.error(requestId, ErrorCode.LIMIT_EXCEEDED, "more than " +
                MAX_GRAPH_STARTS + " start objects"));
            return;
        }
        final LongArrayList queue = new LongArrayList();
        final LongHashSet seen = new LongHashSet();
        while (starts.hasNext())
        {
            final long objectId = starts.next().objectId();
            if (!ids.isAllocated(objectId))
            {
                publisher.sendAnswer(sessionId, publisher.error(requestId, ErrorCode.NO_SUCH_OBJECT,
                    "never allocated: " + objectId));
                return;
            }
            if (seen.add(objectId))
            {
                queue.addLong(objectId);
            }
        }
        for (int i = 0; i < queue.size(); i++)
        {
            final long owner = otherOwner(queue.getLong(i), client.clientId);
            if (owner != 0)
            {
                recallFlush(owner, queue.getLong(i));
                publisher.sendAnswer(sessionId, publisher.error(requestId, ErrorCode.OWNED, OWNED_MESSAGE));
                return;
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
            final int objectSize = graphSize(object, legacy);
            if (answered > 0 && size + objectSize > budget)
            {
                break;
            }
            size += objectSize;
            leaseDeadlines.addLong(grantReadLease(client, objectId, leaseMs, now));
            counting.increment(MemberCounter.READS);
            for (int slot = 0, count = null == object ? 0 : object.slotCount; slot < count; slot++)
            {
                // An object another client owns is left out: its state here may be older than the owner's.
                if (object.tag(slot) == ValueTag.REF && ids.isAllocated(object.longs[slot]) &&
                    otherOwner(object.longs[slot], client.clientId) == 0 && seen.add(object.longs[slot]))
                {
                    queue.addLong(object.longs[slot]);
                }
            }
        }
        publisher.sendAnswer(sessionId, publisher.objectGraph(requestId, queue, leaseDeadlines, answered, objects));
    }

    // What an object adds to an OBJECT_GRAPH answer, counted as the wire version in force encodes it, so a log of
    // version 1's time cuts its graph answers (and grants their leases) exactly where that version did.
    private static int graphSize(final SharedObject object, final boolean legacy)
    {
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
        counting.increment(MemberCounter.READ_LEASES);
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

    void onInvalidateAck(final ClientRecord client, final long now, final InvalidateAckDecoder request)
    {
        final long objectId = request.objectId();
        final SharedObject object = objects.get(objectId);
        if (null == object)
        {
            return;
        }
        final ReadLease lease = object.lease(client.clientId);
        if (null != lease && lease.leaseId == request.leaseId())
        {
            object.removeLease(client.clientId);
            client.leasedObjects.remove(objectId);
            drainStagedWrites(now);
        }
    }

    void resendInvalidations(final ClientRecord client)
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

    // ---------------------------------------------------------------- writes

    void onWrite(
        final ClientRecord client,
        final long sessionId,
        final long now,
        final long requestId,
        final RequestAdapter request,
        final boolean isCas)
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
                publisher.reply(client, sessionId, requestId, publisher.error(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
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
                    publisher.reply(client, sessionId, requestId,
                        publisher.error(requestId, ErrorCode.LIMIT_EXCEEDED, "slot too large"));
                    return;
                }
                scratchIds.addLong(entry.objectId());
                entry.skipBytes();
            }
            skipReleased(batch);
            if (batch.expected().count() > 0 && !transactions.getAsBoolean())
            {
                publisher.reply(client, sessionId, requestId, publisher.error(requestId, ErrorCode.MALFORMED,
                    "a transaction (WRITE_BATCH with expected versions) needs wire version " +
                    Wire.TRANSACTION_VERSION + " in force"));
                return;
            }
        }
        final long[] objectIds = sortedUnique(scratchIds);
        for (final long objectId : objectIds)
        {
            if (!ids.isAllocated(objectId))
            {
                publisher.reply(client, sessionId, requestId,
                    publisher.error(requestId, ErrorCode.NO_SUCH_OBJECT, "object id never allocated"));
                return;
            }
        }
        if (!locks.isCurrentToken(client.clientId, lockId, fencingToken))
        {
            publisher.reply(client, sessionId, requestId, publisher.error(requestId, ErrorCode.STALE_TOKEN, "stale fencing token"));
            return;
        }
        if (refuseOwned(client, sessionId, requestId, objectIds))
        {
            return;
        }
        final long changed = isCas ? 0 : changedSinceRead(request.rewindWriteBatch());
        if (changed != 0)
        {
            publisher.reply(client, sessionId, requestId, conflict(requestId, changed));
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
            final int responseLength = isCas ? applyCas(request.rewindCas(), requestId, now) :
                applyBatch(request.rewindWriteBatch(), client.clientId, requestId, now);
            publisher.reply(client, sessionId, requestId, responseLength);
            return;
        }

        final long timerId = latestLeaseExpiryMs > 0 ?
            timers.schedule(TimerTask.STAGED_WRITE, nextWriteId, latestLeaseExpiryMs) : 0;
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
            counting.increment(MemberCounter.INVALIDATIONS);
            publisher.invalidate(holder.sessionId, objectId, leaseId);
        }
    }

    /**
     * Applies every staged write that is ready: at the head of each of its objects' queues, with no live read lease
     * of another client left on them. One pass in write order is exact, as applying a write only unblocks later ones.
     */
    void drainStagedWrites(final long now)
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
        timers.cancelIfKnown(write.timerId);
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

        long changed = 0;
        if (!isCas)
        {
            changed = changedSinceRead(stagedBatchDecoder);
            stagedBatchDecoder.wrapAndApplyHeader(message, 0, stagedHeader);
        }
        // Fenced again at apply time: a holder that lost the lock while its write waited must not write under it.
        final int responseLength;
        final long owner = otherOwner(write.objectIds, write.clientId);
        if (!locks.isCurrentToken(write.clientId, lockId, fencingToken))
        {
            responseLength = publisher.error(write.requestId, ErrorCode.STALE_TOKEN, "lock changed hands while staged");
        }
        else if (owner != 0)
        {
            recallFlush(owner, write.objectIds);
            responseLength = publisher.error(write.requestId, ErrorCode.OWNED, OWNED_MESSAGE);
        }
        else if (changed != 0)
        {
            // Validated again when applied: what the transaction read may have changed while its write waited.
            responseLength = conflict(write.requestId, changed);
        }
        else
        {
            responseLength = isCas ? applyCas(stagedCasDecoder, write.requestId, now) :
                applyBatch(stagedBatchDecoder, write.clientId, write.requestId, now);
        }
        if (null != client)
        {
            publisher.replyLater(client, write.requestId, responseLength);
        }
    }

    // A transaction's check (wire version 5): the first object it read whose version is no longer the one it read, or
    // 0 when none changed (or the batch is not a transaction). Leaves the decoder past its groups.
    private long changedSinceRead(final WriteBatchDecoder decoder)
    {
        for (final WriteBatchDecoder.EntriesDecoder entry : decoder.entries())
        {
            entry.skipBytes();
        }
        skipReleased(decoder);
        if (!transactions.getAsBoolean())
        {
            return 0;
        }
        for (final WriteBatchDecoder.ExpectedDecoder read : decoder.expected())
        {
            final SharedObject object = objects.get(read.objectId());
            final long version = null == object ? 0 : object.version;
            if (version != read.version())
            {
                return read.objectId();
            }
        }
        return 0;
    }

    private static void skipReleased(final WriteBatchDecoder decoder)
    {
        if (decoder.actingVersion() >= Wire.OWNERSHIP_VERSION)
        {
            final WriteBatchDecoder.ReleasedDecoder released = decoder.released();
            while (released.hasNext())
            {
                released.next();
            }
        }
    }

    private int conflict(final long requestId, final long objectId)
    {
        counting.increment(MemberCounter.CONFLICTS);
        return publisher.error(requestId, ErrorCode.CONFLICT, "object #" + objectId +
            " changed since the transaction read it");
    }

    // Applies the entries; in a log with owned objects, a batch with own set (and a fencing grant) then makes its
    // sender the owner of each object written, for as long as that grant is current, and each object in released
    // that the sender owns stops being owned.
    private int applyBatch(final WriteBatchDecoder decoder, final long clientId, final long requestId, final long now)
    {
        final long version = ++writeVersion;
        final boolean own = ownership.getAsBoolean() && decoder.own() == BooleanType.TRUE &&
            decoder.fencingToken() != 0;
        final long lockId = decoder.lockId();
        final long token = decoder.fencingToken();
        final WriteBatchDecoder.EntriesDecoder entries = decoder.entries();
        counting.add(MemberCounter.WRITES, entries.count());
        for (final WriteBatchDecoder.EntriesDecoder entry : entries)
        {
            final SharedObject object = objectForWrite(entry.objectId(), version, now);
            final int slot = entry.slot();
            final ValueTag tag = entry.tag();
            final long bits = entry.bits();
            entry.wrapBytes(valueBytes);
            object.set(slot, tag, bits, valueBytes, 0, valueBytes.capacity());
            if (own)
            {
                if (object.ownerClientId != clientId || object.ownerLockId != lockId || object.ownerToken != token)
                {
                    counting.increment(MemberCounter.OWNERSHIPS);
                }
                object.ownerClientId = clientId;
                object.ownerLockId = lockId;
                object.ownerToken = token;
            }
        }
        if (ownership.getAsBoolean())
        {
            for (final WriteBatchDecoder.ReleasedDecoder released : decoder.released())
            {
                final SharedObject object = objects.get(released.objectId());
                if (null != object && object.ownerClientId == clientId)
                {
                    disown(object);
                }
            }
        }
        return publisher.writeAck(requestId, version);
    }

    // ---------------------------------------------------------------- owned objects

    /**
     * Refuses a request of {@code client} that touches an object another client owns: answers OWNED and asks the
     * owner to flush what it owns of them.
     *
     * @return whether it was refused.
     */
    private boolean refuseOwned(
        final ClientRecord client, final long sessionId, final long requestId, final long[] objectIds)
    {
        final long owner = otherOwner(objectIds, client.clientId);
        if (owner == 0)
        {
            return false;
        }
        recallFlush(owner, objectIds);
        publisher.reply(client, sessionId, requestId, publisher.error(requestId, ErrorCode.OWNED, OWNED_MESSAGE));
        return true;
    }

    /**
     * @return the client that owns the object if it is not {@code clientId}, else 0. An ownership whose grant is no
     * longer current (released, expired, taken over) ends here.
     */
    private long otherOwner(final long objectId, final long clientId)
    {
        final SharedObject object = objects.get(objectId);
        if (null == object || object.ownerClientId == 0 || SKIP_OWNERSHIP)
        {
            return 0;
        }
        if (!locks.isCurrentToken(object.ownerClientId, object.ownerLockId, object.ownerToken))
        {
            disown(object);
            return 0;
        }
        return object.ownerClientId == clientId ? 0 : object.ownerClientId;
    }

    // The one object of a read, as the ids of a request, without allocating.
    private long[] one(final long objectId)
    {
        oneId[0] = objectId;
        return oneId;
    }

    private long otherOwner(final long[] objectIds, final long clientId)
    {
        for (final long objectId : objectIds)
        {
            final long owner = otherOwner(objectId, clientId);
            if (owner != 0)
            {
                return owner;
            }
        }
        return 0;
    }

    private static void disown(final SharedObject object)
    {
        object.ownerClientId = 0;
        object.ownerLockId = 0;
        object.ownerToken = 0;
    }

    private void recallFlush(final long ownerClientId, final long objectId)
    {
        counting.increment(MemberCounter.FLUSH_RECALLS);
        final ClientRecord owner = clients.get(ownerClientId);
        if (null != owner && owner.hasSession())
        {
            publisher.flushRecall(owner.sessionId, objectId);
        }
    }

    private void recallFlush(final long ownerClientId, final long[] objectIds)
    {
        for (final long objectId : objectIds)
        {
            if (otherOwner(objectId, 0) == ownerClientId)
            {
                recallFlush(ownerClientId, objectId);
            }
        }
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
            counting.increment(MemberCounter.WRITES);
            object.set(slot, updateTag, updateBits, valueBytes, 0, valueBytes.capacity());
        }
        return publisher.casResult(requestId, object, slot, matches);
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

    /**
     * A new, empty object (a root's).
     */
    void create(final long objectId)
    {
        objects.put(objectId, new SharedObject(objectId));
    }

    /**
     * A client left: its staged writes are dropped (never acknowledged, so never applied) and its read leases go.
     */
    void removeClient(final ClientRecord client)
    {
        final long clientId = client.clientId;
        for (int i = stagedWrites.size() - 1; i >= 0; i--)
        {
            final StagedWrite write = stagedWrites.get(i);
            if (write.clientId == clientId)
            {
                removeStaged(i);
            }
        }
        for (final long objectId : sortedIds(client.leasedObjects))
        {
            final SharedObject object = objects.get(objectId);
            if (null != object)
            {
                object.removeLease(clientId);
            }
        }
        client.leasedObjects.clear();
    }

    static long[] sortedIds(final LongHashSet set)
    {
        final long[] sorted = new long[set.size()];
        int i = 0;
        final LongHashSet.LongIterator iterator = set.iterator();
        while (iterator.hasNext())
        {
            sorted[i++] = iterator.nextValue();
        }
        Arrays.sort(sorted);
        return sorted;
    }

    private static long[] sortedUnique(final LongArrayList list)
    {
        final long[] sorted = list.toLongArray();
        Arrays.sort(sorted);
        int unique = 0;
        for (int i = 0; i < sorted.length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                sorted[unique++] = sorted[i];
            }
        }
        return unique == sorted.length ? sorted : Arrays.copyOf(sorted, unique);
    }

    // ---------------------------------------------------------------- snapshot

    void write(final SnapshotWriter w)
    {
        final SharedObject[] sorted = objects.values().toArray(new SharedObject[0]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.objectId, b.objectId));
        storeEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
            .writeVersion(writeVersion)
            .nextLeaseId(nextLeaseId)
            .nextWriteId(nextWriteId)
            .objects(sorted.length)
            .stagedWrites(stagedWrites.size());
        w.advance(storeEncoder);
        for (final SharedObject object : sorted)
        {
            objectEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
                .objectId(object.objectId)
                .version(object.version)
                .ownerClientId(object.ownerClientId)
                .ownerLockId(object.ownerLockId)
                .ownerToken(object.ownerToken);
            final SnapshotObjectEncoder.SlotsEncoder slots = objectEncoder.slotsCount(object.slotCount);
            for (int slot = 0; slot < object.slotCount; slot++)
            {
                final byte[] bytes = SharedObject.bytes(object, slot);
                slots.next().tag(object.tag(slot)).bits(SharedObject.bits(object, slot))
                    .putBytes(bytes, 0, bytes.length);
            }
            final SnapshotObjectEncoder.LeasesEncoder leases = objectEncoder.leasesCount(object.leases.size());
            for (final ReadLease lease : object.leases)
            {
                leases.next().clientId(lease.clientId).leaseId(lease.leaseId).expiresAtMs(lease.expiresAtMs)
                    .invalidated(lease.invalidated ? BooleanType.TRUE : BooleanType.FALSE);
            }
            w.advance(objectEncoder);
        }
        for (final StagedWrite write : stagedWrites)
        {
            stagedEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
                .writeId(write.writeId)
                .clientId(write.clientId)
                .requestId(write.requestId)
                .timerId(write.timerId);
            final SnapshotStagedWriteEncoder.ObjectsEncoder touched = stagedEncoder.objectsCount(write.objectIds.length);
            for (final long objectId : write.objectIds)
            {
                touched.next().objectId(objectId);
            }
            stagedEncoder.putMessage(write.message, 0, write.message.capacity());
            w.advance(stagedEncoder);
        }
    }

    /**
     * Reads this part's sections; the client table must be read already (leases are indexed by their holders).
     */
    void read(final SnapshotReader r)
    {
        r.expect(SnapshotObjectStoreDecoder.TEMPLATE_ID);
        final SnapshotObjectStoreDecoder store = new SnapshotObjectStoreDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        writeVersion = store.writeVersion();
        nextLeaseId = store.nextLeaseId();
        nextWriteId = store.nextWriteId();
        final int objectCount = store.objects();
        final int stagedCount = store.stagedWrites();
        r.advance(store.limit());
        objects.clear();
        stagedWrites.clear();
        final SnapshotObjectDecoder decoder = new SnapshotObjectDecoder();
        final UnsafeBuffer bytes = new UnsafeBuffer(0, 0);
        for (int i = 0; i < objectCount; i++)
        {
            r.expect(SnapshotObjectDecoder.TEMPLATE_ID);
            decoder.wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
            final SharedObject object = new SharedObject(decoder.objectId());
            object.version = decoder.version();
            if (decoder.actingVersion() >= Wire.OWNERSHIP_VERSION)
            {
                object.ownerClientId = decoder.ownerClientId();
                object.ownerLockId = decoder.ownerLockId();
                object.ownerToken = decoder.ownerToken();
            }
            int slot = 0;
            for (final SnapshotObjectDecoder.SlotsDecoder value : decoder.slots())
            {
                final ValueTag tag = value.tag();
                final long bits = value.bits();
                value.wrapBytes(bytes);
                object.set(slot++, tag, bits, bytes, 0, bytes.capacity());
            }
            for (final SnapshotObjectDecoder.LeasesDecoder entry : decoder.leases())
            {
                final ReadLease lease = new ReadLease(entry.clientId(), entry.leaseId(), entry.expiresAtMs());
                lease.invalidated = entry.invalidated() == BooleanType.TRUE;
                object.leases.add(lease);
                final ClientRecord holder = clients.get(lease.clientId);
                if (null != holder)
                {
                    holder.leasedObjects.add(object.objectId);
                }
            }
            objects.put(object.objectId, object);
            r.advance(decoder.limit());
        }
        final SnapshotStagedWriteDecoder staged = new SnapshotStagedWriteDecoder();
        for (int i = 0; i < stagedCount; i++)
        {
            r.expect(SnapshotStagedWriteDecoder.TEMPLATE_ID);
            staged.wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
            final long writeId = staged.writeId();
            final long clientId = staged.clientId();
            final long requestId = staged.requestId();
            final long timerId = staged.timerId();
            final SnapshotStagedWriteDecoder.ObjectsDecoder touched = staged.objects();
            final long[] objectIds = new long[touched.count()];
            int j = 0;
            for (final SnapshotStagedWriteDecoder.ObjectsDecoder id : touched)
            {
                objectIds[j] = id.objectId();
                objects.get(objectIds[j++]).stagedCount++;
            }
            final byte[] message = new byte[staged.messageLength()];
            staged.getMessage(message, 0, message.length);
            stagedWrites.add(new StagedWrite(
                writeId, clientId, requestId, timerId, new UnsafeBuffer(message), objectIds));
            r.advance(staged.limit());
        }
    }
}
