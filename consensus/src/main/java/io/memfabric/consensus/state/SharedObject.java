/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ValueTag;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The authoritative copy of one STRONG object: tagged slot values, the version of its last write, the read leases
 * on it (kept sorted by clientId) and how many staged writes are queued on it.
 */
final class SharedObject
{
    static final int MAX_SLOTS = 64 * 1024;
    private static final byte[] EMPTY_BYTES = new byte[0];

    final long objectId;
    long version;
    int slotCount;
    byte[] tags = new byte[4];
    long[] longs = new long[4];
    byte[][] bytes = new byte[4][];
    int stagedCount;
    // The client that owns the object (0: none) and the grant its ownership lasts for (wire version 4).
    long ownerClientId;
    long ownerLockId;
    long ownerToken;
    final ArrayList<ReadLease> leases = new ArrayList<>(2);

    SharedObject(final long objectId)
    {
        this.objectId = objectId;
    }

    /**
     * Sets a slot from a value on the wire.
     *
     * @param slot   the slot.
     * @param tag    the value's tag.
     * @param bits   the long of a LONG or REF.
     * @param data   holds a BYTES value's bytes.
     * @param offset where they start.
     * @param length how many (0 for another tag).
     */
    void set(
        final int slot, final ValueTag tag, final long bits, final DirectBuffer data, final int offset, final int length)
    {
        ensureSlots(slot + 1);
        tags[slot] = (byte)tag.value();
        if (tag == ValueTag.BYTES)
        {
            byte[] dst = bytes[slot];
            if (null == dst || dst.length != length)
            {
                dst = length == 0 ? EMPTY_BYTES : new byte[length];
                bytes[slot] = dst;
            }
            data.getBytes(offset, dst, 0, length);
            longs[slot] = 0;
        }
        else
        {
            longs[slot] = tag == ValueTag.NULL ? 0 : bits;
            bytes[slot] = null;
        }
    }

    void setRaw(final int slot, final byte tag, final long bits, final byte[] data)
    {
        ensureSlots(slot + 1);
        tags[slot] = tag;
        longs[slot] = bits;
        bytes[slot] = data;
    }

    /**
     * Compares a slot with a value exactly: tag and payload (LONG 0 is not NULL).
     */
    boolean valueEquals(
        final int slot, final ValueTag tag, final long bits, final DirectBuffer data, final int offset, final int length)
    {
        if (tag(slot) != tag)
        {
            return false;
        }
        switch (tag)
        {
            case LONG:
            case REF:
                return longs[slot] == bits;
            case BYTES:
                final byte[] stored = bytes[slot];
                if (stored.length != length)
                {
                    return false;
                }
                for (int i = 0; i < length; i++)
                {
                    if (stored[i] != data.getByte(offset + i))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    /**
     * @param object an object, or {@code null} for one never written.
     * @param slot   a slot.
     * @return the slot's tag (NULL past the last slot).
     */
    static ValueTag tag(final SharedObject object, final int slot)
    {
        return null == object ? ValueTag.NULL : object.tag(slot);
    }

    /**
     * @param object an object, or {@code null}.
     * @param slot   a slot.
     * @return the long of a LONG or REF slot, else 0.
     */
    static long bits(final SharedObject object, final int slot)
    {
        return null == object || slot >= object.slotCount ? 0 : object.longs[slot];
    }

    /**
     * @param object an object, or {@code null}.
     * @param slot   a slot.
     * @return the bytes of a BYTES slot (the stored array: callers must not change it), else an empty array.
     */
    static byte[] bytes(final SharedObject object, final int slot)
    {
        if (null == object || slot >= object.slotCount)
        {
            return EMPTY_BYTES;
        }
        final byte[] data = object.bytes[slot];
        return null == data ? EMPTY_BYTES : data;
    }

    ValueTag tag(final int slot)
    {
        return slot < slotCount ? ValueTag.get(tags[slot]) : ValueTag.NULL;
    }

    ReadLease lease(final long clientId)
    {
        for (int i = 0, size = leases.size(); i < size; i++)
        {
            final ReadLease lease = leases.get(i);
            if (lease.clientId == clientId)
            {
                return lease;
            }
        }
        return null;
    }

    void addLease(final ReadLease lease)
    {
        int index = 0;
        while (index < leases.size() && leases.get(index).clientId < lease.clientId)
        {
            index++;
        }
        leases.add(index, lease);
    }

    boolean removeLease(final long clientId)
    {
        for (int i = 0, size = leases.size(); i < size; i++)
        {
            if (leases.get(i).clientId == clientId)
            {
                leases.remove(i);
                return true;
            }
        }
        return false;
    }

    private void ensureSlots(final int count)
    {
        if (count > tags.length)
        {
            final int capacity = Math.max(count, tags.length * 2);
            tags = Arrays.copyOf(tags, capacity);
            longs = Arrays.copyOf(longs, capacity);
            bytes = Arrays.copyOf(bytes, capacity);
        }
        if (count > slotCount)
        {
            slotCount = count;
        }
    }
}
