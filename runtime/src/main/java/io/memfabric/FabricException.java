/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * Base of the errors the fabric reports. Every message says what failed and what to do about it.
 */
public class FabricException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do.
     */
    public FabricException(final String message)
    {
        super(message);
    }

    /**
     * @param message what failed and what to do.
     * @param cause   the underlying failure.
     */
    public FabricException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
