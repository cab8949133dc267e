/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.access;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * A Hazelcast {@code IMap} with a near cache on one embedded member, the distributed-map peer of a shared field:
 * {@link ConcurrentMapState#ENTRIES} {@code Long} entries, the near cache warmed before measuring. The member talks
 * on loopback only and joins nobody.
 */
@State(Scope.Benchmark)
public class HazelcastState
{
    /**
     * What Hazelcast needs opened on Java 17 to run without warnings (from its documentation); forked JVMs get these.
     */
    public static final List<String> JVM_ARGS = List.of(
        "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-D" + "hazelcast.phone.home.enabled=false");

    static final String MAP_NAME = "access";

    // Held, so the level set on it is not lost when the logger is collected.
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

    HazelcastInstance member;
    IMap<Long, Long> map;

    /**
     * The key read and written; boxed once, so the benchmarks do not measure boxing.
     */
    final Long key = Long.valueOf(ConcurrentMapState.ENTRIES / 2);

    /**
     * The value written, boxed once.
     */
    final Long input = Long.valueOf(42);

    /**
     * Starts the member, fills the map and warms the near cache.
     */
    @Setup(Level.Trial)
    public void startMember()
    {
        HAZELCAST_LOGGER.setLevel(java.util.logging.Level.WARNING);
        member = Hazelcast.newHazelcastInstance(config());
        map = member.getMap(MAP_NAME);
        for (long i = 0; i < ConcurrentMapState.ENTRIES; i++)
        {
            map.set(i, i);
        }
        for (int round = 0; round < 2; round++)
        {
            for (long i = 0; i < ConcurrentMapState.ENTRIES; i++)
            {
                map.get(i);
            }
        }

        final long cached = map.getLocalMapStats().getNearCacheStats().getOwnedEntryCount();
        if (cached < ConcurrentMapState.ENTRIES)
        {
            throw new IllegalStateException("the near cache of map " + MAP_NAME + " holds " + cached + " of " +
                ConcurrentMapState.ENTRIES + " entries after warming: reads would not be served from it");
        }
    }

    /**
     * Stops the member.
     */
    @TearDown(Level.Trial)
    public void stopMember()
    {
        if (null != member)
        {
            member.shutdown();
            member = null;
        }
    }

    private static Config config()
    {
        final Config config = new Config();
        config.setClusterName("memfabric-bench-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.socket.bind.any", "false");

        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(5701).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);

        final NearCacheConfig nearCache = new NearCacheConfig(MAP_NAME)
            .setInMemoryFormat(InMemoryFormat.OBJECT)
            .setCacheLocalEntries(true)
            .setInvalidateOnChange(true);
        config.addMapConfig(new MapConfig(MAP_NAME).setNearCacheConfig(nearCache));

        return config;
    }
}
