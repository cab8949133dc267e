/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.wire.LegacyWire;
import io.memfabric.consensus.wire.Wire;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads a snapshot of format 2, the last one written before the protocol had a schema (wire version 1), so a cluster
 * upgraded from that version starts from its last snapshot. The answers cached for deduplication and the requests of
 * staged writes in it are translated to this wire version ({@link LegacyWire}); everything else maps field by field.
 * Nothing writes this format any more.
 */
final class LegacySnapshot
{
    /**
     * The first four bytes of a format-2 snapshot ("MFSM").
     */
    static final int MAGIC = 0x4D46534D;
    static final int FORMAT_VERSION = 2;

    private static final byte TAG_NULL = 0;
    private static final byte TAG_LONG = 1;
    private static final byte TAG_BYTES = 2;
    private static final byte TAG_REF = 3;

    private LegacySnapshot()
    {
    }

    /**
     * @param buffer holds a snapshot.
     * @param length its length.
     * @return whether it is of format 2.
     */
    static boolean isLegacy(final DirectBuffer buffer, final int length)
    {
        return length >= 8 && buffer.getInt(0, LITTLE_ENDIAN) == MAGIC;
    }

    static void read(final FabricStateMachine m, final DirectBuffer buffer, final int length)
    {
        final Reader r = new Reader(buffer, length);
        if (r.getInt() != MAGIC || r.getInt() != FORMAT_VERSION)
        {
            throw new IllegalStateException("not a FabricStateMachine snapshot of format " + FORMAT_VERSION);
        }
        final ExpandableArrayBuffer translated = new ExpandableArrayBuffer(256);
        m.timers.nextTimerId = r.getLong();
        m.locks.fencingCounter = r.getLong();
        m.ids.nextObjectId = r.getLong();
        m.store.writeVersion = r.getLong();
        m.store.nextLeaseId = r.getLong();
        m.store.nextWriteId = r.getLong();
        m.membership.nextNodeId = r.getLong();
        m.membership.membershipEpoch = r.getLong();
        m.malformedMessages = r.getLong();
        m.requestsApplied = r.getLong();
        m.internalErrors = r.getLong();

        m.clients.clients.clear();
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
                    dedup.store(slot, translated, 0, translate(buffer, r.position, responseLength, translated));
                    r.position += responseLength;
                }
                dedup.states[slot] = state;
            }
            m.clients.clients.put(client.clientId, client);
        }

        m.locks.locks.clear();
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
            m.locks.locks.put(lock.lockId, lock);
        }

        m.timers.tasks.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final long timerId = r.getLong();
            final byte kind = r.getByte();
            m.timers.tasks.put(timerId, new TimerTask(kind, r.getLong()));
        }

        m.store.objects.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final SharedObject object = new SharedObject(r.getLong());
            object.version = r.getLong();
            for (int slot = 0, slots = r.getInt(); slot < slots; slot++)
            {
                readValue(r, object, slot);
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
            m.store.objects.put(object.objectId, object);
        }

        m.store.stagedWrites.clear();
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
                m.store.objects.get(objectIds[j]).stagedCount++;
            }
            final int messageLength = r.getInt();
            final byte[] message = new byte[translate(buffer, r.position, messageLength, translated)];
            translated.getBytes(0, message);
            r.position += messageLength;
            m.store.stagedWrites.add(new StagedWrite(
                writeId, clientId, requestId, timerId, new UnsafeBuffer(message), objectIds));
        }

        m.membership.nodes.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            m.membership.nodes.add(new NodeRecord(r.getLong(), r.getLong(), r.getString(), r.getString()));
        }

        m.roots.roots.clear();
        for (int i = 0, count = r.getInt(); i < count; i++)
        {
            final String uri = r.getString();
            m.roots.roots.put(uri, r.getLong());
        }
        if (r.position != length)
        {
            throw new IllegalStateException("snapshot has " + (length - r.position) + " trailing bytes");
        }
        // Written by members of wire version 1: the log after it is that version's until a term says otherwise.
        m.wireVersion = Wire.LEGACY_VERSION;
    }

    // A version-1 slot value: a tag byte, then NULL: nothing; LONG, REF: i64; BYTES: i32 length and the bytes.
    private static void readValue(final Reader r, final SharedObject object, final int slot)
    {
        final byte tag = r.getByte();
        switch (tag)
        {
            case TAG_NULL:
                object.setRaw(slot, (byte)ValueTag.NULL.value(), 0, null);
                break;
            case TAG_LONG:
            case TAG_REF:
                object.setRaw(slot, tag == TAG_LONG ? (byte)ValueTag.LONG.value() : (byte)ValueTag.REF.value(),
                    r.getLong(), null);
                break;
            case TAG_BYTES:
                final byte[] bytes = new byte[r.getInt()];
                r.getBytes(bytes);
                object.setRaw(slot, (byte)ValueTag.BYTES.value(), 0, bytes);
                break;
            default:
                throw new IllegalStateException("corrupt slot value in snapshot (tag " + tag + ")");
        }
    }

    // A cached answer or a staged request, in wire version 1, becomes the same message in this version.
    private static int translate(
        final DirectBuffer buffer, final int offset, final int length, final ExpandableArrayBuffer translated)
    {
        final int translatedLength = LegacyWire.translate(buffer, offset, length, translated, 0);
        if (translatedLength < 0)
        {
            throw new IllegalStateException("a message in the snapshot is not of wire version 1");
        }
        return translatedLength;
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

        void getBytes(final byte[] dst)
        {
            check(dst.length);
            buffer.getBytes(position, dst);
            position += dst.length;
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
