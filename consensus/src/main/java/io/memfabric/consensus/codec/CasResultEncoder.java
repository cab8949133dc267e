/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes CAS_RESULT: Answers CAS once it is decided.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class CasResultEncoder
{
    public static final int TEMPLATE_ID = TemplateId.CAS_RESULT;
    public static final int BLOCK_LENGTH = 17;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int VERSION_OFFSET = MessageHeader.LENGTH + 8;
    private static final int SUCCESS_OFFSET = MessageHeader.LENGTH + 16;

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
    public CasResultEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public CasResultEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the object version after the operation.
     * @return this.
     */
    public CasResultEncoder version(final long value)
    {
        buffer.putLong(offset + VERSION_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value true when the value was stored.
     * @return this.
     */
    public CasResultEncoder success(final boolean value)
    {
        buffer.putByte(offset + SUCCESS_OFFSET, (byte)(value ? 1 : 0));
        return this;
    }

    /**
     * Appends the slot value now as NULL.
     *
     * @return this.
     */
    public CasResultEncoder currentNull()
    {
        limit += ValueCodec.putNull(buffer, limit);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value now as a LONG (the bits of any primitive).
     *
     * @param value the bits.
     * @return this.
     */
    public CasResultEncoder currentLong(final long value)
    {
        limit += ValueCodec.putLong(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value now as a REF to another object.
     *
     * @param objectId the object referred to.
     * @return this.
     */
    public CasResultEncoder currentRef(final long objectId)
    {
        limit += ValueCodec.putRef(buffer, limit, objectId);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value now as BYTES.
     *
     * @param src holding the bytes.
     * @param srcOffset of the first byte.
     * @param length in bytes, at most {@link ValueCodec#MAX_BYTES_LENGTH}.
     * @return this.
     */
    public CasResultEncoder currentBytes(final DirectBuffer src, final int srcOffset, final int length)
    {
        limit += ValueCodec.putBytes(buffer, limit, src, srcOffset, length);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value now as BYTES holding a string in UTF-8.
     *
     * @param value the text.
     * @return this.
     */
    public CasResultEncoder currentString(final String value)
    {
        limit += ValueCodec.putString(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends the slot value now copied from an encoded value.
     *
     * @param value a decoded value.
     * @return this.
     */
    public CasResultEncoder current(final ValueDecoder value)
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
