/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

/**
 * A reference to a page held by another node: enough to read it one-sided, without asking anyone else.
 *
 * @param node     the node that holds the page.
 * @param key      the page's key.
 * @param length   its length in bytes.
 * @param checksum the CRC32C of its bytes, which the reader verifies.
 */
public record PageRef(int node, PageKey key, int length, int checksum)
{
    /**
     * Checks the reference.
     */
    public PageRef
    {
        if (null == key)
        {
            throw new IllegalArgumentException("a page reference needs a key");
        }
        if (length <= 0)
        {
            throw new IllegalArgumentException("a page is at least 1 byte; reference to " + key + " says " + length);
        }
    }
}
