/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes LOCK_NOTIFY: moves waiters of a lock's wait set to its queue: the first ({@link #MODE_ONE}) or all
 * ({@link #MODE_ALL}), by the lock's holder; or the sender's own waiter ({@link #MODE_CANCEL}: an interrupted wait).
 */
public final class LockNotifyEncoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_NOTIFY;
    public static final int BLOCK_LENGTH = 36;

    /**
     * Move the first waiter.
     */
    public static final int MODE_ONE = 0;
    /**
     * Move every waiter.
     */
    public static final int MODE_ALL = 1;
    /**
     * Move the sender's own waiter.
     */
    public static final int MODE_CANCEL = 2;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int OWNER_ID_OFFSET = MessageHeader.LENGTH + 24;
    private static final int MODE_OFFSET = MessageHeader.LENGTH + 32;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Starts a message at {@code offset}, writing its header.
     *
     * @param buffer to encode into.
     * @param offset of the header.
     * @return this.
     */
    public LockNotifyEncoder wrap(final MutableDirectBuffer buffer, final int offset)
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
    public LockNotifyEncoder clientId(final long value)
    {
        buffer.putLong(offset + CLIENT_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value increasing per client.
     * @return this.
     */
    public LockNotifyEncoder requestId(final long value)
    {
        buffer.putLong(offset + REQUEST_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the lock.
     * @return this.
     */
    public LockNotifyEncoder lockId(final long value)
    {
        buffer.putLong(offset + LOCK_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value the holder notifying, or the waiter cancelling its own wait.
     * @return this.
     */
    public LockNotifyEncoder ownerId(final long value)
    {
        buffer.putLong(offset + OWNER_ID_OFFSET, value, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param value which waiters to move.
     * @return this.
     */
    public LockNotifyEncoder mode(final int value)
    {
        buffer.putInt(offset + MODE_OFFSET, value, LITTLE_ENDIAN);
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
