/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import java.util.Objects;

/**
 * The root of every error MemFabric reports: the fabric, the consensus client, the data plane, the page pool and the
 * KV store all throw a {@code FabricException} or a subclass. Its {@link Category} says what kind of failure it is and
 * so what a caller can do about it; its message says what failed and what to do. Catch {@code FabricException} to
 * catch everything MemFabric throws, and branch on {@link #category()} rather than on the subclass.
 */
public class FabricException extends RuntimeException
{
    private static final long serialVersionUID = 2L;

    /**
     * What kind of failure an error is, which decides what the caller can do about it.
     */
    public enum Category
    {
        /** A setting, an option or a name is wrong: fix it; trying again as is cannot help. */
        CONFIGURATION(false),
        /** The program used the fabric in a way it does not support (a type it cannot share, a root of two kinds). */
        USAGE(false),
        /** The cluster or a peer did not answer in time: check the members and the network, then try again. */
        UNAVAILABLE(true),
        /** The other side refused: a wrong secret, an incompatible version, a request it cannot read. */
        REFUSED(false),
        /** A lock, lease or ownership this JVM held is gone (fenced): what ran under it must be redone. */
        LOST(true),
        /** What was asked for does not exist (any more): an object, a page, a key. */
        NOT_FOUND(false),
        /** A capacity or size limit was reached: free room or raise the limit. */
        LIMIT(true),
        /** Data failed an integrity check: a checksum, a damaged file or message. */
        CORRUPT(false),
        /** The thread was interrupted while it waited. */
        INTERRUPTED(false),
        /** A fault in MemFabric itself: please report it with the message. */
        INTERNAL(false);

        private final boolean retryable;

        Category(final boolean retryable)
        {
            this.retryable = retryable;
        }

        /**
         * @return whether the same operation may succeed if tried again later, with nothing changed.
         */
        public boolean retryable()
        {
            return retryable;
        }
    }

    private final Category category;

    /**
     * @param category what kind of failure this is.
     * @param message  what failed and what to do.
     */
    public FabricException(final Category category, final String message)
    {
        super(message);
        this.category = Objects.requireNonNull(category, "category");
    }

    /**
     * @param category what kind of failure this is.
     * @param message  what failed and what to do.
     * @param cause    the underlying failure.
     */
    public FabricException(final Category category, final String message, final Throwable cause)
    {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
    }

    /**
     * @return what kind of failure this is.
     */
    public Category category()
    {
        return category;
    }
}
