/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolConfigTest
{
    @Test
    void defaultsAreTmpfsPagesWithoutDiskTier()
    {
        final PoolConfig config = new PoolConfig().conclude();
        assertEquals(Path.of("/dev/shm/memfabric/pages.pool"), config.file());
        assertEquals(256L * 1024 * 1024, config.capacityBytes());
        assertEquals(256 * 1024, config.slotBytes());
        assertEquals(5_000, config.leaseMs());
        assertNull(config.diskTierDirectory());
    }

    @Test
    void systemPropertiesOverrideTheDefaults()
    {
        final Map<String, String> properties = Map.of(
            PoolConfig.DIR_PROP_NAME, "/tmp/pool-test",
            PoolConfig.NAME_PROP_NAME, "kv",
            PoolConfig.CAPACITY_PROP_NAME, "1g",
            PoolConfig.SLOT_PROP_NAME, "512K",
            PoolConfig.DISK_DIR_PROP_NAME, "/tmp/pool-test-disk",
            PoolConfig.LEASE_MS_PROP_NAME, "2500");
        properties.forEach(System::setProperty);
        try
        {
            final PoolConfig config = PoolConfig.fromSystemProperties().conclude();
            assertEquals(Path.of("/tmp/pool-test/kv.pool"), config.file());
            assertEquals(1L << 30, config.capacityBytes());
            assertEquals(512 * 1024, config.slotBytes());
            assertEquals(Path.of("/tmp/pool-test-disk"), config.diskTierDirectory());
            assertEquals(2_500, config.leaseMs());
        }
        finally
        {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void anUnreadableSizeNamesTheProperty()
    {
        System.setProperty(PoolConfig.CAPACITY_PROP_NAME, "lots");
        try
        {
            final IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, PoolConfig::fromSystemProperties);
            assertTrue(bad.getMessage().contains(PoolConfig.CAPACITY_PROP_NAME + "='lots'"), bad.getMessage());
        }
        finally
        {
            System.clearProperty(PoolConfig.CAPACITY_PROP_NAME);
        }
    }

    @Test
    void concludeNamesTheBadSettingItsValueAndWhatToDo()
    {
        assertRejected(new PoolConfig().slotBytes(1000), "slotBytes=1000", PoolConfig.SLOT_PROP_NAME);
        assertRejected(new PoolConfig().slotBytes(8192).capacityBytes(10_000), "capacityBytes=10000",
            PoolConfig.CAPACITY_PROP_NAME);
        assertRejected(new PoolConfig().slotBytes(4096).capacityBytes(1L << 40), "slots, more than",
            PoolConfig.SLOT_PROP_NAME);
        assertRejected(new PoolConfig().leaseMs(10), "leaseMs=10", PoolConfig.LEASE_MS_PROP_NAME);
        assertRejected(new PoolConfig().name("../escape"), "name='../escape'", PoolConfig.NAME_PROP_NAME);
        assertRejected(new PoolConfig().directory(null), "directory", PoolConfig.DIR_PROP_NAME);
    }

    private static void assertRejected(final PoolConfig config, final String setting, final String property)
    {
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, config::conclude);
        assertTrue(bad.getMessage().contains(setting), bad.getMessage());
        assertTrue(bad.getMessage().contains(property), bad.getMessage());
    }
}
