/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

import io.memfabric.annotations.Shared;

/**
 * The shared object whose field the access suite reads and writes: held by a root, so the agent's accessors guard
 * every access to {@link #value}.
 */
@Shared
public class SharedCell
{
    long value;
}
