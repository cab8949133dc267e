/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

/**
 * Page reads of a {@link PageReadProbe} that overlap: the suite starts reads with {@link #begin(int)}, never more
 * than the window the probe was made for at once, and waits for completions with {@link #awaitCompleted()}. Reads
 * may complete in any order; each lands in a destination of its own until it completes.
 */
public interface PipelinedReads
{
    /**
     * Starts reading a page. Returns at once, or once the transport accepts the request.
     *
     * @param pageIndex the page.
     * @throws Exception if the request cannot be sent.
     */
    void begin(int pageIndex) throws Exception;

    /**
     * Waits until at least one started read has all of its page in the reader's buffer.
     *
     * @return how many reads completed since the last call, at least one.
     * @throws Exception if the transport fails or nothing completes within the probe's stall timeout.
     */
    int awaitCompleted() throws Exception;
}
