/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.ValueDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The canonical encoding of all replicated state of a {@link FabricStateMachine}: every collection written in key
 * order, so two replicas in the same state write the same bytes. Snapshots and {@link #digest} both use it.
 */
final class StateSnapshot
{
    static final int MAGIC = 0x4D46534D; // "MFSM"
    static final int FORMAT_VERSION = 2;

    private StateSnapshot()
    {
    }

    // ---------------------------------------------------------------- write

    static int write(final FabricStateMachine m, final ExpandableArrayBuffer buffer)
    {
        final Writer w = new Writer(buffer);
        w.putInt(MAGIC);
        w.putInt(FORMAT_VERSION);
        w.putLong(m.nextTimerId);
        w.putLong(m.fencingCounter);
        w.putLong(m.nextObjectId);
        w.putLong(m.writeVersion);
        w.putLong(m.nextLeaseId);
        w.putLong(m.nextWriteId);
        w.putLong(m.nextNodeId);
        w.putLong(m.membershipEpoch);
        w.putLong(m.malformedMessages);
        w.putLong(m.requestsApplied);
        w.putLong(m.internalErrors);

        final ClientRecord[] clients = m.clients.values().toArray(new ClientRecord[0]);
        Arrays.sort(clients, (a, b) -> Long.compare(a.clientId, b.clientId));
        w.putInt(clients.length);
        for (final ClientRecord client : clients)
        {
            w.putLong(client.clientId);
            w.putLong(client.sessionId);
            w.putLong(client.leaseTtlMs);
            w.putLong(client.leaseExpiresAtMs);
            w.putLong(client.leaseTimerId);
            w.putLong(client.nodeId);
            final DedupWindow dedup = client.dedup;
            w.putLong(dedup.highestRequestId);
            for (int slot = 0; slot < DedupWindow.SIZE; slot++)
            {
                w.putLong(dedup.requestIds[slot]);
                w.putByte(dedup.states[slot]);
                final int length = dedup.states[slot] == DedupWindow.DONE ? dedup.lengths[slot] : 0;
                w.putInt(length);
                if (length > 0)
                {
                    w.putBytes(dedup.responses[slot], 0, length);
                }
            }
        }

        final LockState[] locks = m.locks.values().toArray(new LockState[0]);
        Arrays.sort(locks, (a, b) -> Long.compare(a.lockId, b.lockId));
        w.putInt(locks.length);
        for (final LockState lock : locks)
        {
            w.putLong(lock.lockId);
            w.putLong(lock.holderClientId);
            w.putLong(lock.holderOwnerId);
            w.putInt(lock.holdCount);
            w.putLong(lock.fencingToken);
            for (final ArrayDeque<LockWaiter> queue : List.of(lock.waiters, lock.condition))
            {
                w.putInt(queue.size());
                for (final LockWaiter waiter : queue)
                {
                    w.putLong(waiter.clientId);
                    w.putLong(waiter.ownerId);
                    w.putLong(waiter.requestId);
                    w.putLong(waiter.timerId);
                    w.putInt(waiter.restoreHolds);
                }
            }
        }

        final long[] timerIds = new long[m.timers.size()];
        int t = 0;
        for (final var iterator = m.timers.keySet().iterator(); iterator.hasNext(); )
        {
            timerIds[t++] = iterator.nextLong();
        }
        Arrays.sort(timerIds);
        w.putInt(timerIds.length);
        for (final long timerId : timerIds)
        {
            final TimerTask task = m.timers.get(timerId);
            w.putLong(timerId);
            w.putByte(task.kind);
            w.putLong(task.targetId);
        }

        final SharedObject[] objects = m.objects.values().toArray(new SharedObject[0]);
        Arrays.sort(objects, (a, b) -> Long.compare(a.objectId, b.objectId));
        w.putInt(objects.length);
        for (final SharedObject object : objects)
        {
            w.putLong(object.objectId);
            w.putLong(object.version);
            w.putInt(object.slotCount);
            for (int slot = 0; slot < object.slotCount; slot++)
            {
                final int at = w.position;
                w.position += SharedObject.encodeValue(object, slot, w.buffer, at);
            }
            w.putInt(object.leases.size());
            for (final ReadLease lease : object.leases)
            {
                w.putLong(lease.clientId);
                w.putLong(lease.leaseId);
                w.putLong(lease.expiresAtMs);
                w.putByte((byte)(lease.invalidated ? 1 : 0));
            }
        }

        w.putInt(m.stagedWrites.size());
        for (final StagedWrite write : m.stagedWrites)
        {
            w.putLong(write.writeId);
            w.putLong(write.clientId);
            w.putLong(write.requestId);
            w.putLong(write.timerId);
            w.putInt(write.objectIds.length);
            for (final long objectId : write.objectIds)
            {
                w.putLong(objectId);
            }
            w.putInt(write.message.capacity());
            w.putBytes(write.message, 0, write.message.capacity());
        }

        w.putInt(m.nodes.size());
        for (final NodeRecord node : m.nodes)
        {
            w.putLong(node.nodeId);
            w.putLong(node.clientId);
            w.putString(node.nodeName);
            w.putString(node.dataEndpoint);
        }

        w.putInt(m.roots.size());
        for (final Map.Entry<String, Long> root : m.roots.entrySet())
        {
            w.putString(root.getKey());
            w.putLong(root.getValue());
        }
        return w.position;
    }

    // ---------------------------------------------------------------- read

    static void read(final FabricStateMachine m, final DirectBuffer buffer, final int length)
    {
        final Reader r = new Reader(buffer, length);
        if (r.getInt() != MAGIC || r.getInt() != FORMAT_VERSION)
        {
            throw new IllegalStateException("not a FabricStateMachine snapshot of format " + FORMAT_VERSION);
        }
        m.nextTimerId = r.getLong();
        m.fencingCounter = r.getLong();
        m.nextObjectId = r.getLong();
        m.writeVersion = r.getLong();
        m.nextLeaseId = r.getLong();
        m.nextWriteId = r.getLong();
        m.nextNodeId = r.getLong();
        m.membershipEpoch = r.getLong();
        m.malformedMessages = r.getLong();
        m.requestsApplied = r.getLong();
        m.internalErrors = r.getLong();

        m.clients.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final ClientRecord client = new ClientRecord(r.getLong());
            client.sessionId = r.getLong();
            client.leaseTtlMs = r.getLong();
            client.leaseExpiresAtMs = r.getLong();
            client.leaseTimerId = r.getLong();
            client.nodeId = r.getLong();
            final DedupWindow dedup = client.dedup;
            dedup.highestRequestId = r.getLong();
            for (int slot = 0; slot < DedupWindow.SIZE; slot++)
            {
                dedup.requestIds[slot] = r.getLong();
                final byte state = r.getByte();
                final int responseLength = r.getInt();
                if (state == DedupWindow.DONE)
                {
                    dedup.store(slot, buffer, r.position, responseLength);
                    r.position += responseLength;
                }
                dedup.states[slot] = state;
            }
            m.clients.put(client.clientId, client);
        }

        m.locks.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final LockState lock = new LockState(r.getLong());
            lock.holderClientId = r.getLong();
            lock.holderOwnerId = r.getLong();
            lock.holdCount = r.getInt();
            lock.fencingToken = r.getLong();
            for (final ArrayDeque<LockWaiter> queue : List.of(lock.waiters, lock.condition))
            {
                for (int j = 0, waiters = r.getInt(); j < waiters; j++)
                {
                    queue.addLast(new LockWaiter(r.getLong(), r.getLong(), r.getLong(), r.getLong(), r.getInt()));
                }
            }
            m.locks.put(lock.lockId, lock);
        }

        m.timers.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final long timerId = r.getLong();
            final byte kind = r.getByte();
            m.timers.put(timerId, new TimerTask(kind, r.getLong()));
        }

        final ValueDecoder value = new ValueDecoder();
        m.objects.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final SharedObject object = new SharedObject(r.getLong());
            object.version = r.getLong();
            for (int slot = 0, slots = r.getInt(); slot < slots; slot++)
            {
                final int valueLength = value.wrap(buffer, r.position, length);
                if (valueLength < 0)
                {
                    throw new IllegalStateException("corrupt slot value in snapshot");
                }
                object.set(slot, value);
                r.position += valueLength;
            }
            for (int j = 0, leases = r.getInt(); j < leases; j++)
            {
                final ReadLease lease = new ReadLease(r.getLong(), r.getLong(), r.getLong());
                lease.invalidated = r.getByte() != 0;
                object.leases.add(lease);
                final ClientRecord holder = m.clients.get(lease.clientId);
                if (null != holder)
                {
                    holder.leasedObjects.add(object.objectId);
                }
            }
            m.objects.put(object.objectId, object);
        }

        m.stagedWrites.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final long writeId = r.getLong();
            final long clientId = r.getLong();
            final long requestId = r.getLong();
            final long timerId = r.getLong();
            final long[] objectIds = new long[r.getInt()];
            for (int j = 0; j < objectIds.length; j++)
            {
                objectIds[j] = r.getLong();
                m.objects.get(objectIds[j]).stagedCount++;
            }
            final byte[] message = new byte[r.getInt()];
            buffer.getBytes(r.position, message);
            r.position += message.length;
            m.stagedWrites.add(new StagedWrite(
                writeId, clientId, requestId, timerId, new UnsafeBuffer(message), objectIds));
        }

        m.nodes.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            m.nodes.add(new NodeRecord(r.getLong(), r.getLong(), r.getString(), r.getString()));
        }

        m.roots.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final String uri = r.getString();
            m.roots.put(uri, r.getLong());
        }
        if (r.position != length)
        {
            throw new IllegalStateException("snapshot has " + (length - r.position) + " trailing bytes");
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

    // ---------------------------------------------------------------- cursors

    private static final class Writer
    {
        final MutableDirectBuffer buffer;
        int position;

        Writer(final MutableDirectBuffer buffer)
        {
            this.buffer = buffer;
        }

        void putByte(final byte value)
        {
            buffer.putByte(position, value);
            position += 1;
        }

        void putInt(final int value)
        {
            buffer.putInt(position, value, LITTLE_ENDIAN);
            position += 4;
        }

        void putLong(final long value)
        {
            buffer.putLong(position, value, LITTLE_ENDIAN);
            position += 8;
        }

        void putBytes(final DirectBuffer src, final int offset, final int length)
        {
            buffer.putBytes(position, src, offset, length);
            position += length;
        }

        void putString(final String value)
        {
            position += buffer.putStringUtf8(position, value, LITTLE_ENDIAN);
        }
    }

    private static final class Reader
    {
        final DirectBuffer buffer;
        final int limit;
        int position;

        Reader(final DirectBuffer buffer, final int limit)
        {
            this.buffer = buffer;
            this.limit = limit;
        }

        byte getByte()
        {
            check(1);
            return buffer.getByte(position++);
        }

        int getInt()
        {
            check(4);
            final int value = buffer.getInt(position, LITTLE_ENDIAN);
            position += 4;
            return value;
        }

        long getLong()
        {
            check(8);
            final long value = buffer.getLong(position, LITTLE_ENDIAN);
            position += 8;
            return value;
        }

        String getString()
        {
            final int length = getInt();
            check(length);
            final String value = buffer.getStringWithoutLengthUtf8(position, length);
            position += length;
            return value;
        }

        private void check(final int length)
        {
            if (length < 0 || position + length > limit)
            {
                throw new IllegalStateException("snapshot truncated at " + position);
            }
        }
    }
}
