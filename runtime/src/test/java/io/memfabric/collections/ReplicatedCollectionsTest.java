/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merging types as a program uses them before they are shared (here, without the agent, always): each behaves
 * like its java.util counterpart on one JVM.
 */
class ReplicatedCollectionsTest
{
    @Test
    void aCounterAddsAndSubtracts()
    {
        final ReplicatedCounter counter = new ReplicatedCounter();
        counter.increment();
        counter.add(41);
        counter.add(-2);
        assertEquals(40, counter.get());
        assertEquals("40", counter.toString());
    }

    @Test
    void aSetBehavesLikeASetOfValues()
    {
        final ReplicatedSet<Object> set = new ReplicatedSet<>();
        assertTrue(set.add("a"));
        assertFalse(set.add("a"));
        assertTrue(set.add(7L));
        assertTrue(set.add(Thread.State.NEW));
        assertEquals(3, set.size());
        assertTrue(set.contains(7L));
        assertFalse(set.contains(7));
        assertEquals(Set.of("a", 7L, Thread.State.NEW), Set.copyOf(set));
        for (final Iterator<Object> it = set.iterator(); it.hasNext(); )
        {
            if ("a".equals(it.next()))
            {
                it.remove();
            }
        }
        assertEquals(new TreeSet<>(List.of("7", "NEW")), new TreeSet<>(set.stream().map(String::valueOf).toList()));
        assertTrue(set.remove(7L));
        assertFalse(set.remove(7L));
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> set.add(new StringBuilder("x")));
        assertTrue(refused.getMessage().contains("java.lang.StringBuilder"), refused.getMessage());
    }

    @Test
    void aMapBehavesLikeAMapOfValues()
    {
        final ReplicatedMap<String, Long> map = new ReplicatedMap<>();
        assertNull(map.put("a", 1L));
        assertEquals(1L, map.put("a", 2L));
        map.put("b", 3L);
        assertEquals(2L, map.get("a"));
        assertTrue(map.containsKey("b"));
        assertEquals(Map.of("a", 2L, "b", 3L), new TreeMap<>(map));
        for (final Map.Entry<String, Long> entry : map.entrySet())
        {
            entry.setValue(entry.getValue() * 10);
        }
        assertEquals(Map.of("a", 20L, "b", 30L), new TreeMap<>(map));
        assertEquals(30L, map.remove("b"));
        assertNull(map.remove("b"));
        assertEquals(1, map.size());
        assertThrows(IllegalArgumentException.class, () -> map.put("c", null));
    }
}
