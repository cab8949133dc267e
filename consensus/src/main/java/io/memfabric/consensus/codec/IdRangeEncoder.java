/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes ID_RANGE: Answers ALLOCATE_IDS.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class IdRangeEncoder
{
    public static final int TEMPLATE_ID = TemplateId.ID_RANGE;
    public static final int BLOCK_LENGTH = 20;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int FIRST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int COUNT_OFFSET = MessageHeader.LENGTH + 16;

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
    public IdRangeEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public IdRangeEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the first id of the range.
     * @return this.
     */
    public IdRangeEncoder firstId(final long value)
    {
        buffer.putLong(offset + FIRST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value how many ids.
     * @return this.
     */
    public IdRangeEncoder count(final int value)
    {
        buffer.putInt(offset + COUNT_OFFSET, value, LITTLE_ENDIAN);
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
