/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.AllocateIdsDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.SnapshotIdsDecoder;
import io.memfabric.consensus.protocol.SnapshotIdsEncoder;

/**
 * Object ids: handed out in ranges (ALLOCATE_IDS) and one at a time (a new root), never twice. An id is allocated when
 * it is below the next one to hand out.
 */
final class IdAllocator
{
    /**
     * The most ids one ALLOCATE_IDS may take.
     */
    static final int MAX_ID_RANGE = 1 << 20;

    long nextObjectId = 1;

    private final ResponsePublisher publisher;
    private final SnapshotIdsEncoder encoder = new SnapshotIdsEncoder();

    IdAllocator(final ResponsePublisher publisher)
    {
        this.publisher = publisher;
    }

    /**
     * ALLOCATE_IDS: a fresh range, answered ID_RANGE.
     */
    void onAllocate(
        final ClientRecord client, final long sessionId, final long requestId, final AllocateIdsDecoder request)
    {
        final int count = request.count();
        if (count > MAX_ID_RANGE)
        {
            publisher.reply(client, sessionId, requestId,
                publisher.error(requestId, ErrorCode.LIMIT_EXCEEDED, "id range too large"));
            return;
        }
        final long firstId = nextObjectId;
        nextObjectId += count;
        publisher.reply(client, sessionId, requestId, publisher.idRange(requestId, firstId, count));
    }

    /**
     * @return one fresh id.
     */
    long next()
    {
        return nextObjectId++;
    }

    boolean isAllocated(final long objectId)
    {
        return objectId > 0 && objectId < nextObjectId;
    }

    void write(final SnapshotWriter w)
    {
        encoder.wrapAndApplyHeader(w.buffer, w.position, w.header).nextObjectId(nextObjectId);
        w.advance(encoder);
    }

    void read(final SnapshotReader r)
    {
        r.expect(SnapshotIdsDecoder.TEMPLATE_ID);
        final SnapshotIdsDecoder decoder = new SnapshotIdsDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        nextObjectId = decoder.nextObjectId();
        r.advance(decoder.limit());
    }
}
