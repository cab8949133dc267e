/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.merge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merging states converge whatever order operations arrive in, however often, and from whole states.
 */
class MergeStatesTest
{
    @Test
    void countersConvergeToTheSumWhateverTheOrderAndDuplicates()
    {
        final Random random = new Random(7);
        for (int round = 0; round < 50; round++)
        {
            final List<byte[]> operations = new ArrayList<>();
            final List<CounterState> replicas = new ArrayList<>();
            long expected = 0;
            for (int node = 1; node <= 3; node++)
            {
                final CounterState replica = (CounterState)MergeState.create(MergeState.COUNTER, node, s -> { });
                replicas.add(replica);
                for (int i = 0; i < 20; i++)
                {
                    final long delta = random.nextInt(21) - 10;
                    replica.add(delta);
                    expected += delta;
                    if (random.nextBoolean())
                    {
                        operations.add(replica.drainOperations());
                    }
                }
                operations.add(replica.drainOperations());
            }
            for (final CounterState replica : replicas)
            {
                final List<byte[]> shuffled = new ArrayList<>(operations);
                shuffled.addAll(operations.subList(0, operations.size() / 2));
                Collections.shuffle(shuffled, random);
                shuffled.forEach(replica::apply);
                assertEquals(expected, replica.value());
            }
        }
    }

    @Test
    void aSetsAddConcurrentWithARemoveWins()
    {
        final SetState a = (SetState)MergeState.create(MergeState.SET, 1, s -> { });
        final SetState b = (SetState)MergeState.create(MergeState.SET, 2, s -> { });
        a.add("Sx");
        b.apply(a.drainOperations());
        // b removes what it saw; a adds x again concurrently (b has not seen it).
        b.remove("Sx");
        a.add("Sx");
        final byte[] fromA = a.drainOperations();
        final byte[] fromB = b.drainOperations();
        a.apply(fromB);
        b.apply(fromA);
        assertTrue(a.contains("Sx"));
        assertTrue(b.contains("Sx"));
        // A remove that saw every add removes the element everywhere, and a late duplicate add does not bring it
        // back.
        a.remove("Sx");
        final byte[] removal = a.drainOperations();
        b.apply(removal);
        b.apply(fromA);
        assertFalse(a.contains("Sx"));
        assertFalse(b.contains("Sx"));
    }

    @Test
    void setsConvergeUnderRandomOperationsDeliveredInAnyOrder()
    {
        final Random random = new Random(11);
        for (int round = 0; round < 30; round++)
        {
            final List<SetState> replicas = new ArrayList<>();
            final List<byte[]> operations = new ArrayList<>();
            for (int node = 1; node <= 3; node++)
            {
                replicas.add((SetState)MergeState.create(MergeState.SET, node, s -> { }));
            }
            for (int step = 0; step < 200; step++)
            {
                final SetState replica = replicas.get(random.nextInt(3));
                final String element = "S" + random.nextInt(10);
                if (random.nextInt(3) == 0)
                {
                    replica.remove(element);
                }
                else
                {
                    replica.add(element);
                }
                if (random.nextInt(4) == 0)
                {
                    // Some operations reach one other replica early (causal in this test only by chance).
                    final byte[] drained = replica.drainOperations();
                    operations.add(drained);
                    replicas.get(random.nextInt(3)).apply(drained);
                }
            }
            replicas.forEach(replica -> operations.add(replica.drainOperations()));
            for (final SetState replica : replicas)
            {
                final List<byte[]> shuffled = new ArrayList<>(operations);
                Collections.shuffle(shuffled, random);
                shuffled.forEach(replica::apply);
            }
            assertEquals(replicas.get(0).elements(), replicas.get(1).elements());
            assertEquals(replicas.get(0).elements(), replicas.get(2).elements());
            // A whole state rebuilds the same set in a fresh replica.
            final SetState fresh = (SetState)MergeState.create(MergeState.SET, 9, s -> { });
            fresh.apply(replicas.get(1).wholeState());
            assertEquals(replicas.get(0).elements(), fresh.elements());
        }
    }

    @Test
    void mapsKeepTheLastWriteOfEachKeyEverywhere()
    {
        final MapState a = (MapState)MergeState.create(MergeState.MAP, 1, s -> { });
        final MapState b = (MapState)MergeState.create(MergeState.MAP, 2, s -> { });
        a.put("Sk", "Sfirst");
        b.apply(a.drainOperations());
        b.put("Sk", "Ssecond");
        b.put("Sgone", "Sx");
        b.put("Sgone", null);
        final byte[] fromB = b.drainOperations();
        a.apply(fromB);
        a.apply(fromB);
        assertEquals(Map.of("Sk", "Ssecond"), a.entries());
        assertEquals(a.entries(), b.entries());
        final MapState fresh = (MapState)MergeState.create(MergeState.MAP, 3, s -> { });
        fresh.apply(a.wholeState());
        assertEquals(a.entries(), fresh.entries());
    }

    @Test
    void aStateMadeBeforeSharingIsMergedOnceAsThisJvmsChanges()
    {
        final CounterState local = (CounterState)MergeState.create(MergeState.COUNTER, 0, null);
        local.add(5);
        local.add(-2);
        final List<MergeState> readied = new ArrayList<>();
        final CounterState held = (CounterState)MergeState.create(MergeState.COUNTER, 4, readied::add).held();
        held.absorb(local);
        held.absorb(local);
        assertEquals(3, held.value());
        assertEquals(1, readied.size());
        final CounterState other = (CounterState)MergeState.create(MergeState.COUNTER, 5, s -> { });
        other.apply(held.drainOperations());
        assertEquals(3, other.value());
    }

    @Test
    void valuesOfEveryKindRoundTripAndOthersAreRefusedSayingWhy()
    {
        final ClassLoader loader = getClass().getClassLoader();
        for (final Object value : List.of("text", 12L, 7, (short)3, (byte)-1, 'q', true, 2.5d, -0.25f,
            Thread.State.RUNNABLE))
        {
            assertEquals(value, Values.decode(Values.encode(value, "v"), loader));
        }
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Values.encode(new Object(), "an element of a ReplicatedSet"));
        assertTrue(refused.getMessage().contains("an element of a ReplicatedSet must be a String"),
            refused.getMessage());
    }
}
