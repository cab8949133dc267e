/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.DirectBuffer;

/**
 * Where the pages a node serves come from: usually the host's page pool. Called on the data plane's thread.
 */
@FunctionalInterface
public interface PageSource
{
    /**
     * @param key the page asked for.
     * @return the page, held (pinned) until {@link Page#close()}, or null if this node does not have it.
     */
    Page open(PageKey key);

    /**
     * A page held for reading while it is sent.
     */
    interface Page extends AutoCloseable
    {
        /** @return the page's bytes, from index 0. */
        DirectBuffer buffer();

        /** @return the page's length in bytes. */
        int length();

        /** @return the CRC32C of the page's bytes. */
        int checksum();

        /** Lets the page go. */
        @Override
        void close();
    }
}
