/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

/**
 * What a {@code clone()} call in a shareable class calls around it, after the agent rewrote it. {@code Object.clone}
 * copies fields as they are in this JVM, the header field included:
 * <ul>
 *   <li>{@link #before} brings the original's local copy up to date first: on a cluster its fields may be older than
 *   the fabric's state (a write goes through the cluster and the fields catch up at the next read);</li>
 *   <li>{@link #after} clears the header the copy got from the original, so the copy is an ordinary unshared object
 *   from the start. Headers copied some other way are found and cleared where they are next used
 *   ({@link ObjectHeader#of}).</li>
 * </ul>
 * Both cost one type check for an object that is not shared.
 */
public final class CloneHooks
{
    private CloneHooks()
    {
    }

    /**
     * Before {@code clone()}.
     *
     * @param original the object being cloned.
     */
    public static void before(final Object original)
    {
        final ObjectHeader header = ObjectHeader.of(original);
        if (header != null && !header.readValid())
        {
            header.refresh(original);
        }
    }

    /**
     * After {@code clone()} returned.
     *
     * @param copy what it returned.
     */
    public static void after(final Object copy)
    {
        ObjectHeader.of(copy);
    }
}
