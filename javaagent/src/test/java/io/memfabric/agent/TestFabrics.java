/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.Fabric;
import io.memfabric.FabricConfig;
import io.memfabric.runtime.FabricNode;
import io.memfabric.runtime.JvmFabric;

/**
 * Binds "the fabric of this JVM" once for the unit tests, as the agent does at start, so static roots of rewritten
 * fixtures have somewhere to live.
 */
final class TestFabrics
{
    private static FabricNode bound;

    private TestFabrics()
    {
    }

    static synchronized FabricNode jvmFabric()
    {
        if (bound == null)
        {
            bound = (FabricNode)Fabric.open(new FabricConfig());
            JvmFabric.bind(bound);
        }
        return bound;
    }
}
