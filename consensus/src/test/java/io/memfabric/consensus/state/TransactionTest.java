/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateDecoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import org.agrona.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Transactions (wire version 5): a WRITE_BATCH that lists what a transaction read, each object with the version it
 * read it at, is applied only if none of them changed; otherwise it is answered CONFLICT and writes nothing.
 */
class TransactionTest
{
    private final Harness h = new Harness();
    private long read;
    private long written;

    private void twoObjects()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, 2);
        read = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        written = read + 1;
    }

    private long version(final Harness.Batch batch, final long sessionId, final long clientId, final long requestId)
    {
        h.write(sessionId, clientId, requestId, 0, 0, batch);
        return h.single(WriteAckDecoder.TEMPLATE_ID).as(new WriteAckDecoder()).version();
    }

    private long readLong(final long objectId, final long requestId)
    {
        h.read(12, 2, requestId, objectId, 0, 0);
        return h.single(ValueMessageDecoder.TEMPLATE_ID).as(new ValueMessageDecoder()).bits();
    }

    @Test
    void aTransactionCommitsWhenWhatItReadIsUnchangedAndConflictsOtherwise()
    {
        twoObjects();
        final long readVersion = version(new Harness.Batch().addLong(read, 0, 10), 11, 1, 3);

        h.write(11, 1, 4, 0, 0, new Harness.Batch().addLong(written, 0, 11).expect(read, readVersion));
        h.single(WriteAckDecoder.TEMPLATE_ID);
        assertEquals(11, readLong(written, 2));

        version(new Harness.Batch().addLong(read, 0, 20), 12, 2, 3);
        h.write(11, 1, 5, 0, 0, new Harness.Batch().addLong(written, 0, 12).expect(read, readVersion));
        final List<Harness.Sent> refused = h.drain();
        assertEquals(1, refused.size());
        assertEquals(ErrorCode.CONFLICT, h.error(refused.get(0)));
        assertEquals(11, readLong(written, 4), "nothing of a conflicting transaction is written");
    }

    @Test
    void anObjectNeverWrittenIsReadAtVersionZero()
    {
        twoObjects();
        h.write(11, 1, 3, 0, 0, new Harness.Batch().addLong(written, 0, 1).expect(read, 0));
        h.single(WriteAckDecoder.TEMPLATE_ID);
        version(new Harness.Batch().addLong(read, 0, 5), 12, 2, 3);
        h.write(11, 1, 4, 0, 0, new Harness.Batch().addLong(written, 0, 2).expect(read, 0));
        assertEquals(ErrorCode.CONFLICT, h.error(h.drain().get(0)));
    }

    @Test
    void aTransactionStagedBehindALeaseIsCheckedAgainWhenItIsApplied()
    {
        twoObjects();
        final long readVersion = version(new Harness.Batch().addLong(read, 0, 10), 11, 1, 3);
        // Client 2 holds a lease on what the transaction writes: the transaction waits for its acknowledgement.
        h.read(12, 2, 4, written, 0, 30_000);
        h.drain();
        h.write(11, 1, 4, 0, 0, new Harness.Batch().addLong(written, 0, 7).expect(read, readVersion));
        final long leaseId = h.single(InvalidateDecoder.TEMPLATE_ID).as(new InvalidateDecoder()).leaseId();

        // Meanwhile what it read changes; client 2's acknowledgement then lets it be applied, and it conflicts.
        version(new Harness.Batch().addLong(read, 0, 30), 12, 2, 5);
        h.invalidateAck(12, 2, 6, written, leaseId);
        assertEquals(ErrorCode.CONFLICT, h.error(h.drain().get(0)));
        assertEquals(0, readLong(written, 7), "the staged transaction wrote nothing");
    }

    @Test
    void inALogOfWireVersionFourATransactionIsRefusedAndAPlainBatchApplied()
    {
        h.machine.onNewLeadershipTerm(SemanticVersion.compose(0, 4, 0), h.now);
        twoObjects();
        h.write(11, 1, 3, 0, 0, new Harness.Batch().addLong(written, 0, 1).expect(read, 0));
        assertEquals(ErrorCode.MALFORMED, h.error(h.drain().get(0)));
        assertEquals(0, readLong(written, 2));
        version(new Harness.Batch().addLong(written, 0, 3), 11, 1, 4);
        assertEquals(3, readLong(written, 5));
    }
}
