/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

/**
 * How an {@link Operation} ended, as far as the client that invoked it knows.
 */
public enum OpStatus
{
    /**
     * It returned normally; its outcome and response time are known.
     */
    OK,

    /**
     * It never returned (a timeout, a crash, a SIGKILL): it may or may not have taken effect, at any time after its
     * invocation. A checker may linearize it anywhere after its invocation, or leave it out.
     */
    PENDING,

    /**
     * It failed in a way that guarantees it took no effect (for instance rejected before it was sent). A checker
     * ignores it.
     */
    FAILED
}
