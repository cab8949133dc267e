/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockTimeoutDecoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotTest
{
    @Test
    void aRestoredMachineHasTheSameDigestAndContinuesALockQueue()
    {
        final Harness h = new Harness();
        h.connected(11, 1);
        h.connected(12, 2);
        h.connected(13, 3);
        h.register(11, 1, 2, "alpha", "udp://a");
        h.root(11, 1, 3, "fabric://s/board");
        h.allocate(11, 1, 4, 10);
        h.drain();
        final long token = h.granted(11, 1, 5, 9, 1).fencingToken();
        h.acquire(12, 2, 2, 9, 1, -1);
        h.acquire(13, 3, 2, 9, 1, 5_000);
        final String big = "x".repeat(60_000);
        h.write(11, (b) -> b.addString(2, 0, big).addString(2, 1, big).addLong(3, 0, 7), 1, 6);
        h.read(12, 2, 3, 2, 1, 10_000);
        h.writeLong(13, 3, 3, 0, 0, 2, 2, 99);
        h.drain();

        final List<Integer> chunks = new ArrayList<>();
        final Harness copy = h.restored(chunks);
        assertTrue(chunks.size() > 1);
        chunks.forEach((length) -> assertTrue(length <= FabricStateMachine.SNAPSHOT_CHUNK_LENGTH));
        assertEquals(h.machine.stateDigest(), copy.machine.stateDigest());
        assertEquals(h.machine.requestsApplied(), copy.machine.requestsApplied());

        for (final Harness replica : new Harness[] {h, copy})
        {
            replica.release(11, 1, 7, 9, 1);
            final List<Harness.Sent> sent = replica.drain();
            assertEquals(12, sent.get(1).sessionId);
            assertTrue(sent.get(1).as(new LockGrantedDecoder()).fencingToken() > token);
            replica.advance(5_000);
            assertEquals(LockTimeoutDecoder.TEMPLATE_ID, replica.single().templateId());
            replica.advance(5_000);
            assertEquals(WriteAckDecoder.TEMPLATE_ID, replica.single().templateId(), "staged write applies on expiry");
            replica.read(11, 1, 8, 2, 2, 0);
            assertEquals(99, replica.single().as(new ValueMessageDecoder()).bits());
            replica.acquire(11, 1, 6, 9, 1, -1);
            assertEquals(WriteAckDecoder.TEMPLATE_ID, replica.single().templateId(), "dedup window survived");
        }
        assertEquals(h.machine.stateDigest(), copy.machine.stateDigest());
    }

    @Test
    void aMachineRestoredMidWorkloadBehavesExactlyLikeTheOriginal()
    {
        final Workload workload = new Workload(7);
        final Harness original = new Harness();
        for (int i = 0; i < 3_000; i++)
        {
            workload.step(original);
        }
        original.drain();
        final Harness restored = original.restored(new ArrayList<>());
        assertEquals(original.machine.stateDigest(), restored.machine.stateDigest());
        for (int i = 0; i < 3_000; i++)
        {
            workload.step(original, restored);
            assertTrue(Harness.sameBytes(original.drain(), restored.drain()), "diverged at step " + i);
        }
        assertEquals(original.machine.stateDigest(), restored.machine.stateDigest());
    }

    @Test
    void anEmptyMachineRoundTrips()
    {
        final Harness h = new Harness();
        assertEquals(h.machine.stateDigest(), h.restored(new ArrayList<>()).machine.stateDigest());
    }
}
