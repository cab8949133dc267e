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
    private static final long WINDOW = 5_000_000;
    private static final long COLD = 2_000_000;

    @Test
    void parksStayShortWhileWorkIsRecentThenDoubleUpToTheColdPark()
    {
        final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(WARM, WINDOW, COLD);
        final long work = 1_000_000_000L;
        idle.reset(work);

        assertEquals(WARM, idle.nextParkNs(work + 1));
        assertEquals(WARM, idle.nextParkNs(work + WINDOW - 1));
        assertEquals(WARM, idle.nextParkNs(work + WINDOW - 1), "inside the window the park does not grow");

        final long[] expected = {20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, COLD, COLD};
        long now = work + WINDOW;
        for (final long park : expected)
        {
            assertEquals(park, idle.nextParkNs(now));
            now += park;
        }
    }

    @Test
    void workMakesTheNextParksShortAgain()
    {
        final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(WARM, WINDOW, COLD);
        idle.reset(0);
        for (int i = 0; i < 20; i++)
        {
            idle.nextParkNs(WINDOW + i);
        }
        assertEquals(COLD, idle.nextParkNs(WINDOW + 20));

        final long later = 10 * WINDOW;
        idle.reset(later);
        assertEquals(WARM, idle.nextParkNs(later + 1));
        assertEquals(WARM, idle.nextParkNs(later + WINDOW), "the first park after the window starts from warm");
        assertEquals(2 * WARM, idle.nextParkNs(later + WINDOW + WARM));
    }

    @Test
    void aWindowOfZeroIsAPlainDoublingBackoff()
    {
        final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(WARM, 0, 4 * WARM);
        idle.reset(0);
        assertEquals(WARM, idle.nextParkNs(0));
        assertEquals(2 * WARM, idle.nextParkNs(0));
        assertEquals(4 * WARM, idle.nextParkNs(0));
        assertEquals(4 * WARM, idle.nextParkNs(0));
    }

    @Test
    void theDefaultAdaptiveSettingIsThisStrategyAndBadBoundsAreRefused()
    {
        final AdaptiveIdleStrategy idle = (AdaptiveIdleStrategy)IdleSetting.ADAPTIVE.newIdleStrategy();
        assertEquals(WARM, idle.warmParkNs());
        assertEquals(WINDOW, idle.warmWindowNs());
        assertEquals(COLD, idle.coldParkNs());
        assertEquals("adaptive", idle.alias());
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIdleStrategy(0, WINDOW, COLD));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIdleStrategy(COLD, WINDOW, WARM));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIdleStrategy(WARM, -1, COLD));
    }
}
