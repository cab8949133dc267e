/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.annotations;

/**
 * How a shared field keeps its meaning across the JVMs and hosts of a fabric.
 */
public enum Consistency
{
    /**
     * Java's own meaning across JVMs: every read returns the latest completed write (linearizable per field),
     * {@code synchronized} on a shared object is a fabric-wide reentrant lock, and {@code volatile} and the
     * happens-before edges of the Java Memory Model hold across JVMs. A write is acknowledged only once a majority of
     * the cluster holds it.
     */
    STRONG,

    /**
     * Writes apply locally at once and reach every other node in an order that respects causality; reads are local.
     */
    CAUSAL,

    /**
     * Local reads and writes; concurrent writes are resolved last-writer-wins by hybrid logical clock (or merged, for
     * the fabric's mergeable types), and replicas converge once partitions heal.
     */
    EVENTUAL
}
