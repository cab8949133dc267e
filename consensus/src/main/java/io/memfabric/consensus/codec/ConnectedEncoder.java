/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes CONNECTED: Answers CONNECT.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class ConnectedEncoder
{
    public static final int TEMPLATE_ID = TemplateId.CONNECTED;
    public static final int BLOCK_LENGTH = 25;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int CLUSTER_TIME_MS_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LEASE_EXPIRES_AT_MS_OFFSET = MessageHeader.LENGTH + 16;
    private static final int RESUMED_OFFSET = MessageHeader.LENGTH + 24;

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
    public ConnectedEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public ConnectedEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value cluster time of the request.
     * @return this.
     */
    public ConnectedEncoder clusterTimeMs(final long value)
    {
        buffer.putLong(offset + CLUSTER_TIME_MS_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value lease deadline.
     * @return this.
     */
    public ConnectedEncoder leaseExpiresAtMs(final long value)
    {
        buffer.putLong(offset + LEASE_EXPIRES_AT_MS_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value true when the client was still live: its locks, leases and requests are kept.
     * @return this.
     */
    public ConnectedEncoder resumed(final boolean value)
    {
        buffer.putByte(offset + RESUMED_OFFSET, (byte)(value ? 1 : 0));
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
