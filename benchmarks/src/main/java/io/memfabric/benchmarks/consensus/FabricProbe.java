/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.IdleSetting;
import io.aeron.driver.MediaDriver;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.cluster.ClusterEndpoints;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures MemFabric's consensus service through its real client ({@link FabricConsensus}): an uncontended lock
 * acquire + release (two requests, each timed), a STRONG write one at a time, and writes with many in flight.
 */
final class FabricProbe
{
    private static final long WAIT_S = 30;
    private static final long ROUNDTRIP_LOCK = 1;
    private static final long WRITE_LOCK = 2;
    private static final long OWNER = 1;
    private static final long LOCK_WAIT_MS = 1_000;
    private static final int SLOTS = 64;

    private final ClusterEndpoints endpoints;
    private final String aeronDir;
    private final String idle;
    private final Sizes sizes;

    FabricProbe(final String members, final String aeronDir, final String idle, final Sizes sizes)
    {
        this.endpoints = ClusterEndpoints.parse(members);
        this.aeronDir = aeronDir;
        this.idle = idle;
        this.sizes = sizes;
    }

    void run() throws Exception
    {
        try (MediaDriver driver = ClientDriver.launch(aeronDir, idle);
            ConsensusClient client = ConsensusClient.start(
                new ClientConfig().endpoints(endpoints).aeronDir(driver.aeronDirectoryName())
                    .idle(IdleSetting.valueOf(idle)), reply -> {}))
        {
            final FabricConsensus fabric = new FabricConsensus(client);
            final long connectStart = System.nanoTime();
            final long objectId = await(fabric.root("memfabric-bench/consensus/writes"));
            System.out.printf("connected, first request answered in %.0f ms%n",
                (System.nanoTime() - connectStart) / 1e6);

            lockRoundTrips(fabric);

            final FabricConsensus.LockGrant grant = await(fabric.lock(WRITE_LOCK, OWNER, LOCK_WAIT_MS));
            if (!grant.granted())
            {
                throw new IllegalStateException("the uncontended write lock was not granted");
            }
            final long token = grant.fencingToken();
            writes(fabric, token, objectId);
            final long lastValue = writeThroughput(fabric, token, objectId);

            final int lastSlot = (int)(lastValue % SLOTS);
            final long read = await(fabric.readLong(objectId, lastSlot));
            // Requests in flight together may be applied out of order only if one was resent (back pressure).
            System.out.println("check: slot " + lastSlot + " reads " + read + ", last written " + lastValue +
                (read == lastValue ? " (ok)" : " (MISMATCH: a pipelined write was applied late or lost)"));
            await(fabric.unlock(WRITE_LOCK, OWNER));
        }
    }

    private void lockRoundTrips(final FabricConsensus fabric) throws Exception
    {
        final Latencies pairs = new Latencies("lock_roundtrip");
        final Latencies acquires = new Latencies("lock_acquire");
        final Latencies releases = new Latencies("lock_release");
        for (int i = 0, n = sizes.warmup() + sizes.samples(); i < n; i++)
        {
            final long start = System.nanoTime();
            final FabricConsensus.LockGrant grant = await(fabric.lock(ROUNDTRIP_LOCK, OWNER, LOCK_WAIT_MS));
            final long acquired = System.nanoTime();
            final int holds = await(fabric.unlock(ROUNDTRIP_LOCK, OWNER));
            final long released = System.nanoTime();
            if (!grant.granted() || 1 != grant.holdCount() || 0 != holds)
            {
                throw new IllegalStateException("uncontended lock " + ROUNDTRIP_LOCK + ": " + grant + ", " + holds +
                    " holds left after unlock");
            }
            if (i >= sizes.warmup())
            {
                pairs.record(released - start);
                acquires.record(acquired - start);
                releases.record(released - acquired);
            }
        }
        pairs.report();
        acquires.report();
        releases.report();
    }

    private void writes(final FabricConsensus fabric, final long token, final long objectId) throws Exception
    {
        final Latencies writes = new Latencies("write");
        for (int i = 0, n = sizes.warmup() + sizes.samples(); i < n; i++)
        {
            final long start = System.nanoTime();
            await(fabric.writeLong(WRITE_LOCK, token, objectId, i % SLOTS, i));
            if (i >= sizes.warmup())
            {
                writes.record(System.nanoTime() - start);
            }
        }
        writes.report();
    }

    private long writeThroughput(final FabricConsensus fabric, final long token, final long objectId)
        throws Exception
    {
        for (final int window : sizes.windows())
        {
            Pipeline.run(sizes.throughputWarmup(window), window,
                i -> fabric.writeLong(WRITE_LOCK, token, objectId, i % SLOTS, i));
            final long elapsed = Pipeline.run(sizes.ops(), window,
                i -> fabric.writeLong(WRITE_LOCK, token, objectId, i % SLOTS, i));
            Probe.throughput(sizes.throughputMetric("write_throughput", window), sizes.ops(), elapsed);
        }
        return sizes.ops() - 1;
    }

    private static <T> T await(final CompletableFuture<T> future) throws Exception
    {
        return future.get(WAIT_S, TimeUnit.SECONDS);
    }
}
