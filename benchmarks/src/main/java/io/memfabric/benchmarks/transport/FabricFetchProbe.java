/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.memfabric.IdleSetting;
import io.aeron.driver.MediaDriver;
import io.memfabric.benchmarks.FreePorts;
import io.memfabric.transport.DataPlane;
import io.memfabric.transport.PageKey;
import io.memfabric.transport.PageRef;
import io.memfabric.transport.PageSource;
import io.memfabric.transport.TransportConfig;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * MemFabric's own page fetch: two data-plane nodes in this JVM on one media driver set up exactly like the raw
 * Aeron probe's (same MTU, term length, windows and idle strategy), one serving the pages from memory, the other
 * reading them with {@link DataPlane#read}: our framing, the request, chunking, and the CRC32C check of every page.
 * The reader runs its node's duty cycle on its own thread while it waits ({@link TransportConfig#useAgentInvoker}),
 * with the same idle strategy the raw probe's reader polls with.
 */
final class FabricFetchProbe implements PageReadProbe, PipelinedReads
{
    private static final long STALL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final String name;
    private final RawAeronProbe.Medium medium;
    private final IdleSetting idleSetting;
    private final Supplier<IdleStrategy> idleStrategies;
    private final Path aeronDir;
    private final IdleStrategy idle;
    private MediaDriver driver;
    private DataPlane server;
    private DataPlane client;
    private PageSet pages;
    private PageRef[] refs;
    private final PageBuffers destinations = new PageBuffers();
    private CompletableFuture<?>[] inFlight = new CompletableFuture<?>[0];
    private long begun;
    private long completed;

    FabricFetchProbe(
        final String name,
        final RawAeronProbe.Medium medium,
        final IdleSetting idleSetting,
        final Path aeronDir)
    {
        this.name = name;
        this.medium = medium;
        this.idleSetting = idleSetting;
        this.idleStrategies = idleSetting.supplier();
        this.aeronDir = aeronDir;
        this.idle = idleStrategies.get();
    }

    public String name()
    {
        return name;
    }

    public void setUp(final PageSet pages) throws Exception
    {
        this.pages = pages;
        driver = MediaDriver.launch(TransportChannels.driverContext(aeronDir.toString(), idleStrategies.get()));
        final Map<PageKey, PageSource.Page> served = new HashMap<>();
        refs = new PageRef[pages.pageCount()];
        final CRC32C crc = new CRC32C();
        for (int i = 0; i < pages.pageCount(); i++)
        {
            crc.reset();
            crc.update(pages.byteBuffer(i).duplicate());
            final int checksum = (int)crc.getValue();
            final DirectBuffer page = pages.page(i);
            refs[i] = new PageRef(1, pages.key(i), pages.pageBytes(), checksum);
            served.put(pages.key(i), new PageSource.Page()
            {
                public DirectBuffer buffer()
                {
                    return page;
                }

                public int length()
                {
                    return page.capacity();
                }

                public int checksum()
                {
                    return checksum;
                }

                public void close()
                {
                }
            });
        }

        final int mtu = RawAeronProbe.Medium.UDP == medium ? TransportChannels.UDP_MTU : TransportChannels.IPC_MTU;
        final String serverEndpoint;
        final String clientEndpoint;
        if (RawAeronProbe.Medium.UDP == medium)
        {
            final int port = FreePorts.block(40_000, 60_000, 1, 1, 2);
            serverEndpoint = "localhost:" + port;
            clientEndpoint = "localhost:" + (port + 1);
        }
        else
        {
            serverEndpoint = null;
            clientEndpoint = null;
        }
        server = DataPlane.launch(context(1, serverEndpoint, mtu).pageSource(served::get));
        // The reader runs its node's duty cycle on the reading thread, as the raw probe's reader polls its own
        // subscription: no thread hand-off per page, and no third busy thread on two cores.
        client = DataPlane.launch(context(2, clientEndpoint, mtu).useAgentInvoker(true));
        server.addPeer(2, null == clientEndpoint ? "ipc" : clientEndpoint);
        client.addPeer(1, null == serverEndpoint ? "ipc" : serverEndpoint);
        System.out.println("  " + name + ": data plane over " + (null == serverEndpoint ? "IPC" : "UDP " +
            serverEndpoint) + ", mtu " + mtu + ", " + server.context().chunkLength() + " page bytes per frame");
        destinations(1);
    }

    private TransportConfig context(final int node, final String endpoint, final int mtu)
    {
        return new TransportConfig().nodeId(node).endpoint(endpoint)
            .aeronDirectoryName(driver.aeronDirectoryName()).launchDriver(false)
            .idle(idleSetting)
            .mtu(mtu)
            .termLength(TransportChannels.TERM_LENGTH)
            .receiverWindow(TransportChannels.RECEIVER_WINDOW_LENGTH)
            .pageTimeoutMs(STALL_TIMEOUT_NS / 1_000_000);
    }

    public void read(final int pageIndex) throws Exception
    {
        begin(pageIndex);
        awaitCompleted();
    }

    public void check(final int pageIndex) throws Exception
    {
        final UnsafeBuffer destination = destinations.forRead(begun);
        destination.setMemory(0, pages.pageBytes(), (byte)0);
        read(pageIndex);
        pages.verify(pageIndex, destination, 0, pages.pageBytes());
    }

    public PipelinedReads pipelined(final int window)
    {
        destinations(window);
        return this;
    }

    public void begin(final int pageIndex)
    {
        if (begun - completed >= destinations.count())
        {
            throw new IllegalStateException(name + ": more than " + destinations.count() + " reads in flight");
        }
        inFlight[(int)(begun % inFlight.length)] = client.read(refs[pageIndex], destinations.forRead(begun), 0);
        begun++;
    }

    public int awaitCompleted() throws Exception
    {
        final long deadline = System.nanoTime() + STALL_TIMEOUT_NS;
        idle.reset();
        final long before = completed;
        while (true)
        {
            final int work = client.doWork();
            while (completed < begun && inFlight[(int)(completed % inFlight.length)].isDone())
            {
                inFlight[(int)(completed % inFlight.length)].get();
                completed++;
            }
            if (completed > before)
            {
                return (int)(completed - before);
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new TimeoutException(name + ": no page arrived for 30 s; " + client.stats());
            }
            idle.idle(work);
        }
    }

    public void close()
    {
        CloseHelper.closeAll(client, server, driver, destinations);
    }

    private void destinations(final int count)
    {
        if (begun != completed)
        {
            throw new IllegalStateException(name + ": reads still in flight");
        }
        destinations.allocate(count, pages.pageBytes());
        inFlight = new CompletableFuture<?>[count];
        begun = 0;
        completed = 0;
    }
}
