/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes READ_GRAPH: reads the objects reachable from some start objects, breadth first, up to a byte budget,
 * taking a read lease on each object returned. One round trip brings a whole linked structure, not one object.
 * <p>
 * Wrap, set the fixed fields, then add the start ids; {@link #encodedLength()} is then the length of the whole
 * message, header included.
 */
public final class ReadGraphEncoder
{
    public static final int TEMPLATE_ID = TemplateId.READ_GRAPH;
    public static final int BLOCK_LENGTH = 32;

    static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH;
    static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    static final int LEASE_MS_OFFSET = MessageHeader.LENGTH + 16;
    static final int MAX_BYTES_OFFSET = MessageHeader.LENGTH + 24;
    static final int ID_COUNT_OFFSET = MessageHeader.LENGTH + 28;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int idCount;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public ReadGraphEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
        this.idCount = 0;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        buffer.putInt(offset + ID_COUNT_OFFSET, 0, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the client, chosen by it and stable across reconnects.
     * @return this.
     */
    public ReadGraphEncoder clientId(final long value)
    {
        buffer.putLong(offset + CLIENT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value increasing per client.
     * @return this.
     */
    public ReadGraphEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value 0 for no leases, else the lease wanted on every object returned (the cluster caps it).
     * @return this.
     */
    public ReadGraphEncoder leaseMs(final long value)
    {
        buffer.putLong(offset + LEASE_MS_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value how large the answer may grow; the start objects are always answered, further objects only while
     *              the answer stays within it (the cluster also caps it).
     * @return this.
     */
    public ReadGraphEncoder maxBytes(final int value)
    {
        buffer.putInt(offset + MAX_BYTES_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param objectId a start object.
     * @return this.
     */
    public ReadGraphEncoder addStart(final long objectId)
    {
        buffer.putLong(limit, objectId, LITTLE_ENDIAN);
        limit += 8;
        buffer.putInt(offset + ID_COUNT_OFFSET, ++idCount, LITTLE_ENDIAN);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * @return the length of the whole message.
     */
    public int encodedLength()
    {
        return limit - offset;
    }
}
