/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * There is no fabric to serve the call: the JVM was started without the agent, the fabric was closed, or (with a
 * cluster) the cluster could not be reached in time. Always {@link Category#UNAVAILABLE}.
 */
public class FabricUnavailableException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param message why no fabric is available and what to do.
     */
    public FabricUnavailableException(final String message)
    {
        super(Category.UNAVAILABLE, message);
    }
}
