/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.FabricException;

/**
 * A command the store could not carry out, with the error line a client gets: a Redis error code ({@code ERR},
 * {@code OOM}) followed by what was wrong and what to do. The error code is what a Redis client branches on; the
 * {@link #category()} is what a Java caller of the store does (a value too large, a pool with no room:
 * {@link Category#LIMIT}).
 */
public final class RespStoreException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param category  what kind of failure this is.
     * @param errorLine the error as sent to the client, without the leading '-': e.g. {@code OOM no room ...}.
     */
    public RespStoreException(final Category category, final String errorLine)
    {
        super(category, errorLine);
    }

    /**
     * @param category  what kind of failure this is.
     * @param errorLine the error as sent to the client, without the leading '-'.
     * @param cause     what the store ran into.
     */
    public RespStoreException(final Category category, final String errorLine, final Throwable cause)
    {
        super(category, errorLine, cause);
    }

    /**
     * @return the error line for the client, without the leading '-'.
     */
    public String errorLine()
    {
        return getMessage();
    }
}
