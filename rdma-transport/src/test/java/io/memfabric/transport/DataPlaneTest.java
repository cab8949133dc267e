/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.FabricConfigurationException;
import io.memfabric.FabricException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class DataPlaneTest
{
    private final List<DataPlane> nodes = new ArrayList<>();

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(nodes);
    }

    /**
     * Starts node 1 and node 2 on free UDP ports, each a peer of the other.
     */
    private DataPlane[] connect(
        final UnaryOperator<TransportConfig> first, final UnaryOperator<TransportConfig> second)
    {
        final String firstEndpoint = Ports.endpoint();
        final String secondEndpoint = Ports.endpoint();
        final DataPlane one = start(first.apply(new TransportConfig().nodeId(1).endpoint(firstEndpoint)));
        final DataPlane two = start(second.apply(new TransportConfig().nodeId(2).endpoint(secondEndpoint)));
        one.addPeer(2, secondEndpoint);
        two.addPeer(1, firstEndpoint);
        return new DataPlane[]{one, two};
    }

    private DataPlane start(final TransportConfig ctx)
    {
        final DataPlane node = DataPlane.launch(ctx);
        nodes.add(node);
        return node;
    }

    @Test
    void pageReadOverUdpArrivesIntact() throws Exception
    {
        final MemoryPages served = new MemoryPages();
        final DataPlane[] pair = connect(ctx -> ctx.pageSource(served), ctx -> ctx);
        final DataPlane server = pair[0];
        final DataPlane client = pair[1];

        for (final int length : new int[]{1, 100, 256 * 1024, 2 * 1024 * 1024 + 17})
        {
            final PageRef ref = served.add(1, length, length);
            final UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(length + 8));
            assertEquals(ref, client.read(ref, dst, 8).get(20, TimeUnit.SECONDS));
            final UnsafeBuffer expected = served.get(ref.key());
            for (int i = 0; i < length; i++)
            {
                if (expected.getByte(i) != dst.getByte(8 + i))
                {
                    throw new AssertionError("byte " + i + " of a " + length + "-byte page differs");
                }
            }
        }
        assertEquals(4, client.stats().get(TransportStats.Counter.PAGES_READ));
        assertEquals(4, server.stats().get(TransportStats.Counter.PAGES_SERVED));
    }

    @Test
    void severalReadsInFlightAllComplete() throws Exception
    {
        final MemoryPages served = new MemoryPages();
        final DataPlane[] pair = connect(ctx -> ctx.pageSource(served)
            .maxTransfersInFlight(4), ctx -> ctx);
        final DataPlane server = pair[0];
        final DataPlane client = pair[1];

        final List<CompletableFuture<PageRef>> reads = new ArrayList<>();
        final List<UnsafeBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 12; i++)
        {
            final PageRef ref = served.add(1, 1000 + i, 256 * 1024);
            final UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(ref.length()));
            buffers.add(dst);
            reads.add(client.read(ref, dst, 0));
        }
        for (int i = 0; i < reads.size(); i++)
        {
            final PageRef ref = reads.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(ref.checksum(), MemoryPages.crc(buffers.get(i), ref.length()));
        }
    }

    @Test
    void pagesMoveOverIpcBetweenNodesOfOneDriver() throws Exception
    {
        final MemoryPages served = new MemoryPages();
        final DataPlane server = start(new TransportConfig().nodeId(1).pageSource(served));
        final DataPlane client = start(new TransportConfig().nodeId(2)
            .aeronDirectoryName(server.context().aeronDirectoryName()).launchDriver(false));
        server.addPeer(2, "ipc");
        client.addPeer(1, "ipc");

        final PageRef ref = served.add(1, 7, 2 * 1024 * 1024);
        final MemoryPages local = new MemoryPages();
        client.read(ref, local).get(20, TimeUnit.SECONDS);
        assertEquals(ref.checksum(), MemoryPages.crc(local.get(ref.key()), ref.length()));
    }

    @Test
    void aNodeWithoutAThreadOfItsOwnWorksWhenTheApplicationRunsItsDutyCycle() throws Exception
    {
        final MemoryPages served = new MemoryPages();
        final DataPlane[] pair = connect(ctx -> ctx.pageSource(served), ctx -> ctx
            .useAgentInvoker(true));
        final DataPlane server = pair[0];
        final DataPlane client = pair[1];

        final PageRef ref = served.add(1, 17, 1_000_000);
        final UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(ref.length()));
        final CompletableFuture<PageRef> read = client.read(ref, dst, 0);
        Thread.sleep(50);
        assertTrue(!read.isDone(), "nothing moves on the client until it runs its duty cycle");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!read.isDone() && System.nanoTime() < deadline)
        {
            client.doWork();
        }
        assertEquals(ref, read.get());
        assertEquals(ref.checksum(), MemoryPages.crc(dst, ref.length()));
        assertThrows(IllegalStateException.class, server::doWork);
    }

    @Test
    void aMissingPageFailsNamingIt() throws Exception
    {
        final DataPlane[] pair = connect(ctx -> ctx
            .pageSource(new MemoryPages()), ctx -> ctx);
        final DataPlane server = pair[0];
        final DataPlane client = pair[1];

        final PageRef ref = new PageRef(1, MemoryPages.key(5), 4096, 0);
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> client.read(ref, new UnsafeBuffer(new byte[4096]), 0).get(20, TimeUnit.SECONDS));
        final PageTransferException cause = assertInstanceOf(PageTransferException.class, ex.getCause());
        assertEquals(PageTransferException.Reason.NOT_FOUND, cause.reason());
        assertEquals(FabricException.Category.NOT_FOUND, cause.category());
        assertTrue(cause.getMessage().contains(ref.key().toString()), cause.getMessage());
    }

    @Test
    void aPageThatDoesNotMatchItsChecksumIsNeverDelivered() throws Exception
    {
        final MemoryPages served = new MemoryPages();
        final DataPlane[] pair = connect(ctx -> ctx.pageSource(served), ctx -> ctx);
        final DataPlane server = pair[0];
        final DataPlane client = pair[1];

        final PageRef good = served.add(1, 11, 300_000);
        final PageRef corrupt = new PageRef(1, good.key(), good.length(), good.checksum() ^ 1);
        final MemoryPages local = new MemoryPages();
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> client.read(corrupt, local).get(20, TimeUnit.SECONDS));
        final PageTransferException cause = assertInstanceOf(PageTransferException.class, ex.getCause());
        assertEquals(PageTransferException.Reason.CHECKSUM_MISMATCH, cause.reason());
        assertEquals(FabricException.Category.CORRUPT, cause.category());
        assertEquals(0, local.size(), "a page that failed its checksum must not land in the sink");
        assertEquals(1, client.stats().get(TransportStats.Counter.PAGE_CHECKSUM_FAILURES));
    }

    @Test
    void aPageWriteLandsInThePeersSink() throws Exception
    {
        final MemoryPages received = new MemoryPages();
        final DataPlane[] pair = connect(ctx -> ctx, ctx -> ctx.pageSink(received));
        final DataPlane a = pair[0];
        final DataPlane b = pair[1];

        final UnsafeBuffer page = MemoryPages.randomPage(3, 1_000_000);
        final PageKey key = MemoryPages.key(3);
        final PageRef ref = a.write(2, key, page, 0, page.capacity()).get(20, TimeUnit.SECONDS);
        assertEquals(new PageRef(2, key, 1_000_000, MemoryPages.crc(page, 1_000_000)), ref);
        assertEquals(ref.checksum(), MemoryPages.crc(received.get(key), ref.length()));
    }

    @Test
    void aWriteToANodeWithoutASinkIsRefused()
    {
        final DataPlane[] pair = connect(ctx -> ctx, ctx -> ctx);
        final DataPlane a = pair[0];
        final DataPlane b = pair[1];

        final UnsafeBuffer page = MemoryPages.randomPage(4, 10_000);
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> a.write(2, MemoryPages.key(4), page, 0, 10_000).get(20, TimeUnit.SECONDS));
        assertEquals(PageTransferException.Reason.REFUSED,
            assertInstanceOf(PageTransferException.class, ex.getCause()).reason());
    }

    @Test
    void directMessagesArriveOnceEachInOrder() throws Exception
    {
        final List<String> got = new CopyOnWriteArrayList<>();
        final DataPlane[] pair = connect(ctx -> ctx, ctx -> ctx
            .messageListener((source, buffer, offset, length) ->
                got.add(source + ":" + buffer.getStringWithoutLengthUtf8(offset, length))));
        final DataPlane a = pair[0];
        final DataPlane b = pair[1];

        final List<String> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++)
        {
            final byte[] message = ("m" + i).getBytes(StandardCharsets.UTF_8);
            a.send(2, new UnsafeBuffer(message), 0, message.length);
            sent.add("1:m" + i);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (got.size() < sent.size() && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals(sent, got);
    }

    @Test
    void aBroadcastRefusedForItsLengthLeavesNoGapBehind() throws Exception
    {
        final List<String> got = new CopyOnWriteArrayList<>();
        final DataPlane[] pair = connect(ctx -> ctx.termLength(128 * 1024).receiverWindow(64 * 1024),
            ctx -> ctx.termLength(128 * 1024).receiverWindow(64 * 1024).stateListener((sender, sequence, buffer, offset, length) ->
                got.add(sequence + ":" + buffer.getStringWithoutLengthUtf8(offset, length))));
        final byte[] before = "before".getBytes(StandardCharsets.UTF_8);
        pair[0].broadcast(new UnsafeBuffer(before), 0, before.length);
        // A term of 128 KiB takes messages of 16 KiB at most.
        final byte[] tooLong = new byte[17 * 1024];
        assertThrows(IllegalArgumentException.class, () -> pair[0].broadcast(new UnsafeBuffer(tooLong), 0,
            tooLong.length));
        assertThrows(IllegalArgumentException.class, () -> pair[0].broadcastSkippingFull(new UnsafeBuffer(tooLong),
            0, tooLong.length));
        final byte[] after = "after".getBytes(StandardCharsets.UTF_8);
        pair[0].broadcastSkippingFull(new UnsafeBuffer(after), 0, after.length);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (got.size() < 2 && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        // Numbered 1 and 2: the refused ones took no sequence number the peer would wait for.
        assertEquals(List.of("1:before", "2:after"), got);
    }

    @Test
    void readingFromAnUnknownNodeFailsClearly()
    {
        final DataPlane a = start(new TransportConfig().nodeId(1).endpoint(Ports.endpoint()));
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> a.read(new PageRef(9, MemoryPages.key(1), 10, 0), new UnsafeBuffer(new byte[10]), 0)
                .get(5, TimeUnit.SECONDS));
        final PageTransferException cause = assertInstanceOf(PageTransferException.class, ex.getCause());
        assertEquals(PageTransferException.Reason.UNKNOWN_PEER, cause.reason());
        assertEquals(FabricException.Category.UNAVAILABLE, cause.category());
        assertTrue(cause.getMessage().contains("addPeer(9"), cause.getMessage());
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting()
    {
        final FabricConfigurationException noNode = assertThrows(FabricConfigurationException.class,
            () -> new TransportConfig().conclude());
        assertTrue(noNode.getMessage().contains(TransportConfig.Configuration.NODE_PROP_NAME), noNode.getMessage());
        final FabricConfigurationException mtu = assertThrows(FabricConfigurationException.class,
            () -> new TransportConfig().nodeId(1).mtu(100).conclude());
        assertTrue(mtu.getMessage().contains(TransportConfig.Configuration.MTU_PROP_NAME), mtu.getMessage());
        final FabricConfigurationException endpoint = assertThrows(FabricConfigurationException.class,
            () -> new TransportConfig().nodeId(1).endpoint("nohost").conclude());
        assertTrue(endpoint.getMessage().contains("host:port"), endpoint.getMessage());
    }
}
