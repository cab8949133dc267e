/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.CompletableFuture;

/**
 * One-sided page movement between nodes: the service-provider interface a transport implements. On this machine
 * {@link DataPlane} implements it over Aeron; an RDMA verbs provider (see {@code docs/RDMA.md}) would implement it
 * with real one-sided READ and WRITE. Every completed read or write has been checked against the page's CRC32C.
 */
public interface PageTransport
{
    /**
     * Reads a page from the node that holds it into local memory.
     *
     * @param ref    the page.
     * @param dst    where its bytes go; must stay untouched until the future completes.
     * @param offset where in dst.
     * @return completes with the reference when every byte arrived and the checksum matched; fails with a
     * {@link PageTransferException} otherwise (missing page, checksum mismatch, timeout, peer unknown).
     */
    CompletableFuture<PageRef> read(PageRef ref, MutableDirectBuffer dst, int offset);

    /**
     * Reads a page into a local sink (usually the host's pool), committing it there once checked.
     *
     * @param ref  the page.
     * @param sink where it lands.
     * @return completes with the reference once committed.
     */
    CompletableFuture<PageRef> read(PageRef ref, PageSink sink);

    /**
     * Writes a page into another node's page sink.
     *
     * @param node   the receiving node.
     * @param key    the page's key.
     * @param src    its bytes; must stay unchanged until the future completes.
     * @param offset where in src.
     * @param length how many bytes.
     * @return completes with the page's reference on that node once it stored and checked it.
     */
    CompletableFuture<PageRef> write(int node, PageKey key, DirectBuffer src, int offset, int length);
}
