/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.embedded;

import io.memfabric.FabricUri;
import io.memfabric.runtime.FabricNode;
import io.memfabric.runtime.RootCell;
import io.memfabric.runtime.StrongStore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The STRONG store of the embedded fabric: roots and object ids in this JVM's memory.
 */
public final class LocalStrongStore implements StrongStore
{
    private final ConcurrentHashMap<FabricUri, RootCell> roots = new ConcurrentHashMap<>();
    private final AtomicLong objectIds = new AtomicLong();

    /**
     * {@inheritDoc}
     */
    public RootCell cell(final FabricNode node, final FabricUri uri)
    {
        return roots.computeIfAbsent(uri, u -> new RootCell(node, u));
    }

    /**
     * {@inheritDoc}
     */
    public long newObjectId()
    {
        return objectIds.incrementAndGet();
    }

    /**
     * {@inheritDoc}
     */
    public int rootCount()
    {
        return roots.size();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        roots.clear();
    }
}
