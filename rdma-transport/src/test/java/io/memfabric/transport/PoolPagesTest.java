/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PinnedPage;
import io.memfabric.transport.pool.PoolConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Two hosts, each with its own page pool: a page computed on one is read once over the data plane straight into the
 * other's pool, where it is published only after its checksum is verified, and is then readable in place there.
 */
@Timeout(60)
class PoolPagesTest
{
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
    }

    private PagePool pool(final Path dir)
    {
        final PagePool pool = PagePool.open(new PoolConfig().directory(dir).name("pages")
            .capacityBytes(32L * 1024 * 1024).slotBytes(256 * 1024));
        closeables.add(pool);
        return pool;
    }

    private DataPlane node(final TransportConfig ctx)
    {
        final DataPlane node = DataPlane.launch(ctx);
        closeables.add(node);
        return node;
    }

    @Test
    void aPageReadFromAnotherHostLandsInThisHostsPool(@TempDir final Path hostA, @TempDir final Path hostB)
        throws Exception
    {
        final PagePool poolA = pool(hostA);
        final PagePool poolB = pool(hostB);
        final String endpointA = Ports.endpoint();
        final String endpointB = Ports.endpoint();
        final DataPlane a = node(new TransportConfig().nodeId(1).endpoint(endpointA).pageSource(new PoolPages(poolA)));
        final DataPlane b = node(new TransportConfig().nodeId(2).endpoint(endpointB));
        a.addPeer(2, endpointB);
        b.addPeer(1, endpointA);

        final UnsafeBuffer bytes = MemoryPages.randomPage(21, 2 * 1024 * 1024);
        final PageKey key = MemoryPages.key(21);
        final PageRef ref;
        try (PinnedPage computed = poolA.put(key, bytes, 0, bytes.capacity()))
        {
            ref = new PageRef(1, key, computed.length(), computed.checksum());
        }
        assertNull(poolB.pin(key));

        b.read(ref, new PoolPages(poolB)).get(20, TimeUnit.SECONDS);
        try (PinnedPage landed = poolB.pin(key))
        {
            assertNotNull(landed, "the page is in host B's pool");
            assertEquals(ref.checksum(), landed.checksum());
            assertEquals(ref.checksum(), MemoryPages.crc(landed.buffer(), landed.length()));
        }
    }

    @Test
    void aPageWrittenToAnotherHostLandsInItsPool(@TempDir final Path hostA, @TempDir final Path hostB)
        throws Exception
    {
        final PagePool poolB = pool(hostB);
        final String endpointA = Ports.endpoint();
        final String endpointB = Ports.endpoint();
        final DataPlane a = node(new TransportConfig().nodeId(1).endpoint(endpointA));
        final DataPlane b = node(new TransportConfig().nodeId(2).endpoint(endpointB).pageSink(new PoolPages(poolB)));
        a.addPeer(2, endpointB);
        b.addPeer(1, endpointA);

        final UnsafeBuffer bytes = MemoryPages.randomPage(22, 700_000);
        final PageKey key = MemoryPages.key(22);
        final PageRef ref = a.write(2, key, bytes, 0, bytes.capacity()).get(20, TimeUnit.SECONDS);
        try (PinnedPage landed = poolB.pin(key))
        {
            assertNotNull(landed);
            assertEquals(ref.checksum(), landed.checksum());
            assertEquals(MemoryPages.crc(bytes, bytes.capacity()), MemoryPages.crc(landed.buffer(), landed.length()));
        }
    }
}
