/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.transport.causal.VectorClock;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers join a running group (from a snapshot) and leave it, over real UDP nodes: broadcasts keep flowing to the
 * members, each delivered once, and nothing waits for a node that left.
 */
@Timeout(60)
class GroupMembershipTest
{
    private final List<DataPlane> nodes = new ArrayList<>();
    private final Map<Integer, List<String>> delivered = new ConcurrentHashMap<>();

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(nodes);
    }

    private DataPlane start(final int node, final String endpoint)
    {
        final List<String> log = new CopyOnWriteArrayList<>();
        delivered.put(node, log);
        final DataPlane plane = DataPlane.launch(new TransportConfig().nodeId(node).endpoint(endpoint)
            .stateListener((sender, sequence, buffer, offset, length) ->
                log.add(buffer.getStringWithoutLengthUtf8(offset, length))));
        nodes.add(plane);
        return plane;
    }

    private static void broadcast(final DataPlane plane, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        plane.broadcast(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aNodeJoiningFromASnapshotDeliversEverythingSentAfterIt() throws Exception
    {
        final String e1 = Ports.endpoint();
        final String e2 = Ports.endpoint();
        final String e3 = Ports.endpoint();
        final DataPlane one = start(1, e1);
        final DataPlane two = start(2, e2);
        one.addPeer(2, e2);
        two.addPeer(1, e1);
        for (int i = 1; i <= 20; i++)
        {
            broadcast(one, "1:" + i);
            broadcast(two, "2:" + i);
        }
        await(() -> delivered.get(1).size() == 20 && delivered.get(2).size() == 20, "1 and 2 saw each other's 20");

        final VectorClock snapshot = one.delivered();
        assertEquals(20, snapshot.get(1));
        assertEquals(20, snapshot.get(2));
        final DataPlane three = start(3, e3);
        three.markDelivered(snapshot);
        three.addPeer(1, e1);
        three.addPeer(2, e2);
        one.addPeer(3, e3);
        two.addPeer(3, e3);

        for (int i = 21; i <= 30; i++)
        {
            broadcast(one, "1:" + i);
            broadcast(two, "2:" + i);
        }
        broadcast(three, "3:1");
        await(() -> delivered.get(3).size() == 20, "the new node delivered the 20 sent after it joined");
        await(() -> delivered.get(1).size() == 31 && delivered.get(2).size() == 31, "the others saw the new node");

        final List<String> fromOne = new ArrayList<>();
        final List<String> fromTwo = new ArrayList<>();
        for (final String message : delivered.get(3))
        {
            (message.startsWith("1:") ? fromOne : fromTwo).add(message);
        }
        final List<String> expectedOne = new ArrayList<>();
        final List<String> expectedTwo = new ArrayList<>();
        for (int i = 21; i <= 30; i++)
        {
            expectedOne.add("1:" + i);
            expectedTwo.add("2:" + i);
        }
        assertEquals(expectedOne, fromOne, "each once, in its sender's order");
        assertEquals(expectedTwo, fromTwo);
        assertEquals(0, three.causalStats().held());
    }

    @Test
    void aNodeThatLeftIsNotWaitedFor() throws Exception
    {
        final String e1 = Ports.endpoint();
        final String e2 = Ports.endpoint();
        final String e3 = Ports.endpoint();
        final DataPlane one = start(1, e1);
        final DataPlane two = start(2, e2);
        final DataPlane three = start(3, e3);
        one.addPeer(2, e2);
        one.addPeer(3, e3);
        two.addPeer(1, e1);
        two.addPeer(3, e3);
        three.addPeer(1, e1);
        three.addPeer(2, e2);
        broadcast(two, "2:1");
        await(() -> delivered.get(1).size() == 1 && delivered.get(3).size() == 1, "everyone saw node 2's message");

        assertTrue(one.removePeer(2));
        assertTrue(three.removePeer(2));
        nodes.remove(two);
        two.close();
        assertEquals(java.util.Set.of(3), one.peers());
        assertEquals(java.util.Set.of(1), three.peers());

        for (int i = 1; i <= 10; i++)
        {
            broadcast(one, "1:" + i);
            broadcast(three, "3:" + i);
        }
        await(() -> delivered.get(1).size() == 11 && delivered.get(3).size() == 11, "1 and 3 went on without 2");

        final ExecutionException ex = assertThrows(ExecutionException.class, () -> one.read(
            new PageRef(2, MemoryPages.key(1), 100, 0), new UnsafeBuffer(new byte[100]), 0).get(5, TimeUnit.SECONDS));
        assertEquals(PageTransferException.Reason.UNKNOWN_PEER,
            assertInstanceOf(PageTransferException.class, ex.getCause()).reason());
        final IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
            () -> one.addPeer(2, e2));
        assertTrue(again.getMessage().contains("2"), again.getMessage());
    }
}
