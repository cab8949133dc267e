/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes ERROR: Answers a request that failed.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class ErrorDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.ERROR;
    public static final int BLOCK_LENGTH = 12;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int CODE_OFFSET = MessageHeader.LENGTH + 8;

    private int messageOffset;
    private int messageLength;

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
        messageLength = VarData.length(buffer, limit, end);
        if (messageLength < 0)
        {
            return false;
        }
        messageOffset = limit + VarData.LENGTH_PREFIX;
        limit = messageOffset + messageLength;
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
     * @return an ErrorCode value.
     */
    public int code()
    {
        return buffer.getInt(offset + CODE_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return offset in {@link #buffer()} of what failed, UTF-8.
     */
    public int messageOffset()
    {
        return messageOffset;
    }

    /**
     * @return length in bytes of what failed, UTF-8.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /**
     * @return what failed, UTF-8, decoded (allocates).
     */
    public String message()
    {
        return buffer.getStringWithoutLengthUtf8(messageOffset, messageLength);
    }
}
