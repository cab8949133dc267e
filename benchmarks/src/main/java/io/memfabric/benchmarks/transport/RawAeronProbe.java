/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.memfabric.benchmarks.FreePorts;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code raw_aeron_udp} and {@code raw_aeron_ipc}: a page read over plain Aeron, with no MemFabric framing, the floor
 * MemFabric's own fetch over the same channels ({@link TransportChannels}) is held to. An embedded media driver, a
 * {@link PageServer} on its own thread and the client (the thread that calls {@link #read(int)}) run in this JVM;
 * the client offers a 4-byte request and polls the response stream, copying each chunk into its destination buffer
 * at the chunk's place, until the page's last byte has arrived. Over UDP the frames go through the loopback
 * interface; over IPC through the shared log in memory.
 */
final class RawAeronProbe implements PageReadProbe, PipelinedReads
{
    /**
     * Bytes before the page bytes in every response frame: the chunk's index within its page.
     */
    static final int CHUNK_HEADER_LENGTH = Integer.BYTES;

    private static final int REQUEST_STREAM_ID = 1101;
    private static final int RESPONSE_STREAM_ID = 1102;
    private static final int REQUEST_MTU = 1408;
    private static final int FRAGMENTS_PER_POLL = 64;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long STALL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int[] NO_PAGES = new int[0];

    /**
     * How the client and server reach each other.
     */
    enum Medium
    {
        /** UDP over the loopback interface. */
        UDP,
        /** Aeron IPC: the publication's log, shared in memory. */
        IPC
    }

    private final String name;
    private final Medium medium;
    private final int mtu;
    private final int termLength;
    private final Supplier<IdleStrategy> idleStrategies;
    private final Path aeronDir;
    private final IdleStrategy idle;
    private final AtomicReference<Throwable> serverFailure = new AtomicReference<>();
    private final FragmentHandler onChunk = this::onChunk;
    private final UnsafeBuffer request = new UnsafeBuffer(ByteBuffer.allocateDirect(CHUNK_HEADER_LENGTH));

    private PageSet pages;
    private int chunkBytes;
    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication requests;
    private Subscription responses;
    private AgentRunner server;
    private PageServer pageServer;
    private final PageBuffers destinations = new PageBuffers();

    // The reads in flight, oldest first: reads begun, completed, reported by awaitCompleted, and progress of the
    // oldest.
    private int[] inFlightPages = NO_PAGES;
    private long begun;
    private long completed;
    private long reported;
    private int receivedBytes;
    private int expectedChunk;

    /**
     * @param name           the probe's name in figures.
     * @param medium         UDP or IPC.
     * @param mtu            the MTU of the response channel.
     * @param termLength     the term length of the response channel.
     * @param idleStrategies the suite's idle strategy, for the driver, the server and the client.
     * @param aeronDir       where the media driver lives; removed when the probe closes.
     */
    RawAeronProbe(
        final String name,
        final Medium medium,
        final int mtu,
        final int termLength,
        final Supplier<IdleStrategy> idleStrategies,
        final Path aeronDir)
    {
        this.name = name;
        this.medium = medium;
        this.mtu = mtu;
        this.termLength = termLength;
        this.idleStrategies = idleStrategies;
        this.aeronDir = aeronDir;
        this.idle = idleStrategies.get();
    }

    /**
     * @param mtu the MTU of a response channel.
     * @return page bytes per response frame.
     */
    static int chunkBytes(final int mtu)
    {
        return TransportChannels.maxPayloadLength(mtu) - CHUNK_HEADER_LENGTH;
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return name;
    }

    /**
     * {@inheritDoc}
     */
    public void setUp(final PageSet pages) throws Exception
    {
        this.pages = pages;
        chunkBytes = chunkBytes(mtu);
        driver = MediaDriver.launch(TransportChannels.driverContext(aeronDir.toString(), idleStrategies.get()));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));

        final String requestChannel;
        final String responseChannel;
        if (Medium.UDP == medium)
        {
            final int port = FreePorts.block(40_000, 60_000, 1, 1, 2);
            requestChannel = TransportChannels.udpChannel("localhost:" + port, REQUEST_MTU,
                TransportChannels.REQUEST_TERM_LENGTH);
            responseChannel = TransportChannels.udpChannel("localhost:" + (port + 1), mtu, termLength);
        }
        else
        {
            requestChannel = TransportChannels.ipcChannel(REQUEST_MTU, TransportChannels.REQUEST_TERM_LENGTH);
            responseChannel = TransportChannels.ipcChannel(mtu, termLength);
        }
        System.out.println("  " + name + ": responses on " + responseChannel + ", " + chunkBytes +
            " page bytes per frame");

        final Subscription serverRequests = aeron.addSubscription(requestChannel, REQUEST_STREAM_ID);
        final ExclusivePublication serverResponses = aeron.addExclusivePublication(responseChannel,
            RESPONSE_STREAM_ID);
        requests = aeron.addExclusivePublication(requestChannel, REQUEST_STREAM_ID);
        responses = aeron.addSubscription(responseChannel, RESPONSE_STREAM_ID);

        final long deadline = System.nanoTime() + CONNECT_TIMEOUT_NS;
        while (!requests.isConnected() || !serverResponses.isConnected() || !responses.isConnected() ||
            !serverRequests.isConnected())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new TimeoutException(name + ": client and server streams not connected after 10 s");
            }
            Thread.sleep(1);
        }

        pageServer = new PageServer(pages, serverRequests, serverResponses, chunkBytes);
        server = new AgentRunner(idleStrategies.get(), this::onServerError, null, pageServer);
        AgentRunner.startOnThread(server);
        destinations(1);
    }

    /**
     * {@inheritDoc}
     */
    public void read(final int pageIndex) throws Exception
    {
        begin(pageIndex);
        awaitCompleted();
    }

    /**
     * {@inheritDoc}
     */
    public void check(final int pageIndex) throws Exception
    {
        final UnsafeBuffer destination = destinations.forRead(begun);
        destination.setMemory(0, pages.pageBytes(), (byte)0);
        read(pageIndex);
        pages.verify(pageIndex, destination, 0, pages.pageBytes());
    }

    /**
     * {@inheritDoc}
     */
    public PipelinedReads pipelined(final int window)
    {
        destinations(window);
        return this;
    }

    /**
     * {@inheritDoc}
     */
    public void begin(final int pageIndex) throws Exception
    {
        if (begun - completed >= destinations.count())
        {
            throw new IllegalStateException(name + ": more than " + destinations.count() + " reads in flight");
        }
        inFlightPages[(int)(begun % inFlightPages.length)] = pageIndex;
        request.putInt(0, pageIndex);
        final long deadline = System.nanoTime() + STALL_TIMEOUT_NS;
        idle.reset();
        long result;
        while ((result = requests.offer(request, 0, CHUNK_HEADER_LENGTH)) < 0)
        {
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
            {
                throw new IllegalStateException(name + ": cannot send a request: " + Publication.errorString(result));
            }
            // Keep taking responses, so a server pushed back by a full response term can go on to our request.
            final int polled = responses.poll(onChunk, FRAGMENTS_PER_POLL);
            stallCheck(polled, deadline, "sending request for page " + pageIndex);
            idle.idle(polled);
        }
        begun++;
    }

    /**
     * {@inheritDoc}
     */
    public int awaitCompleted() throws Exception
    {
        // Reads may also complete while begin() waits to send a request, so count from the last report, not from
        // this call's start.
        long deadline = System.nanoTime() + STALL_TIMEOUT_NS;
        idle.reset();
        while (completed == reported)
        {
            final int polled = responses.poll(onChunk, FRAGMENTS_PER_POLL);
            if (polled > 0)
            {
                deadline = System.nanoTime() + STALL_TIMEOUT_NS;
            }
            else
            {
                stallCheck(0, deadline, "awaiting page " + inFlightPages[(int)(completed % inFlightPages.length)]);
            }
            idle.idle(polled);
        }
        final int count = (int)(completed - reported);
        reported = completed;
        return count;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        CloseHelper.closeAll(server, requests, responses, aeron, driver);
        destinations.close();
        inFlightPages = NO_PAGES;
    }

    private void onChunk(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int chunk = buffer.getInt(offset);
        if (chunk != expectedChunk || begun == completed)
        {
            throw new IllegalStateException(name + ": chunk " + chunk + " arrived, expected chunk " + expectedChunk +
                " of read " + completed + " (" + begun + " begun)");
        }
        final int payload = length - CHUNK_HEADER_LENGTH;
        destinations.forRead(completed)
            .putBytes(chunk * chunkBytes, buffer, offset + CHUNK_HEADER_LENGTH, payload);
        receivedBytes += payload;
        expectedChunk++;
        if (receivedBytes >= pages.pageBytes())
        {
            completed++;
            receivedBytes = 0;
            expectedChunk = 0;
        }
    }

    private void stallCheck(final int work, final long deadline, final String doing) throws TimeoutException
    {
        final Throwable failure = serverFailure.get();
        if (null != failure)
        {
            throw new IllegalStateException(name + ": the page server failed: " + failure, failure);
        }
        if (0 == work && System.nanoTime() - deadline > 0)
        {
            throw new TimeoutException(name + ": no progress for " +
                TimeUnit.NANOSECONDS.toSeconds(STALL_TIMEOUT_NS) + " s " + doing + " (" + begun + " reads begun, " +
                completed + " completed, " + receivedBytes + " bytes of the oldest received; " +
                pageServer.describe() + ")");
        }
    }

    private void onServerError(final Throwable failure)
    {
        serverFailure.compareAndSet(null, failure);
    }

    private void destinations(final int count)
    {
        if (begun != completed)
        {
            throw new IllegalStateException(name + ": reads still in flight");
        }
        destinations.allocate(count, pages.pageBytes());
        inFlightPages = new int[count];
        begun = 0;
        completed = 0;
        reported = 0;
    }

}
