/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.ValueCodec;
import io.memfabric.consensus.codec.ValueDecoder;
import io.memfabric.consensus.codec.ValueTag;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

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
    final ArrayList<ReadLease> leases = new ArrayList<>(2);

    SharedObject(final long objectId)
    {
        this.objectId = objectId;
    }

    void set(final int slot, final ValueDecoder value)
    {
        ensureSlots(slot + 1);
        final byte tag = value.tag();
        tags[slot] = tag;
        if (tag == ValueTag.BYTES)
        {
            final int length = value.bytesLength();
            byte[] dst = bytes[slot];
            if (null == dst || dst.length != length)
            {
                dst = length == 0 ? EMPTY_BYTES : new byte[length];
                bytes[slot] = dst;
            }
            value.buffer().getBytes(value.bytesOffset(), dst, 0, length);
            longs[slot] = 0;
        }
        else
        {
            longs[slot] = value.longValue();
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

    boolean valueEquals(final int slot, final ValueDecoder value)
    {
        final byte tag = slot < slotCount ? tags[slot] : ValueTag.NULL;
        if (tag != value.tag())
        {
            return false;
        }
        switch (tag)
        {
            case ValueTag.LONG:
            case ValueTag.REF:
                return longs[slot] == value.longValue();

            case ValueTag.BYTES:
                final byte[] data = bytes[slot];
                if (data.length != value.bytesLength())
                {
                    return false;
                }
                for (int i = 0; i < data.length; i++)
                {
                    if (data[i] != value.buffer().getByte(value.bytesOffset() + i))
                    {
                        return false;
                    }
                }
                return true;

            default:
                return true;
        }
    }

    int encodeValue(final int slot, final MutableDirectBuffer buffer, final int index)
    {
        return encodeValue(this, slot, buffer, index);
    }

    static int encodeValue(final SharedObject object, final int slot, final MutableDirectBuffer buffer, final int index)
    {
        if (null == object || slot >= object.slotCount)
        {
            return ValueCodec.putNull(buffer, index);
        }
        switch (object.tags[slot])
        {
            case ValueTag.LONG:
                return ValueCodec.putLong(buffer, index, object.longs[slot]);

            case ValueTag.REF:
                return ValueCodec.putRef(buffer, index, object.longs[slot]);

            case ValueTag.BYTES:
                final byte[] data = object.bytes[slot];
                buffer.putByte(index, ValueTag.BYTES);
                buffer.putInt(index + 1, data.length, LITTLE_ENDIAN);
                buffer.putBytes(index + 5, data);
                return 5 + data.length;

            default:
                return ValueCodec.putNull(buffer, index);
        }
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
