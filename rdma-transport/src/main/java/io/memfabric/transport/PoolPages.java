/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PageWriter;
import io.memfabric.transport.pool.PinnedPage;
import io.memfabric.transport.pool.PoolFullException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The host's page pool as the data plane's page source and sink: pages another node reads are sent straight from
 * the mapped pool (pinned while they are sent), and pages that arrive are written straight into pool memory and
 * published once their checksum is verified, so every JVM of the host can then read them with no copy.
 */
public final class PoolPages implements PageSource, PageSink
{
    private final PagePool pool;

    /**
     * @param pool the host's pool, owned by the caller.
     */
    public PoolPages(final PagePool pool)
    {
        this.pool = pool;
    }

    @Override
    public Page open(final PageKey key)
    {
        final PinnedPage pinned = pool.pin(key);
        if (null == pinned)
        {
            return null;
        }
        return new Page()
        {
            public DirectBuffer buffer()
            {
                return pinned.buffer();
            }

            public int length()
            {
                return pinned.length();
            }

            public int checksum()
            {
                return pinned.checksum();
            }

            public void close()
            {
                pinned.close();
            }
        };
    }

    @Override
    public Landing create(final PageKey key, final int length)
    {
        final PageWriter writer;
        try
        {
            writer = pool.allocate(key, length);
        }
        catch (final PoolFullException ex)
        {
            return null;
        }
        return new Landing()
        {
            public MutableDirectBuffer buffer()
            {
                return writer.buffer();
            }

            public void commit(final int checksum)
            {
                writer.publish(checksum).close();
            }

            public void close()
            {
                writer.close();
            }
        };
    }
}
