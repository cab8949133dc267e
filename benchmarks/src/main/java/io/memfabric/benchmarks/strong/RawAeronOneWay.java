/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.memfabric.IdleSetting;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw Aeron peer of the {@code models} suite's propagation figure: one JVM publishes a small message (its number
 * and send time) about every millisecond to each receiving JVM over UDP, through media drivers of their own that idle
 * as the fabric's do ({@code ADAPTIVE}); a receiver polls with the same idle strategy and records how long after the
 * send each message arrived (one clock: the JVMs share a host).
 * <p>
 * Arguments: {@code send aeronDir endpoints warmup samples} (endpoints {@code host:port,...}) or
 * {@code receive aeronDir endpoint warmup samples}.
 */
public final class RawAeronOneWay
{
    private static final int STREAM = 1701;
    private static final long PACE_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long DEADLINE_NS = TimeUnit.MINUTES.toNanos(5);

    private RawAeronOneWay()
    {
    }

    /**
     * @param args see the class.
     * @throws Exception if Aeron fails or a receiver never connects.
     */
    public static void main(final String[] args) throws Exception
    {
        final int warmup = Integer.parseInt(args[3]);
        final int samples = Integer.parseInt(args[4]);
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(args[1])
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(IdleSetting.ADAPTIVE.newIdleStrategy())
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            if ("send".equals(args[0]))
            {
                send(aeron, args[2].split(","), warmup + samples);
            }
            else
            {
                receive(aeron, args[2], warmup, samples);
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static void send(final Aeron aeron, final String[] endpoints, final int total)
    {
        final List<Publication> publications = new ArrayList<>();
        for (final String endpoint : endpoints)
        {
            publications.add(aeron.addPublication("aeron:udp?endpoint=" + endpoint, STREAM));
        }
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!publications.stream().allMatch(Publication::isConnected))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the receivers did not connect within 5 minutes");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
        for (long i = 1; i <= total; i++)
        {
            message.putLong(0, i);
            message.putLong(8, System.nanoTime());
            for (final Publication publication : publications)
            {
                while (publication.offer(message, 0, 16) < 0)
                {
                    Thread.onSpinWait();
                }
            }
            LockSupport.parkNanos(PACE_NS);
        }
        // The last messages reach the receivers before the driver closes.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        System.out.println("sent " + total + " messages to " + endpoints.length + " receivers");
    }

    private static void receive(final Aeron aeron, final String endpoint, final int warmup, final int samples)
    {
        final OpLatencies latencies = new OpLatencies("raw_aeron_oneway");
        final IdleStrategy idle = IdleSetting.ADAPTIVE.newIdleStrategy();
        final long[] seen = new long[1];
        try (Subscription subscription = aeron.addSubscription("aeron:udp?endpoint=" + endpoint, STREAM))
        {
            System.out.println("READY");
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (seen[0] < warmup + samples && System.nanoTime() - deadline < 0)
            {
                idle.idle(subscription.poll((buffer, offset, length, header) ->
                {
                    final long now = System.nanoTime();
                    final long sequence = buffer.getLong(offset);
                    seen[0] = sequence;
                    if (sequence > warmup)
                    {
                        latencies.record(now - buffer.getLong(offset + 8));
                    }
                }, 16));
            }
        }
        if (seen[0] < warmup + samples)
        {
            throw new IllegalStateException("received " + seen[0] + " of " + (warmup + samples) + " messages");
        }
        latencies.report();
    }
}
