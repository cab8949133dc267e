/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.protocol.ErrorCode;

/**
 * The cluster refused a request: the error code says why (a stale fencing token, a lock not held, ...).
 */
public final class ConsensusException extends RuntimeException
{
    private static final long serialVersionUID = 1L;
    private static final ErrorCode[] CODES = ErrorCode.values();

    private final ErrorCode code;

    /**
     * @param code    the cluster's error code.
     * @param message the cluster's explanation.
     */
    public ConsensusException(final ErrorCode code, final String message)
    {
        super(code + ": " + message);
        this.code = code;
    }

    /**
     * An ERROR as it came: its code may be one this client does not know (a newer cluster's).
     *
     * @param rawCode the code on the wire.
     * @param message the cluster's explanation.
     * @return the exception; its code is {@link ErrorCode#NULL_VAL} if this client does not know the code, and its
     * message then names the number.
     */
    static ConsensusException of(final int rawCode, final String message)
    {
        final ErrorCode code = code(rawCode);
        return code != ErrorCode.NULL_VAL ? new ConsensusException(code, message) :
            new ConsensusException(code, codeName(rawCode) + ": " + message);
    }

    /**
     * @param rawCode an error code on the wire.
     * @return its name, or what it is when this client does not know it.
     */
    static String codeName(final int rawCode)
    {
        final ErrorCode code = code(rawCode);
        return code != ErrorCode.NULL_VAL ? code.name() : "error code " + rawCode + ", unknown to this client";
    }

    private static ErrorCode code(final int rawCode)
    {
        for (final ErrorCode code : CODES)
        {
            if (code.value() == rawCode)
            {
                return code;
            }
        }
        return ErrorCode.NULL_VAL;
    }

    /**
     * @return the cluster's error code, or {@link ErrorCode#NULL_VAL} for a code this client does not know.
     */
    public ErrorCode code()
    {
        return code;
    }
}
