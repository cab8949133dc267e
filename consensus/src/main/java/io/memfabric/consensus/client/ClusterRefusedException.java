/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

/**
 * The cluster's members refused this client's session: it did not prove the secret they were started with.
 */
public final class ClusterRefusedException extends RuntimeException
{
    /**
     * @param message what was refused and why.
     */
    public ClusterRefusedException(final String message)
    {
        super(message);
    }
}
