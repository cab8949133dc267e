/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.IdleStrategy;

/**
 * The Aeron settings every Aeron probe of the {@code transport} suite uses, raw or through MemFabric, so that the
 * two are compared on the same channels: MTU, term length, socket buffers and receiver window, and a media driver
 * like the members' (shared threading, the suite's idle strategy).
 * <p>
 * The UDP MTU is the largest Aeron takes, chosen by the full run's sweep ({@code raw_aeron_udp_mtu<n>}, 2 MiB pages,
 * one read at a time, BACKOFF) on loopback, whose interface MTU is 64 KiB: 1408 bytes gave 0.16-0.21 GB/s, 8192
 * bytes 0.64-0.74 GB/s and 65504 bytes 2.1-2.6 GB/s. Fewer, larger frames win because each frame costs a send and
 * a receive system call on the driver's one thread. Between hosts on ordinary Ethernet the MTU would be 1408 (8 KiB
 * with jumbo frames); these settings are for pages moved within one host.
 */
public final class TransportChannels
{
    /**
     * Largest frame on a UDP channel, data header included: Aeron's maximum (a multiple of 32 below 64 KiB).
     */
    public static final int UDP_MTU = 65_504;

    /**
     * Largest frame on an IPC channel. IPC copies into the shared log with no datagram limit; the same size keeps
     * the chunking identical to UDP's.
     */
    public static final int IPC_MTU = 65_504;

    /**
     * Term length of the page streams: a term is a third of a publication's log, and the sender may run at most
     * half a term ahead of the receiver, so 16 MiB keeps several 2 MiB pages in flight.
     */
    public static final int TERM_LENGTH = 16 * 1024 * 1024;

    /**
     * Term length of the request streams, which carry only a few bytes per page.
     */
    public static final int REQUEST_TERM_LENGTH = 64 * 1024;

    /**
     * SO_SNDBUF and SO_RCVBUF of UDP channels: the kernel's limit on this machine ({@code net.core.rmem_max},
     * {@code wmem_max}); Aeron's 128 KiB default caps the receiver window, and so throughput, to 128 KiB per round
     * trip of status messages.
     */
    public static final int SOCKET_BUFFER_LENGTH = 4 * 1024 * 1024;

    /**
     * The receiver window of UDP channels (how far a sender may run ahead of what the receiver consumed). It may not
     * exceed {@link #SOCKET_BUFFER_LENGTH}, or datagrams would be dropped by a full socket buffer.
     */
    public static final int RECEIVER_WINDOW_LENGTH = SOCKET_BUFFER_LENGTH;

    /**
     * Bytes of Aeron's data frame header, which the MTU includes.
     */
    public static final int DATA_HEADER_LENGTH = 32;

    private TransportChannels()
    {
    }

    /**
     * @param endpoint the receiving side's {@code host:port}.
     * @return a UDP channel for pages to that endpoint with this class's MTU, term length and buffers.
     */
    public static String udpChannel(final String endpoint)
    {
        return udpChannel(endpoint, UDP_MTU, TERM_LENGTH);
    }

    /**
     * @param endpoint   the receiving side's {@code host:port}.
     * @param mtu        the MTU, a multiple of 32 from 1408 to 65504.
     * @param termLength the term length, a power of two of 64 KiB or more.
     * @return a UDP channel to that endpoint with this class's socket buffers and receiver window.
     */
    public static String udpChannel(final String endpoint, final int mtu, final int termLength)
    {
        return "aeron:udp?endpoint=" + endpoint + "|mtu=" + mtu + "|term-length=" + termLength +
            "|so-sndbuf=" + SOCKET_BUFFER_LENGTH + "|so-rcvbuf=" + SOCKET_BUFFER_LENGTH +
            "|rcv-wnd=" + RECEIVER_WINDOW_LENGTH;
    }

    /**
     * @return an IPC channel for pages with this class's MTU and term length.
     */
    public static String ipcChannel()
    {
        return ipcChannel(IPC_MTU, TERM_LENGTH);
    }

    /**
     * @param mtu        the MTU, a multiple of 32.
     * @param termLength the term length, a power of two of 64 KiB or more.
     * @return an IPC channel with that MTU and term length.
     */
    public static String ipcChannel(final int mtu, final int termLength)
    {
        return "aeron:ipc?term-length=" + termLength + "|mtu=" + mtu;
    }

    /**
     * @param mtu an MTU of a channel.
     * @return the largest payload that fits one frame of that channel, so a page sent in pieces of this size (less
     * the sender's own chunk header) is never fragmented by Aeron.
     */
    public static int maxPayloadLength(final int mtu)
    {
        return mtu - DATA_HEADER_LENGTH;
    }

    /**
     * A media driver like the members' (ThreadingMode.SHARED, one idle strategy for all its agents), with sparse
     * term files so a large term costs only the memory it uses, and a directory removed when it closes.
     *
     * @param aeronDir     where the driver lives.
     * @param idleStrategy the idle strategy of the driver's one thread.
     * @return the context to launch with.
     */
    public static MediaDriver.Context driverContext(final String aeronDir, final IdleStrategy idleStrategy)
    {
        return new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idleStrategy)
            .socketSndbufLength(SOCKET_BUFFER_LENGTH)
            .socketRcvbufLength(SOCKET_BUFFER_LENGTH)
            .initialWindowLength(RECEIVER_WINDOW_LENGTH)
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
    }
}
