/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes NODE_REGISTER: Registers the client as a fabric node with a data-plane endpoint.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class NodeRegisterDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.NODE_REGISTER;
    public static final int BLOCK_LENGTH = 16;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;

    private int nodeNameOffset;
    private int nodeNameLength;
    private int dataEndpointOffset;
    private int dataEndpointLength;

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
        nodeNameLength = VarData.length(buffer, limit, end);
        if (nodeNameLength < 0)
        {
            return false;
        }
        nodeNameOffset = limit + VarData.LENGTH_PREFIX;
        limit = nodeNameOffset + nodeNameLength;
        dataEndpointLength = VarData.length(buffer, limit, end);
        if (dataEndpointLength < 0)
        {
            return false;
        }
        dataEndpointOffset = limit + VarData.LENGTH_PREFIX;
        limit = dataEndpointOffset + dataEndpointLength;
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
     * @return offset in {@link #buffer()} of a human-readable node name, UTF-8.
     */
    public int nodeNameOffset()
    {
        return nodeNameOffset;
    }

    /**
     * @return length in bytes of a human-readable node name, UTF-8.
     */
    public int nodeNameLength()
    {
        return nodeNameLength;
    }

    /**
     * @return a human-readable node name, UTF-8, decoded (allocates).
     */
    public String nodeName()
    {
        return buffer.getStringWithoutLengthUtf8(nodeNameOffset, nodeNameLength);
    }

    /**
     * @return offset in {@link #buffer()} of the data-plane endpoint, UTF-8.
     */
    public int dataEndpointOffset()
    {
        return dataEndpointOffset;
    }

    /**
     * @return length in bytes of the data-plane endpoint, UTF-8.
     */
    public int dataEndpointLength()
    {
        return dataEndpointLength;
    }

    /**
     * @return the data-plane endpoint, UTF-8, decoded (allocates).
     */
    public String dataEndpoint()
    {
        return buffer.getStringWithoutLengthUtf8(dataEndpointOffset, dataEndpointLength);
    }
}
