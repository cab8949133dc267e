/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes ERROR: Answers a request that failed.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class ErrorEncoder
{
    public static final int TEMPLATE_ID = TemplateId.ERROR;
    public static final int BLOCK_LENGTH = 12;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int CODE_OFFSET = MessageHeader.LENGTH + 8;

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
    public ErrorEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public ErrorEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value an ErrorCode value.
     * @return this.
     */
    public ErrorEncoder code(final int value)
    {
        buffer.putInt(offset + CODE_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Appends what failed, UTF-8.
     *
     * @param value the text.
     * @return this.
     */
    public ErrorEncoder message(final String value)
    {
        limit += VarData.putString(buffer, limit, value);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * Appends what failed, UTF-8 from bytes already encoded as UTF-8.
     *
     * @param src holding the bytes.
     * @param srcOffset of the first byte.
     * @param length in bytes.
     * @return this.
     */
    public ErrorEncoder message(final DirectBuffer src, final int srcOffset, final int length)
    {
        limit += VarData.putBytes(buffer, limit, src, srcOffset, length);
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
