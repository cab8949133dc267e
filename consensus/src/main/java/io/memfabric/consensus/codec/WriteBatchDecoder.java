/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes WRITE_BATCH. {@link #wrap(DirectBuffer, int, int)} walks and checks every entry; then
 * {@link #rewind()} and {@link #nextEntry()} step through them as often as needed.
 */
public final class WriteBatchDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.WRITE_BATCH;
    public static final int BLOCK_LENGTH = WriteBatchEncoder.BLOCK_LENGTH;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int FENCING_TOKEN_OFFSET = MessageHeader.LENGTH + 24;
    private static final int ENTRY_COUNT_OFFSET = MessageHeader.LENGTH + 32;
    private static final int ENTRY_HEADER_LENGTH = WriteBatchEncoder.ENTRY_HEADER_LENGTH;

    private final ValueDecoder value = new ValueDecoder();
    private int end;
    private int cursor;
    private int entryObjectIdIndex;

    /**
     * Wraps a whole message, header included, and checks its layout.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param length of the message.
     * @return true when the entry count is non-negative and every entry lies within {@code length} and fills it.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.end = offset + length;
        if (length < MessageHeader.LENGTH + BLOCK_LENGTH)
        {
            return false;
        }
        final int count = entryCount();
        if (count < 0)
        {
            return false;
        }
        rewind();
        for (int i = 0; i < count; i++)
        {
            if (!nextEntry())
            {
                return false;
            }
        }
        final boolean wellFormed = cursor == end;
        rewind();
        return wellFormed;
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
     * @return the fencing lock, ignored when the fencing token is 0.
     */
    public long lockId()
    {
        return buffer.getLong(offset + LOCK_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the token of the current grant of the lock, 0 = unfenced.
     */
    public long fencingToken()
    {
        return buffer.getLong(offset + FENCING_TOKEN_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how many entries follow.
     */
    public int entryCount()
    {
        return buffer.getInt(offset + ENTRY_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Goes back before the first entry.
     */
    public void rewind()
    {
        cursor = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
    }

    /**
     * Steps to the next entry; call it {@link #entryCount()} times.
     *
     * @return false when the entry does not fit (only possible before a successful wrap).
     */
    public boolean nextEntry()
    {
        if (end - cursor < ENTRY_HEADER_LENGTH)
        {
            return false;
        }
        entryObjectIdIndex = cursor;
        final int valueLength = value.wrap(buffer, cursor + ENTRY_HEADER_LENGTH, end);
        if (valueLength < 0)
        {
            return false;
        }
        cursor += ENTRY_HEADER_LENGTH + valueLength;
        return true;
    }

    /**
     * @return the object of the current entry.
     */
    public long entryObjectId()
    {
        return buffer.getLong(entryObjectIdIndex, LITTLE_ENDIAN);
    }

    /**
     * @return the slot of the current entry.
     */
    public int entrySlot()
    {
        return buffer.getInt(entryObjectIdIndex + 8, LITTLE_ENDIAN);
    }

    /**
     * @return the value of the current entry, a flyweight reused by this decoder.
     */
    public ValueDecoder entryValue()
    {
        return value;
    }
}
