/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes OBJECT_READ: Reads one slot of an object, optionally taking a read lease.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class ObjectReadEncoder
{
    public static final int TEMPLATE_ID = TemplateId.OBJECT_READ;
    public static final int BLOCK_LENGTH = 36;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int LEASE_MS_OFFSET = MessageHeader.LENGTH + 24;
    private static final int SLOT_OFFSET = MessageHeader.LENGTH + 32;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public ObjectReadEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        return this;
    }

    /**
     * @param value the client, chosen by it and stable across reconnects.
     * @return this.
     */
    public ObjectReadEncoder clientId(final long value)
    {
        buffer.putLong(offset + CLIENT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value increasing per client; the response echoes it.
     * @return this.
     */
    public ObjectReadEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the object.
     * @return this.
     */
    public ObjectReadEncoder objectId(final long value)
    {
        buffer.putLong(offset + OBJECT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value read lease wanted, 0 = none.
     * @return this.
     */
    public ObjectReadEncoder leaseMs(final long value)
    {
        buffer.putLong(offset + LEASE_MS_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the slot.
     * @return this.
     */
    public ObjectReadEncoder slot(final int value)
    {
        buffer.putInt(offset + SLOT_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return length of the message so far, header included.
     */
    public int encodedLength()
    {
        return limit - offset;
    }
}
