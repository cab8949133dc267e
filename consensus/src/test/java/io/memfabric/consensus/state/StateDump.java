/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.Map;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * All replicated state of a state machine as text, in key order, in terms that do not depend on the wire or snapshot
 * format: a cached answer or a staged request appears as its template and requestId, not its bytes. Two versions of
 * the code that hold the same state write the same text, which is how an upgrade test compares a state rebuilt by
 * this version with the one an earlier version had (its digests are of its own encoding).
 */
final class StateDump
{
    private StateDump()
    {
    }

    /**
     * @param m a state machine.
     * @return its state as text.
     */
    static String of(final FabricStateMachine m)
    {
        final StringBuilder out = new StringBuilder();
        out.append("counters timer=").append(m.timers.nextTimerId).append(" fencing=").append(m.locks.fencingCounter)
            .append(" object=").append(m.ids.nextObjectId).append(" write=").append(m.store.writeVersion)
            .append(" lease=").append(m.store.nextLeaseId).append(" staged=").append(m.store.nextWriteId)
            .append(" node=").append(m.membership.nextNodeId).append(" epoch=").append(m.membership.membershipEpoch)
            .append(" malformed=").append(m.malformedMessages).append(" applied=").append(m.requestsApplied)
            .append(" internal=").append(m.internalErrors).append('\n');

        final ClientRecord[] clients = m.clients.clients.values().toArray(new ClientRecord[0]);
        Arrays.sort(clients, (a, b) -> Long.compare(a.clientId, b.clientId));
        for (final ClientRecord client : clients)
        {
            out.append("client ").append(client.clientId).append(" session=").append(client.sessionId)
                .append(" ttl=").append(client.leaseTtlMs).append(" expires=").append(client.leaseExpiresAtMs)
                .append(" timer=").append(client.leaseTimerId).append(" node=").append(client.nodeId)
                .append(" highest=").append(client.dedup.highestRequestId)
                .append(" leased=").append(Arrays.toString(ObjectStore.sortedIds(client.leasedObjects)))
                .append('\n');
            final DedupWindow dedup = client.dedup;
            for (int slot = 0; slot < DedupWindow.SIZE; slot++)
            {
                if (dedup.states[slot] != DedupWindow.EMPTY || dedup.requestIds[slot] != 0)
                {
                    out.append("  dedup ").append(slot).append(" request=").append(dedup.requestIds[slot])
                        .append(" state=").append(dedup.states[slot]);
                    if (dedup.states[slot] == DedupWindow.DONE)
                    {
                        out.append(" answer=").append(summary(dedup.responses[slot], dedup.lengths[slot]));
                    }
                    out.append('\n');
                }
            }
        }

        final LockState[] locks = m.locks.locks.values().toArray(new LockState[0]);
        Arrays.sort(locks, (a, b) -> Long.compare(a.lockId, b.lockId));
        for (final LockState lock : locks)
        {
            out.append("lock ").append(lock.lockId).append(" holder=").append(lock.holderClientId).append('/')
                .append(lock.holderOwnerId).append(" holds=").append(lock.holdCount).append(" token=")
                .append(lock.fencingToken).append('\n');
            for (final LockWaiter waiter : lock.waiters)
            {
                out.append("  queued ").append(waiter(waiter)).append('\n');
            }
            for (final LockWaiter waiter : lock.condition)
            {
                out.append("  waiting ").append(waiter(waiter)).append('\n');
            }
        }

        final long[] timerIds = new long[m.timers.tasks.size()];
        int t = 0;
        for (final var iterator = m.timers.tasks.keySet().iterator(); iterator.hasNext(); )
        {
            timerIds[t++] = iterator.nextLong();
        }
        Arrays.sort(timerIds);
        for (final long timerId : timerIds)
        {
            final TimerTask task = m.timers.tasks.get(timerId);
            out.append("timer ").append(timerId).append(" kind=").append(task.kind).append(" target=")
                .append(task.targetId).append('\n');
        }

        final SharedObject[] objects = m.store.objects.values().toArray(new SharedObject[0]);
        Arrays.sort(objects, (a, b) -> Long.compare(a.objectId, b.objectId));
        for (final SharedObject object : objects)
        {
            out.append("object ").append(object.objectId).append(" version=").append(object.version)
                .append(" staged=").append(object.stagedCount).append('\n');
            if (object.ownerClientId != 0)
            {
                out.append("  owner client=").append(object.ownerClientId).append(" lock=").append(object.ownerLockId)
                    .append(" token=").append(object.ownerToken).append('\n');
            }
            for (int slot = 0; slot < object.slotCount; slot++)
            {
                out.append("  slot ").append(slot).append(" tag=").append(object.tags[slot]).append(" bits=")
                    .append(object.longs[slot]);
                if (null != object.bytes[slot])
                {
                    out.append(" bytes=").append(hex(object.bytes[slot]));
                }
                out.append('\n');
            }
            for (final ReadLease lease : object.leases)
            {
                out.append("  lease client=").append(lease.clientId).append(" id=").append(lease.leaseId)
                    .append(" expires=").append(lease.expiresAtMs).append(" invalidated=").append(lease.invalidated)
                    .append('\n');
            }
        }

        for (final StagedWrite write : m.store.stagedWrites)
        {
            out.append("staged ").append(write.writeId).append(" client=").append(write.clientId)
                .append(" request=").append(write.requestId).append(" timer=").append(write.timerId)
                .append(" objects=").append(Arrays.toString(write.objectIds))
                .append(" message=").append(summary(write.message, write.message.capacity())).append('\n');
        }
        for (final NodeRecord node : m.membership.nodes)
        {
            out.append("node ").append(node.nodeId).append(" client=").append(node.clientId).append(" name=")
                .append(node.nodeName).append(" endpoint=").append(node.dataEndpoint).append('\n');
        }
        for (final Map.Entry<String, Long> root : m.roots.roots.entrySet())
        {
            out.append("root ").append(root.getKey()).append(" -> ").append(root.getValue()).append('\n');
        }
        return out.toString();
    }

    private static String waiter(final LockWaiter waiter)
    {
        return waiter.clientId + "/" + waiter.ownerId + " request=" + waiter.requestId + " timer=" + waiter.timerId +
            " restore=" + waiter.restoreHolds;
    }

    // A message's template and requestId (the first field of every answer and the second of every request), read from
    // the header of either wire version: version 1 put the template first and a version of 1 second.
    private static String summary(final DirectBuffer message, final int length)
    {
        final boolean legacy = (message.getShort(2, LITTLE_ENDIAN) & 0xFFFF) == 1 &&
            message.getInt(4, LITTLE_ENDIAN) == length - 8;
        final int templateId = message.getShort(legacy ? 0 : 2, LITTLE_ENDIAN) & 0xFFFF;
        final int requestIdOffset = templateId < 100 ? 16 : 8;
        return templateId + "#" + message.getLong(requestIdOffset, LITTLE_ENDIAN);
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder out = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes)
        {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }
}
