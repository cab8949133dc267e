/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A thread wrote a shared object inside a {@code synchronized} block whose fabric-wide lock it no longer holds: this
 * JVM was paused or cut off from the cluster past its session ({@code memfabric.session.ms}), so the cluster gave
 * the lock to another JVM. The write was not applied. Leave the block, and redo the work under a new lock. Always
 * {@link Category#LOST}.
 */
public class FabricLockLostException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param message which lock was lost and what happened to the write.
     */
    public FabricLockLostException(final String message)
    {
        super(Category.LOST, message);
    }
}
