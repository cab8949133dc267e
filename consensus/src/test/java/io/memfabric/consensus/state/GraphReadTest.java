/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.IdRangeDecoder;
import io.memfabric.consensus.codec.ObjectGraphDecoder;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.ValueTag;
import io.memfabric.consensus.codec.WriteBatchEncoder;
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
        first = h.single(TemplateId.ID_RANGE).as(new IdRangeDecoder()).firstId();
        // node i: slot 0 its type, slot 1 its index, slot 2 a reference to node i + 1 (the last one's is null)
        h.write(11, batch ->
        {
            for (int i = 0; i < NODES; i++)
            {
                addNode(batch, i);
            }
        }, 1, 3);
        h.single(TemplateId.WRITE_ACK);
    }

    private void addNode(final WriteBatchEncoder batch, final int i)
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
        final List<Long> ids = answeredIds(h.single(TemplateId.OBJECT_GRAPH).as(new ObjectGraphDecoder()));
        assertEquals(NODES, ids.size());
        for (int i = 0; i < NODES; i++)
        {
            assertEquals(first + i, ids.get(i), "breadth first, in slot order");
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
            final Harness.Sent answer = h.single(TemplateId.OBJECT_GRAPH);
            assertTrue(answer.length() <= 2_000, "stays within its budget: " + answer.length());
            final ObjectGraphDecoder graph = answer.as(new ObjectGraphDecoder());
            long last = 0;
            long lastNext = 0;
            while (graph.nextObject())
            {
                all.add(graph.objectId());
                last = graph.objectId();
                graph.nextSlot();
                graph.nextSlot();
                graph.nextSlot();
                lastNext = graph.value().tag() == ValueTag.REF ? graph.value().longValue() : 0;
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
        final ObjectGraphDecoder graph = h.single(TemplateId.OBJECT_GRAPH).as(new ObjectGraphDecoder());
        while (graph.nextObject())
        {
            assertTrue(graph.readLeaseExpiresAtMs() > 0, "lease on #" + graph.objectId());
        }
        // A write by client 1 to the last node is staged until client 2 acknowledges the invalidation.
        h.writeLong(11, 1, 4, 0, 0, first + NODES - 1, 1, 77);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(1, sent.size(), sent::toString);
        assertEquals(TemplateId.INVALIDATE, sent.get(0).templateId());
    }

    @Test
    void aStartObjectThatWasNeverAllocatedIsRefused()
    {
        h.readGraph(12, 2, 1, 0, 1_000, first + 5 * NODES);
        assertEquals(ErrorCode.NO_SUCH_OBJECT, h.error(h.single(TemplateId.ERROR)));
    }

    @Test
    void aRepeatedReadIsAnsweredAfreshNotFromTheDeduplicationWindow()
    {
        h.readGraph(12, 2, 1, 0, 1_000, first + NODES - 1);
        final ObjectGraphDecoder before = h.single(TemplateId.OBJECT_GRAPH).as(new ObjectGraphDecoder());
        before.nextObject();
        final long versionBefore = before.version();
        h.writeLong(11, 1, 4, 0, 0, first + NODES - 1, 1, 77);
        h.single(TemplateId.WRITE_ACK);
        h.readGraph(12, 2, 1, 0, 1_000, first + NODES - 1);
        final ObjectGraphDecoder after = h.single(TemplateId.OBJECT_GRAPH).as(new ObjectGraphDecoder());
        after.nextObject();
        assertTrue(after.version() > versionBefore);
    }

    private static List<Long> answeredIds(final ObjectGraphDecoder graph)
    {
        final List<Long> ids = new ArrayList<>();
        while (graph.nextObject())
        {
            ids.add(graph.objectId());
        }
        return ids;
    }
}
