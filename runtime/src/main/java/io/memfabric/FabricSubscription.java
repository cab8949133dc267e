/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A subscription made by {@link Fabric#subscribe}; closing it stops its calls (its position stays saved, so a
 * subscription of the same name resumes from it).
 */
public interface FabricSubscription extends AutoCloseable
{
    /**
     * @return the subscription's name.
     */
    String name();

    /**
     * Stops the calls; closing twice does nothing.
     */
    void close();
}
