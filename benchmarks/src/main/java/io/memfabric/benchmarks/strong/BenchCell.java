/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.annotations.Shared;

/**
 * The shared root the MemFabric probe reads, writes and locks: STRONG (the default), so the agent's accessors send
 * every access the cluster must see to the cluster.
 */
@Shared
public class BenchCell
{
    long value;
    long turn;
}
