/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes CAS_RESULT: Answers CAS once it is decided.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class CasResultDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.CAS_RESULT;
    public static final int BLOCK_LENGTH = 17;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int VERSION_OFFSET = MessageHeader.LENGTH + 8;
    private static final int SUCCESS_OFFSET = MessageHeader.LENGTH + 16;

    private final ValueDecoder current = new ValueDecoder();

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
        final int currentLength = current.wrap(buffer, limit, end);
        if (currentLength < 0)
        {
            return false;
        }
        limit += currentLength;
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
     * @return the object version after the operation.
     */
    public long version()
    {
        return buffer.getLong(offset + VERSION_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return true when the value was stored.
     */
    public boolean success()
    {
        return 0 != buffer.getByte(offset + SUCCESS_OFFSET);
    }

    /**
     * @return the slot value now, a flyweight reused by this decoder.
     */
    public ValueDecoder current()
    {
        return current;
    }
}
