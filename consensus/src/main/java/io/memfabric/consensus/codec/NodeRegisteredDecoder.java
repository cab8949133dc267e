/*
 * Generated once from the MemFabric consensus message table; edit by hand from now on, keeping PROTOCOL.md in step.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes NODE_REGISTERED: Answers NODE_REGISTER.
 * <p>
 * {@link #wrap(DirectBuffer, int, int)} checks the layout; read fields only when it returned true.
 */
public final class NodeRegisteredDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.NODE_REGISTERED;
    public static final int BLOCK_LENGTH = 24;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int NODE_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int EPOCH_OFFSET = MessageHeader.LENGTH + 16;

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
     * @return the node id the cluster allocated.
     */
    public long nodeId()
    {
        return buffer.getLong(offset + NODE_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return membership epoch after it.
     */
    public long epoch()
    {
        return buffer.getLong(offset + EPOCH_OFFSET, LITTLE_ENDIAN);
    }
}
