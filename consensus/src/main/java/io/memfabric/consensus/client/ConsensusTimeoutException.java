/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricException;

/**
 * The cluster did not answer a request within its bound: no leader was reachable, or it stayed too busy. The request
 * may or may not have been applied; retrying it with the same request id is safe. Always
 * {@link FabricException.Category#UNAVAILABLE}.
 */
public final class ConsensusTimeoutException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param message what was asked, of which cluster, and for how long.
     */
    public ConsensusTimeoutException(final String message)
    {
        super(Category.UNAVAILABLE, message);
    }
}
