/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes LOCK_GRANTED: Answers LOCK_ACQUIRE with a grant, at once or when the lock is handed over.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class LockGrantedDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_GRANTED;
    public static final int BLOCK_LENGTH = 28;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int FENCING_TOKEN_OFFSET = MessageHeader.LENGTH + 16;
    private static final int HOLD_COUNT_OFFSET = MessageHeader.LENGTH + 24;

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
     * @return the lock.
     */
    public long lockId()
    {
        return buffer.getLong(offset + LOCK_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the token of this grant.
     */
    public long fencingToken()
    {
        return buffer.getLong(offset + FENCING_TOKEN_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return holds of (client, owner) after this grant.
     */
    public int holdCount()
    {
        return buffer.getInt(offset + HOLD_COUNT_OFFSET, LITTLE_ENDIAN);
    }
}
