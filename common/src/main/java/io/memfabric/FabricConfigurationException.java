/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A setting is missing, malformed or out of range. Every component's settings ({@code FabricConfig},
 * {@code ClientConfig}, {@code MemberConfig}, {@code TransportConfig}, {@code PoolConfig}, {@code KvConfig},
 * {@code RespConfig}) throw it from {@code conclude()} and from reading properties; the message names the setting,
 * the bad value and what is accepted. Always {@link Category#CONFIGURATION}.
 */
public class FabricConfigurationException extends FabricException
{
    private static final long serialVersionUID = 2L;

    /**
     * @param message the setting, the bad value and what is accepted.
     */
    public FabricConfigurationException(final String message)
    {
        super(Category.CONFIGURATION, message);
    }

    /**
     * @param message the setting, the bad value and what is accepted.
     * @param cause   why the value could not be read.
     */
    public FabricConfigurationException(final String message, final Throwable cause)
    {
        super(Category.CONFIGURATION, message, cause);
    }
}
