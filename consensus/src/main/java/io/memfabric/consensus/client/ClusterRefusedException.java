/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricException;

/**
 * The cluster's members refused this client's session: it did not prove the secret they were started with. Always
 * {@link FabricException.Category#REFUSED}: retrying cannot help until the client has the secret.
 */
public final class ClusterRefusedException extends FabricException
{
    /**
     * @param message what was refused and why.
     */
    public ClusterRefusedException(final String message)
    {
        super(Category.REFUSED, message);
    }
}
