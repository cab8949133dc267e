/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.Header;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures the floor: a raw {@link AeronCluster} client against the {@link EchoService}, with the channels the
 * MemFabric client uses and the idle strategy under test. Round trip of one 64-byte message at a time, and
 * pipelined throughput with as many messages in flight as the MemFabric write throughput has requests.
 */
final class EchoProbe
{
    private static final int MESSAGE_LENGTH = 64;
    private static final long STALL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final ClusterEndpoints endpoints;
    private final String aeronDir;
    private final String idle;
    private final Sizes sizes;
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
    private long lastEchoed;
    private long echoes;

    EchoProbe(final String members, final String aeronDir, final String idle, final Sizes sizes)
    {
        this.endpoints = ClusterEndpoints.parse(members);
        this.aeronDir = aeronDir;
        this.idle = idle;
        this.sizes = sizes;
    }

    void run() throws Exception
    {
        final long connectStart = System.nanoTime();
        try (MediaDriver driver = ClientDriver.launch(aeronDir, idle);
            AeronCluster cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .egressListener(new Listener())
                .ingressChannel("aeron:udp?term-length=1m")
                .ingressEndpoints(endpoints.aeronIngressEndpoints())
                .egressChannel("aeron:udp?endpoint=localhost:0")))
        {
            System.out.printf("connected in %.0f ms%n", (System.nanoTime() - connectStart) / 1e6);
            final IdleStrategy idleStrategy = ClientDriver.idleStrategy(idle);
            roundTrips(cluster, idleStrategy);
            for (final int window : sizes.windows())
            {
                throughput(cluster, idleStrategy, window, sizes.throughputWarmup(window), null);
                throughput(cluster, idleStrategy, window, sizes.ops(), sizes.throughputMetric("echo_throughput",
                    window));
            }
        }
    }

    private void roundTrips(final AeronCluster cluster, final IdleStrategy idleStrategy) throws TimeoutException
    {
        final Latencies rtt = new Latencies("echo_rtt");
        long sequence = lastEchoed;
        for (int i = 0, n = sizes.warmup() + sizes.samples(); i < n; i++)
        {
            sequence++;
            final long start = System.nanoTime();
            send(cluster, idleStrategy, sequence);
            final long deadline = start + STALL_TIMEOUT_NS;
            idleStrategy.reset();
            while (lastEchoed < sequence)
            {
                idleStrategy.idle(cluster.pollEgress());
                if (System.nanoTime() - deadline > 0)
                {
                    throw new TimeoutException("no echo of message " + sequence + " in 30 s");
                }
            }
            if (i >= sizes.warmup())
            {
                rtt.record(System.nanoTime() - start);
            }
        }
        rtt.report();
    }

    /**
     * @param metric the figure to report, or {@code null} for a warm-up.
     */
    private void throughput(
        final AeronCluster cluster, final IdleStrategy idleStrategy, final int window, final int ops,
        final String metric) throws TimeoutException
    {
        final long firstEcho = echoes;
        long sequence = lastEchoed;
        long sent = 0;
        final long start = System.nanoTime();
        long lastProgress = start;
        while (echoes - firstEcho < ops)
        {
            int work = 0;
            while (sent < ops && sent - (echoes - firstEcho) < window)
            {
                message.putLong(0, sequence + 1);
                message.putLong(8, System.nanoTime());
                if (cluster.offer(message, 0, MESSAGE_LENGTH) < 0)
                {
                    break;
                }
                sequence++;
                sent++;
                work++;
            }
            final int polled = cluster.pollEgress();
            if (polled > 0)
            {
                lastProgress = System.nanoTime();
            }
            else if (System.nanoTime() - lastProgress > STALL_TIMEOUT_NS)
            {
                throw new TimeoutException("no echo for 30 s; " + (echoes - firstEcho) + " of " + ops + " echoed");
            }
            idleStrategy.idle(work + polled);
        }
        if (null != metric)
        {
            Probe.throughput(metric, ops, System.nanoTime() - start);
        }
    }

    private void send(final AeronCluster cluster, final IdleStrategy idleStrategy, final long sequence)
        throws TimeoutException
    {
        message.putLong(0, sequence);
        message.putLong(8, System.nanoTime());
        final long deadline = System.nanoTime() + STALL_TIMEOUT_NS;
        idleStrategy.reset();
        while (cluster.offer(message, 0, MESSAGE_LENGTH) < 0)
        {
            if (cluster.isClosed() || System.nanoTime() - deadline > 0)
            {
                throw new TimeoutException("cannot send message " + sequence + " to the echo cluster");
            }
            cluster.pollEgress();
            idleStrategy.idle();
        }
    }

    private final class Listener implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            lastEchoed = buffer.getLong(offset);
            echoes++;
        }
    }
}
