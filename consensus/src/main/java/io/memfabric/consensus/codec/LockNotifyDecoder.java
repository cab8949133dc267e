/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes LOCK_NOTIFY; see {@link LockNotifyEncoder}.
 */
public final class LockNotifyDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_NOTIFY;
    public static final int BLOCK_LENGTH = LockNotifyEncoder.BLOCK_LENGTH;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int OWNER_ID_OFFSET = MessageHeader.LENGTH + 24;
    private static final int MODE_OFFSET = MessageHeader.LENGTH + 32;

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
     * @return the client, chosen by it and stable across reconnects.
     */
    public long clientId()
    {
        return buffer.getLong(offset + CLIENT_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return increasing per client.
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
     * @return the holder notifying, or the waiter cancelling its own wait.
     */
    public long ownerId()
    {
        return buffer.getLong(offset + OWNER_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return which waiters to move.
     */
    public int mode()
    {
        return buffer.getInt(offset + MODE_OFFSET, LITTLE_ENDIAN);
    }
}
