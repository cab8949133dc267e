/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The last {@link #SIZE} requests of one client and their encoded responses, so a retried request is answered from
 * here instead of being applied again. Slot = requestId mod SIZE; a slot holding another id means "never seen".
 */
final class DedupWindow
{
    static final int SIZE = 1024;
    static final int MASK = SIZE - 1;

    static final byte EMPTY = 0;
    static final byte PENDING = 1;
    static final byte DONE = 2;

    static final int NEW = 0;
    static final int DUPLICATE_DONE = 1;
    static final int DUPLICATE_PENDING = 2;
    static final int TOO_OLD = 3;

    long highestRequestId;
    final long[] requestIds = new long[SIZE];
    final byte[] states = new byte[SIZE];
    final int[] lengths = new int[SIZE];
    final ExpandableArrayBuffer[] responses = new ExpandableArrayBuffer[SIZE];

    int classify(final long requestId)
    {
        if (requestId > highestRequestId)
        {
            return NEW;
        }
        if (highestRequestId - requestId >= SIZE)
        {
            return TOO_OLD;
        }
        final int slot = (int)(requestId & MASK);
        if (requestIds[slot] != requestId || states[slot] == EMPTY)
        {
            return NEW;
        }
        return states[slot] == PENDING ? DUPLICATE_PENDING : DUPLICATE_DONE;
    }

    void begin(final long requestId)
    {
        final int slot = (int)(requestId & MASK);
        requestIds[slot] = requestId;
        states[slot] = PENDING;
        lengths[slot] = 0;
        highestRequestId = Math.max(highestRequestId, requestId);
    }

    void complete(final long requestId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int slot = (int)(requestId & MASK);
        if (requestIds[slot] == requestId && states[slot] == PENDING)
        {
            store(slot, buffer, offset, length);
        }
    }

    void store(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        ExpandableArrayBuffer response = responses[slot];
        if (null == response)
        {
            response = new ExpandableArrayBuffer(Math.max(64, length));
            responses[slot] = response;
        }
        response.putBytes(0, buffer, offset, length);
        lengths[slot] = length;
        states[slot] = DONE;
    }

    int slot(final long requestId)
    {
        return (int)(requestId & MASK);
    }
}
