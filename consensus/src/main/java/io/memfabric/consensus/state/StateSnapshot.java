/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.SnapshotClientDecoder;
import io.memfabric.consensus.protocol.SnapshotClientEncoder;
import io.memfabric.consensus.protocol.SnapshotCountersDecoder;
import io.memfabric.consensus.protocol.SnapshotCountersEncoder;
import io.memfabric.consensus.protocol.SnapshotEndDecoder;
import io.memfabric.consensus.protocol.SnapshotEndEncoder;
import io.memfabric.consensus.protocol.SnapshotLockDecoder;
import io.memfabric.consensus.protocol.SnapshotLockEncoder;
import io.memfabric.consensus.protocol.SnapshotNodeDecoder;
import io.memfabric.consensus.protocol.SnapshotNodeEncoder;
import io.memfabric.consensus.protocol.SnapshotObjectDecoder;
import io.memfabric.consensus.protocol.SnapshotObjectEncoder;
import io.memfabric.consensus.protocol.SnapshotRootDecoder;
import io.memfabric.consensus.protocol.SnapshotRootEncoder;
import io.memfabric.consensus.protocol.SnapshotStagedWriteDecoder;
import io.memfabric.consensus.protocol.SnapshotStagedWriteEncoder;
import io.memfabric.consensus.protocol.SnapshotTimerDecoder;
import io.memfabric.consensus.protocol.SnapshotTimerEncoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.Map;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The canonical encoding of all replicated state of a {@link FabricStateMachine}, as a sequence of the schema's
 * snapshot sections (templates 301..309): the counters; each client with its deduplication window; each lock with its
 * queue and wait set; each timer; each object with its slots and read leases; each staged write; each node; each
 * root; and a last section with the counts. Every collection is written in key order, so two replicas in the same
 * state write the same bytes; snapshots and {@link #digest} both use it. A snapshot of the format before the schema
 * is read by {@link LegacySnapshot}.
 */
final class StateSnapshot
{
    private static final byte[] NO_BYTES = new byte[0];

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SnapshotCountersEncoder countersEncoder = new SnapshotCountersEncoder();
    private final SnapshotClientEncoder clientEncoder = new SnapshotClientEncoder();
    private final SnapshotLockEncoder lockEncoder = new SnapshotLockEncoder();
    private final SnapshotTimerEncoder timerEncoder = new SnapshotTimerEncoder();
    private final SnapshotObjectEncoder objectEncoder = new SnapshotObjectEncoder();
    private final SnapshotStagedWriteEncoder stagedEncoder = new SnapshotStagedWriteEncoder();
    private final SnapshotNodeEncoder nodeEncoder = new SnapshotNodeEncoder();
    private final SnapshotRootEncoder rootEncoder = new SnapshotRootEncoder();
    private final SnapshotEndEncoder endEncoder = new SnapshotEndEncoder();

    // ---------------------------------------------------------------- write

    /**
     * @param m      the state machine.
     * @param buffer to write into, from 0.
     * @return the length written.
     */
    int write(final FabricStateMachine m, final ExpandableArrayBuffer buffer)
    {
        int position = 0;
        countersEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .nextTimerId(m.nextTimerId)
            .fencingCounter(m.fencingCounter)
            .nextObjectId(m.nextObjectId)
            .writeVersion(m.writeVersion)
            .nextLeaseId(m.nextLeaseId)
            .nextWriteId(m.nextWriteId)
            .nextNodeId(m.nextNodeId)
            .membershipEpoch(m.membershipEpoch)
            .malformedMessages(m.malformedMessages)
            .requestsApplied(m.requestsApplied)
            .internalErrors(m.internalErrors)
            .wireVersion(m.wireVersion);
        position += Wire.length(countersEncoder);

        final ClientRecord[] clients = m.clients.values().toArray(new ClientRecord[0]);
        Arrays.sort(clients, (a, b) -> Long.compare(a.clientId, b.clientId));
        for (final ClientRecord client : clients)
        {
            clientEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .clientId(client.clientId)
                .sessionId(client.sessionId)
                .leaseTtlMs(client.leaseTtlMs)
                .leaseExpiresAtMs(client.leaseExpiresAtMs)
                .leaseTimerId(client.leaseTimerId)
                .nodeId(client.nodeId)
                .highestRequestId(client.dedup.highestRequestId);
            final DedupWindow dedup = client.dedup;
            int used = 0;
            for (int slot = 0; slot < DedupWindow.SIZE; slot++)
            {
                used += isUsed(dedup, slot) ? 1 : 0;
            }
            final SnapshotClientEncoder.WindowEncoder window = clientEncoder.windowCount(used);
            for (int slot = 0; slot < DedupWindow.SIZE; slot++)
            {
                if (isUsed(dedup, slot))
                {
                    window.next().slot(slot).requestId(dedup.requestIds[slot]).state(dedup.states[slot]);
                    if (dedup.states[slot] == DedupWindow.DONE)
                    {
                        window.putResponse(dedup.responses[slot], 0, dedup.lengths[slot]);
                    }
                    else
                    {
                        window.putResponse(NO_BYTES, 0, 0);
                    }
                }
            }
            position += Wire.length(clientEncoder);
        }

        final LockState[] locks = m.locks.values().toArray(new LockState[0]);
        Arrays.sort(locks, (a, b) -> Long.compare(a.lockId, b.lockId));
        for (final LockState lock : locks)
        {
            lockEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .lockId(lock.lockId)
                .holderClientId(lock.holderClientId)
                .holderOwnerId(lock.holderOwnerId)
                .holdCount(lock.holdCount)
                .fencingToken(lock.fencingToken);
            final SnapshotLockEncoder.QueueEncoder queue = lockEncoder.queueCount(lock.waiters.size());
            for (final LockWaiter waiter : lock.waiters)
            {
                queue.next().clientId(waiter.clientId).ownerId(waiter.ownerId).requestId(waiter.requestId)
                    .timerId(waiter.timerId).restoreHolds(waiter.restoreHolds);
            }
            final SnapshotLockEncoder.ConditionEncoder condition = lockEncoder.conditionCount(lock.condition.size());
            for (final LockWaiter waiter : lock.condition)
            {
                condition.next().clientId(waiter.clientId).ownerId(waiter.ownerId).requestId(waiter.requestId)
                    .timerId(waiter.timerId).restoreHolds(waiter.restoreHolds);
            }
            position += Wire.length(lockEncoder);
        }

        final long[] timerIds = new long[m.timers.size()];
        int t = 0;
        for (final var iterator = m.timers.keySet().iterator(); iterator.hasNext(); )
        {
            timerIds[t++] = iterator.nextLong();
        }
        Arrays.sort(timerIds);
        for (final long timerId : timerIds)
        {
            final TimerTask task = m.timers.get(timerId);
            timerEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .timerId(timerId).kind(task.kind).targetId(task.targetId);
            position += Wire.length(timerEncoder);
        }

        final SharedObject[] objects = m.objects.values().toArray(new SharedObject[0]);
        Arrays.sort(objects, (a, b) -> Long.compare(a.objectId, b.objectId));
        for (final SharedObject object : objects)
        {
            objectEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .objectId(object.objectId)
                .version(object.version);
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
            position += Wire.length(objectEncoder);
        }

        for (final StagedWrite write : m.stagedWrites)
        {
            stagedEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .writeId(write.writeId)
                .clientId(write.clientId)
                .requestId(write.requestId)
                .timerId(write.timerId);
            final SnapshotStagedWriteEncoder.ObjectsEncoder ids = stagedEncoder.objectsCount(write.objectIds.length);
            for (final long objectId : write.objectIds)
            {
                ids.next().objectId(objectId);
            }
            stagedEncoder.putMessage(write.message, 0, write.message.capacity());
            position += Wire.length(stagedEncoder);
        }

        for (final NodeRecord node : m.nodes)
        {
            nodeEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                .nodeId(node.nodeId)
                .clientId(node.clientId)
                .nodeName(node.nodeName)
                .dataEndpoint(node.dataEndpoint);
            position += Wire.length(nodeEncoder);
        }

        for (final Map.Entry<String, Long> root : m.roots.entrySet())
        {
            rootEncoder.wrapAndApplyHeader(buffer, position, headerEncoder).objectId(root.getValue()).uri(root.getKey());
            position += Wire.length(rootEncoder);
        }

        endEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .clients(clients.length)
            .locks(locks.length)
            .objects(objects.length)
            .stagedWrites(m.stagedWrites.size())
            .nodes(m.nodes.size())
            .roots(m.roots.size())
            .timers(timerIds.length);
        position += Wire.length(endEncoder);
        return position;
    }

    private static boolean isUsed(final DedupWindow dedup, final int slot)
    {
        return dedup.states[slot] != DedupWindow.EMPTY || dedup.requestIds[slot] != 0;
    }

    // ---------------------------------------------------------------- read

    /**
     * Rebuilds the state from a snapshot: of this format, or of the format before the schema.
     *
     * @param m      a fresh state machine.
     * @param buffer holds the snapshot from 0.
     * @param length its length.
     * @throws IllegalStateException when it is neither, or damaged.
     */
    void read(final FabricStateMachine m, final DirectBuffer buffer, final int length)
    {
        if (LegacySnapshot.isLegacy(buffer, length))
        {
            LegacySnapshot.read(m, buffer, length);
            return;
        }
        try
        {
            readSections(m, buffer, length);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw new IllegalStateException("the snapshot is truncated or damaged: " + ex.getMessage(), ex);
        }
    }

    private void readSections(final FabricStateMachine m, final DirectBuffer buffer, final int length)
    {
        m.clients.clear();
        m.locks.clear();
        m.timers.clear();
        m.objects.clear();
        m.stagedWrites.clear();
        m.nodes.clear();
        m.roots.clear();
        int position = 0;
        boolean first = true;
        while (true)
        {
            if (position + Wire.HEADER_LENGTH > length || !Wire.isCurrent(buffer, position, length - position))
            {
                throw new IllegalStateException("not a FabricStateMachine snapshot of wire version " + Wire.VERSION +
                    " (a section at " + position + " has another schema or is cut short)");
            }
            headerDecoder.wrap(buffer, position);
            final int templateId = headerDecoder.templateId();
            if (first != (templateId == SnapshotCountersDecoder.TEMPLATE_ID))
            {
                throw new IllegalStateException("a snapshot starts with its counters, and only there: section " +
                    templateId + " at " + position);
            }
            first = false;
            final int blockLength = headerDecoder.blockLength();
            final int version = headerDecoder.version();
            final int at = position + Wire.HEADER_LENGTH;
            switch (templateId)
            {
                case SnapshotCountersDecoder.TEMPLATE_ID:
                    position = readCounters(m, new SnapshotCountersDecoder().wrap(buffer, at, blockLength, version));
                    break;
                case SnapshotClientDecoder.TEMPLATE_ID:
                    position = readClient(m, new SnapshotClientDecoder().wrap(buffer, at, blockLength, version));
                    break;
                case SnapshotLockDecoder.TEMPLATE_ID:
                    position = readLock(m, new SnapshotLockDecoder().wrap(buffer, at, blockLength, version));
                    break;
                case SnapshotTimerDecoder.TEMPLATE_ID:
                    final SnapshotTimerDecoder timer = new SnapshotTimerDecoder().wrap(buffer, at, blockLength, version);
                    m.timers.put(timer.timerId(), new TimerTask((byte)timer.kind(), timer.targetId()));
                    position = timer.limit();
                    break;
                case SnapshotObjectDecoder.TEMPLATE_ID:
                    position = readObject(m, new SnapshotObjectDecoder().wrap(buffer, at, blockLength, version));
                    break;
                case SnapshotStagedWriteDecoder.TEMPLATE_ID:
                    position = readStaged(m, new SnapshotStagedWriteDecoder().wrap(buffer, at, blockLength, version));
                    break;
                case SnapshotNodeDecoder.TEMPLATE_ID:
                    final SnapshotNodeDecoder node = new SnapshotNodeDecoder().wrap(buffer, at, blockLength, version);
                    final long nodeId = node.nodeId();
                    final long clientId = node.clientId();
                    final String nodeName = node.nodeName();
                    m.nodes.add(new NodeRecord(nodeId, clientId, nodeName, node.dataEndpoint()));
                    position = node.limit();
                    break;
                case SnapshotRootDecoder.TEMPLATE_ID:
                    final SnapshotRootDecoder root = new SnapshotRootDecoder().wrap(buffer, at, blockLength, version);
                    final long objectId = root.objectId();
                    m.roots.put(root.uri(), objectId);
                    position = root.limit();
                    break;
                case SnapshotEndDecoder.TEMPLATE_ID:
                    final SnapshotEndDecoder end = new SnapshotEndDecoder().wrap(buffer, at, blockLength, version);
                    checkCounts(m, end);
                    if (end.limit() != length)
                    {
                        throw new IllegalStateException("snapshot has " + (length - end.limit()) + " trailing bytes");
                    }
                    return;
                default:
                    throw new IllegalStateException("unknown snapshot section " + templateId + " at " + position);
            }
            if (position > length)
            {
                throw new IllegalStateException("snapshot truncated in section " + templateId);
            }
        }
    }

    private static int readCounters(final FabricStateMachine m, final SnapshotCountersDecoder counters)
    {
        m.nextTimerId = counters.nextTimerId();
        m.fencingCounter = counters.fencingCounter();
        m.nextObjectId = counters.nextObjectId();
        m.writeVersion = counters.writeVersion();
        m.nextLeaseId = counters.nextLeaseId();
        m.nextWriteId = counters.nextWriteId();
        m.nextNodeId = counters.nextNodeId();
        m.membershipEpoch = counters.membershipEpoch();
        m.malformedMessages = counters.malformedMessages();
        m.requestsApplied = counters.requestsApplied();
        m.internalErrors = counters.internalErrors();
        m.wireVersion = counters.wireVersion();
        return counters.limit();
    }

    private static int readClient(final FabricStateMachine m, final SnapshotClientDecoder decoder)
    {
        final ClientRecord client = new ClientRecord(decoder.clientId());
        client.sessionId = decoder.sessionId();
        client.leaseTtlMs = decoder.leaseTtlMs();
        client.leaseExpiresAtMs = decoder.leaseExpiresAtMs();
        client.leaseTimerId = decoder.leaseTimerId();
        client.nodeId = decoder.nodeId();
        final DedupWindow dedup = client.dedup;
        dedup.highestRequestId = decoder.highestRequestId();
        final UnsafeBuffer response = new UnsafeBuffer(0, 0);
        for (final SnapshotClientDecoder.WindowDecoder entry : decoder.window())
        {
            final int slot = entry.slot();
            dedup.requestIds[slot] = entry.requestId();
            final byte state = (byte)entry.state();
            entry.wrapResponse(response);
            if (state == DedupWindow.DONE)
            {
                dedup.store(slot, response, 0, response.capacity());
            }
            dedup.states[slot] = state;
        }
        m.clients.put(client.clientId, client);
        return decoder.limit();
    }

    private static int readLock(final FabricStateMachine m, final SnapshotLockDecoder decoder)
    {
        final LockState lock = new LockState(decoder.lockId());
        lock.holderClientId = decoder.holderClientId();
        lock.holderOwnerId = decoder.holderOwnerId();
        lock.holdCount = decoder.holdCount();
        lock.fencingToken = decoder.fencingToken();
        for (final SnapshotLockDecoder.QueueDecoder waiter : decoder.queue())
        {
            lock.waiters.addLast(new LockWaiter(waiter.clientId(), waiter.ownerId(), waiter.requestId(),
                waiter.timerId(), waiter.restoreHolds()));
        }
        for (final SnapshotLockDecoder.ConditionDecoder waiter : decoder.condition())
        {
            lock.condition.addLast(new LockWaiter(waiter.clientId(), waiter.ownerId(), waiter.requestId(),
                waiter.timerId(), waiter.restoreHolds()));
        }
        m.locks.put(lock.lockId, lock);
        return decoder.limit();
    }

    private static int readObject(final FabricStateMachine m, final SnapshotObjectDecoder decoder)
    {
        final SharedObject object = new SharedObject(decoder.objectId());
        object.version = decoder.version();
        final UnsafeBuffer bytes = new UnsafeBuffer(0, 0);
        int slot = 0;
        for (final SnapshotObjectDecoder.SlotsDecoder value : decoder.slots())
        {
            final var tag = value.tag();
            final long bits = value.bits();
            value.wrapBytes(bytes);
            object.set(slot++, tag, bits, bytes, 0, bytes.capacity());
        }
        for (final SnapshotObjectDecoder.LeasesDecoder entry : decoder.leases())
        {
            final ReadLease lease = new ReadLease(entry.clientId(), entry.leaseId(), entry.expiresAtMs());
            lease.invalidated = entry.invalidated() == BooleanType.TRUE;
            object.leases.add(lease);
            final ClientRecord holder = m.clients.get(lease.clientId);
            if (null != holder)
            {
                holder.leasedObjects.add(object.objectId);
            }
        }
        m.objects.put(object.objectId, object);
        return decoder.limit();
    }

    private static int readStaged(final FabricStateMachine m, final SnapshotStagedWriteDecoder decoder)
    {
        final long writeId = decoder.writeId();
        final long clientId = decoder.clientId();
        final long requestId = decoder.requestId();
        final long timerId = decoder.timerId();
        final SnapshotStagedWriteDecoder.ObjectsDecoder ids = decoder.objects();
        final long[] objectIds = new long[ids.count()];
        int i = 0;
        for (final SnapshotStagedWriteDecoder.ObjectsDecoder id : ids)
        {
            objectIds[i] = id.objectId();
            m.objects.get(objectIds[i++]).stagedCount++;
        }
        final byte[] message = new byte[decoder.messageLength()];
        decoder.getMessage(message, 0, message.length);
        m.stagedWrites.add(new StagedWrite(writeId, clientId, requestId, timerId, new UnsafeBuffer(message), objectIds));
        return decoder.limit();
    }

    private static void checkCounts(final FabricStateMachine m, final SnapshotEndDecoder end)
    {
        if (end.clients() != m.clients.size() || end.locks() != m.locks.size() || end.objects() != m.objects.size() ||
            end.stagedWrites() != m.stagedWrites.size() || end.nodes() != m.nodes.size() ||
            end.roots() != m.roots.size() || end.timers() != m.timers.size())
        {
            throw new IllegalStateException("the snapshot's sections disagree with its counts (" + end + ")");
        }
    }

    // ---------------------------------------------------------------- digest

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
