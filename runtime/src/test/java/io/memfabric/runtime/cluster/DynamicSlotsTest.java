/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.FabricException;
import io.memfabric.collections.FabricDeque;
import io.memfabric.collections.FabricList;
import io.memfabric.collections.FabricMap;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.runtime.DynamicValues;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slots of fields whose type does not fix what they hold ({@code Object}, collection interfaces): every kind of value
 * comes back as the type it was stored as, text the fabric should never hold is reported as corrupt, and what is
 * stored into such a field is checked (and a {@code java.util} collection copied) first.
 */
class DynamicSlotsTest
{
    @Test
    void everyKindOfValueComesBackAsTheTypeItWasStoredAs()
    {
        final List<Object> values = List.of(Long.MIN_VALUE, -7, (short)300, (byte)-2, '\uffee', true, false, Double.NaN,
            -0.0d, Float.MIN_VALUE, TimeUnit.SECONDS, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            new BigDecimal("1.50"), Instant.parse("2026-12-07T10:15:30.123Z"), "", "S", "J123", "\ud800 unpaired");
        for (final Object value : values)
        {
            final SlotValue slot = ObjectImage.encodeValue(Object.class, value, object -> 0L);
            final Object back = ObjectImage.decodeValue(Object.class, slot, id -> null);
            assertEquals(value, back, () -> value + " came back as " + back);
            assertEquals(value.getClass(), back.getClass());
        }
        assertEquals(SlotValue.nullValue(), ObjectImage.encodeValue(Object.class, null, object -> 0L));
    }

    @Test
    void textThatNoStoreWritesIsReportedAsCorrupt()
    {
        for (final SlotValue held : List.of(SlotValue.ofString(""), SlotValue.ofString("Xabc"),
            SlotValue.ofString("Jnot-a-number"), SlotValue.ofString("Ejava.util.concurrent.TimeUnit#WEEKS"),
            SlotValue.ofLong(5)))
        {
            final FabricException ex = assertThrows(FabricException.class,
                () -> ObjectImage.decodeValue(Object.class, held, id -> null));
            assertEquals(FabricException.Category.CORRUPT, ex.category(), ex.getMessage());
        }
    }

    @Test
    void aJavaUtilCollectionIsCopiedIntoAFabricOneAndWhatCannotBeSharedIsRefused()
    {
        final List<String> mine = new ArrayList<>(List.of("a", "b"));
        final Object list = DynamicValues.prepare(List.class, mine, "field");
        assertInstanceOf(FabricList.class, list);
        assertNotSame(mine, list);
        assertEquals(mine, list);

        final Map<String, Long> counts = new HashMap<>(Map.of("x", 1L));
        assertInstanceOf(FabricMap.class, DynamicValues.prepare(Object.class, counts, "field"));

        final LinkedBlockingQueue<String> bounded = new LinkedBlockingQueue<>(5);
        bounded.add("t");
        final Object queue = DynamicValues.prepare(Queue.class, bounded, "field");
        assertInstanceOf(FabricDeque.class, queue);
        assertEquals(4, ((FabricDeque<?>)queue).remainingCapacity());

        final List<?> fixed = (List<?>)DynamicValues.prepare(List.class, List.of("q"), "field");
        assertThrows(UnsupportedOperationException.class, () -> fixed.remove(0));

        final FabricException sorted = assertThrows(FabricException.class,
            () -> DynamicValues.prepare(Map.class, new TreeMap<>(), "Board.ranks"));
        assertTrue(sorted.getMessage().contains("Board.ranks") &&
            sorted.getMessage().contains("a sorted collection cannot be shared yet"), sorted.getMessage());
        final FabricException thread = assertThrows(FabricException.class,
            () -> DynamicValues.prepare(Object.class, new Thread(), "Board.any"));
        assertEquals(FabricException.Category.USAGE, thread.category());
        assertTrue(thread.getMessage().contains("Cannot store a java.lang.Thread in Board.any"), thread.getMessage());
        assertEquals("text", DynamicValues.prepare(Object.class, "text", "field"));
    }
}
