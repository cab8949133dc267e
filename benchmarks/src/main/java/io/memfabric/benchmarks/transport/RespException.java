/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import java.io.IOException;

/**
 * Redis answered something the {@link RespClient} did not ask for: an error reply, a missing key, or bytes that are
 * not RESP2.
 */
public class RespException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was expected and what came.
     */
    public RespException(final String message)
    {
        super(message);
    }
}
