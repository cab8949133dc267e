/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.stat;

/**
 * One counter an operator reads: a name that stays (it is printed by {@code ./fabric stat} and exposed over JMX), what
 * it counts, and whether it is a gauge (a level that goes up and down) or a count since the process started.
 */
public interface FabricCounter
{
    /**
     * @return the counter's name, lower case with underscores, e.g. {@code locks_acquired}.
     */
    String id();

    /**
     * @return what the counter counts, one sentence.
     */
    String description();

    /**
     * @return whether the counter is a level (locks held now) rather than a count since the process started.
     */
    boolean gauge();

    /**
     * @return the Aeron counter type id, unique among MemFabric's counters.
     */
    int typeId();
}
