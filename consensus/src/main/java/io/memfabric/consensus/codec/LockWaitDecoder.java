/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes LOCK_WAIT; see {@link LockWaitEncoder}.
 */
public final class LockWaitDecoder extends MessageDecoder
{
    public static final int TEMPLATE_ID = TemplateId.LOCK_WAIT;
    public static final int BLOCK_LENGTH = LockWaitEncoder.BLOCK_LENGTH;

    private static final int CLIENT_ID_OFFSET = MessageHeader.LENGTH + 0;
    private static final int REQUEST_ID_OFFSET = MessageHeader.LENGTH + 8;
    private static final int LOCK_ID_OFFSET = MessageHeader.LENGTH + 16;
    private static final int OWNER_ID_OFFSET = MessageHeader.LENGTH + 24;
    private static final int WAIT_MS_OFFSET = MessageHeader.LENGTH + 32;

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
     * @return the lock, which the owner must hold.
     */
    public long lockId()
    {
        return buffer.getLong(offset + LOCK_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return the owner within the client, e.g. a thread id.
     */
    public long ownerId()
    {
        return buffer.getLong(offset + OWNER_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how long to wait before queueing for the lock anyway; 0 for no bound.
     */
    public long waitMs()
    {
        return buffer.getLong(offset + WAIT_MS_OFFSET, LITTLE_ENDIAN);
    }
}
