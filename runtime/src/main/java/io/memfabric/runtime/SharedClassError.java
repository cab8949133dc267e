/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

/**
 * A class cannot be put on the fabric as written: a shared field of a type that cannot be shared, a bad root URI, or
 * a class the agent failed to rewrite. Thrown from the class's static initializer, so the program stops before any
 * code runs on the class; the message names the class, the field, its type and what to do instead.
 * <p>
 * It is a {@link LinkageError}, like the JVM's own errors for classes that cannot be used, so it is not wrapped in
 * an {@link ExceptionInInitializerError}.
 */
public final class SharedClassError extends LinkageError
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the class and what to do.
     */
    public SharedClassError(final String message)
    {
        super(message);
    }

    /**
     * Throws the error. The agent puts a call to this at the start of the static initializer of a class it refused,
     * so the class can never be initialized.
     *
     * @param message what is wrong with the class and what to do.
     */
    public static void raise(final String message)
    {
        throw new SharedClassError(message);
    }
}
