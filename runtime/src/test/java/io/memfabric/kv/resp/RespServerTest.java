/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.transport.PageKey;
import io.memfabric.transport.pool.PagePool;
import io.memfabric.transport.pool.PinnedPage;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server over real sockets: pipelining, values of several MB, back-pressure, protocol errors, limits, threads.
 */
@Timeout(120)
class RespServerTest
{
    @Test
    void thousandsOfPipelinedCommandsInOneWriteAreAnsweredInOrder() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("pipelined");
            RespTestClient client = server.client())
        {
            final ByteArrayOutputStream batch = new ByteArrayOutputStream();
            final int n = 5_000;
            for (int i = 0; i < n; i++)
            {
                batch.writeBytes(RespTestClient.encode("SET", "key:" + (i % 100), "value:" + i));
                batch.writeBytes(RespTestClient.encode("GET", "key:" + (i % 100)));
            }
            batch.writeBytes("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            client.send(batch.toByteArray());
            for (int i = 0; i < n; i++)
            {
                assertEquals("+OK\r\n", client.reply());
                final String value = "value:" + i;
                assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.reply());
            }
            assertEquals("+PONG\r\n", client.reply());
            assertTrue(server.server.stats().commandsProcessed() >= 2L * n + 1);
        }
    }

    @Test
    void aValueOfSeveralMegabytesSentInSmallPiecesIsStoredWholeInThePool() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("large-value");
            RespTestClient client = server.client())
        {
            final byte[] value = random(6 * 1024 * 1024 + 3, 1);
            final byte[] request = RespTestClient.encode("SET".getBytes(StandardCharsets.US_ASCII),
                "big".getBytes(StandardCharsets.US_ASCII), value);
            for (int at = 0; at < request.length; at += 1000)
            {
                client.send(request, at, Math.min(1000, request.length - at));
            }
            assertEquals("+OK\r\n", client.reply());

            client.send(RespTestClient.encode("GET", "big"));
            assertArrayEquals(value, client.bulkReply());

            final PageKey pageKey = PageKey.fromHex(server.store().locate("big"));
            try (PinnedPage page = server.store().pool().pin(pageKey))
            {
                assertNotNull(page);
                final byte[] stored = new byte[page.length()];
                page.buffer().getBytes(0, stored);
                assertArrayEquals(value, stored, "the value is one page of the shared pool");
            }
            assertEquals(value.length, server.server.stats().valueBytesServed());
        }
    }

    @Test
    void largeValuesOfSetexPsetexSetnxAndMsetGoStraightToThePool() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("large-value-commands");
            RespTestClient client = server.client())
        {
            final byte[] a = random(100_000, 10);
            final byte[] b = random(RespParser.LARGE_ARG_BYTES, 11);
            final byte[] c = random(70_000, 12);
            client.send(RespTestClient.encode(bytes("SETEX"), bytes("ex"), bytes("10"), a));
            assertEquals("+OK\r\n", client.reply());
            client.send(RespTestClient.encode(bytes("PSETEX"), bytes("px"), bytes("1500"), b));
            assertEquals("+OK\r\n", client.reply());
            client.send(RespTestClient.encode(bytes("SETNX"), bytes("nx"), c));
            assertEquals(":1\r\n", client.reply());
            client.send(RespTestClient.encode(bytes("MSET"), bytes("m1"), a, bytes("m2"), bytes("small"),
                bytes("m3"), c));
            assertEquals("+OK\r\n", client.reply());
            for (final Object[] expected : new Object[][]{{"ex", a}, {"px", b}, {"nx", c}, {"m1", a}, {"m3", c}})
            {
                client.send(RespTestClient.encode("GET", (String)expected[0]));
                assertArrayEquals((byte[])expected[1], client.bulkReply(), (String)expected[0]);
            }
            assertEquals(":10\r\n", client.call("TTL", "ex"));
            assertEquals(":1500\r\n", client.call("PTTL", "px"));
            assertEquals("$5\r\nsmall\r\n", client.call("GET", "m2"));
            assertEquals(6, server.store().pool().stats().pages());
        }
    }

    @Test
    void pipelinedGetsOfLargeValuesAreWrittenFromThePoolAndReleasedOnceSent() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("large-gets");
            RespTestClient client = server.client())
        {
            final byte[] value = random(4 * 1024 * 1024, 2);
            client.send(RespTestClient.encode("SET".getBytes(StandardCharsets.US_ASCII),
                "big".getBytes(StandardCharsets.US_ASCII), value));
            assertEquals("+OK\r\n", client.reply());
            final PageKey pageKey = PageKey.fromHex(server.store().locate("big"));

            // 20 GETs of 4 MB before reading any: far past the point where the server stops reading (back-pressure).
            final ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 20; i++)
            {
                batch.writeBytes(RespTestClient.encode("GET", "big"));
            }
            batch.writeBytes(RespTestClient.encode("SET", "big", "small now"));
            client.send(batch.toByteArray());
            for (int i = 0; i < 20; i++)
            {
                assertArrayEquals(value, client.bulkReply(), "reply " + i);
            }
            assertEquals("+OK\r\n", client.reply());
            assertEquals("$9\r\nsmall now\r\n", client.call("GET", "big"));
            assertFalse(server.store().pool().contains(pageKey),
                "every reply released its pin, so the replaced page was discarded");
        }
    }

    @Test
    void largeRepliesOneAtATimeNeverStall() throws IOException
    {
        // A reply past the high-water mark pauses the connection; if it is written out at once, in the same call,
        // the connection must resume there (it once waited forever for a write event that never came).
        try (RespTestServer server = RespTestServer.start("one-at-a-time");
            RespTestClient client = server.client())
        {
            final byte[] value = random(4 * 1024 * 1024, 3);
            client.send(RespTestClient.encode("SET".getBytes(StandardCharsets.US_ASCII),
                "big".getBytes(StandardCharsets.US_ASCII), value));
            assertEquals("+OK\r\n", client.reply());
            client.timeoutMs(5_000);
            for (int i = 0; i < 20; i++)
            {
                client.send(RespTestClient.encode("GET", "big"));
                assertArrayEquals(value, client.bulkReply(), "reply " + i);
                assertEquals("+PONG\r\n", client.call("PING"));
            }
        }
    }

    @Test
    void aProtocolErrorAnswersAndClosesOnlyThatConnection() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("protocol-error");
            RespTestClient bad = server.client();
            RespTestClient good = server.client())
        {
            bad.send("PING\r\n*1\r\n$x\r\nPING\r\n");
            assertEquals("+PONG\r\n", bad.reply());
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", bad.reply());
            assertTrue(bad.closedByServer());
            assertEquals("+PONG\r\n", good.call("PING"));
            assertEquals(1, server.server.stats().protocolErrors());
        }
    }

    @Test
    void aBulkLongerThanTheLimitIsAProtocolError() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("max-value", (config) -> config.maxValueBytes(1000));
            RespTestClient client = server.client())
        {
            assertEquals("+OK\r\n", client.call("SET", "k", "x".repeat(1000)));
            client.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1001\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", client.reply());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aValueThePoolCannotHoldIsAnErrorAndTheConnectionLivesOn() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("too-large", (config) -> config.poolConfig(
            RespTestServer.poolConfig(RespTestServer.directory("too-large-pool"), 1024 * 1024, 64 * 1024)));
            RespTestClient client = server.client())
        {
            try
            {
                client.send(RespTestClient.encode("SET".getBytes(StandardCharsets.US_ASCII),
                    "k".getBytes(StandardCharsets.US_ASCII), new byte[2 * 1024 * 1024]));
                final String error = client.reply();
                assertTrue(error.startsWith("-ERR value of 2097152 bytes is larger than the page pool can hold"),
                    error);
                assertEquals("+PONG\r\n", client.call("PING"));
                assertEquals(":0\r\n", client.call("EXISTS", "k"));
                client.send(RespTestClient.encode("MSET".getBytes(StandardCharsets.US_ASCII),
                    "a".getBytes(StandardCharsets.US_ASCII), "1".getBytes(StandardCharsets.US_ASCII),
                    "b".getBytes(StandardCharsets.US_ASCII), new byte[2 * 1024 * 1024]));
                assertTrue(client.reply().startsWith("-ERR value of 2097152 bytes"));
                assertEquals(":0\r\n", client.call("EXISTS", "a"), "MSET fails as a whole");
                assertEquals(0, server.store().pool().stats().slotsUsed());
            }
            finally
            {
                RespTestServer.delete(server.server.config().poolConfig().directory());
            }
        }
    }

    @Test
    void aClientThatLeavesMidValueLeavesNothingReserved() throws Exception
    {
        try (RespTestServer server = RespTestServer.start("leaves-mid-value"))
        {
            try (RespTestClient client = server.client())
            {
                client.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000000\r\n");
                client.send(new byte[1_000_000]);
                awaitTrue(() -> server.store().pool().stats().slotsUsed() > 0);
            }
            awaitTrue(() -> 0 == server.server.stats().connectedClients());
            assertEquals(0, server.store().pool().stats().slotsUsed(), "the reserved slots were freed");
            assertEquals(0, server.store().size());
        }
    }

    @Test
    void clientsBeyondTheLimitAreToldAndDisconnected() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("max-clients", (config) -> config.maxClients(2));
            RespTestClient first = server.client();
            RespTestClient second = server.client())
        {
            assertEquals("+PONG\r\n", first.call("PING"));
            assertEquals("+PONG\r\n", second.call("PING"));
            try (RespTestClient third = server.client())
            {
                assertEquals("-ERR max number of clients reached\r\n", third.reply());
                assertTrue(third.closedByServer());
            }
            assertEquals(1, server.server.stats().rejectedConnections());
        }
    }

    @Test
    void aClientThatClosesItsSideGetsItsReplies() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("half-closed");
            RespTestClient client = server.client())
        {
            client.send("SET k v\r\nGET k\r\n");
            client.shutdownOutput();
            assertEquals("+OK\r\n", client.reply());
            assertEquals("$1\r\nv\r\n", client.reply());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void severalIoThreadsServeClientsInParallel() throws Exception
    {
        try (RespTestServer server = RespTestServer.start("io-threads", (config) -> config.ioThreads(3)))
        {
            final ExecutorService executor = Executors.newFixedThreadPool(6);
            try
            {
                final List<Future<?>> runs = new ArrayList<>();
                for (int c = 0; c < 6; c++)
                {
                    final int id = c;
                    runs.add(executor.submit(() ->
                    {
                        try (RespTestClient client = server.client())
                        {
                            for (int i = 0; i < 500; i++)
                            {
                                final String value = id + ":" + i;
                                assertEquals("+OK\r\n", client.call("SET", "k" + id, value));
                                assertEquals("$" + value.length() + "\r\n" + value + "\r\n",
                                    client.call("GET", "k" + id));
                            }
                        }
                        return null;
                    }));
                }
                for (final Future<?> run : runs)
                {
                    run.get();
                }
            }
            finally
            {
                executor.shutdownNow();
            }
            assertEquals(6, server.store().size());
        }
    }

    @Test
    void closingTheServerReleasesThePinsOfRepliesNeverRead() throws Exception
    {
        final Path dir = RespTestServer.directory("close-releases");
        final CachedEpochClock clock = new CachedEpochClock();
        try (PagePool pool = PagePool.open(RespTestServer.poolConfig(dir, 64L * 1024 * 1024, 64 * 1024));
            PoolRespStore store = new PoolRespStore(pool, clock))
        {
            final RespServer server = RespServer.start(new RespConfig().port(0).epochClock(clock), store);
            final PageKey pageKey;
            try (RespTestClient client = new RespTestClient(server.port()))
            {
                client.send(RespTestClient.encode("SET".getBytes(StandardCharsets.US_ASCII),
                    "big".getBytes(StandardCharsets.US_ASCII), new byte[8 * 1024 * 1024]));
                assertEquals("+OK\r\n", client.reply());
                pageKey = PageKey.fromHex(store.locate("big"));
                final ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < 10; i++)
                {
                    batch.writeBytes(RespTestClient.encode("GET", "big"));
                }
                client.send(batch.toByteArray());
                awaitTrue(() -> server.stats().valueBytesServed() > 0);
                server.close();
            }
            assertTrue(store.delete("big"));
            assertFalse(pool.contains(pageKey), "no reply still pins the page once the server closed");
        }
        finally
        {
            RespTestServer.delete(dir);
        }
    }

    @Test
    void aPortInUseIsAClearError() throws IOException
    {
        try (RespTestServer server = RespTestServer.start("port-in-use"))
        {
            final Path dir = RespTestServer.directory("port-in-use-2");
            try
            {
                final RespConfig config = new RespConfig().port(server.port())
                    .poolConfig(RespTestServer.poolConfig(dir, 1024 * 1024, 64 * 1024));
                final Exception error = org.junit.jupiter.api.Assertions.assertThrows(
                    java.io.UncheckedIOException.class, () -> RespServer.start(config));
                assertTrue(error.getMessage().startsWith("cannot listen on 127.0.0.1:" + server.port()),
                    error.getMessage());
                assertTrue(error.getMessage().contains("--port"), error.getMessage());
            }
            finally
            {
                RespTestServer.delete(dir);
            }
        }
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void awaitTrue(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
