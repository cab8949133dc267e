/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

/**
 * What {@link LinearizabilityChecker} concluded about a register, or a whole history.
 */
public enum Verdict
{
    /**
     * A linearization exists: some order of the operations respects real time and register semantics.
     */
    LINEARIZABLE,

    /**
     * The search proved that no linearization exists.
     */
    NOT_LINEARIZABLE,

    /**
     * The search reached its limit of explored states before it could decide.
     */
    UNKNOWN
}
