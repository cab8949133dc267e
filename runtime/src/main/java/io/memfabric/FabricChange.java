/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A change another JVM made to a subscribed object (see {@link Fabric#subscribe}).
 *
 * @param target   the object, this JVM's copy of it.
 * @param field    the field's name, or {@code null} for a change of a merging object ({@code ReplicatedCounter},
 *                 {@code ReplicatedSet}, {@code ReplicatedMap}: read it for its state).
 * @param value    the field's new value (boxed if primitive), or {@code null} for a merging object.
 * @param node     the node id of the JVM that wrote it.
 * @param stamp    the write's hybrid-logical-clock stamp: a write that follows it (causally) has a higher stamp, so a
 *                 subscriber that sees a change twice can tell.
 * @param replayed whether it comes from this JVM's journal, after a restart, rather than as it arrived.
 * @param position where the change is in this JVM's journal (0 without a journal).
 */
public record FabricChange(
    Object target, String field, Object value, int node, long stamp, boolean replayed, long position)
{
}
