/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes ROOT_GET_OR_CREATE: Gets or atomically creates the root object named by a URI.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class RootGetOrCreateDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.ROOT_GET_OR_CREATE;
    public static final int BLOCK_LENGTH = 16;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;

    private int uriOffset;
    private int uriLength;

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
        uriLength = VarData.length(buffer, limit, end);
        if (uriLength < 0)
        {
            return false;
        }
        uriOffset = limit + VarData.LENGTH_PREFIX;
        limit = uriOffset + uriLength;
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
     * @return offset in {@link #buffer()} of the root URI, UTF-8.
     */
    public int uriOffset()
    {
        return uriOffset;
    }

    /**
     * @return length in bytes of the root URI, UTF-8.
     */
    public int uriLength()
    {
        return uriLength;
    }

    /**
     * @return the root URI, UTF-8, decoded (allocates).
     */
    public String uri()
    {
        return buffer.getStringWithoutLengthUtf8(uriOffset, uriLength);
    }
}
