/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import static io.memfabric.transport.pool.PoolConfig.Configuration.CAPACITY_DEFAULT;
import static io.memfabric.transport.pool.PoolConfig.Configuration.CAPACITY_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.DIR_DEFAULT;
import static io.memfabric.transport.pool.PoolConfig.Configuration.DIR_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.DISK_CAPACITY_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.DISK_DIR_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.LEASE_MS_DEFAULT;
import static io.memfabric.transport.pool.PoolConfig.Configuration.LEASE_MS_MIN;
import static io.memfabric.transport.pool.PoolConfig.Configuration.LEASE_MS_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.NAME_DEFAULT;
import static io.memfabric.transport.pool.PoolConfig.Configuration.NAME_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.SLOT_ALIGNMENT;
import static io.memfabric.transport.pool.PoolConfig.Configuration.SLOT_COUNT_MAX;
import static io.memfabric.transport.pool.PoolConfig.Configuration.SLOT_DEFAULT;
import static io.memfabric.transport.pool.PoolConfig.Configuration.SLOT_MAX;
import static io.memfabric.transport.pool.PoolConfig.Configuration.SLOT_PROP_NAME;

import java.nio.file.Path;
import java.util.Properties;

import io.memfabric.FabricErrorHandler;
import io.memfabric.SettingValues;

import io.memfabric.ErrorHandlers;
import io.memfabric.FabricConfigurationException;

/**
 * Settings of a {@link PagePool}, shaped like an Aeron context: a fluent accessor per setting, property names and
 * defaults in the nested {@link Configuration}, checked once by {@link #conclude()}, and a {@link FabricErrorHandler}
 * for what fails on the pool's lease thread. {@link #fromProperties(Properties)} reads the {@code memfabric.pool.*}
 * settings from the properties it is given; nothing here reads system properties.
 * <p>
 * Every JVM that maps one pool file must agree on its geometry ({@link #capacityBytes()} and {@link #slotBytes()});
 * the lease and the disk tier are each JVM's own.
 */
public final class PoolConfig
{
    /**
     * The names of the pool's settings, their defaults and their bounds.
     */
    public static final class Configuration
    {
        /** System property naming the directory of the pool file. */
        public static final String DIR_PROP_NAME = "memfabric.pool.dir";
        /** Default directory: tmpfs, so the pool is memory and not a disk file. */
        public static final String DIR_DEFAULT = "/dev/shm/memfabric";

        /** System property naming the pool; the file is {@code <name>.pool} in the directory. */
        public static final String NAME_PROP_NAME = "memfabric.pool.name";
        /** Default pool name. */
        public static final String NAME_DEFAULT = "pages";

        /** System property for the bytes of page data in the pool: a number, optionally with k, m or g (binary). */
        public static final String CAPACITY_PROP_NAME = "memfabric.pool.capacity";
        /** Default capacity: 256 MiB. */
        public static final long CAPACITY_DEFAULT = 256L * 1024 * 1024;

        /** System property for the bytes of one slot, the unit of allocation: a number, optionally with k, m or g. */
        public static final String SLOT_PROP_NAME = "memfabric.pool.slot";
        /** Default slot: 256 KiB, the smallest KV-cache block the pool is meant for. */
        public static final int SLOT_DEFAULT = 256 * 1024;

        /** System property naming the disk-tier directory; unset means no disk tier. */
        public static final String DISK_DIR_PROP_NAME = "memfabric.pool.disk.dir";

        /**
         * System property bounding the disk tier's bytes (e.g. {@code 8g}); past it the least recently used page files
         * are deleted. Default: four times the pool's memory capacity.
         */
        public static final String DISK_CAPACITY_PROP_NAME = "memfabric.pool.disk.capacity";

        /** System property for the lease, in milliseconds, that keeps this JVM's pins alive. */
        public static final String LEASE_MS_PROP_NAME = "memfabric.pool.lease.ms";
        /** Default lease: a JVM that stops renewing loses its pins 5 s later. */
        public static final long LEASE_MS_DEFAULT = 5_000;

        /** Shortest lease accepted: below it, an ordinary GC pause would cost a healthy JVM its pins. */
        public static final long LEASE_MS_MIN = 100;
        /** Slots are whole OS pages, so every page starts page-aligned in the mapping. */
        public static final int SLOT_ALIGNMENT = PoolLayout.OS_PAGE;
        /** Largest slot: a page never straddles two mapped regions of {@link PoolLayout#MAX_REGION_BYTES}. */
        public static final int SLOT_MAX = (int)PoolLayout.MAX_REGION_BYTES;
        /** Most slots in a pool, which keeps the metadata (128 bytes a slot plus the index) well under 2 GiB. */
        public static final int SLOT_COUNT_MAX = 1 << 22;

        private Configuration()
        {
        }
    }

    private Path directory = Path.of(DIR_DEFAULT);
    private String name = NAME_DEFAULT;
    private long capacityBytes = CAPACITY_DEFAULT;
    private int slotBytes = SLOT_DEFAULT;
    private Path diskTierDirectory;
    private long diskCapacityBytes;
    private long leaseMs = LEASE_MS_DEFAULT;
    private FabricErrorHandler errorHandler;

    /**
     * @param properties where the {@code memfabric.pool.*} settings are, usually {@link System#getProperties()}.
     * @return settings with every default overridden by the {@code memfabric.pool.*} properties that are set.
     * @throws FabricConfigurationException naming the property whose value cannot be read.
     */
    public static PoolConfig fromProperties(final Properties properties)
    {
        final PoolConfig config = new PoolConfig();
        final String dir = properties.getProperty(DIR_PROP_NAME);
        if (dir != null)
        {
            config.directory(Path.of(dir));
        }
        final String name = properties.getProperty(NAME_PROP_NAME);
        if (name != null)
        {
            config.name(name);
        }
        final String capacity = properties.getProperty(CAPACITY_PROP_NAME);
        if (capacity != null)
        {
            config.capacityBytes(SettingValues.size(CAPACITY_PROP_NAME, capacity));
        }
        final String slot = properties.getProperty(SLOT_PROP_NAME);
        if (slot != null)
        {
            final long bytes = SettingValues.size(SLOT_PROP_NAME, slot);
            if (bytes > Integer.MAX_VALUE)
            {
                throw new FabricConfigurationException(SLOT_PROP_NAME + "=" + slot + " is larger than " + SLOT_MAX +
                    " bytes: give a slot of at most 1g (the default is 256k)");
            }
            config.slotBytes((int)bytes);
        }
        final String diskDir = properties.getProperty(DISK_DIR_PROP_NAME);
        if (diskDir != null && !diskDir.isBlank())
        {
            config.diskTierDirectory(Path.of(diskDir));
        }
        final String diskCapacity = properties.getProperty(DISK_CAPACITY_PROP_NAME);
        if (diskCapacity != null && !diskCapacity.isBlank())
        {
            config.diskCapacityBytes(SettingValues.size(DISK_CAPACITY_PROP_NAME, diskCapacity));
        }
        final String lease = properties.getProperty(LEASE_MS_PROP_NAME);
        if (lease != null)
        {
            config.leaseMs(SettingValues.wholeNumber(LEASE_MS_PROP_NAME, lease, 0, Long.MAX_VALUE));
        }
        return config;
    }

    /**
     * Checks every setting once, before a pool is opened with them.
     *
     * @return this.
     * @throws FabricConfigurationException naming the setting, its bad value and what to do.
     */
    public PoolConfig conclude()
    {
        if (directory == null)
        {
            throw new FabricConfigurationException("directory is not set: give the directory of the pool file (" +
                DIR_PROP_NAME + ", default " + DIR_DEFAULT + ")");
        }
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith("."))
        {
            throw new FabricConfigurationException(
                "name='" + name + "' is not a plain file name: use letters, digits, " +
                "'.', '_' or '-', not starting with '.' (" + NAME_PROP_NAME + ", default " + NAME_DEFAULT + ")");
        }
        if (slotBytes < SLOT_ALIGNMENT || slotBytes > SLOT_MAX || slotBytes % SLOT_ALIGNMENT != 0)
        {
            throw new FabricConfigurationException("slotBytes=" + slotBytes + " must be a multiple of " +
                SLOT_ALIGNMENT + " (the OS page) between " + SLOT_ALIGNMENT + " and " + SLOT_MAX + ": set " +
                SLOT_PROP_NAME + " to e.g. " + SLOT_DEFAULT);
        }
        if (capacityBytes < slotBytes || capacityBytes % slotBytes != 0)
        {
            throw new FabricConfigurationException("capacityBytes=" + capacityBytes +
                " must be a positive multiple of slotBytes=" + slotBytes + ": set " + CAPACITY_PROP_NAME +
                " to e.g. " + (Math.max(1, capacityBytes / slotBytes) * slotBytes));
        }
        if (capacityBytes / slotBytes > SLOT_COUNT_MAX)
        {
            throw new FabricConfigurationException("capacityBytes=" + capacityBytes + " with slotBytes=" + slotBytes +
                " makes " + (capacityBytes / slotBytes) + " slots, more than " + SLOT_COUNT_MAX +
                ": raise " + SLOT_PROP_NAME + " to at least " + ceilToSlot(capacityBytes / SLOT_COUNT_MAX) +
                " or lower " + CAPACITY_PROP_NAME);
        }
        if (diskCapacityBytes < 0)
        {
            throw new FabricConfigurationException("diskCapacityBytes=" + diskCapacityBytes + " is negative: set " +
                DISK_CAPACITY_PROP_NAME + " to a size such as 8g, or leave it unset for four times the capacity");
        }
        if (leaseMs < LEASE_MS_MIN)
        {
            throw new FabricConfigurationException("leaseMs=" + leaseMs + " is shorter than " + LEASE_MS_MIN +
                " ms, which an ordinary GC pause outlasts: set " + LEASE_MS_PROP_NAME + " to " + LEASE_MS_MIN +
                " or more (default " + LEASE_MS_DEFAULT + ")");
        }
        if (errorHandler == null)
        {
            errorHandler = ErrorHandlers.logging("page-pool");
        }
        return this;
    }

    /**
     * @return the pool file: {@code <directory>/<name>.pool}.
     */
    public Path file()
    {
        return directory.resolve(name + ".pool");
    }

    /**
     * @return the directory holding the pool file; tmpfs ({@value Configuration#DIR_DEFAULT}) by default.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @param directory holding the pool file, created if missing.
     * @return this.
     */
    public PoolConfig directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /**
     * @return the pool's name; JVMs open the same pool by giving the same directory and name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @param name of the pool, a plain file name.
     * @return this.
     */
    public PoolConfig name(final String name)
    {
        this.name = name;
        return this;
    }

    /**
     * @return bytes of page data the pool holds in memory.
     */
    public long capacityBytes()
    {
        return capacityBytes;
    }

    /**
     * @param capacityBytes bytes of page data, a multiple of {@link #slotBytes()}.
     * @return this.
     */
    public PoolConfig capacityBytes(final long capacityBytes)
    {
        this.capacityBytes = capacityBytes;
        return this;
    }

    /**
     * @return bytes of one slot; a page occupies a contiguous run of slots.
     */
    public int slotBytes()
    {
        return slotBytes;
    }

    /**
     * @param slotBytes bytes of one slot, a multiple of {@value Configuration#SLOT_ALIGNMENT}.
     * @return this.
     */
    public PoolConfig slotBytes(final int slotBytes)
    {
        this.slotBytes = slotBytes;
        return this;
    }

    /**
     * @return the directory of the disk tier, or null if evicted pages are dropped.
     */
    public Path diskTierDirectory()
    {
        return diskTierDirectory;
    }

    /**
     * @param diskTierDirectory where evicted pages are written, one file each; null for no disk tier.
     * @return this.
     */
    public PoolConfig diskTierDirectory(final Path diskTierDirectory)
    {
        this.diskTierDirectory = diskTierDirectory;
        return this;
    }

    /**
     * @return the most bytes the disk tier's files take: the set value, or four times {@link #capacityBytes()}.
     */
    public long diskCapacityBytes()
    {
        return diskCapacityBytes > 0 ? diskCapacityBytes : 4 * capacityBytes;
    }

    /**
     * @param diskCapacityBytes the most bytes the disk tier keeps; past it the least recently used page files are
     *                          deleted (those pages are then missing, as after any eviction); 0 for the default, four
     *                          times the memory capacity.
     * @return this.
     */
    public PoolConfig diskCapacityBytes(final long diskCapacityBytes)
    {
        this.diskCapacityBytes = diskCapacityBytes;
        return this;
    }

    /**
     * @return milliseconds this JVM's pins outlive its last lease renewal; renewed every third of it.
     */
    public long leaseMs()
    {
        return leaseMs;
    }

    /**
     * @param leaseMs at least {@value Configuration#LEASE_MS_MIN}.
     * @return this.
     */
    public PoolConfig leaseMs(final long leaseMs)
    {
        this.leaseMs = leaseMs;
        return this;
    }

    /**
     * @return where a failure of the pool's lease thread goes (a renewal that could not be written), which has no
     * caller to be thrown to; {@link ErrorHandlers#logging(String)} unless set.
     */
    public FabricErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler see {@link #errorHandler()}.
     * @return this.
     */
    public PoolConfig errorHandler(final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    @Override
    public String toString()
    {
        return "PoolConfig{file=" + (directory == null ? null : file()) + ", capacityBytes=" + capacityBytes +
            ", slotBytes=" + slotBytes + ", diskTierDirectory=" + diskTierDirectory + ", leaseMs=" + leaseMs + '}';
    }

    private static long ceilToSlot(final long bytes)
    {
        final long aligned = (bytes + SLOT_ALIGNMENT - 1) / SLOT_ALIGNMENT * SLOT_ALIGNMENT;
        return Math.max(SLOT_ALIGNMENT, aligned);
    }
}
