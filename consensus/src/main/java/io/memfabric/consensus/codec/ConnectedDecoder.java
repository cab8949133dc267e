/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes CONNECTED: Answers CONNECT.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class ConnectedDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.CONNECTED;
    public static final int BLOCK_LENGTH = 25;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int CLUSTER_TIME_MS_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LEASE_EXPIRES_AT_MS_OFFSET = MessageHeader.LENGTH + 16;
    private static final int RESUMED_OFFSET = MessageHeader.LENGTH + 24;

    /**
     * Wraps a whole message, header included, and checks its layout.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param length of the message.
     * @return true when the fixed block and every variable field lie within {@code length} and fill it.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrapFixed(buffer, offset, length, BLOCK_LENGTH) == offset + length;
    }

    /**
     * @return the request this answers.
     */
    public long requestId()
    {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return cluster time of the request.
     */
    public long clusterTimeMs()
    {
        return buffer.getLong(offset + CLUSTER_TIME_MS_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return lease deadline.
     */
    public long leaseExpiresAtMs()
    {
        return buffer.getLong(offset + LEASE_EXPIRES_AT_MS_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return true when the client was still live: its locks, leases and requests are kept.
     */
    public boolean resumed()
    {
        return 0 != buffer.getByte(offset + RESUMED_OFFSET);
    }
}
