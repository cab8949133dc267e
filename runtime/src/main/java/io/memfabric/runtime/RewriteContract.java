/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

/**
 * The names the agent gives to what it generates, and that the runtime relies on. One place, so the two sides cannot
 * drift apart. Every generated member is synthetic and starts with {@code $mf$}.
 */
public final class RewriteContract
{
    /**
     * The instance field holding an object's {@link ObjectHeader}, declared by the top shareable class.
     */
    public static final String HEADER_FIELD = "$mf$h";

    /**
     * A static final String field listing the shared instance fields a class declares, one per line, in slot order:
     * {@code name descriptor consistency}.
     */
    public static final String SLOTS_FIELD = "$mf$slots";

    /**
     * Prefix of the static accessor that reads a shared field: {@code $mf$r$count(Owner)J}, or {@code ()J} for a
     * static field.
     */
    public static final String READ_PREFIX = "$mf$r$";

    /**
     * Prefix of the static accessor that writes a shared field: {@code $mf$w$count(Owner;J)V}, or {@code (J)V}.
     */
    public static final String WRITE_PREFIX = "$mf$w$";

    /**
     * Prefix of the static accessor a static initializer uses to initialize a root field only if the root does not
     * exist yet: {@code $mf$i$count(J)V}.
     */
    public static final String INIT_PREFIX = "$mf$i$";

    /**
     * Prefix of the static final field holding the {@link RootCell} behind a static shared field.
     */
    public static final String CELL_PREFIX = "$mf$c$";

    /**
     * Prefix every generated member starts with.
     */
    public static final String PREFIX = "$mf$";

    private RewriteContract()
    {
    }
}
