/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.FabricConfigurationException;
import io.memfabric.FabricException;
import java.util.Properties;
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
    void propertiesOverrideTheDefaults()
    {
        final Map<String, String> settings = Map.of(
            PoolConfig.Configuration.DIR_PROP_NAME, "/tmp/pool-test",
            PoolConfig.Configuration.NAME_PROP_NAME, "kv",
            PoolConfig.Configuration.CAPACITY_PROP_NAME, "1g",
            PoolConfig.Configuration.SLOT_PROP_NAME, "512K",
            PoolConfig.Configuration.DISK_DIR_PROP_NAME, "/tmp/pool-test-disk",
            PoolConfig.Configuration.LEASE_MS_PROP_NAME, "2500");
        final Properties properties = new Properties();
        properties.putAll(settings);
        final PoolConfig config = PoolConfig.fromProperties(properties).conclude();
        assertEquals(Path.of("/tmp/pool-test/kv.pool"), config.file());
        assertEquals(1L << 30, config.capacityBytes());
        assertEquals(512 * 1024, config.slotBytes());
        assertEquals(Path.of("/tmp/pool-test-disk"), config.diskTierDirectory());
        assertEquals(2_500, config.leaseMs());
    }

    @Test
    void anUnreadableSizeNamesTheProperty()
    {
        final Properties properties = new Properties();
        properties.setProperty(PoolConfig.Configuration.CAPACITY_PROP_NAME, "lots");
        final FabricConfigurationException bad =
            assertThrows(FabricConfigurationException.class, () -> PoolConfig.fromProperties(properties));
        assertEquals(FabricException.Category.CONFIGURATION, bad.category());
        assertTrue(bad.getMessage().contains(PoolConfig.Configuration.CAPACITY_PROP_NAME + "='lots'"),
            bad.getMessage());
    }

    @Test
    void concludeNamesTheBadSettingItsValueAndWhatToDo()
    {
        assertRejected(new PoolConfig().slotBytes(1000), "slotBytes=1000", PoolConfig.Configuration.SLOT_PROP_NAME);
        assertRejected(new PoolConfig().slotBytes(8192).capacityBytes(10_000), "capacityBytes=10000",
            PoolConfig.Configuration.CAPACITY_PROP_NAME);
        assertRejected(new PoolConfig().slotBytes(4096).capacityBytes(1L << 40), "slots, more than",
            PoolConfig.Configuration.SLOT_PROP_NAME);
        assertRejected(new PoolConfig().leaseMs(10), "leaseMs=10", PoolConfig.Configuration.LEASE_MS_PROP_NAME);
        assertRejected(new PoolConfig().name("../escape"), "name='../escape'",
            PoolConfig.Configuration.NAME_PROP_NAME);
        assertRejected(new PoolConfig().directory(null), "directory", PoolConfig.Configuration.DIR_PROP_NAME);
    }

    private static void assertRejected(final PoolConfig config, final String setting, final String property)
    {
        final FabricConfigurationException bad = assertThrows(FabricConfigurationException.class, config::conclude);
        assertTrue(bad.getMessage().contains(setting), bad.getMessage());
        assertTrue(bad.getMessage().contains(property), bad.getMessage());
    }
}
