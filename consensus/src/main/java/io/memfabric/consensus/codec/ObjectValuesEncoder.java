/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes OBJECT_VALUES, the answer to OBJECT_READ_ALL: every slot of one object in slot order.
 * <p>
 * Wrap, set the fixed fields, then add one value per slot; each add counts itself.
 */
public final class ObjectValuesEncoder
{
    public static final int TEMPLATE_ID = TemplateId.OBJECT_VALUES;
    public static final int BLOCK_LENGTH = 36;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int VERSION_OFFSET = MessageHeader.LENGTH + 16;
    private static final int READ_LEASE_EXPIRES_AT_MS_OFFSET = MessageHeader.LENGTH + 24;
    private static final int SLOT_COUNT_OFFSET = MessageHeader.LENGTH + 32;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int slotCount;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public ObjectValuesEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
        this.slotCount = 0;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        buffer.putInt(offset + SLOT_COUNT_OFFSET, 0, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the request this answers.
     * @return this.
     */
    public ObjectValuesEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the object.
     * @return this.
     */
    public ObjectValuesEncoder objectId(final long value)
    {
        buffer.putLong(offset + OBJECT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the version of the object read.
     * @return this.
     */
    public ObjectValuesEncoder version(final long value)
    {
        buffer.putLong(offset + VERSION_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value read lease deadline, 0 = no lease granted.
     * @return this.
     */
    public ObjectValuesEncoder readLeaseExpiresAtMs(final long value)
    {
        buffer.putLong(offset + READ_LEASE_EXPIRES_AT_MS_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return this, with a NULL slot added.
     */
    public ObjectValuesEncoder addNull()
    {
        limit += ValueCodec.putNull(buffer, limit);
        return counted();
    }

    /**
     * @param value the bits of any primitive.
     * @return this.
     */
    public ObjectValuesEncoder addLong(final long value)
    {
        limit += ValueCodec.putLong(buffer, limit, value);
        return counted();
    }

    /**
     * @param objectId the object referred to.
     * @return this.
     */
    public ObjectValuesEncoder addRef(final long objectId)
    {
        limit += ValueCodec.putRef(buffer, limit, objectId);
        return counted();
    }

    /**
     * @param src       holding the bytes.
     * @param srcOffset of the first byte.
     * @param length    of the bytes.
     * @return this.
     */
    public ObjectValuesEncoder addBytes(final DirectBuffer src, final int srcOffset, final int length)
    {
        limit += ValueCodec.putBytes(buffer, limit, src, srcOffset, length);
        return counted();
    }

    /**
     * @param value text stored as UTF-8 BYTES.
     * @return this.
     */
    public ObjectValuesEncoder addString(final String value)
    {
        limit += ValueCodec.putString(buffer, limit, value);
        return counted();
    }

    /**
     * @return the buffer being encoded into, for codecs that append values themselves.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the absolute index where the next value goes.
     */
    public int limit()
    {
        return limit;
    }

    /**
     * Accounts for one value another codec wrote at {@link #limit()}.
     *
     * @param valueLength bytes it wrote.
     * @return this.
     */
    public ObjectValuesEncoder appended(final int valueLength)
    {
        limit += valueLength;
        return counted();
    }

    /**
     * @return length of the message so far, header included.
     */
    public int encodedLength()
    {
        return limit - offset;
    }

    private ObjectValuesEncoder counted()
    {
        buffer.putInt(offset + SLOT_COUNT_OFFSET, ++slotCount, LITTLE_ENDIAN);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }
}
