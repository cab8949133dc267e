/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The reader's own page-sized off-heap buffers, one per read in flight, used round-robin by read sequence number.
 * Shared by the probes that copy pages into the reader's memory.
 */
final class PageBuffers implements AutoCloseable
{
    private ByteBuffer[] memory = new ByteBuffer[0];
    private UnsafeBuffer[] buffers = new UnsafeBuffer[0];

    /**
     * Replaces the buffers with {@code count} new ones of {@code pageBytes} each, freeing the old.
     */
    void allocate(final int count, final int pageBytes)
    {
        close();
        memory = new ByteBuffer[count];
        buffers = new UnsafeBuffer[count];
        for (int i = 0; i < count; i++)
        {
            memory[i] = ByteBuffer.allocateDirect(pageBytes);
            buffers[i] = new UnsafeBuffer(memory[i]);
        }
    }

    /**
     * @return how many buffers there are: the most reads that may be in flight.
     */
    int count()
    {
        return buffers.length;
    }

    /**
     * @param sequence the read's sequence number, from 0.
     * @return the buffer that read lands in.
     */
    UnsafeBuffer forRead(final long sequence)
    {
        return buffers[(int)(sequence % buffers.length)];
    }

    /**
     * Frees the buffers.
     */
    public void close()
    {
        for (final ByteBuffer buffer : memory)
        {
            BufferUtil.free(buffer);
        }
        memory = new ByteBuffer[0];
        buffers = new UnsafeBuffer[0];
    }
}
