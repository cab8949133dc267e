/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricException;

/**
 * The cluster speaks a wire version this client cannot talk to (an older MemFabric's): no request can succeed until
 * its members are upgraded, so the client fails every request at once. Always
 * {@link FabricException.Category#REFUSED}.
 */
public final class ClusterVersionException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param message the versions of both sides and what to do.
     */
    public ClusterVersionException(final String message)
    {
        super(Category.REFUSED, message);
    }
}
