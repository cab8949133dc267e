/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * Is told of the changes other JVMs make to an object (see {@link Fabric#subscribe}). Calls come from one thread of
 * the fabric, one at a time, in the order the changes were applied here (causal order for CAUSAL fields); a listener
 * that blocks holds back the subscription's later changes, not the fabric.
 */
@FunctionalInterface
public interface FabricChangeListener
{
    /**
     * @param change what changed.
     */
    void onChange(FabricChange change);

    /**
     * Changes may be missing here: this JVM caught up by installing another JVM's state (after joining late, a
     * restart or a partition), which holds the latest value of each field, not every write in between. The change
     * that carries the latest value follows. The default does nothing.
     *
     * @param target what the missing changes were to.
     * @param why    what happened.
     */
    default void onGap(final Object target, final String why)
    {
    }
}
