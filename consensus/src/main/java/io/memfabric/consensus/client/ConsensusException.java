/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.codec.ErrorCode;

/**
 * The cluster refused a request: the error code says why (a stale fencing token, a lock not held, ...).
 */
public final class ConsensusException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

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
     * @return the cluster's error code.
     */
    public ErrorCode code()
    {
        return code;
    }
}
