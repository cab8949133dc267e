/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Pages in heap-free direct memory, as a page source and sink for tests that do not need the shared pool.
 */
final class MemoryPages implements PageSource, PageSink
{
    private final Map<PageKey, UnsafeBuffer> pages = new ConcurrentHashMap<>();

    static UnsafeBuffer randomPage(final long seed, final int length)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        page.putBytes(0, bytes);
        return page;
    }

    static PageKey key(final long seed)
    {
        final byte[] bytes = new byte[PageKey.LENGTH];
        new Random(~seed).nextBytes(bytes);
        return PageKey.of(bytes);
    }

    static int crc(final DirectBuffer buffer, final int length)
    {
        final CRC32C crc = new CRC32C();
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        crc.update(copy);
        return (int)crc.getValue();
    }

    PageRef add(final int node, final long seed, final int length)
    {
        final UnsafeBuffer page = randomPage(seed, length);
        final PageKey key = key(seed);
        pages.put(key, page);
        return new PageRef(node, key, length, crc(page, length));
    }

    UnsafeBuffer get(final PageKey key)
    {
        return pages.get(key);
    }

    int size()
    {
        return pages.size();
    }

    @Override
    public Page open(final PageKey key)
    {
        final UnsafeBuffer page = pages.get(key);
        if (null == page)
        {
            return null;
        }
        final int checksum = crc(page, page.capacity());
        return new Page()
        {
            public DirectBuffer buffer()
            {
                return page;
            }

            public int length()
            {
                return page.capacity();
            }

            public int checksum()
            {
                return checksum;
            }

            public void close()
            {
            }
        };
    }

    @Override
    public Landing create(final PageKey key, final int length)
    {
        final UnsafeBuffer landing = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        return new Landing()
        {
            public MutableDirectBuffer buffer()
            {
                return landing;
            }

            public void commit(final int checksum)
            {
                pages.put(key, landing);
            }

            public void close()
            {
            }
        };
    }
}
