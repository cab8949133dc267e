/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes WRITE_BATCH: slot writes applied atomically, optionally fenced by a lock.
 * <p>
 * Wrap, set the fixed fields, then add entries; each add counts itself.
 */
public final class WriteBatchEncoder
{
    public static final int TEMPLATE_ID = TemplateId.WRITE_BATCH;
    public static final int BLOCK_LENGTH = 36;
    public static final int ENTRY_HEADER_LENGTH = 12;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int FENCING_TOKEN_OFFSET = MessageHeader.LENGTH + 24;
    private static final int ENTRY_COUNT_OFFSET = MessageHeader.LENGTH + 32;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int entryCount;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public WriteBatchEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
        this.entryCount = 0;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        buffer.putInt(offset + ENTRY_COUNT_OFFSET, 0, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the client, chosen by it and stable across reconnects.
     * @return this.
     */
    public WriteBatchEncoder clientId(final long value)
    {
        buffer.putLong(offset + CLIENT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value increasing per client; the response echoes it.
     * @return this.
     */
    public WriteBatchEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the fencing lock, ignored when the fencing token is 0.
     * @return this.
     */
    public WriteBatchEncoder lockId(final long value)
    {
        buffer.putLong(offset + LOCK_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the token of the current grant of the lock, 0 = unfenced.
     * @return this.
     */
    public WriteBatchEncoder fencingToken(final long value)
    {
        buffer.putLong(offset + FENCING_TOKEN_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param objectId the object.
     * @param slot     the slot.
     * @return this.
     */
    public WriteBatchEncoder addNull(final long objectId, final int slot)
    {
        final int index = entry(objectId, slot);
        limit = index + ValueCodec.putNull(buffer, index);
        return counted();
    }

    /**
     * @param objectId the object.
     * @param slot     the slot.
     * @param value    the bits of any primitive.
     * @return this.
     */
    public WriteBatchEncoder addLong(final long objectId, final int slot, final long value)
    {
        final int index = entry(objectId, slot);
        limit = index + ValueCodec.putLong(buffer, index, value);
        return counted();
    }

    /**
     * @param objectId the object.
     * @param slot     the slot.
     * @param refId    the object referred to.
     * @return this.
     */
    public WriteBatchEncoder addRef(final long objectId, final int slot, final long refId)
    {
        final int index = entry(objectId, slot);
        limit = index + ValueCodec.putRef(buffer, index, refId);
        return counted();
    }

    /**
     * @param objectId  the object.
     * @param slot      the slot.
     * @param src       holding the bytes.
     * @param srcOffset of the first byte.
     * @param length    of the bytes, at most {@link ValueCodec#MAX_BYTES_LENGTH}.
     * @return this.
     */
    public WriteBatchEncoder addBytes(
        final long objectId, final int slot, final DirectBuffer src, final int srcOffset, final int length)
    {
        final int index = entry(objectId, slot);
        limit = index + ValueCodec.putBytes(buffer, index, src, srcOffset, length);
        return counted();
    }

    /**
     * @param objectId the object.
     * @param slot     the slot.
     * @param value    text stored as UTF-8 BYTES.
     * @return this.
     */
    public WriteBatchEncoder addString(final long objectId, final int slot, final String value)
    {
        final int index = entry(objectId, slot);
        limit = index + ValueCodec.putString(buffer, index, value);
        return counted();
    }

    /**
     * @param objectId the object.
     * @param slot     the slot.
     * @param value    a decoded value to copy.
     * @return this.
     */
    public WriteBatchEncoder add(final long objectId, final int slot, final ValueDecoder value)
    {
        final int index = entry(objectId, slot);
        limit = index + ValueCodec.copy(buffer, index, value);
        return counted();
    }

    /**
     * @return entries added so far.
     */
    public int entryCount()
    {
        return entryCount;
    }

    /**
     * @return length of the message so far, header included.
     */
    public int encodedLength()
    {
        return limit - offset;
    }

    private int entry(final long objectId, final int slot)
    {
        buffer.putLong(limit, objectId, LITTLE_ENDIAN);
        buffer.putInt(limit + 8, slot, LITTLE_ENDIAN);
        limit += ENTRY_HEADER_LENGTH;
        return limit;
    }

    private WriteBatchEncoder counted()
    {
        buffer.putInt(offset + ENTRY_COUNT_OFFSET, ++entryCount, LITTLE_ENDIAN);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }
}
