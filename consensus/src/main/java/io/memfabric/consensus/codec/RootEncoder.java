/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes ROOT: Answers ROOT_GET_OR_CREATE.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class RootEncoder
{
    public static final int TEMPLATE_ID = TemplateId.ROOT;
    public static final int BLOCK_LENGTH = 17;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int CREATED_OFFSET = MessageHeader.LENGTH + 16;

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
    public RootEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public RootEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the root object.
     * @return this.
     */
    public RootEncoder objectId(final long value)
    {
        buffer.putLong(offset + OBJECT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value true when this request created it.
     * @return this.
     */
    public RootEncoder created(final boolean value)
    {
        buffer.putByte(offset + CREATED_OFFSET, (byte)(value ? 1 : 0));
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
