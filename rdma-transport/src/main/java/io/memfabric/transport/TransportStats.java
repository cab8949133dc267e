/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a {@link DataPlane} counted since it started: traffic, deliveries, and every frame or transfer it rejected,
 * by reason. Rejections are never silent: a frame that fails a check is dropped and counted here.
 */
public final class TransportStats
{
    /** The counters. */
    public enum Counter
    {
        /** Frames that arrived and passed every check. */
        FRAMES_RECEIVED,
        /** Frames whose first word is not the data plane's magic and version. */
        FRAMES_REJECTED_MAGIC,
        /** Frames shorter than a header, or whose length field differs from what arrived (truncated). */
        FRAMES_REJECTED_LENGTH,
        /** Frames whose CRC32C does not match. */
        FRAMES_REJECTED_CHECKSUM,
        /** Frames of an unknown type. */
        FRAMES_REJECTED_TYPE,
        /** Frames whose body does not parse (e.g. a malformed vector clock). */
        FRAMES_REJECTED_BODY,
        /** Causal broadcasts this node sent. */
        STATE_SENT,
        /** Causal broadcasts not sent to a peer whose queue was full ({@code DataPlane#broadcastSkippingFull}). */
        STATE_SKIPPED,
        /** Causal broadcasts delivered to the listener, in causal order. */
        STATE_DELIVERED,
        /** Causal broadcasts received twice and dropped. */
        STATE_DUPLICATES,
        /** Causal broadcasts that depend on messages of a node that left and can never be delivered: dropped. */
        STATE_ORPHANED,
        /** Times the hold-back buffer was full and a sender was held up (back-pressure). */
        STATE_HOLD_BACK_FULL,
        /** Per-peer messages sent. */
        MESSAGES_SENT,
        /** Per-peer messages delivered. */
        MESSAGES_DELIVERED,
        /** Pages this node served to readers. */
        PAGES_SERVED,
        /** Pages this node read from others. */
        PAGES_READ,
        /** Pages this node wrote to others (acknowledged). */
        PAGES_WRITTEN,
        /** Pages other nodes wrote into this node's sink. */
        PAGES_RECEIVED,
        /** Page transfers whose bytes did not match the page checksum: rejected, never delivered. */
        PAGE_CHECKSUM_FAILURES,
        /** Page transfers that failed for any reason (checksum failures included). */
        PAGE_TRANSFER_FAILURES,
        /** Chunks that belong to no transfer in progress (late, after a failure) or fall outside their page. */
        PAGE_CHUNKS_DROPPED,
        /** Page bytes sent. */
        PAGE_BYTES_SENT,
        /** Page bytes received. */
        PAGE_BYTES_RECEIVED,
        /** Offers that found a publication back-pressured. */
        BACK_PRESSURE,
        /** Unexpected errors on the data plane's thread (printed to stderr as they happen). */
        AGENT_ERRORS
    }

    private final AtomicLongArray values = new AtomicLongArray(Counter.values().length);

    void increment(final Counter counter)
    {
        values.getAndIncrement(counter.ordinal());
    }

    void add(final Counter counter, final long delta)
    {
        values.getAndAdd(counter.ordinal(), delta);
    }

    /**
     * @param counter which.
     * @return its value now.
     */
    public long get(final Counter counter)
    {
        return values.get(counter.ordinal());
    }

    /**
     * @return frames rejected for any reason.
     */
    public long framesRejected()
    {
        return get(Counter.FRAMES_REJECTED_MAGIC) + get(Counter.FRAMES_REJECTED_LENGTH) +
            get(Counter.FRAMES_REJECTED_CHECKSUM) + get(Counter.FRAMES_REJECTED_TYPE) +
            get(Counter.FRAMES_REJECTED_BODY);
    }

    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder("TransportStats{");
        for (final Counter counter : Counter.values())
        {
            final long value = get(counter);
            if (0 != value)
            {
                out.append(counter.name().toLowerCase(Locale.ROOT)).append('=').append(value).append(", ");
            }
        }
        if (out.charAt(out.length() - 1) == ' ')
        {
            out.setLength(out.length() - 2);
        }
        return out.append('}').toString();
    }
}
