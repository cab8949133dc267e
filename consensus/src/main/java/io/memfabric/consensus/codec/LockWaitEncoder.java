/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes LOCK_WAIT: the holder of a lock waits on its condition (Java's {@code wait}): the lock is released whole, the
 * owner joins the lock's wait set until a LOCK_NOTIFY or its timeout moves it to the lock's queue, and the answer is
 * the LOCK_GRANTED that gives the lock back with the hold count it had.
 */
public final class LockWaitEncoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_WAIT;
    public static final int BLOCK_LENGTH = 40;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int OWNER_ID_OFFSET = MessageHeader.LENGTH + 24;
    private static final int WAIT_MS_OFFSET = MessageHeader.LENGTH + 32;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public LockWaitEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        MessageHeader.write(buffer, offset, TEMPLATE_ID, BLOCK_LENGTH);
        return this;
    }

    /**
     * @param value the client, chosen by it and stable across reconnects.
     * @return this.
     */
    public LockWaitEncoder clientId(final long value)
    {
        buffer.putLong(offset + CLIENT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value increasing per client.
     * @return this.
     */
    public LockWaitEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the lock, which the owner must hold.
     * @return this.
     */
    public LockWaitEncoder lockId(final long value)
    {
        buffer.putLong(offset + LOCK_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the owner within the client, e.g. a thread id.
     * @return this.
     */
    public LockWaitEncoder ownerId(final long value)
    {
        buffer.putLong(offset + OWNER_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value how long to wait before queueing for the lock anyway; 0 for no bound.
     * @return this.
     */
    public LockWaitEncoder waitMs(final long value)
    {
        buffer.putLong(offset + WAIT_MS_OFFSET, value, LITTLE_ENDIAN);
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
