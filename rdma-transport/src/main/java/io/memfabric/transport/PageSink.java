/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.MutableDirectBuffer;

/**
 * Where pages land: the pages another node writes to this one, and pages this node reads into its own store.
 * Usually the host's page pool, so a page moved once is then shared by every JVM of the host.
 */
@FunctionalInterface
public interface PageSink
{
    /**
     * @param key    the page arriving.
     * @param length its length in bytes.
     * @return memory to receive it, or null if the sink refuses it (e.g. full).
     */
    Landing create(PageKey key, int length);

    /**
     * Memory a page is received into, not visible to readers until committed.
     */
    interface Landing extends AutoCloseable
    {
        /** @return exactly the page's length of writable bytes. */
        MutableDirectBuffer buffer();

        /**
         * Makes the page visible.
         *
         * @param checksum the CRC32C the transfer verified.
         */
        void commit(int checksum);

        /** Drops the page if it was not committed. */
        @Override
        void close();
    }
}
