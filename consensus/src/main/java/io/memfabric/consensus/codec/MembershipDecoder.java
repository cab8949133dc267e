/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes MEMBERSHIP. {@link #wrap(DirectBuffer, int, int)} checks the layout; shard owners are read by index, nodes
 * by stepping with {@link #rewind()} and {@link #nextNode()}.
 */
public final class MembershipDecoder
{
    public static final int TEMPLATE_ID = TemplateId.MEMBERSHIP;
    public static final int BLOCK_LENGTH = MembershipEncoder.BLOCK_LENGTH;

    private static final int EPOCH_OFFSET = MessageHeader.LENGTH;
    private static final int SHARD_COUNT_OFFSET = MessageHeader.LENGTH + 8;
    private static final int NODE_COUNT_OFFSET = MessageHeader.LENGTH + 12;
    private static final int SHARDS_OFFSET = MessageHeader.LENGTH + BLOCK_LENGTH;

    private DirectBuffer buffer;
    private int offset;
    private int end;
    private int cursor;
    private int nodeIdIndex;
    private int nameOffset;
    private int nameLength;
    private int endpointOffset;
    private int endpointLength;

    /**
     * Wraps a whole message, header included, and checks its layout.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param length of the message.
     * @return true when the shard map and every node lie within {@code length} and fill it.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.end = offset + length;
        if (length < MessageHeader.LENGTH + BLOCK_LENGTH)
        {
            return false;
        }
        final int shardCount = shardCount();
        if (shardCount < 0 || nodeCount() < 0 || shardCount > (length - MessageHeader.LENGTH - BLOCK_LENGTH) / 8)
        {
            return false;
        }
        rewind();
        for (int i = 0, count = nodeCount(); i < count; i++)
        {
            if (!nextNode())
            {
                return false;
            }
        }
        final boolean wellFormed = cursor == end;
        rewind();
        return wellFormed;
    }

    /**
     * @return the membership epoch.
     */
    public long epoch()
    {
        return buffer.getLong(offset + EPOCH_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how many shards the map holds.
     */
    public int shardCount()
    {
        return buffer.getInt(offset + SHARD_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param shard 0..shardCount-1.
     * @return the nodeId owning it, 0 when none.
     */
    public long shardOwner(final int shard)
    {
        return buffer.getLong(offset + SHARDS_OFFSET + shard * 8, LITTLE_ENDIAN);
    }

    /**
     * @return how many nodes follow.
     */
    public int nodeCount()
    {
        return buffer.getInt(offset + NODE_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Goes back before the first node.
     */
    public void rewind()
    {
        cursor = offset + SHARDS_OFFSET + shardCount() * 8;
    }

    /**
     * Steps to the next node; call it {@link #nodeCount()} times.
     *
     * @return false when the node does not fit (only possible before a successful wrap).
     */
    public boolean nextNode()
    {
        if (end - cursor < 8)
        {
            return false;
        }
        nodeIdIndex = cursor;
        int limit = cursor + 8;
        nameLength = VarData.length(buffer, limit, end);
        if (nameLength < 0)
        {
            return false;
        }
        nameOffset = limit + VarData.LENGTH_PREFIX;
        limit = nameOffset + nameLength;
        endpointLength = VarData.length(buffer, limit, end);
        if (endpointLength < 0)
        {
            return false;
        }
        endpointOffset = limit + VarData.LENGTH_PREFIX;
        cursor = endpointOffset + endpointLength;
        return true;
    }

    /**
     * @return the id of the current node.
     */
    public long nodeId()
    {
        return buffer.getLong(nodeIdIndex, LITTLE_ENDIAN);
    }

    /**
     * @return the name of the current node (allocates).
     */
    public String nodeName()
    {
        return buffer.getStringWithoutLengthUtf8(nameOffset, nameLength);
    }

    /**
     * @return the data-plane endpoint of the current node (allocates).
     */
    public String dataEndpoint()
    {
        return buffer.getStringWithoutLengthUtf8(endpointOffset, endpointLength);
    }
}
