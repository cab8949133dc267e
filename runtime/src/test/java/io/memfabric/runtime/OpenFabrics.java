/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.Fabric;
import io.memfabric.FabricConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The fabrics a test opened, so its {@code @AfterEach} can close every one of them, even after a failed assertion.
 */
public final class OpenFabrics
{
    private final List<Fabric> fabrics = new ArrayList<>();

    /**
     * @param config the settings.
     * @return a fabric opened with {@link Fabric#open(FabricConfig)}, closed by {@link #closeAll()}.
     */
    public Fabric open(final FabricConfig config)
    {
        final Fabric fabric = Fabric.open(config);
        fabrics.add(fabric);
        return fabric;
    }

    /**
     * @return an embedded fabric, as a node so tests can reach the runtime's side of it.
     */
    public FabricNode openNode()
    {
        return (FabricNode)open(new FabricConfig());
    }

    /**
     * Closes every fabric opened so far.
     */
    public void closeAll()
    {
        for (final Fabric fabric : fabrics)
        {
            fabric.close();
        }
        fabrics.clear();
    }
}
