/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.CasResultDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.ObjectValuesDecoder;
import io.memfabric.consensus.protocol.RootDecoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectTest
{
    private final Harness h = new Harness();
    private long objectId;

    @BeforeEach
    void allocate()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, 100);
        objectId = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
    }

    private ValueMessageDecoder read(final long session, final long client, final long requestId, final int slot)
    {
        h.read(session, client, requestId, objectId, slot, 0);
        return h.single(ValueMessageDecoder.TEMPLATE_ID).as(new ValueMessageDecoder());
    }

    @Test
    void aBatchIsAppliedAtomicallyWithOneVersionAndReadBack()
    {
        assertEquals(0, read(11, 1, 3, 0).version(), "allocated, never written: NULL at version 0");
        h.write(11, (b) -> b.addLong(objectId, 0, 42).addString(objectId, 2, "héllo").addRef(objectId + 1, 0, objectId)
            .addNull(objectId, 1), 1, 4);
        final long version = h.single(WriteAckDecoder.TEMPLATE_ID).as(new WriteAckDecoder()).version();
        assertTrue(version > 0);

        final ValueMessageDecoder value = read(12, 2, 2, 0);
        assertEquals(version, value.version());
        assertEquals(ValueTag.LONG, value.tag());
        assertEquals(42, value.bits());
        assertEquals("héllo", Harness.Value.of(read(12, 2, 3, 2)).string());
        assertEquals(ValueTag.NULL, read(12, 2, 4, 7).tag());

        h.readAll(12, 2, 5, objectId, 0);
        final ObjectValuesDecoder all = h.single(ObjectValuesDecoder.TEMPLATE_ID).as(new ObjectValuesDecoder());
        assertEquals(version, all.version());
        final ObjectValuesDecoder.SlotsDecoder slots = all.slots();
        assertEquals(3, slots.count());
        assertEquals(42, Harness.Value.of(slots.next()).bits());
        assertEquals(ValueTag.NULL, Harness.Value.of(slots.next()).tag());
        assertEquals("héllo", Harness.Value.of(slots.next()).string());

        h.read(12, 2, 6, objectId + 1, 0, 0);
        final ValueMessageDecoder ref = h.single(ValueMessageDecoder.TEMPLATE_ID).as(new ValueMessageDecoder());
        assertEquals(ValueTag.REF, ref.tag());
        assertEquals(objectId, ref.bits());
    }

    @Test
    void casSucceedsOnlyWhenTheSlotHoldsTheExpectedValue()
    {
        h.casLong(11, 1, 3, objectId, 0, 0, 1);
        final CasResultDecoder onNull = h.single(CasResultDecoder.TEMPLATE_ID).as(new CasResultDecoder());
        assertEquals(BooleanType.FALSE, onNull.success(), "slot holds NULL, not LONG 0");
        assertEquals(ValueTag.NULL, onNull.currentTag());

        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 5);
        h.drain();
        h.casLong(12, 2, 2, objectId, 0, 5, 6);
        final CasResultDecoder won = h.single(CasResultDecoder.TEMPLATE_ID).as(new CasResultDecoder());
        assertEquals(BooleanType.TRUE, won.success());
        assertEquals(6, won.currentBits());
        h.casLong(11, 1, 5, objectId, 0, 5, 7);
        final CasResultDecoder lost = h.single(CasResultDecoder.TEMPLATE_ID).as(new CasResultDecoder());
        assertEquals(BooleanType.FALSE, lost.success());
        assertEquals(6, lost.currentBits());
        assertEquals(won.version(), lost.version());
    }

    @Test
    void objectsNeverAllocatedDoNotExist()
    {
        h.read(11, 1, 3, 1_000_000, 0, 0);
        assertEquals(ErrorCode.NO_SUCH_OBJECT, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.writeLong(11, 1, 4, 0, 0, 1_000_000, 0, 1);
        assertEquals(ErrorCode.NO_SUCH_OBJECT, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.writeLong(11, 1, 5, 0, 0, objectId, SharedObject.MAX_SLOTS, 1);
        assertEquals(ErrorCode.LIMIT_EXCEEDED, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
    }

    @Test
    void idRangesDoNotOverlap()
    {
        h.allocate(12, 2, 2, 5);
        final IdRangeDecoder range = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder());
        assertEquals(objectId + 100, range.firstId());
        assertEquals(5, range.count());
        h.allocate(12, 2, 3, FabricStateMachine.MAX_ID_RANGE + 1);
        assertEquals(ErrorCode.LIMIT_EXCEEDED, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
    }

    @Test
    void rootGetOrCreateCreatesOnceAndReturnsTheSameObject()
    {
        h.root(11, 1, 3, "fabric://session/board");
        final RootDecoder created = h.single(RootDecoder.TEMPLATE_ID).as(new RootDecoder());
        assertEquals(BooleanType.TRUE, created.created());
        h.root(12, 2, 2, "fabric://session/board");
        final RootDecoder existing = h.single(RootDecoder.TEMPLATE_ID).as(new RootDecoder());
        assertEquals(BooleanType.FALSE, existing.created());
        assertEquals(created.objectId(), existing.objectId());
        h.root(12, 2, 3, "fabric://session/other");
        final RootDecoder other = h.single(RootDecoder.TEMPLATE_ID).as(new RootDecoder());
        assertEquals(BooleanType.TRUE, other.created());
        assertTrue(other.objectId() != created.objectId());

        h.read(12, 2, 4, created.objectId(), 0, 0);
        assertEquals(ValueTag.NULL, h.single(ValueMessageDecoder.TEMPLATE_ID).as(new ValueMessageDecoder()).tag());
    }
}
