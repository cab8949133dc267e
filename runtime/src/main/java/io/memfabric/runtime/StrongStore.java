/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricUri;

/**
 * Where the authoritative state of STRONG objects lives: the root directory and the object ids. The embedded node
 * keeps it in this JVM ({@link io.memfabric.runtime.embedded.LocalStrongStore}); a cluster-backed node keeps it in
 * the consensus cluster, and later in sharded, leased primaries, behind this same interface.
 */
public interface StrongStore extends AutoCloseable
{
    /**
     * Gets the cell of the root named {@code uri}, creating an empty one if the root does not exist yet. Atomic: all
     * callers get the same cell.
     *
     * @param node the node asking, which owns the cells it creates.
     * @param uri  the root's name.
     * @return the cell.
     */
    RootCell cell(FabricNode node, FabricUri uri);

    /**
     * @return a new object id, unique on this store.
     */
    long newObjectId();

    /**
     * @return the number of roots the store holds.
     */
    int rootCount();

    /**
     * Releases what the store holds.
     */
    void close();
}
