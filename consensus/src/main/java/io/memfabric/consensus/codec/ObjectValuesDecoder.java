/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes OBJECT_VALUES. {@link #wrap(DirectBuffer, int, int)} checks every value; then {@link #rewind()} and
 * {@link #nextSlot()} step through them in slot order.
 */
public final class ObjectValuesDecoder
{
    public static final int TEMPLATE_ID = TemplateId.OBJECT_VALUES;
    public static final int BLOCK_LENGTH = ObjectValuesEncoder.BLOCK_LENGTH;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int VERSION_OFFSET = MessageHeader.LENGTH + 16;
    private static final int READ_LEASE_EXPIRES_AT_MS_OFFSET = MessageHeader.LENGTH + 24;
    private static final int SLOT_COUNT_OFFSET = MessageHeader.LENGTH + 32;

    private final ValueDecoder value = new ValueDecoder();
    private DirectBuffer buffer;
    private int offset;
    private int end;
    private int cursor;

    /**
     * Wraps a whole message, header included, and checks its layout.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param length of the message.
     * @return true when every value lies within {@code length} and they fill it.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.end = offset + length;
        if (length < MessageHeader.LENGTH + BLOCK_LENGTH || slotCount() < 0)
        {
            return false;
        }
        rewind();
        for (int i = 0, count = slotCount(); i < count; i++)
        {
            if (!nextSlot())
            {
                return false;
            }
        }
        final boolean wellFormed = cursor == end;
        rewind();
        return wellFormed;
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
     * @return how many slot values follow.
     */
    public int slotCount()
    {
        return buffer.getInt(offset + SLOT_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Goes back before slot 0.
     */
    public void rewind()
    {
        cursor = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
    }

    /**
     * Steps to the next slot; call it {@link #slotCount()} times.
     *
     * @return false when the value does not fit (only possible before a successful wrap).
     */
    public boolean nextSlot()
    {
        final int valueLength = value.wrap(buffer, cursor, end);
        if (valueLength < 0)
        {
            return false;
        }
        cursor += valueLength;
        return true;
    }

    /**
     * @return the value of the current slot, a flyweight reused by this decoder.
     */
    public ValueDecoder value()
    {
        return value;
    }
}
