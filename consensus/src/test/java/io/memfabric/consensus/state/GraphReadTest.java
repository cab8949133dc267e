/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateDecoder;
import io.memfabric.consensus.protocol.ObjectGraphDecoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * READ_GRAPH: one request answers a linked structure breadth first within a byte budget, with a read lease on each
 * object answered, so a client walks a published list in a handful of round trips.
 */
class GraphReadTest
{
    private static final int NODES = 1_000;

    private final Harness h = new Harness();
    private long first;

    @BeforeEach
    void publishAList()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.allocate(11, 1, 2, NODES);
        first = h.single(IdRangeDecoder.TEMPLATE_ID).as(new IdRangeDecoder()).firstId();
        // node i: slot 0 its type, slot 1 its index, slot 2 a reference to node i + 1 (the last one's is null)
        h.write(11, batch ->
        {
            for (int i = 0; i < NODES; i++)
            {
                addNode(batch, i);
            }
        }, 1, 3);
        h.single(WriteAckDecoder.TEMPLATE_ID);
    }

    private void addNode(final Harness.Batch batch, final int i)
    {
        batch.addString(first + i, 0, "apps.Node").addLong(first + i, 1, i);
        if (i + 1 < NODES)
        {
            batch.addRef(first + i, 2, first + i + 1);
        }
        else
        {
            batch.addNull(first + i, 2);
        }
    }

    @Test
    void aWholeListComesInOneAnswerWhenItFitsTheBudget()
    {
        h.readGraph(12, 2, 1, 1_000, 256 * 1024, first);
        final List<Answered> answered = answered(h.single(ObjectGraphDecoder.TEMPLATE_ID));
        assertEquals(NODES, answered.size());
        for (int i = 0; i < NODES; i++)
        {
            assertEquals(first + i, answered.get(i).objectId(), "breadth first, in slot order");
        }
    }

    @Test
    void aSmallBudgetStopsTheWalkAndTheNextRequestGoesOnFromThere()
    {
        int round = 0;
        long next = first;
        final List<Long> all = new ArrayList<>();
        while (next != 0)
        {
            h.readGraph(12, 2, 10 + round, 0, 2_000, next);
            final Harness.Sent answer = h.single(ObjectGraphDecoder.TEMPLATE_ID);
            assertTrue(answer.length() <= 2_000, "stays within its budget: " + answer.length());
            long last = 0;
            long lastNext = 0;
            for (final Answered object : answered(answer))
            {
                all.add(object.objectId());
                last = object.objectId();
                assertEquals(3, object.slots().size());
                final Harness.Value link = object.slots().get(2);
                lastNext = link.tag() == ValueTag.REF ? link.bits() : 0;
            }
            assertTrue(last != 0);
            next = lastNext;
            round++;
        }
        assertEquals(NODES, all.size());
        assertTrue(round > 10 && round < NODES / 5, "many objects per round trip: " + round + " rounds");
    }

    @Test
    void everyAnsweredObjectCarriesAReadLeaseThatAWriteMustRevoke()
    {
        h.readGraph(12, 2, 1, 5_000, 256 * 1024, first);
        for (final Answered object : answered(h.single(ObjectGraphDecoder.TEMPLATE_ID)))
        {
            assertTrue(object.readLeaseExpiresAtMs() > 0, "lease on #" + object.objectId());
        }
        // A write by client 1 to the last node is staged until client 2 acknowledges the invalidation.
        h.writeLong(11, 1, 4, 0, 0, first + NODES - 1, 1, 77);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(1, sent.size(), sent::toString);
        assertEquals(InvalidateDecoder.TEMPLATE_ID, sent.get(0).templateId());
    }

    @Test
    void aStartObjectThatWasNeverAllocatedIsRefused()
    {
        h.readGraph(12, 2, 1, 0, 1_000, first + 5 * NODES);
        assertEquals(ErrorCode.NO_SUCH_OBJECT, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
    }

    @Test
    void aRepeatedReadIsAnsweredAfreshNotFromTheDeduplicationWindow()
    {
        h.readGraph(12, 2, 1, 0, 1_000, first + NODES - 1);
        final long versionBefore = answered(h.single(ObjectGraphDecoder.TEMPLATE_ID)).get(0).version();
        h.writeLong(11, 1, 4, 0, 0, first + NODES - 1, 1, 77);
        h.single(WriteAckDecoder.TEMPLATE_ID);
        h.readGraph(12, 2, 1, 0, 1_000, first + NODES - 1);
        assertTrue(answered(h.single(ObjectGraphDecoder.TEMPLATE_ID)).get(0).version() > versionBefore);
    }

    /**
     * One object of an OBJECT_GRAPH answer.
     */
    private record Answered(long objectId, long version, long readLeaseExpiresAtMs, List<Harness.Value> slots)
    {
    }

    /**
     * @return the objects an OBJECT_GRAPH answer carries, in its order (each object's slots read in full before the
     * next object, as the group's layout requires).
     */
    private static List<Answered> answered(final Harness.Sent answer)
    {
        final ObjectGraphDecoder graph = answer.as(new ObjectGraphDecoder());
        final List<Answered> objects = new ArrayList<>();
        for (final ObjectGraphDecoder.ObjectsDecoder object : graph.objects())
        {
            final long objectId = object.objectId();
            final long version = object.version();
            final long readLeaseExpiresAtMs = object.readLeaseExpiresAtMs();
            final List<Harness.Value> slots = new ArrayList<>();
            for (final ObjectGraphDecoder.ObjectsDecoder.SlotsDecoder slot : object.slots())
            {
                slots.add(Harness.Value.of(slot));
            }
            objects.add(new Answered(objectId, version, readLeaseExpiresAtMs, slots));
        }
        return objects;
    }
}
