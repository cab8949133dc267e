/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.memfabric.annotations.Consistency;
import io.memfabric.annotations.Shared;
import io.memfabric.collections.ReplicatedCounter;

/**
 * The shared root of the {@code models} suite's probes: CAUSAL and EVENTUAL fields, a merging counter, and STRONG
 * counts the probes meet on.
 */
@Shared
public class ModelsBoard
{
    @Shared(consistency = Consistency.CAUSAL)
    long causal;
    @Shared(consistency = Consistency.EVENTUAL)
    long eventual;
    // A message for the propagation probe: when it was sent; then the number of messages, once all were sent.
    @Shared(consistency = Consistency.CAUSAL)
    long sentNanos;
    @Shared(consistency = Consistency.CAUSAL)
    long sequence;
    ReplicatedCounter counter = new ReplicatedCounter();
    int ready;
    int done;
    long added;
}
