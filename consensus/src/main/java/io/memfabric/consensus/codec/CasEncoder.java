/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes CAS: Compare-and-set of one slot, optionally fenced by a lock.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class CasEncoder
{
    public static final int TEMPLATE_ID = TemplateId.CAS;
    public static final int BLOCK_LENGTH = 44;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 24;
    private static final int FENCING_TOKEN_OFFSET = MessageHeader.LENGTH + 32;
    private static final int SLOT_OFFSET = MessageHeader.LENGTH + 40;

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
    public CasEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public CasEncoder clientId(final long value)
    {
        buffer.putLong(offset + CLIENT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value increasing per client; the response echoes it.
     * @return this.
     */
    public CasEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the object.
     * @return this.
     */
    public CasEncoder objectId(final long value)
    {
        buffer.putLong(offset + OBJECT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the fencing lock, ignored when fencingToken is 0.
     * @return this.
     */
    public CasEncoder lockId(final long value)
    {
        buffer.putLong(offset + LOCK_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the token of the current grant of lockId, 0 = unfenced.
     * @return this.
     */
    public CasEncoder fencingToken(final long value)
    {
        buffer.putLong(offset + FENCING_TOKEN_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the slot.
     * @return this.
     */
    public CasEncoder slot(final int value)
    {
        buffer.putInt(offset + SLOT_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Appends the value the slot must hold as NULL.
     *
     * @return this.
     */
    public CasEncoder expectedNull()
    {
        limit += ValueCodec.putNull(buffer, limit);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value the slot must hold as a LONG (the bits of any primitive).
     *
     * @param value the bits.
     * @return this.
     */
    public CasEncoder expectedLong(final long value)
    {
        limit += ValueCodec.putLong(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value the slot must hold as a REF to another object.
     *
     * @param objectId the object referred to.
     * @return this.
     */
    public CasEncoder expectedRef(final long objectId)
    {
        limit += ValueCodec.putRef(buffer, limit, objectId);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value the slot must hold as BYTES.
     *
     * @param src holding the bytes.
     * @param srcOffset of the first byte.
     * @param length in bytes, at most {@link ValueCodec#MAX_BYTES_LENGTH}.
     * @return this.
     */
    public CasEncoder expectedBytes(final DirectBuffer src, final int srcOffset, final int length)
    {
        limit += ValueCodec.putBytes(buffer, limit, src, srcOffset, length);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value the slot must hold as BYTES holding a string in UTF-8.
     *
     * @param value the text.
     * @return this.
     */
    public CasEncoder expectedString(final String value)
    {
        limit += ValueCodec.putString(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value the slot must hold copied from an encoded value.
     *
     * @param value a decoded value.
     * @return this.
     */
    public CasEncoder expected(final ValueDecoder value)
    {
        limit += ValueCodec.copy(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value to store as NULL.
     *
     * @return this.
     */
    public CasEncoder updateNull()
    {
        limit += ValueCodec.putNull(buffer, limit);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value to store as a LONG (the bits of any primitive).
     *
     * @param value the bits.
     * @return this.
     */
    public CasEncoder updateLong(final long value)
    {
        limit += ValueCodec.putLong(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value to store as a REF to another object.
     *
     * @param objectId the object referred to.
     * @return this.
     */
    public CasEncoder updateRef(final long objectId)
    {
        limit += ValueCodec.putRef(buffer, limit, objectId);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value to store as BYTES.
     *
     * @param src holding the bytes.
     * @param srcOffset of the first byte.
     * @param length in bytes, at most {@link ValueCodec#MAX_BYTES_LENGTH}.
     * @return this.
     */
    public CasEncoder updateBytes(final DirectBuffer src, final int srcOffset, final int length)
    {
        limit += ValueCodec.putBytes(buffer, limit, src, srcOffset, length);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value to store as BYTES holding a string in UTF-8.
     *
     * @param value the text.
     * @return this.
     */
    public CasEncoder updateString(final String value)
    {
        limit += ValueCodec.putString(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the value to store copied from an encoded value.
     *
     * @param value a decoded value.
     * @return this.
     */
    public CasEncoder update(final ValueDecoder value)
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
