/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes LOCK_NOTIFIED: answers LOCK_NOTIFY with how many waiters were moved to the lock's queue.
 */
public final class LockNotifiedEncoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_NOTIFIED;
    public static final int BLOCK_LENGTH = 20;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int MOVED_OFFSET = MessageHeader.LENGTH + 16;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public LockNotifiedEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        return this;
    }

    /**
     * @param value the request answered.
     * @return this.
     */
    public LockNotifiedEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the lock.
     * @return this.
     */
    public LockNotifiedEncoder lockId(final long value)
    {
        buffer.putLong(offset + LOCK_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value how many waiters were moved.
     * @return this.
     */
    public LockNotifiedEncoder moved(final int value)
    {
        buffer.putInt(offset + MOVED_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return the length of the whole message.
     */
    public int encodedLength()
    {
        return MessageHeader.LENGTH + BLOCK_LENGTH;
    }
}
