/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayQueue;
import org.agrona.concurrent.Agent;

/**
 * The server side of the raw Aeron probes, on a thread of its own: takes page requests (a 4-byte page index) from
 * one stream and answers each, in the order asked, with the page in chunks on another, each chunk one Aeron frame:
 * a 4-byte chunk index, then up to {@link RawAeronProbe#chunkBytes(int)} bytes of the page, written straight into
 * the publication's term with {@link ExclusivePublication#tryClaim}. No MemFabric framing, no checksum: the least
 * work a page transfer over Aeron can do.
 */
final class PageServer implements Agent
{
    private static final int REQUESTS_PER_POLL = 16;

    private final PageSet pages;
    private final Subscription requests;
    private final ExclusivePublication responses;
    private final int chunkBytes;
    private final BufferClaim claim = new BufferClaim();
    private final IntArrayQueue pending = new IntArrayQueue();
    private final FragmentHandler onRequest = this::onRequest;
    private int page = -1;
    private int nextOffset;
    private int nextChunk;
    private long lastClaim;

    /**
     * @param pages      the pages it serves.
     * @param requests   where requests arrive.
     * @param responses  where chunks go.
     * @param chunkBytes page bytes per chunk.
     */
    PageServer(
        final PageSet pages, final Subscription requests, final ExclusivePublication responses, final int chunkBytes)
    {
        this.pages = pages;
        this.requests = requests;
        this.responses = responses;
        this.chunkBytes = chunkBytes;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return send() + requests.poll(onRequest, REQUESTS_PER_POLL);
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "raw-aeron-page-server";
    }

    /**
     * @return where the server is, for a stall report; read from another thread, so only roughly current.
     */
    String describe()
    {
        return "server at page " + page + " offset " + nextOffset + ", " + pending.size() + " requests pending, " +
            "last claim " + (lastClaim < 0 ? Publication.errorString(lastClaim) : Long.toString(lastClaim)) +
            ", response publication position " + responses.position() + " limit " + responses.positionLimit();
    }

    private void onRequest(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        pending.addInt(buffer.getInt(offset));
    }

    /**
     * Sends chunks until every requested page is out or the publication pushes back; the rest goes on the next duty
     * cycle, after new requests are taken.
     */
    private int send()
    {
        int sent = 0;
        while (true)
        {
            if (page < 0)
            {
                if (pending.isEmpty())
                {
                    return sent;
                }
                page = pending.pollInt();
                nextOffset = 0;
                nextChunk = 0;
            }

            final int length = Math.min(chunkBytes, pages.pageBytes() - nextOffset);
            final long result = responses.tryClaim(RawAeronProbe.CHUNK_HEADER_LENGTH + length, claim);
            lastClaim = result;
            if (result < 0)
            {
                if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
                {
                    throw new IllegalStateException("the response publication cannot take more: " +
                        Publication.errorString(result));
                }
                // Back pressure, a client not yet connected, or an admin action: try again next cycle.
                return sent;
            }
            final MutableDirectBuffer buffer = claim.buffer();
            final int offset = claim.offset();
            buffer.putInt(offset, nextChunk);
            buffer.putBytes(offset + RawAeronProbe.CHUNK_HEADER_LENGTH, pages.page(page), nextOffset, length);
            claim.commit();

            sent++;
            nextChunk++;
            nextOffset += length;
            if (nextOffset == pages.pageBytes())
            {
                page = -1;
            }
        }
    }
}
