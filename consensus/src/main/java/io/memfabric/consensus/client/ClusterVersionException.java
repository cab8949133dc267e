/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

/**
 * The cluster speaks a wire version this client cannot talk to (an older MemFabric's): no request can succeed until
 * its members are upgraded, so the client fails every request at once.
 */
public final class ClusterVersionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the versions of both sides and what to do.
     */
    public ClusterVersionException(final String message)
    {
        super(message);
    }
}
