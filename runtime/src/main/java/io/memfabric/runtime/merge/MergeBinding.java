/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.merge;

import io.memfabric.runtime.ObjectHeader;

/**
 * Finds the state a merging object works on: its own until it is shared, then the one its node holds for it (which
 * other JVMs' changes reach), into which what it did before being shared is merged, once.
 */
public final class MergeBinding
{
    private MergeBinding()
    {
    }

    /**
     * @param object any object.
     * @return whether it is one of the fabric's merging types.
     */
    public static boolean isMerging(final Object object)
    {
        return object instanceof io.memfabric.collections.ReplicatedCounter ||
            object instanceof io.memfabric.collections.ReplicatedSet ||
            object instanceof io.memfabric.collections.ReplicatedMap;
    }

    /**
     * @param owner   the merging object.
     * @param current the state it used so far, or {@code null}.
     * @param kind    its kind ({@link MergeState#COUNTER}, ...).
     * @return the state to use now.
     */
    public static MergeState bind(final Object owner, final MergeState current, final byte kind)
    {
        if (current != null && current.isHeld())
        {
            return current;
        }
        final ObjectHeader header = ObjectHeader.of(owner);
        if (header == null)
        {
            return current != null ? current : MergeState.create(kind, 0, null);
        }
        final MergeState held = header.node().mergeState(header.objectId(), kind);
        if (current != null)
        {
            held.absorb(current);
        }
        return held;
    }
}
