/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;
import io.memfabric.runtime.merge.CounterState;
import io.memfabric.runtime.merge.MergeBinding;
import io.memfabric.runtime.merge.MergeState;

/**
 * A counter every JVM adds to locally, at the cost of a local update, and that merges: replicas converge to the sum
 * of every JVM's additions once they have heard from each other, after a partition too (a PN-counter: each JVM's own
 * totals travel, and merging keeps the larger). Reads are local and may lag other JVMs' additions; it is the fabric's
 * EVENTUAL counter, whatever the consistency of the field holding it. Thread-safe.
 * <p>
 * Store it in a shared field or root to share it; what was added before is kept.
 */
@Shared
public class ReplicatedCounter
{
    private transient volatile CounterState state;

    /**
     * A counter at zero, local until it is stored into a shared field or root.
     */
    public ReplicatedCounter()
    {
    }

    /**
     * @param delta what to add; negative to subtract.
     */
    public void add(final long delta)
    {
        state().add(delta);
    }

    /**
     * Adds one.
     */
    public void increment()
    {
        state().add(1);
    }

    /**
     * @return the sum of every addition this JVM has heard of.
     */
    public long get()
    {
        return state().value();
    }

    private CounterState state()
    {
        final CounterState current = state;
        if (current != null && current.isHeld())
        {
            return current;
        }
        final CounterState bound = (CounterState)MergeBinding.bind(this, current, MergeState.COUNTER);
        state = bound;
        return bound;
    }

    /**
     * @return the value, for messages.
     */
    public String toString()
    {
        return Long.toString(get());
    }
}
