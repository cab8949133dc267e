/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes ID_RANGE: Answers ALLOCATE_IDS.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class IdRangeDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.ID_RANGE;
    public static final int BLOCK_LENGTH = 20;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int FIRST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int COUNT_OFFSET = MessageHeader.LENGTH + 16;

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
     * @return the first id of the range.
     */
    public long firstId()
    {
        return buffer.getLong(offset + FIRST_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how many ids.
     */
    public int count()
    {
        return buffer.getInt(offset + COUNT_OFFSET, LITTLE_ENDIAN);
    }
}
