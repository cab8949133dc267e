/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.CasResultDecoder;
import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.IdRangeDecoder;
import io.memfabric.consensus.codec.ObjectValuesDecoder;
import io.memfabric.consensus.codec.RootDecoder;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.ValueMessageDecoder;
import io.memfabric.consensus.codec.ValueTag;
import io.memfabric.consensus.codec.WriteAckDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        objectId = h.single(TemplateId.ID_RANGE).as(new IdRangeDecoder()).firstId();
    }

    private ValueMessageDecoder read(final long session, final long client, final long requestId, final int slot)
    {
        h.read(session, client, requestId, objectId, slot, 0);
        return h.single(TemplateId.VALUE).as(new ValueMessageDecoder());
    }

    @Test
    void aBatchIsAppliedAtomicallyWithOneVersionAndReadBack()
    {
        assertEquals(0, read(11, 1, 3, 0).version(), "allocated, never written: NULL at version 0");
        h.write(11, (b) -> b.addLong(objectId, 0, 42).addString(objectId, 2, "héllo").addRef(objectId + 1, 0, objectId)
            .addNull(objectId, 1), 1, 4);
        final long version = h.single(TemplateId.WRITE_ACK).as(new WriteAckDecoder()).version();
        assertTrue(version > 0);

        final ValueMessageDecoder value = read(12, 2, 2, 0);
        assertEquals(version, value.version());
        assertEquals(ValueTag.LONG, value.value().tag());
        assertEquals(42, value.value().longValue());
        assertEquals("héllo", read(12, 2, 3, 2).value().stringValue());
        assertEquals(ValueTag.NULL, read(12, 2, 4, 7).value().tag());

        h.readAll(12, 2, 5, objectId, 0);
        final ObjectValuesDecoder all = h.single(TemplateId.OBJECT_VALUES).as(new ObjectValuesDecoder());
        assertEquals(3, all.slotCount());
        assertEquals(version, all.version());
        all.nextSlot();
        assertEquals(42, all.value().longValue());
        all.nextSlot();
        assertEquals(ValueTag.NULL, all.value().tag());
        all.nextSlot();
        assertEquals("héllo", all.value().stringValue());

        h.read(12, 2, 6, objectId + 1, 0, 0);
        final ValueMessageDecoder ref = h.single(TemplateId.VALUE).as(new ValueMessageDecoder());
        assertEquals(ValueTag.REF, ref.value().tag());
        assertEquals(objectId, ref.value().longValue());
    }

    @Test
    void casSucceedsOnlyWhenTheSlotHoldsTheExpectedValue()
    {
        h.casLong(11, 1, 3, objectId, 0, 0, 1);
        final CasResultDecoder onNull = h.single(TemplateId.CAS_RESULT).as(new CasResultDecoder());
        assertFalse(onNull.success(), "slot holds NULL, not LONG 0");
        assertEquals(ValueTag.NULL, onNull.current().tag());

        h.writeLong(11, 1, 4, 0, 0, objectId, 0, 5);
        h.drain();
        h.casLong(12, 2, 2, objectId, 0, 5, 6);
        final CasResultDecoder won = h.single(TemplateId.CAS_RESULT).as(new CasResultDecoder());
        assertTrue(won.success());
        assertEquals(6, won.current().longValue());
        h.casLong(11, 1, 5, objectId, 0, 5, 7);
        final CasResultDecoder lost = h.single(TemplateId.CAS_RESULT).as(new CasResultDecoder());
        assertFalse(lost.success());
        assertEquals(6, lost.current().longValue());
        assertEquals(won.version(), lost.version());
    }

    @Test
    void objectsNeverAllocatedDoNotExist()
    {
        h.read(11, 1, 3, 1_000_000, 0, 0);
        assertEquals(ErrorCode.NO_SUCH_OBJECT, h.error(h.single(TemplateId.ERROR)));
        h.writeLong(11, 1, 4, 0, 0, 1_000_000, 0, 1);
        assertEquals(ErrorCode.NO_SUCH_OBJECT, h.error(h.single(TemplateId.ERROR)));
        h.writeLong(11, 1, 5, 0, 0, objectId, SharedObject.MAX_SLOTS, 1);
        assertEquals(ErrorCode.LIMIT_EXCEEDED, h.error(h.single(TemplateId.ERROR)));
    }

    @Test
    void idRangesDoNotOverlap()
    {
        h.allocate(12, 2, 2, 5);
        final IdRangeDecoder range = h.single(TemplateId.ID_RANGE).as(new IdRangeDecoder());
        assertEquals(objectId + 100, range.firstId());
        assertEquals(5, range.count());
        h.allocate(12, 2, 3, FabricStateMachine.MAX_ID_RANGE + 1);
        assertEquals(ErrorCode.LIMIT_EXCEEDED, h.error(h.single(TemplateId.ERROR)));
    }

    @Test
    void rootGetOrCreateCreatesOnceAndReturnsTheSameObject()
    {
        h.root(11, 1, 3, "fabric://session/board");
        final RootDecoder created = h.single(TemplateId.ROOT).as(new RootDecoder());
        assertTrue(created.created());
        h.root(12, 2, 2, "fabric://session/board");
        final RootDecoder existing = h.single(TemplateId.ROOT).as(new RootDecoder());
        assertFalse(existing.created());
        assertEquals(created.objectId(), existing.objectId());
        h.root(12, 2, 3, "fabric://session/other");
        final RootDecoder other = h.single(TemplateId.ROOT).as(new RootDecoder());
        assertTrue(other.created());
        assertTrue(other.objectId() != created.objectId());

        h.read(12, 2, 4, created.objectId(), 0, 0);
        assertEquals(ValueTag.NULL, h.single(TemplateId.VALUE).as(new ValueMessageDecoder()).value().tag());
    }
}
