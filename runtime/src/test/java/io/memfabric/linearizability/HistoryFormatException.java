/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

/**
 * A history file that does not follow {@link HistoryFormat}, or histories that contradict each other (the same
 * operation invoked twice, a completion without an invocation). Says which file and line.
 */
public final class HistoryFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param source where the bad line is, e.g. {@code "p1.history:17"}.
     * @param problem what is wrong with it.
     */
    public HistoryFormatException(final String source, final String problem)
    {
        super(source + ": " + problem);
    }
}
