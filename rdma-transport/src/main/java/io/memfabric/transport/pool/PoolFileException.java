/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.TransportException;

import java.nio.file.Path;

/**
 * A pool file cannot be used: it is not a pool, has another layout or geometry than this JVM asks for, there is no
 * room for it, or all its holder slots are taken. The message names the file, what is wrong and what to do.
 */
public final class PoolFileException extends TransportException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the pool file.
     * @param message what is wrong and what to do.
     */
    public PoolFileException(final Path file, final String message)
    {
        super(message);
        this.file = file;
    }

    /**
     * @param file    the pool file.
     * @param message what is wrong and what to do.
     * @param cause   the underlying failure.
     */
    public PoolFileException(final Path file, final String message, final Throwable cause)
    {
        super(message, cause);
        this.file = file;
    }

    /**
     * @return the pool file concerned.
     */
    public Path file()
    {
        return file;
    }
}
