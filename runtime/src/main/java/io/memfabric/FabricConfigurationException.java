/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A configuration value is missing, malformed or unknown. The message names the setting, the value and what is
 * accepted.
 */
public class FabricConfigurationException extends FabricException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the setting, the bad value and what is accepted.
     */
    public FabricConfigurationException(final String message)
    {
        super(message);
    }
}
