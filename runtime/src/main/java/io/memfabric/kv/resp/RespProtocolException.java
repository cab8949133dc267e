/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

/**
 * Input that is not RESP: the client is told {@code -ERR Protocol error: <message>} and its connection is closed, as
 * Redis does, since nothing after the error can be framed.
 */
final class RespProtocolException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, as Redis words it where Redis has the case (e.g. "invalid bulk length").
     */
    RespProtocolException(final String message)
    {
        super(message, null, false, false);
    }

    /**
     * @return the reply without its leading '-'.
     */
    String errorLine()
    {
        return "ERR Protocol error: " + getMessage();
    }
}
