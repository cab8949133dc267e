/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.it;

import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * A client process that takes a lock, says so, and holds it until it is killed.
 */
public final class LockHolder
{
    public static void main(final String[] args) throws Exception
    {
        // Its own driver, in a directory the test removes: a SIGKILLed process cannot clean up after itself.
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(args[3])
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true));
        final ConsensusClient client = ConsensusClient.start(new ClientConfig()
            .endpoints(ClusterEndpoints.parse(args[0]))
            .aeronDir(driver.aeronDirectoryName())
            .leaseTtlMs(Long.parseLong(args[2])), reply -> { });
        final FabricConsensus consensus = new FabricConsensus(client);
        final FabricConsensus.LockGrant grant = consensus.lock(Long.parseLong(args[1]), 1, -1)
            .get(30, TimeUnit.SECONDS);
        System.out.println("locked token=" + grant.fencingToken());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
