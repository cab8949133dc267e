/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes MEMBERSHIP, pushed to every registered node when the node set changes: the epoch, the owner node of each
 * shard, then the live nodes in nodeId order.
 * <p>
 * Wrap, set the epoch, set the shard owners, then add the nodes.
 */
public final class MembershipEncoder
{
    public static final int TEMPLATE_ID = TemplateId.MEMBERSHIP;
    public static final int BLOCK_LENGTH = 16;

    private static final int EPOCH_OFFSET = MessageHeader.LENGTH;
    private static final int SHARD_COUNT_OFFSET = MessageHeader.LENGTH + 8;
    private static final int NODE_COUNT_OFFSET = MessageHeader.LENGTH + 12;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int nodeCount;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public MembershipEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
        this.nodeCount = 0;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        buffer.putInt(offset + SHARD_COUNT_OFFSET, 0, LITTLE_ENDIAN);
        buffer.putInt(offset + NODE_COUNT_OFFSET, 0, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the membership epoch, bumped on every change.
     * @return this.
     */
    public MembershipEncoder epoch(final long value)
    {
        buffer.putLong(offset + EPOCH_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Writes the shard map; call before adding nodes.
     *
     * @param owners     nodeId owning each shard, 0 when no node is live.
     * @param shardCount how many shards.
     * @return this.
     */
    public MembershipEncoder shardOwners(final long[] owners, final int shardCount)
    {
        buffer.putInt(offset + SHARD_COUNT_OFFSET, shardCount, LITTLE_ENDIAN);
        for (int i = 0; i < shardCount; i++)
        {
            buffer.putLong(limit, owners[i], LITTLE_ENDIAN);
            limit += 8;
        }
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * @param nodeId       the node.
     * @param nodeName     its name.
     * @param dataEndpoint its data-plane endpoint.
     * @return this.
     */
    public MembershipEncoder addNode(final long nodeId, final String nodeName, final String dataEndpoint)
    {
        buffer.putLong(limit, nodeId, LITTLE_ENDIAN);
        limit += 8;
        limit += VarData.putString(buffer, limit, nodeName);
        limit += VarData.putString(buffer, limit, dataEndpoint);
        buffer.putInt(offset + NODE_COUNT_OFFSET, ++nodeCount, LITTLE_ENDIAN);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * @return length of the message so far, header included.
     */
    public int encodedLength()
    {
        return limit - offset;
    }
}
