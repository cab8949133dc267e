/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PinnedPage;
import io.memfabric.transport.pool.PoolConfig;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code zerocopy}: a same-host read from the shared page pool ({@link PagePool}), which every JVM of a host maps:
 * {@code pin(key)}, then the reader reads every byte of the page in place through {@link PinnedPage#buffer()} (it
 * sums the page's longs, as a consumer that looks at all of it would), then the pin is closed. Nothing is copied;
 * the figure is what a reader on the page's own host pays instead of a transfer. Set-up puts every page into a pool
 * of its own under the run's directory (tmpfs), removed when the probe closes.
 * <p>
 * Compared with {@code memcpy}, which moves each byte twice (a read and a write), this reads each byte once; both
 * are bounded by the memory system, so their ratio says how close the pool's lookup and pinning come to free.
 */
final class ZeroCopyProbe implements PageReadProbe
{
    private static final int SLOT_BYTES = 256 * 1024;

    private final Path directory;
    private PageSet pages;
    private PagePool pool;
    private Path poolFile;
    // Every sum is added here, so the JIT must compute each one: a read whose result went nowhere could be dropped.
    private long sink;

    /**
     * @param directory where the pool file goes; removed by the suite with the run's other directories.
     */
    ZeroCopyProbe(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "zerocopy";
    }

    /**
     * {@inheritDoc}
     */
    public void setUp(final PageSet pages) throws IOException
    {
        this.pages = pages;
        Files.createDirectories(directory);
        final long data = (long)pages.pageBytes() * pages.pageCount();
        // Room for every page twice over, so no put evicts another page and every read finds its page resident.
        final long capacity = ((2 * data + SLOT_BYTES - 1) / SLOT_BYTES) * SLOT_BYTES;
        pool = PagePool.open(new PoolConfig()
            .directory(directory)
            .name("transport-bench-" + pages.label())
            .capacityBytes(capacity)
            .slotBytes(SLOT_BYTES));
        poolFile = pool.file();
        for (int i = 0; i < pages.pageCount(); i++)
        {
            try (PinnedPage ignore = pool.put(pages.key(i), pages.page(i), 0, pages.pageBytes()))
            {
                // Published; the pin put returns is not needed.
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void read(final int pageIndex)
    {
        try (PinnedPage page = pin(pageIndex))
        {
            sink += sum(page.buffer(), page.length());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void check(final int pageIndex)
    {
        try (PinnedPage page = pin(pageIndex))
        {
            pages.verify(pageIndex, page.buffer(), 0, page.length());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.close(pool);
        pool = null;
        if (null != poolFile)
        {
            try
            {
                Files.deleteIfExists(poolFile);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        // The sink must be used, or the sums could be dropped; printing it also shows that every read summed.
        System.out.println("  zerocopy_" + (null == pages ? "" : pages.label()) + ": sum of all pages read " +
            Long.toHexString(sink));
    }

    private PinnedPage pin(final int pageIndex)
    {
        final PinnedPage page = pool.pin(pages.key(pageIndex));
        if (null == page)
        {
            throw new IllegalStateException("page " + pages.label() + ":" + pageIndex + " is not in the pool");
        }
        return page;
    }

    /**
     * Sums the page's longs as a reader that checks its bounds once per page would: Agrona's {@code getLong} checks
     * every index, which halves a scalar loop's pace (measured: 12 against 23 GB/s on this machine), so the loop
     * reads the mapped memory directly after one check. Four independent sums, so the adds do not wait on each
     * other and the loads run at the memory's pace.
     */
    private static long sum(final DirectBuffer buffer, final int length)
    {
        buffer.boundsCheck(0, length);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset();
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        int i = 0;
        for (final int end = length & ~31; i < end; i += 32)
        {
            a += UnsafeApi.getLong(array, address + i);
            b += UnsafeApi.getLong(array, address + i + 8);
            c += UnsafeApi.getLong(array, address + i + 16);
            d += UnsafeApi.getLong(array, address + i + 24);
        }
        for (; i < length; i++)
        {
            a += UnsafeApi.getByte(array, address + i);
        }
        return a + b + c + d;
    }
}
