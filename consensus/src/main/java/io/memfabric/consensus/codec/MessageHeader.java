/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The 8-byte header in front of every consensus message: templateId (u16), schema version (u16) and the length of
 * the body that follows (i32), all little-endian.
 */
public final class MessageHeader
{
    public static final int LENGTH = 8;
    public static final int SCHEMA_VERSION = 1;

    private static final int TEMPLATE_ID_OFFSET = 0;
    private static final int VERSION_OFFSET = 2;
    private static final int BODY_LENGTH_OFFSET = 4;

    private MessageHeader()
    {
    }

    /**
     * Writes a header for a body of {@code bodyLength} bytes.
     *
     * @param buffer     to write into.
     * @param offset     of the header.
     * @param templateId of the message.
     * @param bodyLength of the body so far.
     */
    public static void write(
        final MutableDirectBuffer buffer, final int offset, final int templateId, final int bodyLength)
    {
        buffer.putShort(offset + TEMPLATE_ID_OFFSET, (short)templateId, LITTLE_ENDIAN);
        buffer.putShort(offset + VERSION_OFFSET, (short)SCHEMA_VERSION, LITTLE_ENDIAN);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, bodyLength, LITTLE_ENDIAN);
    }

    /**
     * Sets the body length so the message ends at {@code limit}.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param limit  absolute index just after the last byte of the message.
     */
    public static void bodyLength(final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        buffer.putInt(offset + BODY_LENGTH_OFFSET, limit - offset - LENGTH, LITTLE_ENDIAN);
    }

    /**
     * @param buffer holding the message.
     * @param offset of the header.
     * @return the template id, 0..65535.
     */
    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + TEMPLATE_ID_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer holding the message.
     * @param offset of the header.
     * @return the schema version, 0..65535.
     */
    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + VERSION_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer holding the message.
     * @param offset of the header.
     * @return the body length the header claims.
     */
    public static int bodyLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + BODY_LENGTH_OFFSET, LITTLE_ENDIAN);
    }
}
