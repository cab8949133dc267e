/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import io.memfabric.transport.TransportException;

/**
 * The bytes written for a page do not have the CRC32C the sender promised, so the page was not published and its
 * slots were freed. Always {@link Category#CORRUPT}.
 */
public final class PageChecksumException extends TransportException
{
    private static final long serialVersionUID = 2L;

    private final transient PageKey key;
    private final int expected;
    private final int actual;

    /**
     * @param key      the page.
     * @param length   its length in bytes.
     * @param expected the CRC32C promised.
     * @param actual   the CRC32C of the bytes written.
     */
    public PageChecksumException(final PageKey key, final int length, final int expected, final int actual)
    {
        super(Category.CORRUPT, "page " + key + " (" + length + " bytes) has CRC32C 0x" +
            Integer.toHexString(actual) + " but 0x" + Integer.toHexString(expected) + " was expected: the bytes " +
            "were damaged or incomplete; the page was not published, fetch it again");
        this.key = key;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * @return the page.
     */
    public PageKey key()
    {
        return key;
    }

    /**
     * @return the CRC32C promised.
     */
    public int expected()
    {
        return expected;
    }

    /**
     * @return the CRC32C of the bytes written.
     */
    public int actual()
    {
        return actual;
    }
}
