/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.transport.causal.CausalListener;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;

/**
 * Causal deliveries copied out of the causal order while its lock is held, to be handed to the listener after the
 * lock is released. Two are swapped in turn; each is reused, so there is no allocation once it has grown to the
 * largest batch.
 */
final class DeliveryBatch
{
    private final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(4096);
    private int[] senders = new int[64];
    private long[] sequences = new long[64];
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private int size;
    private int used;

    void add(final int sender, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (size == senders.length)
        {
            senders = Arrays.copyOf(senders, size * 2);
            sequences = Arrays.copyOf(sequences, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
        }
        bytes.putBytes(used, buffer, offset, length);
        senders[size] = sender;
        sequences[size] = sequence;
        offsets[size] = used;
        lengths[size] = length;
        used += length;
        size++;
    }

    boolean isEmpty()
    {
        return 0 == size;
    }

    int size()
    {
        return size;
    }

    void deliverTo(final int index, final CausalListener listener)
    {
        listener.onDeliver(senders[index], sequences[index], bytes, offsets[index], lengths[index]);
    }

    void clear()
    {
        size = 0;
        used = 0;
    }
}
