/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A transaction ({@link Fabric#atomically}) that could not commit in as many attempts as it was given: each time,
 * another JVM changed something it read before it committed. Nothing of it was written. Category
 * {@link Category#LOST}: running it again may succeed (under less contention, or given more attempts).
 */
public class FabricTransactionException extends FabricException
{
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param attempts how many times the transaction ran.
     * @param message  what happened, naming what changed last.
     */
    public FabricTransactionException(final int attempts, final String message)
    {
        super(Category.LOST, message);
        this.attempts = attempts;
    }

    /**
     * @return how many times the transaction ran.
     */
    public int attempts()
    {
        return attempts;
    }
}
