/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes OBJECT_GRAPH, the answer to READ_GRAPH: a sequence of objects, each as its id, version, read lease
 * deadline (0 for none) and slots, in the layout of OBJECT_VALUES' values.
 * <p>
 * Wrap, set the request id, then for each object call {@link #beginObject} and append its slots.
 */
public final class ObjectGraphEncoder
{
    public static final int TEMPLATE_ID = TemplateId.OBJECT_GRAPH;
    public static final int BLOCK_LENGTH = 12;
    public static final int OBJECT_HEADER_LENGTH = 28;

    static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH;
    static final int OBJECT_COUNT_OFFSET = MessageHeader.LENGTH + 8;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int objectCount;
    private int slotCountIndex;
    private int slotCount;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public ObjectGraphEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + MessageHeader.LENGTH + BLOCK_LENGTH;
        this.objectCount = 0;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        buffer.putInt(offset + OBJECT_COUNT_OFFSET, 0, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the request answered.
     * @return this.
     */
    public ObjectGraphEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Starts the next object; its slots follow through {@link #appended(int)}.
     *
     * @param objectId             the object.
     * @param version              its version.
     * @param readLeaseExpiresAtMs the lease granted, 0 for none.
     * @return this.
     */
    public ObjectGraphEncoder beginObject(final long objectId, final long version, final long readLeaseExpiresAtMs)
    {
        buffer.putLong(limit, objectId, LITTLE_ENDIAN);
        buffer.putLong(limit + 8, version, LITTLE_ENDIAN);
        buffer.putLong(limit + 16, readLeaseExpiresAtMs, LITTLE_ENDIAN);
        slotCountIndex = limit + 24;
        slotCount = 0;
        buffer.putInt(slotCountIndex, 0, LITTLE_ENDIAN);
        limit += OBJECT_HEADER_LENGTH;
        buffer.putInt(offset + OBJECT_COUNT_OFFSET, ++objectCount, LITTLE_ENDIAN);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * @return the buffer, for a value to be written at {@link #limit()}.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return where the next value goes.
     */
    public int limit()
    {
        return limit;
    }

    /**
     * Counts a value written at {@link #limit()} into the current object.
     *
     * @param valueLength its encoded length.
     * @return this.
     */
    public ObjectGraphEncoder appended(final int valueLength)
    {
        limit += valueLength;
        buffer.putInt(slotCountIndex, ++slotCount, LITTLE_ENDIAN);
        MessageHeader.bodyLength(buffer, offset, limit);
        return this;
    }

    /**
     * @return how many objects were added.
     */
    public int objectCount()
    {
        return objectCount;
    }

    /**
     * @return the length of the whole message.
     */
    public int encodedLength()
    {
        return limit - offset;
    }
}
