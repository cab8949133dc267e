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
 * room for it, or all its holder slots are taken. The message names the file, what is wrong and what to do; the
 * {@link #category()} tells a setting to fix ({@link Category#CONFIGURATION}: another geometry, a directory that
 * cannot be written, a file system too small) from a file damaged by something else ({@link Category#CORRUPT}) and a
 * pool whose holder slots are all taken for now ({@link Category#LIMIT}).
 */
public final class PoolFileException extends TransportException
{
    private static final long serialVersionUID = 2L;

    private final transient Path file;

    /**
     * @param file     the pool file.
     * @param category what kind of failure this is.
     * @param message  what is wrong and what to do.
     */
    public PoolFileException(final Path file, final Category category, final String message)
    {
        super(category, message);
        this.file = file;
    }

    /**
     * @param file     the pool file.
     * @param category what kind of failure this is.
     * @param message  what is wrong and what to do.
     * @param cause    the underlying failure.
     */
    public PoolFileException(final Path file, final Category category, final String message, final Throwable cause)
    {
        super(category, message, cause);
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
