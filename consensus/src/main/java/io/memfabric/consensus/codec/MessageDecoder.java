/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

/**
 * What every message decoder shares: the message it wraps (buffer, offset of the header, length of the whole
 * message). Each decoder's {@code wrap} records these and checks its own layout.
 */
public abstract class MessageDecoder
{
    protected DirectBuffer buffer;
    protected int offset;
    protected int length;

    /**
     * Wraps a whole message, header included, and checks its layout.
     *
     * @param buffer holding the message.
     * @param offset of the header.
     * @param length of the message.
     * @return true when the fixed block and every variable field lie within {@code length} and fill it.
     */
    public abstract boolean wrap(DirectBuffer buffer, int offset, int length);

    /**
     * Records the message wrapped and finds the end of its fixed block.
     *
     * @param buffer      holding the message.
     * @param offset      of the header.
     * @param length      of the message.
     * @param blockLength of the message's fixed block.
     * @return the index just past the fixed block, or -1 if the message is shorter than header and block.
     */
    protected final int wrapFixed(final DirectBuffer buffer, final int offset, final int length, final int blockLength)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        final int limit = offset + MessageHeader.LENGTH + blockLength;
        return limit > offset + length ? -1 : limit;
    }

    /**
     * @return the buffer wrapped.
     */
    public final DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the offset of the message header.
     */
    public final int offset()
    {
        return offset;
    }

    /**
     * @return the length of the whole message.
     */
    public final int length()
    {
        return length;
    }
}
