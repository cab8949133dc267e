/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes LOCK_RELEASE: Releases one hold of a lock.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class LockReleaseDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_RELEASE;
    public static final int BLOCK_LENGTH = 32;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int OWNER_ID_OFFSET = MessageHeader.LENGTH + 24;

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
     * @return the client, chosen by it and stable across reconnects.
     */
    public long clientId()
    {
        return buffer.getLong(offset + CLIENT_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return increasing per client; the response echoes it.
     */
    public long requestId()
    {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the lock.
     */
    public long lockId()
    {
        return buffer.getLong(offset + LOCK_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the owner within the client.
     */
    public long ownerId()
    {
        return buffer.getLong(offset + OWNER_ID_OFFSET, LITTLE_ENDIAN);
    }
}
