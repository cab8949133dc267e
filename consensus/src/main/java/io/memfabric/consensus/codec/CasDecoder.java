/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes CAS: Compare-and-set of one slot, optionally fenced by a lock.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class CasDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.CAS;
    public static final int BLOCK_LENGTH = 44;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int OBJECT_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 24;
    private static final int FENCING_TOKEN_OFFSET = MessageHeader.LENGTH + 32;
    private static final int SLOT_OFFSET = MessageHeader.LENGTH + 40;

    private final ValueDecoder expected = new ValueDecoder();
    private final ValueDecoder update = new ValueDecoder();

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
        final int expectedLength = expected.wrap(buffer, limit, end);
        if (expectedLength < 0)
        {
            return false;
        }
        limit += expectedLength;
        final int updateLength = update.wrap(buffer, limit, end);
        if (updateLength < 0)
        {
            return false;
        }
        limit += updateLength;
        return limit == end;
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
     * @return the object.
     */
    public long objectId()
    {
        return buffer.getLong(offset + OBJECT_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the fencing lock, ignored when fencingToken is 0.
     */
    public long lockId()
    {
        return buffer.getLong(offset + LOCK_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the token of the current grant of lockId, 0 = unfenced.
     */
    public long fencingToken()
    {
        return buffer.getLong(offset + FENCING_TOKEN_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the slot.
     */
    public int slot()
    {
        return buffer.getInt(offset + SLOT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the value the slot must hold, a flyweight reused by this decoder.
     */
    public ValueDecoder expected()
    {
        return expected;
    }

    /**
     * @return the value to store, a flyweight reused by this decoder.
     */
    public ValueDecoder update()
    {
        return update;
    }
}
