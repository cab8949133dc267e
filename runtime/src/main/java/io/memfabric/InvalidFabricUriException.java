/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A string is not a valid fabric URI ({@code fabric://namespace/path}). The message says which part is wrong. Always
 * {@link Category#USAGE}: the program passed the URI.
 */
public class InvalidFabricUriException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param message the URI, what is wrong with it and the expected form.
     */
    public InvalidFabricUriException(final String message)
    {
        super(Category.USAGE, message);
    }
}
