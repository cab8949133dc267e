/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes VALUE: Answers OBJECT_READ.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class ValueMessageDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.VALUE;
    public static final int BLOCK_LENGTH = 36;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int VERSION_OFFSET = MessageHeader.LENGTH + 16;
    private static final int READ_LEASE_EXPIRES_AT_MS_OFFSET = MessageHeader.LENGTH + 24;
    private static final int SLOT_OFFSET = MessageHeader.LENGTH + 32;

    private final ValueDecoder value = new ValueDecoder();

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
        final int end = offset + length;
        int limit = wrapFixed(buffer, offset, length, BLOCK_LENGTH);
        if (limit < 0)
        {
            return false;
        }
        final int valueLength = value.wrap(buffer, limit, end);
        if (valueLength < 0)
        {
            return false;
        }
        limit += valueLength;
        return limit == end;
    }

    /**
     * @return the request this answers.
     */
    public long requestId()
    {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the object.
     */
    public long objectId()
    {
        return buffer.getLong(offset + OBJECT_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the version of the object read.
     */
    public long version()
    {
        return buffer.getLong(offset + VERSION_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return read lease deadline, 0 = no lease granted.
     */
    public long readLeaseExpiresAtMs()
    {
        return buffer.getLong(offset + READ_LEASE_EXPIRES_AT_MS_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the slot.
     */
    public int slot()
    {
        return buffer.getInt(offset + SLOT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the slot value, a flyweight reused by this decoder.
     */
    public ValueDecoder value()
    {
        return value;
    }
}
