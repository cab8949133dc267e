/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes VALUE: Answers OBJECT_READ.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class ValueMessageEncoder
{
    public static final int TEMPLATE_ID = TemplateId.VALUE;
    public static final int BLOCK_LENGTH = 36;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int VERSION_OFFSET = MessageHeader.LENGTH + 16;
    private static final int READ_LEASE_EXPIRES_AT_MS_OFFSET = MessageHeader.LENGTH + 24;
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
    public ValueMessageEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        return this;
    }

    /**
     * @param value the request this answers.
     * @return this.
     */
    public ValueMessageEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the object.
     * @return this.
     */
    public ValueMessageEncoder objectId(final long value)
    {
        buffer.putLong(offset + OBJECT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the version of the object read.
     * @return this.
     */
    public ValueMessageEncoder version(final long value)
    {
        buffer.putLong(offset + VERSION_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value read lease deadline, 0 = no lease granted.
     * @return this.
     */
    public ValueMessageEncoder readLeaseExpiresAtMs(final long value)
    {
        buffer.putLong(offset + READ_LEASE_EXPIRES_AT_MS_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the slot.
     * @return this.
     */
    public ValueMessageEncoder slot(final int value)
    {
        buffer.putInt(offset + SLOT_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Appends the slot value as NULL.
     *
     * @return this.
     */
    public ValueMessageEncoder valueNull()
    {
        limit += ValueCodec.putNull(buffer, limit);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value as a LONG (the bits of any primitive).
     *
     * @param value the bits.
     * @return this.
     */
    public ValueMessageEncoder valueLong(final long value)
    {
        limit += ValueCodec.putLong(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value as a REF to another object.
     *
     * @param objectId the object referred to.
     * @return this.
     */
    public ValueMessageEncoder valueRef(final long objectId)
    {
        limit += ValueCodec.putRef(buffer, limit, objectId);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value as BYTES.
     *
     * @param src holding the bytes.
     * @param srcOffset of the first byte.
     * @param length in bytes, at most {@link ValueCodec#MAX_BYTES_LENGTH}.
     * @return this.
     */
    public ValueMessageEncoder valueBytes(final DirectBuffer src, final int srcOffset, final int length)
    {
        limit += ValueCodec.putBytes(buffer, limit, src, srcOffset, length);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value as BYTES holding a string in UTF-8.
     *
     * @param value the text.
     * @return this.
     */
    public ValueMessageEncoder valueString(final String value)
    {
        limit += ValueCodec.putString(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value copied from an encoded value.
     *
     * @param value a decoded value.
     * @return this.
     */
    public ValueMessageEncoder value(final ValueDecoder value)
    {
        limit += ValueCodec.copy(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
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
