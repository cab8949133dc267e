/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes DISCONNECTED: Answers DISCONNECT.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class DisconnectedEncoder
{
    public static final int TEMPLATE_ID = TemplateId.DISCONNECTED;
    public static final int BLOCK_LENGTH = 16;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int LEASE_EXPIRES_AT_MS_OFFSET = MessageHeader.LENGTH + 8;

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
    public DisconnectedEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public DisconnectedEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value lease deadline.
     * @return this.
     */
    public DisconnectedEncoder leaseExpiresAtMs(final long value)
    {
        buffer.putLong(offset + LEASE_EXPIRES_AT_MS_OFFSET, value, LITTLE_ENDIAN);
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
