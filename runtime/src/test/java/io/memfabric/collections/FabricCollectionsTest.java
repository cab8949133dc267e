/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fabric's collections as data structures, against the JDK's: here they are not rewritten (no agent), so they
 * run as ordinary local objects, which is what their logic must get right before it is shared. Sharing them is
 * tested with real JVMs in the agent module ({@code ClusterCollectionsIT}).
 */
class FabricCollectionsTest
{
    @Test
    void aListBehavesLikeArrayListAcrossTreeLevels()
    {
        final FabricList<Integer> list = new FabricList<>();
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 2_100; i++)
        {
            list.add(i);
            expected.add(i);
        }
        list.add(0, -1);
        expected.add(0, -1);
        list.add(1_500, -2);
        expected.add(1_500, -2);
        assertEquals(expected.remove(33), list.remove(33));
        assertEquals(expected.set(1_024, 7), list.set(1_024, 7));
        assertTrue(list.removeIf(n -> n % 5 == 0));
        expected.removeIf(n -> n % 5 == 0);
        assertEquals(expected, list);
        assertEquals(expected.size(), list.size());
        assertEquals(expected.indexOf(7), list.indexOf(7));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(list.size()));
        list.clear();
        assertTrue(list.isEmpty());
        list.add(5);
        assertEquals(List.of(5), list);
    }

    @Test
    void aMapKeepsInsertionOrderThroughResizesAndRemovals()
    {
        final FabricMap<String, Integer> map = new FabricMap<>();
        final Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < 1_000; i++)
        {
            map.put("k" + i, i);
            expected.put("k" + i, i);
        }
        for (int i = 0; i < 1_000; i += 3)
        {
            assertEquals(expected.remove("k" + i), map.remove("k" + i));
        }
        map.put("k1", -1);
        expected.put("k1", -1);
        assertEquals(expected, map);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(map.keySet()));
        assertEquals(expected.size(), map.size());
        assertNull(map.get("k0"));
        assertEquals(3, map.merge("m", 3, Integer::sum));
        assertEquals(7, map.merge("m", 4, Integer::sum));
        assertEquals(1, map.computeIfAbsent("c", k -> 1));
        assertEquals(1, map.computeIfAbsent("c", k -> 2));
        assertNull(map.putIfAbsent("fresh", 1));
        assertEquals(1, map.putIfAbsent("fresh", 2));
        assertTrue(map.remove("fresh", 1));
        map.put(null, 9);
        assertEquals(9, map.get(null));
        final Iterator<Map.Entry<String, Integer>> entries = map.entrySet().iterator();
        final Map.Entry<String, Integer> first = entries.next();
        entries.remove();
        assertFalse(map.containsKey(first.getKey()));
        map.entrySet().iterator().next().setValue(42);
        assertEquals(42, map.values().iterator().next());
    }

    @Test
    void keysHashTheSameInEveryJvmOrAreRefused()
    {
        enum Color { RED, GREEN }
        record Key(String name, Color color) { }
        assertEquals(FabricMap.hash(Color.RED), FabricMap.hash(Color.RED));
        assertEquals("RED".hashCode() ^ ("RED".hashCode() >>> 16), FabricMap.hash(Color.RED));
        final FabricMap<Key, Integer> map = new FabricMap<>();
        map.put(new Key("a", Color.GREEN), 1);
        assertEquals(1, map.get(new Key("a", Color.GREEN)));
        final FabricMap<Object, Integer> any = new FabricMap<>();
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> any.put(new Object(), 1));
        assertTrue(refused.getMessage().contains("compares by identity"), refused.getMessage());
    }

    @Test
    void aDequeGrowsAcrossItsWrapAndKeepsItsBound() throws InterruptedException
    {
        final FabricDeque<Integer> deque = new FabricDeque<>();
        final ArrayDeque<Integer> expected = new ArrayDeque<>();
        for (int i = 0; i < 10; i++)
        {
            deque.offerLast(i);
            expected.offerLast(i);
        }
        for (int i = 0; i < 7; i++)
        {
            assertEquals(expected.pollFirst(), deque.pollFirst());
        }
        for (int i = 10; i < 60; i++)
        {
            deque.offerLast(i);
            expected.offerLast(i);
            deque.offerFirst(-i);
            expected.offerFirst(-i);
        }
        assertArrayEquals(expected.toArray(), deque.toArray());
        assertEquals(expected.pollLast(), deque.pollLast());
        assertTrue(deque.removeFirstOccurrence(30));
        expected.removeFirstOccurrence(30);
        assertEquals(new ArrayList<>(expected), new ArrayList<>(deque));
        final List<Integer> backwards = new ArrayList<>();
        deque.descendingIterator().forEachRemaining(backwards::add);
        final List<Integer> expectedBackwards = new ArrayList<>();
        expected.descendingIterator().forEachRemaining(expectedBackwards::add);
        assertEquals(expectedBackwards, backwards);
        assertThrows(NullPointerException.class, () -> deque.offer(null));

        final FabricDeque<String> bounded = new FabricDeque<>(2);
        assertTrue(bounded.offer("a"));
        assertTrue(bounded.offer("b"));
        assertFalse(bounded.offer("c"));
        assertFalse(bounded.offer("c", 20, TimeUnit.MILLISECONDS));
        assertEquals(0, bounded.remainingCapacity());
        assertEquals("a", bounded.take());
        assertEquals("b", bounded.poll(1, TimeUnit.SECONDS));
        assertNull(bounded.poll(20, TimeUnit.MILLISECONDS));
        assertThrows(NoSuchElementException.class, bounded::remove);
    }

    @Test
    void aTakeWaitsForAnOfferFromAnotherThread() throws Exception
    {
        final FabricDeque<String> deque = new FabricDeque<>();
        final Thread offerer = new Thread(() ->
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            deque.offer("late");
        });
        offerer.start();
        assertEquals("late", deque.poll(10, TimeUnit.SECONDS));
        offerer.join();
        assertEquals(0, deque.size());
    }

    @Test
    void arraysHoldTheirElementsInAFixedTree()
    {
        final long[] values = new long[1_500];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = i * 7L;
        }
        final FabricLongArray longs = FabricLongArray.of(values);
        assertArrayEquals(values, longs.toArray());
        longs.set(1_499, -1);
        assertEquals(-1, longs.get(1_499));
        assertEquals(0, new FabricLongArray(40).get(39));
        final ArrayIndexOutOfBoundsException outside = assertThrows(ArrayIndexOutOfBoundsException.class,
            () -> longs.get(1_500));
        assertEquals("Index 1500 out of bounds for length 1500", outside.getMessage());
        assertThrows(NegativeArraySizeException.class, () -> new FabricIntArray(-1));
        final FabricArray<String> names = FabricArray.of("a", null, "c");
        assertEquals("[a, null, c]", names.toString());
        names.asList().set(1, "b");
        assertEquals(List.of("a", "b", "c"), names.asList());
        assertEquals(0, new FabricDoubleArray(0).length());
        assertArrayEquals(new double[]{ 0.5, -0.0 }, FabricDoubleArray.of(0.5, -0.0).toArray());
    }
}
