/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

/**
 * A benchmark run was asked for with settings it cannot run with: the message says which setting and how to fix it.
 */
public class BenchConfigurationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and what to do about it.
     */
    public BenchConfigurationException(final String message)
    {
        super(message);
    }
}
