/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.transport.causal.CausalListener;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A node in a process of its own that serves seeded random pages until its standard input closes: the far end of
 * tests that move pages across a real (lossy) link. It also answers every causal broadcast {@code ping i} with a
 * broadcast {@code pong i}.
 * <p>
 * Arguments: {@code node endpoint peerNode peerEndpoint mtu seed pageLength...}; page i has seed {@code seed + i}.
 */
public final class PageServerMain
{
    private PageServerMain()
    {
    }

    /**
     * @param args see the class comment.
     * @throws IOException if standard input fails.
     */
    public static void main(final String[] args) throws IOException
    {
        final int node = Integer.parseInt(args[0]);
        final MemoryPages pages = new MemoryPages();
        final long seed = Long.parseLong(args[5]);
        for (int i = 6; i < args.length; i++)
        {
            pages.add(node, seed + i - 6, Integer.parseInt(args[i]));
        }
        // Answers every broadcast "ping i" with a broadcast "pong i", which is causally after it; from a thread of
        // its own, not the data plane's, which delivers.
        final LinkedBlockingQueue<String> pings = new LinkedBlockingQueue<>();
        final CausalListener echo = (sender, sequence, buffer, offset, length) ->
            pings.add(buffer.getStringWithoutLengthAscii(offset, length));
        try (DataPlane plane = DataPlane.launch(new TransportConfig().nodeId(node).endpoint(args[1])
            .mtu(Integer.parseInt(args[4])).pageSource(pages).pageTimeoutMs(120_000).stateListener(echo)))
        {
            final Thread answerer = new Thread(() ->
            {
                try
                {
                    while (true)
                    {
                        final String message = pings.take();
                        if (message.startsWith("ping "))
                        {
                            final UnsafeBuffer pong = new UnsafeBuffer(("pong " + message.substring(5))
                                .getBytes(StandardCharsets.US_ASCII));
                            plane.broadcast(pong, 0, pong.capacity());
                        }
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "answerer");
            answerer.setDaemon(true);
            answerer.start();
            plane.addPeer(Integer.parseInt(args[2]), args[3]);
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // Serve until the test closes our standard input or kills us.
            }
            System.out.println("SERVED " + plane.stats());
        }
    }
}
