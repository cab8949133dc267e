/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.embedded;

import io.memfabric.FabricConfig;
import io.memfabric.runtime.FabricNode;
import io.memfabric.runtime.ObjectHeader;

/**
 * The fabric inside one JVM, used when {@code memfabric.cluster} is not set: a program runs unchanged on a laptop,
 * with nothing to install.
 * <p>
 * The JVM's memory is the whole fabric, so each object's fields are the authoritative copy: every header allows
 * local reads and writes, and shared fields are made {@code volatile} by the agent, which makes each of them
 * linearizable. {@code synchronized} on a shared object is the JVM's own reentrant monitor, which here spans the
 * whole fabric. CAUSAL and EVENTUAL fields are served with these STRONG semantics (stronger is safe).
 */
public final class EmbeddedFabric extends FabricNode
{
    /**
     * @param config concluded settings without a cluster.
     */
    public EmbeddedFabric(final FabricConfig config)
    {
        super(config, new LocalStrongStore());
    }

    protected void onShared(final ObjectHeader header)
    {
        access(header, true, true);
        replicaValid(header, true);
    }

    protected void refresh(final ObjectHeader header, final Object owner)
    {
        ensureOpen();
    }

    protected boolean write(final ObjectHeader header, final Object owner, final int slot, final Object value)
    {
        publish(value);
        return true;
    }

    /**
     * @return the node's name, for messages.
     */
    public String toString()
    {
        return "embedded fabric@" + Integer.toHexString(System.identityHashCode(this));
    }
}
