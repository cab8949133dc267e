/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;

class IdleSettingTest
{
    @Test
    void everySettingReadsBackFromItsOwnName()
    {
        for (final IdleSetting idle : IdleSetting.values())
        {
            assertEquals(idle, IdleSetting.parse("memfabric.idle", idle.settingName()));
            assertEquals(idle, IdleSetting.parse("memfabric.idle", " " + idle.name() + " "));
        }
        assertEquals(IdleSetting.BUSY_SPIN, IdleSetting.parse("--idle", "busy-spin"));
    }

    @Test
    void eachSettingMakesItsOwnKindOfStrategyAndANewOneEachTime()
    {
        assertInstanceOf(AdaptiveIdleStrategy.class, IdleSetting.ADAPTIVE.newIdleStrategy());
        assertInstanceOf(SleepingMillisIdleStrategy.class, IdleSetting.SLEEPING.newIdleStrategy());
        assertInstanceOf(BackoffIdleStrategy.class, IdleSetting.BACKOFF.newIdleStrategy());
        assertInstanceOf(BusySpinIdleStrategy.class, IdleSetting.BUSY_SPIN.supplier().get());
        assertNotSame(IdleSetting.BACKOFF.newIdleStrategy(), IdleSetting.BACKOFF.newIdleStrategy());
    }

    @Test
    void anUnknownValueIsAConfigurationErrorNamingTheSettingAndTheChoices()
    {
        final FabricConfigurationException ex =
            assertThrows(FabricConfigurationException.class, () -> IdleSetting.parse("memfabric.idle", "lazy"));
        assertEquals(FabricException.Category.CONFIGURATION, ex.category());
        assertTrue(ex.getMessage().contains("memfabric.idle is 'lazy'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("busy_spin"), ex.getMessage());
        assertThrows(FabricConfigurationException.class, () -> IdleSetting.parse("memfabric.idle", null));
    }
}
