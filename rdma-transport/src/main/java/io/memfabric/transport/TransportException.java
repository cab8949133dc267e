/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

/**
 * A data-plane operation that failed: the message names what and what to do.
 */
public class TransportException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do.
     */
    public TransportException(final String message)
    {
        super(message);
    }

    /**
     * @param message what failed and what to do.
     * @param cause   the underlying failure.
     */
    public TransportException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
