/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes LOCK_NOTIFIED; see {@link LockNotifiedEncoder}.
 */
public final class LockNotifiedDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_NOTIFIED;
    public static final int BLOCK_LENGTH = LockNotifiedEncoder.BLOCK_LENGTH;

    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int MOVED_OFFSET = MessageHeader.LENGTH + 16;

    /**
     * Wraps a message and checks its length.
     *
     * @param buffer holding the message.
     * @param offset of its header.
     * @param length of the whole message.
     * @return whether it is well formed.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrapFixed(buffer, offset, length, BLOCK_LENGTH) == offset + length;
    }

    /**
     * @return the request answered.
     */
    public long requestId()
    {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the lock.
     */
    public long lockId()
    {
        return buffer.getLong(offset + LOCK_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how many waiters were moved.
     */
    public int moved()
    {
        return buffer.getInt(offset + MOVED_OFFSET, LITTLE_ENDIAN);
    }
}
