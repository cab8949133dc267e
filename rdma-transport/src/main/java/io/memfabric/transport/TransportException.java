/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.FabricException;

/**
 * A data-plane or page-pool operation that failed: the message names what and what to do, the {@link #category()}
 * what kind of failure it is (a peer that does not answer, a limit reached, damaged bytes, ...).
 */
public class TransportException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param category what kind of failure this is.
     * @param message  what failed and what to do.
     */
    public TransportException(final Category category, final String message)
    {
        super(category, message);
    }

    /**
     * @param category what kind of failure this is.
     * @param message  what failed and what to do.
     * @param cause    the underlying failure.
     */
    public TransportException(final Category category, final String message, final Throwable cause)
    {
        super(category, message, cause);
    }
}
