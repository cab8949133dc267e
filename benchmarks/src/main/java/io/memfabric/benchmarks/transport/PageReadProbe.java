/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

/**
 * One way of getting a page to the reader, measured by the {@code transport} suite through one loop for all:
 * {@link #setUp(PageSet)} once per page size, then {@link #check(int)} of every page, then timed {@link #read(int)}s
 * one at a time in a random order, then, if {@link #pipelined(int)} offers it, reads with several in flight.
 * <p>
 * A probe runs in the suite's probe JVM, which has the JDK access Aeron and Agrona need. It owns whatever it starts
 * (media drivers, threads, connections) and releases it in {@link #close()}; the page set belongs to the suite.
 * <p>
 * To add a probe, implement this (and {@link PipelinedReads} when the transport can have several reads in flight)
 * and register it in {@link TransportProbes#probes}.
 */
public interface PageReadProbe extends AutoCloseable
{
    /**
     * @return the name figures and ratios use, {@code snake_case}, e.g. {@code raw_aeron_udp}.
     */
    String name();

    /**
     * Prepares for reads of these pages: starts what the probe needs and puts the pages where a read will find them
     * (a server's memory, a store, a pool). Not timed.
     *
     * @param pages the pages; valid until {@link #close()}.
     * @throws Exception if the probe cannot run; it is then reported absent with the exception's message.
     */
    void setUp(PageSet pages) throws Exception;

    /**
     * Reads one page and returns when all its bytes are in a buffer of the reader's own, or, for a zero-copy read,
     * when the reader has read every byte in place. Timed; should allocate nothing.
     *
     * @param pageIndex the page, below {@link PageSet#pageCount()}.
     * @throws Exception if the read fails; the probe is then reported absent.
     */
    void read(int pageIndex) throws Exception;

    /**
     * Reads one page as {@link #read(int)} does and checks it arrived whole, with {@link PageSet#verify}. Not timed;
     * the suite checks every page before it times any, so a fast but broken transfer is never reported.
     *
     * @param pageIndex the page.
     * @throws Exception if the read fails or the page differs ({@link PageMismatchException}).
     */
    void check(int pageIndex) throws Exception;

    /**
     * @param window how many reads the suite will keep in flight at once.
     * @return reads that can overlap, with a destination per read in flight; {@code null} (the default) when this
     * probe reads one page at a time only.
     * @throws Exception if they cannot be set up.
     */
    default PipelinedReads pipelined(final int window) throws Exception
    {
        return null;
    }

    /**
     * Releases what {@link #setUp(PageSet)} started; called even when set-up failed part way. A failure to release
     * is thrown unchecked (Agrona's {@code CloseHelper.closeAll} does).
     */
    void close();
}
