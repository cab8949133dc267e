/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.FlushRecallDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateDecoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.ObjectGraphDecoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Owned objects (wire version 4): a client that writes with {@code own} under a greedy grant owns what it wrote; the
 * cluster refuses other clients' reads and writes of it with OWNED and asks the owner to flush (FLUSH_RECALL) until
 * the owner releases it in a WRITE_BATCH, or its grant stops being current.
 */
class OwnershipTest
{
    private static final long LOCK = 9;
    private final Harness h = new Harness();
    private long object;
    private long other;
    private long token;

    private void ownedByClientOne()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, 2);
        object = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        other = object + 1;
        token = h.granted(11, 1, 3, LOCK, Wire.CLIENT_OWNER).fencingToken();
        h.write(11, 1, 4, LOCK, token, new Harness.Batch().addLong(object, 0, 5).addLong(other, 0, 6).own());
        final Harness.Sent ack = h.single(WriteAckDecoder.TEMPLATE_ID);
        assertTrue(Wire.OWNERSHIP_VERSION <= new MessageHeaderDecoder().wrap(ack.message, 0).version(),
            "the answer tells the owner the cluster's wire version has owned objects");
    }

    private long readLong(final long sessionId, final long clientId, final long requestId)
    {
        h.read(sessionId, clientId, requestId, object, 0, 0);
        return h.single(ValueMessageDecoder.TEMPLATE_ID).as(new ValueMessageDecoder()).bits();
    }

    @Test
    void anotherClientIsRefusedAndTheOwnerRecalledUntilTheOwnerFlushesAndReleases()
    {
        ownedByClientOne();

        h.read(12, 2, 2, object, 0, 30_000);
        final List<Harness.Sent> refused = h.drain();
        assertEquals(2, refused.size(), () -> "a recall to the owner and an OWNED answer: " + refused);
        assertEquals(11, refused.get(0).sessionId);
        assertEquals(object, refused.get(0).as(new FlushRecallDecoder()).objectId());
        assertEquals(12, refused.get(1).sessionId);
        assertEquals(ErrorCode.OWNED, h.error(refused.get(1)));

        h.write(12, 2, 3, 0, 0, new Harness.Batch().addLong(object, 0, 100));
        assertEquals(ErrorCode.OWNED, h.error(h.drain().get(1)), "a write is refused too, and not applied");
        assertEquals(5, readLong(11, 1, 5), "the owner reads what the cluster has");

        h.write(11, 1, 6, LOCK, token, new Harness.Batch().addLong(object, 0, 7).release(object));
        h.single(WriteAckDecoder.TEMPLATE_ID);
        assertEquals(7, readLong(12, 2, 4), "released: the flushed value is read");
        h.read(12, 2, 5, other, 0, 0);
        assertEquals(ErrorCode.OWNED, h.error(h.drain().get(1)), "only what was released stops being owned");
    }

    @Test
    void ownershipEndsWhenItsGrantIsReleased()
    {
        ownedByClientOne();
        h.release(11, 1, 5, LOCK, Wire.CLIENT_OWNER);
        h.drain();

        assertEquals(5, readLong(12, 2, 2));
        h.write(12, 2, 3, 0, 0, new Harness.Batch().addLong(object, 0, 8));
        h.single(WriteAckDecoder.TEMPLATE_ID);
    }

    @Test
    void ownershipEndsWhenTheOwnersSessionExpiresAndItsLateFlushIsRefused()
    {
        ownedByClientOne();
        h.machine.onSessionClose(11, h.now);
        h.advance(400_000);
        h.keepalive(12, 2, 9);
        h.advance(300_000);
        h.drain();

        assertEquals(5, readLong(12, 2, 10), "the owner's unflushed writes are gone; the last flushed value stays");
        h.connect(13, 1, 5, 600_000);
        h.drain();
        h.write(13, 1, 6, LOCK, token, new Harness.Batch().addLong(object, 0, 9).release(object));
        assertEquals(ErrorCode.STALE_TOKEN, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        assertEquals(5, readLong(12, 2, 11));
    }

    @Test
    void takingOwnershipWaitsForOtherClientsLeasesLikeAnyWrite()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, 1);
        object = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        assertEquals(0, readLong(12, 2, 2));
        h.read(12, 2, 3, object, 0, 30_000);
        h.drain();
        token = h.granted(11, 1, 3, LOCK, Wire.CLIENT_OWNER).fencingToken();

        h.write(11, 1, 4, LOCK, token, new Harness.Batch().addLong(object, 0, 5).own());
        final Harness.Sent invalidate = h.single(InvalidateDecoder.TEMPLATE_ID);
        assertEquals(12, invalidate.sessionId);
        final long leaseId = invalidate.as(new InvalidateDecoder()).leaseId();
        h.invalidateAck(12, 2, 4, object, leaseId);
        h.single(WriteAckDecoder.TEMPLATE_ID);

        h.read(12, 2, 5, object, 0, 30_000);
        assertEquals(ErrorCode.OWNED, h.error(h.drain().get(1)));
    }

    @Test
    void aSnapshotKeepsTheOwner()
    {
        ownedByClientOne();
        final Harness restored = h.restored(new ArrayList<>());
        assertEquals(h.machine.stateDigest(), restored.machine.stateDigest());

        restored.read(12, 2, 2, object, 0, 0);
        final List<Harness.Sent> refused = restored.drain();
        assertEquals(ErrorCode.OWNED, restored.error(refused.get(1)));
    }

    @Test
    void aGraphReadLeavesOutObjectsAnotherClientOwnsAndIsRefusedForAnOwnedStart()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, 2);
        object = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        other = object + 1;
        h.write(11, 1, 3, 0, 0, new Harness.Batch().addRef(object, 0, other));
        h.drain();
        token = h.granted(11, 1, 4, LOCK, Wire.CLIENT_OWNER).fencingToken();
        h.write(11, 1, 5, LOCK, token, new Harness.Batch().addLong(other, 0, 6).own());
        h.drain();

        h.readGraph(12, 2, 2, 0, 64 * 1024, object);
        final ObjectGraphDecoder graph = h.single(ObjectGraphDecoder.TEMPLATE_ID).as(new ObjectGraphDecoder());
        final ObjectGraphDecoder.ObjectsDecoder objects = graph.objects();
        assertEquals(1, objects.count(), "the owned object is left out");
        assertEquals(object, objects.next().objectId());

        h.readGraph(12, 2, 3, 0, 64 * 1024, other);
        final List<Harness.Sent> refused = h.drain();
        assertEquals(object + 1, refused.get(0).as(new FlushRecallDecoder()).objectId());
        assertEquals(ErrorCode.OWNED, h.error(refused.get(1)));
    }

    @Test
    void inALogOfWireVersionThreeOwnIsIgnoredAndTheAnswerSaysSo()
    {
        h.machine.onNewLeadershipTerm(SemanticVersion.compose(0, 3, 0), h.now);
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, 1);
        object = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        token = h.granted(11, 1, 3, LOCK, Wire.CLIENT_OWNER).fencingToken();
        h.write(11, 1, 4, LOCK, token, new Harness.Batch().addLong(object, 0, 5).own());
        final Harness.Sent ack = h.single(WriteAckDecoder.TEMPLATE_ID);
        assertTrue(new MessageHeaderDecoder().wrap(ack.message, 0).version() < Wire.OWNERSHIP_VERSION);

        assertEquals(5, readLong(12, 2, 2), "nothing is owned");
    }
}
