/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SettingValuesTest
{
    @Test
    void aWholeNumberIsReadWithinItsBoundsAndOtherwiseNamed()
    {
        assertEquals(42, SettingValues.wholeNumber("memfabric.x", " 42 ", 0, 100));
        assertEquals(0, SettingValues.wholeNumber("memfabric.x", "0", 0, 100));
        assertEquals("memfabric.x='101' is not a whole number from 0 to 100", assertThrows(
            FabricConfigurationException.class, () -> SettingValues.wholeNumber("memfabric.x", "101", 0, 100))
            .getMessage());
        assertEquals("--port='-1' is not a whole number from 0 to 65535", assertThrows(
            FabricConfigurationException.class, () -> SettingValues.wholeNumber("--port", "-1", 0, 65_535))
            .getMessage());
        assertThrows(FabricConfigurationException.class, () -> SettingValues.wholeNumber("memfabric.x", "1.5", 0, 9));
    }

    @Test
    void aSizeIsBytesOrANumberWithABinaryUnit()
    {
        assertEquals(4096, SettingValues.size("memfabric.pool.slot", "4096"));
        assertEquals(512L << 10, SettingValues.size("memfabric.pool.slot", "512K"));
        assertEquals(256L << 20, SettingValues.size("memfabric.pool.capacity", " 256m "));
        assertEquals(8L << 30, SettingValues.size("memfabric.pool.capacity", "8 g"));
        final FabricConfigurationException bad = assertThrows(FabricConfigurationException.class,
            () -> SettingValues.size("memfabric.pool.capacity", "lots"));
        assertEquals(FabricException.Category.CONFIGURATION, bad.category());
        assertEquals("memfabric.pool.capacity='lots' is not a size: give bytes, or a number with k, m or g " +
            "(binary), e.g. 256m", bad.getMessage());
        assertThrows(FabricConfigurationException.class, () -> SettingValues.size("x", "-1k"));
        assertThrows(FabricConfigurationException.class, () -> SettingValues.size("x", Long.MAX_VALUE + "g"));
    }
}
