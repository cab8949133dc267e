/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

/**
 * A probe delivered a page whose bytes are not the page's: its figures would time a broken transfer, so the probe is
 * reported absent with this message instead.
 */
public class PageMismatchException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message which page, and where it differs.
     */
    public PageMismatchException(final String message)
    {
        super(message);
    }
}
