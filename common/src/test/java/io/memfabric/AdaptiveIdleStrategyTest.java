/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdaptiveIdleStrategyTest
{
    private static final long WARM = 20_000;
    private static final long DECAY = 10_000_000;
    private static final double THRESHOLD = 1.2;
    private static final long COLD = 2_000_000;
    private static final long[] DOUBLING = {20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, COLD, COLD};

    @Test
    void oneIsolatedPieceOfWorkLeavesTheParksGrowing()
    {
        final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(WARM, DECAY, THRESHOLD, COLD);
        final long start = 1_000_000_000L;
        idle.onWork(start);
        assertParksDouble(idle, start + 1);
    }

    @Test
    void workEveryFewMillisecondsKeepsTheParksShortAndTheyGrowOnceItStops()
    {
        final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(WARM, DECAY, THRESHOLD, COLD);
        long now = 1_000_000_000L;
        // A slow round trip: one piece of work every 8 ms. Activity settles at 1 / (1 - e^-0.8), about 1.8.
        for (int i = 0; i < 10; i++)
        {
            idle.onWork(now);
            assertEquals(WARM, idle.nextParkNs(now + 1));
            now += 8_000_000;
        }
        // Warm for DECAY * ln(1.8 / 1.2), about 4 ms, after the last work; cold after that.
        final long last = now - 8_000_000;
        assertEquals(WARM, idle.nextParkNs(last + 3_500_000));
        assertParksDouble(idle, last + 5_000_000);
    }

    @Test
    void aBurstOfWorkStaysWarmLongerThanATrickle()
    {
        final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(WARM, DECAY, THRESHOLD, COLD);
        final long start = 1_000_000_000L;
        for (int i = 0; i < 100; i++)
        {
            idle.onWork(start + i * 1_000);
        }
        // Activity about 100: warm for about DECAY * ln(100 / 1.2), 44 ms (the end is recomputed each time the
        // activity doubles, so here from 64: 40 ms).
        assertEquals(WARM, idle.nextParkNs(start + 35_000_000));
        assertEquals(WARM, idle.nextParkNs(start + 35_000_000), "a warm park does not grow the next one");
        assertParksDouble(idle, start + 50_000_000);
    }

    @Test
    void theDefaultAdaptiveSettingIsThisStrategyAndBadBoundsAreRefused()
    {
        final AdaptiveIdleStrategy idle = (AdaptiveIdleStrategy)IdleSetting.ADAPTIVE.newIdleStrategy();
        assertEquals(WARM, idle.warmParkNs());
        assertEquals(DECAY, idle.decayNs());
        assertEquals(THRESHOLD, idle.threshold());
        assertEquals(COLD, idle.coldParkNs());
        assertEquals("adaptive", idle.alias());
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIdleStrategy(0, DECAY, THRESHOLD, COLD));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIdleStrategy(COLD, DECAY, THRESHOLD, WARM));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIdleStrategy(WARM, 0, THRESHOLD, COLD));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIdleStrategy(WARM, DECAY, 0.5, COLD));
    }

    private static void assertParksDouble(final AdaptiveIdleStrategy idle, final long from)
    {
        long now = from;
        for (final long park : DOUBLING)
        {
            assertEquals(park, idle.nextParkNs(now));
            now += park;
        }
    }
}
