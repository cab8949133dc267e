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
 * {@code memcpy}: one thread copies the page from the page set into a buffer of its own
 * ({@link UnsafeBuffer#putBytes(int, org.agrona.DirectBuffer, int, int)}, an {@code Unsafe.copyMemory}). The floor
 * of every transport that delivers a copy: on one host no read that ends with the page in the reader's buffer can
 * beat the memory system's copy bandwidth.
 */
final class MemcpyProbe implements PageReadProbe
{
    private PageSet pages;
    private ByteBuffer destinationMemory;
    private UnsafeBuffer destination;

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "memcpy";
    }

    /**
     * {@inheritDoc}
     */
    public void setUp(final PageSet pages)
    {
        this.pages = pages;
        destinationMemory = ByteBuffer.allocateDirect(pages.pageBytes());
        destination = new UnsafeBuffer(destinationMemory);
    }

    /**
     * {@inheritDoc}
     */
    public void read(final int pageIndex)
    {
        destination.putBytes(0, pages.page(pageIndex), 0, pages.pageBytes());
    }

    /**
     * {@inheritDoc}
     */
    public void check(final int pageIndex)
    {
        destination.setMemory(0, pages.pageBytes(), (byte)0);
        read(pageIndex);
        pages.verify(pageIndex, destination, 0, pages.pageBytes());
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        if (null != destinationMemory)
        {
            BufferUtil.free(destinationMemory);
            destinationMemory = null;
        }
    }
}
