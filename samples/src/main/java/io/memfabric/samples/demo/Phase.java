/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

/**
 * The phase the swarm's {@link Plan} is in.
 */
public enum Phase
{
    /**
     * The planner has not posted anything yet.
     */
    PLANNING,

    /**
     * Tasks are being posted and worked on.
     */
    WORKING,

    /**
     * Every task is done.
     */
    COMPLETE
}
