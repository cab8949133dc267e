/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.memfabric.transport.PageKey;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The pages every probe of one page size moves: random bytes off-heap, more of them together than the last-level
 * cache holds, so a read finds its source in memory rather than in a cache the previous read warmed; each with a
 * {@link PageKey} and a short text name for stores keyed by strings (Redis). Built once per page size and shared by
 * all probes, which therefore move the same bytes.
 */
public final class PageSet implements AutoCloseable
{
    private final int pageBytes;
    private final int pageCount;
    private final String label;
    private final ByteBuffer memory;
    private final UnsafeBuffer[] pages;
    private final PageKey[] keys;
    private final byte[][] names;

    private PageSet(final int pageBytes, final int pageCount, final long seed)
    {
        this.pageBytes = pageBytes;
        this.pageCount = pageCount;
        this.label = label(pageBytes);
        memory = ByteBuffer.allocateDirect(pageBytes * pageCount);
        pages = new UnsafeBuffer[pageCount];
        keys = new PageKey[pageCount];
        names = new byte[pageCount][];

        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer all = new UnsafeBuffer(memory);
        for (int i = 0, n = pageBytes * pageCount; i < n; i += Long.BYTES)
        {
            all.putLong(i, random.nextLong());
        }
        final byte[] key = new byte[PageKey.LENGTH];
        for (int i = 0; i < pageCount; i++)
        {
            pages[i] = new UnsafeBuffer(all, i * pageBytes, pageBytes);
            random.nextBytes(key);
            keys[i] = PageKey.of(key);
            names[i] = ("memfabric:page:" + label + ":" + i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * @param pageBytes  bytes per page, a multiple of 8.
     * @param totalBytes how many bytes all pages hold together, at least a page.
     * @param seed       seeds the random contents and keys, so runs move the same bytes.
     * @return the pages.
     */
    public static PageSet random(final int pageBytes, final long totalBytes, final long seed)
    {
        if (pageBytes <= 0 || 0 != pageBytes % Long.BYTES)
        {
            throw new IllegalArgumentException("page size must be a positive multiple of 8: " + pageBytes);
        }
        final long count = Math.max(1, totalBytes / pageBytes);
        if (count * pageBytes > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("a page set holds at most 2 GiB: " + count + " x " + pageBytes);
        }
        return new PageSet(pageBytes, (int)count, seed);
    }

    /**
     * @param pageBytes bytes per page.
     * @return how figures name the size: {@code 2m}, {@code 256k}, or the bytes.
     */
    public static String label(final int pageBytes)
    {
        if (0 == pageBytes % (1024 * 1024))
        {
            return pageBytes / (1024 * 1024) + "m";
        }
        if (0 == pageBytes % 1024)
        {
            return pageBytes / 1024 + "k";
        }
        return Integer.toString(pageBytes);
    }

    /**
     * @return bytes per page.
     */
    public int pageBytes()
    {
        return pageBytes;
    }

    /**
     * @return how many pages.
     */
    public int pageCount()
    {
        return pageCount;
    }

    /**
     * @return the size as figures name it, e.g. {@code 2m}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param index a page.
     * @return a view of its bytes, which probes may read from but not write to.
     */
    public DirectBuffer page(final int index)
    {
        return pages[index];
    }

    /**
     * @param index a page.
     * @return a new {@link ByteBuffer} view of its bytes, for transports that write from one; make views in set-up,
     * not per read.
     */
    public ByteBuffer byteBuffer(final int index)
    {
        return memory.duplicate().position(index * pageBytes).limit((index + 1) * pageBytes).slice();
    }

    /**
     * @param index a page.
     * @return its 32-byte key.
     */
    public PageKey key(final int index)
    {
        return keys[index];
    }

    /**
     * @param index a page.
     * @return its name as ASCII bytes, e.g. {@code memfabric:page:2m:7}; the same array on every call.
     */
    public byte[] name(final int index)
    {
        return names[index];
    }

    /**
     * Checks that a copy of a page holds the page's bytes, outside any timed loop.
     *
     * @param index  the page.
     * @param copy   where a probe put it.
     * @param offset where in {@code copy} it starts.
     * @param length how many bytes the probe said it holds.
     * @throws PageMismatchException if the length or any byte differs.
     */
    public void verify(final int index, final DirectBuffer copy, final int offset, final int length)
    {
        if (length != pageBytes)
        {
            throw new PageMismatchException("page " + label + ":" + index + " arrived with " + length +
                " bytes, expected " + pageBytes);
        }
        final DirectBuffer page = pages[index];
        for (int i = 0; i < pageBytes; i += Long.BYTES)
        {
            if (page.getLong(i) != copy.getLong(offset + i))
            {
                throw new PageMismatchException("page " + label + ":" + index + " differs from its source at " +
                    "byte " + i + " of " + pageBytes);
            }
        }
    }

    /**
     * @param count how many reads.
     * @param seed  seeds the order.
     * @return page indices to read in turn: each round visits every page once in a fresh random order, and no page
     * is read twice in a row, so no read finds the page the previous one left in cache.
     */
    public int[] readOrder(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] order = new int[count];
        final int[] round = new int[pageCount];
        for (int i = 0; i < pageCount; i++)
        {
            round[i] = i;
        }
        int filled = 0;
        int previous = -1;
        while (filled < count)
        {
            for (int i = pageCount - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final int swap = round[i];
                round[i] = round[j];
                round[j] = swap;
            }
            if (pageCount > 1 && round[0] == previous)
            {
                round[0] = round[pageCount - 1];
                round[pageCount - 1] = previous;
            }
            for (int i = 0; i < pageCount && filled < count; i++)
            {
                order[filled++] = round[i];
            }
            previous = round[pageCount - 1];
        }
        return order;
    }

    /**
     * Frees the pages' memory now rather than when the collector finds it.
     */
    public void close()
    {
        BufferUtil.free(memory);
    }
}
