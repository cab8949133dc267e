/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A UDP hop on loopback that delays every datagram towards its target by a random, seeded time, so datagrams arrive
 * late and out of order; replies (Aeron's status messages and NAKs) go back at once. A real link with injected delay,
 * for tests that need one sender's messages to lag behind another's.
 */
final class DelayingUdpRelay implements AutoCloseable
{
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final InetSocketAddress target;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(task ->
    {
        final Thread thread = new Thread(task, "udp-relay-delay");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random;
    private final int maxDelayMicros;
    private final Thread forward;
    private final Thread reverse;
    private volatile SocketAddress lastSource;
    private volatile boolean running = true;

    DelayingUdpRelay(final InetSocketAddress target, final long seed, final int maxDelayMicros)
    {
        try
        {
            this.front = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.back = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        this.target = target;
        this.random = new Random(seed);
        this.maxDelayMicros = maxDelayMicros;
        this.forward = new Thread(this::forward, "udp-relay-forward");
        this.reverse = new Thread(this::reverse, "udp-relay-reverse");
        forward.setDaemon(true);
        reverse.setDaemon(true);
        forward.start();
        reverse.start();
    }

    String endpoint()
    {
        try
        {
            return "localhost:" + ((InetSocketAddress)front.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void forward()
    {
        while (running)
        {
            try
            {
                final ByteBuffer datagram = ByteBuffer.allocate(65536);
                lastSource = front.receive(datagram);
                datagram.flip();
                final long delay = random.nextInt(maxDelayMicros + 1);
                delays.schedule(() -> send(back, datagram, target), delay, TimeUnit.MICROSECONDS);
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }
    }

    private void reverse()
    {
        final ByteBuffer datagram = ByteBuffer.allocate(65536);
        while (running)
        {
            try
            {
                datagram.clear();
                back.receive(datagram);
                datagram.flip();
                final SocketAddress source = lastSource;
                if (null != source)
                {
                    front.send(datagram, source);
                }
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }
    }

    private void send(final DatagramChannel channel, final ByteBuffer datagram, final SocketAddress to)
    {
        try
        {
            channel.send(datagram, to);
        }
        catch (final IOException ignore)
        {
            // Closed while a delayed datagram waited: dropping it is what a cut link does.
        }
    }

    @Override
    public void close()
    {
        running = false;
        delays.shutdownNow();
        try
        {
            front.close();
            back.close();
        }
        catch (final IOException ignore)
        {
            // Closing sockets of a test hop.
        }
    }
}
