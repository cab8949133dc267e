/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

/**
 * A command the store could not carry out, with the error line a client gets: a Redis error code ({@code ERR},
 * {@code OOM}) followed by what was wrong and what to do.
 */
public final class RespStoreException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param errorLine the error as sent to the client, without the leading '-': e.g. {@code OOM no room ...}.
     */
    public RespStoreException(final String errorLine)
    {
        super(errorLine);
    }

    /**
     * @param errorLine the error as sent to the client, without the leading '-'.
     * @param cause     what the store ran into.
     */
    public RespStoreException(final String errorLine, final Throwable cause)
    {
        super(errorLine, cause);
    }

    /**
     * @return the error line for the client, without the leading '-'.
     */
    public String errorLine()
    {
        return getMessage();
    }
}
