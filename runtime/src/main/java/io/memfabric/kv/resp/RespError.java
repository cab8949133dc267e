/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

/**
 * An error reply a command gives, thrown from deep in its arguments and answered by the dispatcher. Carries no stack
 * trace: it is a reply, not a fault.
 */
final class RespError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param errorLine the reply without its leading '-', e.g. {@code ERR syntax error}.
     */
    RespError(final String errorLine)
    {
        super(errorLine, null, false, false);
    }

    /**
     * @return the reply without its leading '-'.
     */
    String errorLine()
    {
        return getMessage();
    }

    static RespError notAnInteger()
    {
        return new RespError("ERR value is not an integer or out of range");
    }

    static RespError syntax()
    {
        return new RespError("ERR syntax error");
    }

    static RespError invalidExpireTime(final String command)
    {
        return new RespError("ERR invalid expire time in '" + command + "' command");
    }

    static RespError wrongArity(final String command)
    {
        return new RespError("ERR wrong number of arguments for '" + command + "' command");
    }
}
