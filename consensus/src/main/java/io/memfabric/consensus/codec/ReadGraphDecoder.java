/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes READ_GRAPH; see {@link ReadGraphEncoder}.
 */
public final class ReadGraphDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.READ_GRAPH;
    public static final int BLOCK_LENGTH = ReadGraphEncoder.BLOCK_LENGTH;

    /**
     * Wraps a message and checks its layout: the id count must match the length exactly.
     *
     * @param buffer holding the message.
     * @param offset of its header.
     * @param length of the whole message.
     * @return whether it is well formed.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        final int limit = wrapFixed(buffer, offset, length, BLOCK_LENGTH);
        if (limit < 0)
        {
            return false;
        }
        final int count = idCount();
        return count > 0 && (long)limit + 8L * count == (long)offset + length;
    }

    /**
     * @return the client.
     */
    public long clientId()
    {
        return buffer.getLong(offset + ReadGraphEncoder.CLIENT_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the request.
     */
    public long requestId()
    {
        return buffer.getLong(offset + ReadGraphEncoder.REQUEST_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the lease wanted on each object, 0 for none.
     */
    public long leaseMs()
    {
        return buffer.getLong(offset + ReadGraphEncoder.LEASE_MS_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how large the answer may grow.
     */
    public int maxBytes()
    {
        return buffer.getInt(offset + ReadGraphEncoder.MAX_BYTES_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how many start objects follow.
     */
    public int idCount()
    {
        return buffer.getInt(offset + ReadGraphEncoder.ID_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param index 0 to {@link #idCount()} - 1.
     * @return that start object.
     */
    public long startId(final int index)
    {
        return buffer.getLong(offset + MessageHeader.LENGTH + BLOCK_LENGTH + 8 * index, LITTLE_ENDIAN);
    }
}
