/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes OBJECT_GRAPH; see {@link ObjectGraphEncoder}. Iterate with {@link #nextObject()}, then the object's slots
 * with {@link #nextSlot()}.
 */
public final class ObjectGraphDecoder
{
    public static final int TEMPLATE_ID = TemplateId.OBJECT_GRAPH;

    private final ValueDecoder value = new ValueDecoder();
    private DirectBuffer buffer;
    private int offset;
    private int end;
    private int cursor;
    private int objectIndex = -1;
    private int slotsLeft;

    /**
     * Wraps a message and checks its whole layout.
     *
     * @param buffer holding the message.
     * @param offset of its header.
     * @param length of the whole message.
     * @return whether it is well formed.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.end = offset + length;
        if (length < MessageHeader.LENGTH + ObjectGraphEncoder.BLOCK_LENGTH || objectCount() < 0)
        {
            return false;
        }
        rewind();
        for (int i = 0, count = objectCount(); i < count; i++)
        {
            if (!nextObject())
            {
                return false;
            }
            while (slotsLeft > 0)
            {
                if (!nextSlot())
                {
                    return false;
                }
            }
        }
        final boolean wellFormed = cursor == end;
        rewind();
        return wellFormed;
    }

    /**
     * @return the request answered.
     */
    public long requestId()
    {
        return buffer.getLong(offset + ObjectGraphEncoder.REQUEST_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how many objects the message holds.
     */
    public int objectCount()
    {
        return buffer.getInt(offset + ObjectGraphEncoder.OBJECT_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Back to before the first object.
     */
    public void rewind()
    {
        cursor = offset + MessageHeader.LENGTH + ObjectGraphEncoder.BLOCK_LENGTH;
        objectIndex = -1;
        slotsLeft = 0;
    }

    /**
     * Moves to the next object, skipping what is left of the current one's slots.
     *
     * @return whether there is one and its header fits.
     */
    public boolean nextObject()
    {
        while (slotsLeft > 0)
        {
            if (!nextSlot())
            {
                return false;
            }
        }
        if (end - cursor < ObjectGraphEncoder.OBJECT_HEADER_LENGTH)
        {
            return false;
        }
        objectIndex = cursor;
        slotsLeft = buffer.getInt(cursor + 24, LITTLE_ENDIAN);
        cursor += ObjectGraphEncoder.OBJECT_HEADER_LENGTH;
        return slotsLeft >= 0;
    }

    /**
     * @return the current object's id.
     */
    public long objectId()
    {
        return buffer.getLong(objectIndex, LITTLE_ENDIAN);
    }

    /**
     * @return the current object's version.
     */
    public long version()
    {
        return buffer.getLong(objectIndex + 8, LITTLE_ENDIAN);
    }

    /**
     * @return the lease granted on the current object, 0 for none.
     */
    public long readLeaseExpiresAtMs()
    {
        return buffer.getLong(objectIndex + 16, LITTLE_ENDIAN);
    }

    /**
     * @return how many slots the current object has.
     */
    public int slotCount()
    {
        return buffer.getInt(objectIndex + 24, LITTLE_ENDIAN);
    }

    /**
     * Moves to the current object's next slot.
     *
     * @return whether there is one and it is well formed.
     */
    public boolean nextSlot()
    {
        if (slotsLeft <= 0)
        {
            return false;
        }
        final int valueLength = value.wrap(buffer, cursor, end);
        if (valueLength < 0)
        {
            return false;
        }
        cursor += valueLength;
        slotsLeft--;
        return true;
    }

    /**
     * @return the slot moved to by {@link #nextSlot()}.
     */
    public ValueDecoder value()
    {
        return value;
    }
}
