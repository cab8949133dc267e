/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import java.io.IOException;

/**
 * A member of a cluster the suite started exited before the cluster was ready: it crashed, or (with
 * {@link #refusal()}) its system would not start with the configuration it was given.
 */
final class MemberExitedException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final String refusal;

    /**
     * @param message what exited, with which status, and where its log is.
     * @param refusal the member's {@code REFUSED} reason, or {@code null} if it printed none.
     */
    MemberExitedException(final String message, final String refusal)
    {
        super(null == refusal ? message : message + ": " + refusal);
        this.refusal = refusal;
    }

    /**
     * @return why the member's system refused to start, or {@code null} if it did not say.
     */
    String refusal()
    {
        return refusal;
    }
}
