/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

/**
 * Where a {@link Task} is in its life on the board.
 */
public enum TaskState
{
    /**
     * On the board, waiting for an agent.
     */
    POSTED,

    /**
     * Taken by an agent that is working on it.
     */
    TAKEN,

    /**
     * Finished: its result and note are set.
     */
    DONE
}
