/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.causal;

import io.memfabric.transport.TransportException;

/**
 * An encoded {@link VectorClock} that cannot be read: truncated, or breaking a rule of the layout. The frame that
 * carried it must be dropped and counted; it is never delivered, since its causal dependencies are unknown. Always
 * {@link Category#CORRUPT}.
 */
public class MalformedStampException extends TransportException
{
    private static final long serialVersionUID = 2L;

    private final int offset;

    /**
     * @param message what rule the encoding breaks.
     * @param offset  in the buffer of the first byte that breaks it.
     */
    public MalformedStampException(final String message, final int offset)
    {
        super(Category.CORRUPT, message + " (at buffer index " + offset + "); drop the frame");
        this.offset = offset;
    }

    /**
     * @return the buffer index of the first byte that breaks the layout.
     */
    public int offset()
    {
        return offset;
    }
}
