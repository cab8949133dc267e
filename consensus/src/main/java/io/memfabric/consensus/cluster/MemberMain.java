/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.memfabric.consensus.FabricClusteredService;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./fabric member start --id N --members host:port,... --dir D [--clean] [--idle sleeping|backoff|busy_spin]
 * [--aeron-dir path]}: runs one cluster member in the foreground until it is stopped (SIGINT/SIGTERM) or the cluster
 * terminates it. The media driver's directory is under /dev/shm unless {@code --aeron-dir} names one.
 */
public final class MemberMain
{
    private MemberMain()
    {
    }

    /**
     * @param args the options above.
     */
    public static void main(final String[] args)
    {
        final MemberConfig config;
        try
        {
            final CommandLine line = CommandLine.parse("member start", args,
                Set.of("--id", "--members", "--dir", "--idle", "--aeron-dir"), Set.of("--clean"));
            config = new MemberConfig()
                .memberId(line.integer("--id", -1))
                .endpoints(ClusterEndpoints.parse(line.required("--members")))
                .dir(new File(line.required("--dir")))
                .cleanStart(line.flag("--clean"))
                .idle(MemberConfig.Idle.valueOf(line.get("--idle", "sleeping").toUpperCase(Locale.ROOT)))
                .aeronDir(line.get("--aeron-dir", null))
                .conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("fabric: " + ex.getMessage());
            System.exit(2);
            return;
        }

        // The barrier is closed last: its shutdown hook waits for that before the JVM may exit.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            ClusterMember member = ClusterMember.launch(config, FabricClusteredService::new))
        {
            System.out.println("member " + config.memberId() + " started: " +
                config.endpoints().ingress(config.memberId()) + ", dir " + config.dir().getAbsolutePath());
            System.out.flush();
            barrier.await();
            System.out.println("member " + config.memberId() + " stopping");
        }
    }
}
