/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes LOCK_GRANTED: Answers LOCK_ACQUIRE with a grant, at once or when the lock is handed over.
 * <p>
 * Wrap, set the fixed fields in any order, then the variable fields in declaration order;
 * {@link #encodedLength()} is then the length of the whole message, header included.
 */
public final class LockGrantedEncoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_GRANTED;
    public static final int BLOCK_LENGTH = 28;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int FENCING_TOKEN_OFFSET = MessageHeader.LENGTH + 16;
    private static final int HOLD_COUNT_OFFSET = MessageHeader.LENGTH + 24;

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
    public LockGrantedEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public LockGrantedEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the lock.
     * @return this.
     */
    public LockGrantedEncoder lockId(final long value)
    {
        buffer.putLong(offset + LOCK_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the token of this grant.
     * @return this.
     */
    public LockGrantedEncoder fencingToken(final long value)
    {
        buffer.putLong(offset + FENCING_TOKEN_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value holds of (client, owner) after this grant.
     * @return this.
     */
    public LockGrantedEncoder holdCount(final int value)
    {
        buffer.putInt(offset + HOLD_COUNT_OFFSET, value, LITTLE_ENDIAN);
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
