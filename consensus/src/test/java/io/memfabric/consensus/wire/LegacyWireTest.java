/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.wire;

import io.memfabric.consensus.protocol.AllocateIdsDecoder;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasDecoder;
import io.memfabric.consensus.protocol.CasResultDecoder;
import io.memfabric.consensus.protocol.ConnectDecoder;
import io.memfabric.consensus.protocol.ConnectedDecoder;
import io.memfabric.consensus.protocol.DisconnectDecoder;
import io.memfabric.consensus.protocol.DisconnectedDecoder;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.IdRangeDecoder;
import io.memfabric.consensus.protocol.InvalidateAckDecoder;
import io.memfabric.consensus.protocol.InvalidateDecoder;
import io.memfabric.consensus.protocol.KeepaliveAckDecoder;
import io.memfabric.consensus.protocol.KeepaliveDecoder;
import io.memfabric.consensus.protocol.LockAcquireDecoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockNotifiedDecoder;
import io.memfabric.consensus.protocol.LockNotifyDecoder;
import io.memfabric.consensus.protocol.LockReleaseDecoder;
import io.memfabric.consensus.protocol.LockReleasedDecoder;
import io.memfabric.consensus.protocol.LockTimeoutDecoder;
import io.memfabric.consensus.protocol.LockWaitDecoder;
import io.memfabric.consensus.protocol.MembershipDecoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.NodeRegisterDecoder;
import io.memfabric.consensus.protocol.NodeRegisteredDecoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.ObjectGraphDecoder;
import io.memfabric.consensus.protocol.ObjectReadAllDecoder;
import io.memfabric.consensus.protocol.ObjectReadDecoder;
import io.memfabric.consensus.protocol.ObjectValuesDecoder;
import io.memfabric.consensus.protocol.ReadGraphDecoder;
import io.memfabric.consensus.protocol.RootDecoder;
import io.memfabric.consensus.protocol.RootGetOrCreateDecoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.WriteAckDecoder;
import io.memfabric.consensus.protocol.WriteBatchDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds wire version 1 messages byte by byte (as PROTOCOL.md of version 1 describes them), translates them with
 * {@link LegacyWire} and reads the result back with the generated decoders.
 */
class LegacyWireTest
{
    private static final int SRC_OFFSET = 3;
    private static final int DST_OFFSET = 5;
    private static final int NULL = 0;
    private static final int LONG = 1;
    private static final int BYTES = 2;
    private static final int REF = 3;
    private static final String TEXT = "fabric://räksmörgås/日本語/\uD83D\uDE00";
    private static final List<Val> VALUES = List.of(
        new Val(NULL, 0, new byte[0]),
        new Val(LONG, -7, new byte[0]),
        new Val(LONG, Long.MIN_VALUE, new byte[0]),
        new Val(BYTES, 0, Wtf8.encode("héllo \uD800 ✓")),
        new Val(BYTES, 0, new byte[0]),
        new Val(BYTES, 0, new byte[] {0, -1, 127, -128, 42}),
        new Val(REF, 42, new byte[0]));

    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private int translatedLength;

    // ================================================================ requests

    @Test
    void clientRequests()
    {
        final ConnectDecoder connect = decode(v1(1).i64(11).i64(12).i64(1_500), new ConnectDecoder());
        assertEquals(11, connect.clientId());
        assertEquals(12, connect.requestId());
        assertEquals(1_500, connect.leaseTtlMs());
        assertAllRead(connect);

        final KeepaliveDecoder keepalive = decode(v1(2).i64(-1).i64(Long.MAX_VALUE), new KeepaliveDecoder());
        assertEquals(-1, keepalive.clientId());
        assertEquals(Long.MAX_VALUE, keepalive.requestId());
        assertAllRead(keepalive);

        final DisconnectDecoder disconnect = decode(v1(13).i64(21).i64(22), new DisconnectDecoder());
        assertEquals(21, disconnect.clientId());
        assertEquals(22, disconnect.requestId());
        assertAllRead(disconnect);

        final AllocateIdsDecoder allocate = decode(v1(9).i64(31).i64(32).i32(1 << 20), new AllocateIdsDecoder());
        assertEquals(31, allocate.clientId());
        assertEquals(32, allocate.requestId());
        assertEquals(1 << 20, allocate.count());
        assertAllRead(allocate);

        final InvalidateAckDecoder ack = decode(v1(10).i64(41).i64(42).i64(43).i64(44), new InvalidateAckDecoder());
        assertEquals(41, ack.clientId());
        assertEquals(42, ack.requestId());
        assertEquals(43, ack.objectId());
        assertEquals(44, ack.leaseId());
        assertAllRead(ack);
    }

    @Test
    void lockRequests()
    {
        final LockAcquireDecoder acquire = decode(v1(3).i64(1).i64(2).i64(3).i64(4).i64(-1), new LockAcquireDecoder());
        assertEquals(1, acquire.clientId());
        assertEquals(2, acquire.requestId());
        assertEquals(3, acquire.lockId());
        assertEquals(4, acquire.ownerId());
        assertEquals(-1, acquire.waitMs());
        assertAllRead(acquire);

        final LockReleaseDecoder release = decode(v1(4).i64(5).i64(6).i64(7).i64(8), new LockReleaseDecoder());
        assertEquals(5, release.clientId());
        assertEquals(6, release.requestId());
        assertEquals(7, release.lockId());
        assertEquals(8, release.ownerId());
        assertAllRead(release);

        final LockWaitDecoder wait = decode(v1(15).i64(9).i64(10).i64(11).i64(12).i64(300), new LockWaitDecoder());
        assertEquals(9, wait.clientId());
        assertEquals(10, wait.requestId());
        assertEquals(11, wait.lockId());
        assertEquals(12, wait.ownerId());
        assertEquals(300, wait.waitMs());
        assertAllRead(wait);

        final LockNotifyDecoder notify = decode(v1(16).i64(13).i64(14).i64(15).i64(16).i32(1), new LockNotifyDecoder());
        assertEquals(13, notify.clientId());
        assertEquals(14, notify.requestId());
        assertEquals(15, notify.lockId());
        assertEquals(16, notify.ownerId());
        assertEquals(NotifyMode.ALL, notify.mode());
        assertAllRead(notify);

        // Range checks are the state machine's: an out-of-range mode is carried as it is.
        final LockNotifyDecoder odd = decode(v1(16).i64(13).i64(14).i64(15).i64(16).i32(7), new LockNotifyDecoder());
        assertEquals(7, odd.modeRaw());
    }

    @Test
    void objectRequests()
    {
        final ObjectReadDecoder read =
            decode(v1(5).i64(1).i64(2).i64(3).i64(1_000).i32(65_535), new ObjectReadDecoder());
        assertEquals(1, read.clientId());
        assertEquals(2, read.requestId());
        assertEquals(3, read.objectId());
        assertEquals(1_000, read.leaseMs());
        assertEquals(65_535, read.slot());
        assertAllRead(read);

        final ObjectReadAllDecoder readAll = decode(v1(6).i64(4).i64(5).i64(6).i64(0), new ObjectReadAllDecoder());
        assertEquals(4, readAll.clientId());
        assertEquals(5, readAll.requestId());
        assertEquals(6, readAll.objectId());
        assertEquals(0, readAll.leaseMs());
        assertAllRead(readAll);
    }

    @Test
    void textRequests()
    {
        final RootGetOrCreateDecoder root = decode(v1(11).i64(1).i64(2).text(TEXT), new RootGetOrCreateDecoder());
        assertEquals(1, root.clientId());
        assertEquals(2, root.requestId());
        assertEquals(TEXT, root.uri());
        assertAllRead(root);

        final RootGetOrCreateDecoder empty = decode(v1(11).i64(1).i64(3).text(""), new RootGetOrCreateDecoder());
        assertEquals(3, empty.requestId());
        assertEquals("", empty.uri());
        assertAllRead(empty);

        final NodeRegisterDecoder register =
            decode(v1(12).i64(4).i64(5).text("nœud-1").text("udp://höst:40123"), new NodeRegisterDecoder());
        assertEquals(4, register.clientId());
        assertEquals(5, register.requestId());
        assertEquals("nœud-1", register.nodeName());
        assertEquals("udp://höst:40123", register.dataEndpoint());
        assertAllRead(register);

        final String longest = "x".repeat(Wire.MAX_VAR_LENGTH);
        final NodeRegisterDecoder big = decode(v1(12).i64(4).i64(6).text("").text(longest), new NodeRegisterDecoder());
        assertEquals("", big.nodeName());
        assertEquals(longest, big.dataEndpoint());
        assertAllRead(big);
    }

    @Test
    void writeBatch()
    {
        final WriteBatchDecoder empty = decode(v1(7).i64(1).i64(2).i64(3).i64(4).i32(0), new WriteBatchDecoder());
        assertEquals(1, empty.clientId());
        assertEquals(2, empty.requestId());
        assertEquals(3, empty.lockId());
        assertEquals(4, empty.fencingToken());
        assertEquals(0, empty.entries().count());
        assertEquals(0, empty.released().count(), "a version-1 write releases nothing");
        assertEquals(0, empty.expected().count(), "a version-1 write is no transaction");
        assertAllRead(empty);

        final V1 m = v1(7).i64(5).i64(6).i64(7).i64(8).i32(VALUES.size());
        for (int i = 0; i < VALUES.size(); i++)
        {
            m.i64(100 + i).i32(i * 1_000).value(VALUES.get(i));
        }
        final WriteBatchDecoder batch = decode(m, new WriteBatchDecoder());
        assertEquals(5, batch.clientId());
        assertEquals(6, batch.requestId());
        assertEquals(7, batch.lockId());
        assertEquals(8, batch.fencingToken());
        final WriteBatchDecoder.EntriesDecoder entries = batch.entries();
        assertEquals(VALUES.size(), entries.count());
        for (int i = 0; i < VALUES.size(); i++)
        {
            entries.next();
            assertEquals(100 + i, entries.objectId());
            assertEquals(i * 1_000, entries.slot());
            final byte[] bytes = new byte[entries.bytesLength()];
            entries.getBytes(bytes, 0, bytes.length);
            assertValue(VALUES.get(i), entries.tagRaw(), entries.bits(), bytes);
        }
        assertEquals(0, batch.released().count());
        assertEquals(0, batch.expected().count());
        assertAllRead(batch);
    }

    @Test
    void cas()
    {
        for (final Val expected : VALUES)
        {
            for (final Val update : VALUES)
            {
                final CasDecoder cas = decode(
                    v1(8).i64(1).i64(2).i64(3).i64(4).i64(5).i32(6).value(expected).value(update), new CasDecoder());
                assertEquals(1, cas.clientId());
                assertEquals(2, cas.requestId());
                assertEquals(3, cas.objectId());
                assertEquals(4, cas.lockId());
                assertEquals(5, cas.fencingToken());
                assertEquals(6, cas.slot());
                final byte[] expectedBytes = new byte[cas.expectedBytesLength()];
                cas.getExpectedBytes(expectedBytes, 0, expectedBytes.length);
                final byte[] updateBytes = new byte[cas.updateBytesLength()];
                cas.getUpdateBytes(updateBytes, 0, updateBytes.length);
                assertValue(expected, cas.expectedTagRaw(), cas.expectedBits(), expectedBytes);
                assertValue(update, cas.updateTagRaw(), cas.updateBits(), updateBytes);
                assertAllRead(cas);
            }
        }
    }

    @Test
    void readGraph()
    {
        for (final int count : new int[] {1, 3})
        {
            final V1 m = v1(14).i64(1).i64(2).i64(500).i32(4_096).i32(count);
            for (int i = 0; i < count; i++)
            {
                m.i64(70 + i);
            }
            final ReadGraphDecoder graph = decode(m, new ReadGraphDecoder());
            assertEquals(1, graph.clientId());
            assertEquals(2, graph.requestId());
            assertEquals(500, graph.leaseMs());
            assertEquals(4_096, graph.maxBytes());
            final ReadGraphDecoder.StartsDecoder starts = graph.starts();
            assertEquals(count, starts.count());
            for (int i = 0; i < count; i++)
            {
                assertEquals(70 + i, starts.next().objectId());
            }
            assertAllRead(graph);
        }
        // Version 1 required at least one start object.
        assertRejected(v1(14).i64(1).i64(2).i64(500).i32(4_096).i32(0));
    }

    // ================================================================ responses and pushes

    @Test
    void fixedResponses()
    {
        final ConnectedDecoder connected = decode(v1(101).i64(1).i64(2).i64(3).u8(1), new ConnectedDecoder());
        assertEquals(1, connected.requestId());
        assertEquals(2, connected.clusterTimeMs());
        assertEquals(3, connected.leaseExpiresAtMs());
        assertEquals(BooleanType.TRUE, connected.resumed());
        assertAllRead(connected);
        assertEquals(BooleanType.FALSE, decode(v1(101).i64(1).i64(2).i64(3).u8(0), new ConnectedDecoder()).resumed());
        // Version 1 read any non-zero byte as true.
        assertEquals(BooleanType.TRUE, decode(v1(101).i64(1).i64(2).i64(3).u8(7), new ConnectedDecoder()).resumed());

        final KeepaliveAckDecoder keepaliveAck = decode(v1(102).i64(4).i64(5), new KeepaliveAckDecoder());
        assertEquals(4, keepaliveAck.requestId());
        assertEquals(5, keepaliveAck.leaseExpiresAtMs());
        assertAllRead(keepaliveAck);

        final LockGrantedDecoder granted = decode(v1(103).i64(6).i64(7).i64(8).i32(9), new LockGrantedDecoder());
        assertEquals(6, granted.requestId());
        assertEquals(7, granted.lockId());
        assertEquals(8, granted.fencingToken());
        assertEquals(9, granted.holdCount());
        assertAllRead(granted);

        final LockTimeoutDecoder timeout = decode(v1(104).i64(10).i64(11), new LockTimeoutDecoder());
        assertEquals(10, timeout.requestId());
        assertEquals(11, timeout.lockId());
        assertAllRead(timeout);

        final LockReleasedDecoder released = decode(v1(105).i64(12).i64(13).i32(0), new LockReleasedDecoder());
        assertEquals(12, released.requestId());
        assertEquals(13, released.lockId());
        assertEquals(0, released.holdCount());
        assertAllRead(released);

        final WriteAckDecoder writeAck = decode(v1(108).i64(14).i64(15), new WriteAckDecoder());
        assertEquals(14, writeAck.requestId());
        assertEquals(15, writeAck.version());
        assertAllRead(writeAck);

        final IdRangeDecoder idRange = decode(v1(110).i64(16).i64(17).i32(18), new IdRangeDecoder());
        assertEquals(16, idRange.requestId());
        assertEquals(17, idRange.firstId());
        assertEquals(18, idRange.count());
        assertAllRead(idRange);

        final RootDecoder root = decode(v1(111).i64(19).i64(20).u8(1), new RootDecoder());
        assertEquals(19, root.requestId());
        assertEquals(20, root.objectId());
        assertEquals(BooleanType.TRUE, root.created());
        assertAllRead(root);
        assertEquals(BooleanType.FALSE, decode(v1(111).i64(19).i64(20).u8(0), new RootDecoder()).created());
        assertEquals(BooleanType.TRUE, decode(v1(111).i64(19).i64(20).u8(0x80), new RootDecoder()).created());

        final NodeRegisteredDecoder registered = decode(v1(112).i64(21).i64(22).i64(23), new NodeRegisteredDecoder());
        assertEquals(21, registered.requestId());
        assertEquals(22, registered.nodeId());
        assertEquals(23, registered.epoch());
        assertAllRead(registered);

        final DisconnectedDecoder disconnected = decode(v1(114).i64(24).i64(25), new DisconnectedDecoder());
        assertEquals(24, disconnected.requestId());
        assertEquals(25, disconnected.leaseExpiresAtMs());
        assertAllRead(disconnected);

        final LockNotifiedDecoder notified = decode(v1(116).i64(26).i64(27).i32(28), new LockNotifiedDecoder());
        assertEquals(26, notified.requestId());
        assertEquals(27, notified.lockId());
        assertEquals(28, notified.moved());
        assertAllRead(notified);

        final InvalidateDecoder invalidate = decode(v1(201).i64(29).i64(30), new InvalidateDecoder());
        assertEquals(29, invalidate.objectId());
        assertEquals(30, invalidate.leaseId());
        assertAllRead(invalidate);
    }

    @Test
    void error()
    {
        final ErrorDecoder error = decode(v1(113).i64(1).i32(9).text(TEXT), new ErrorDecoder());
        assertEquals(1, error.requestId());
        assertEquals(9, error.codeRaw());
        assertEquals(TEXT, error.message());
        assertAllRead(error);
    }

    @Test
    void value()
    {
        for (final Val value : VALUES)
        {
            final ValueMessageDecoder decoder =
                decode(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).value(value), new ValueMessageDecoder());
            assertEquals(1, decoder.requestId());
            assertEquals(2, decoder.objectId());
            assertEquals(3, decoder.version());
            assertEquals(4, decoder.readLeaseExpiresAtMs());
            assertEquals(5, decoder.slot());
            final byte[] bytes = new byte[decoder.bytesLength()];
            decoder.getBytes(bytes, 0, bytes.length);
            assertValue(value, decoder.tagRaw(), decoder.bits(), bytes);
            assertAllRead(decoder);
        }
    }

    @Test
    void casResult()
    {
        for (final Val value : VALUES)
        {
            final CasResultDecoder decoder = decode(v1(109).i64(1).i64(2).u8(1).value(value), new CasResultDecoder());
            assertEquals(1, decoder.requestId());
            assertEquals(2, decoder.version());
            assertEquals(BooleanType.TRUE, decoder.success());
            final byte[] bytes = new byte[decoder.currentBytesLength()];
            decoder.getCurrentBytes(bytes, 0, bytes.length);
            assertValue(value, decoder.currentTagRaw(), decoder.currentBits(), bytes);
            assertAllRead(decoder);
        }
        assertEquals(BooleanType.FALSE,
            decode(v1(109).i64(1).i64(2).u8(0).value(VALUES.get(0)), new CasResultDecoder()).success());
    }

    @Test
    void objectValues()
    {
        final ObjectValuesDecoder empty = decode(v1(107).i64(1).i64(2).i64(3).i64(4).i32(0), new ObjectValuesDecoder());
        assertEquals(1, empty.requestId());
        assertEquals(2, empty.objectId());
        assertEquals(3, empty.version());
        assertEquals(4, empty.readLeaseExpiresAtMs());
        assertEquals(0, empty.slots().count());
        assertAllRead(empty);

        final V1 m = v1(107).i64(5).i64(6).i64(7).i64(8).i32(VALUES.size());
        VALUES.forEach(m::value);
        final ObjectValuesDecoder decoder = decode(m, new ObjectValuesDecoder());
        assertEquals(5, decoder.requestId());
        assertEquals(6, decoder.objectId());
        assertEquals(7, decoder.version());
        assertEquals(8, decoder.readLeaseExpiresAtMs());
        final ObjectValuesDecoder.SlotsDecoder slots = decoder.slots();
        assertEquals(VALUES.size(), slots.count());
        for (final Val value : VALUES)
        {
            slots.next();
            final byte[] bytes = new byte[slots.bytesLength()];
            slots.getBytes(bytes, 0, bytes.length);
            assertValue(value, slots.tagRaw(), slots.bits(), bytes);
        }
        assertAllRead(decoder);
    }

    @Test
    void objectValuesAtTheSlotLimit()
    {
        final V1 m = v1(107).i64(5).i64(6).i64(7).i64(8).i32(65_536);
        for (int i = 0; i < 65_536; i++)
        {
            m.u8(NULL);
        }
        final ObjectValuesDecoder decoder = decode(m, new ObjectValuesDecoder());
        final ObjectValuesDecoder.SlotsDecoder slots = decoder.slots();
        assertEquals(65_536, slots.count());
        while (slots.hasNext())
        {
            assertEquals(NULL, slots.next().tagRaw());
            assertEquals(0, slots.bytesLength());
            slots.skipBytes();
        }
        assertAllRead(decoder);

        // One more slot than this schema can carry.
        final V1 over = v1(107).i64(5).i64(6).i64(7).i64(8).i32(65_537);
        for (int i = 0; i < 65_537; i++)
        {
            over.u8(NULL);
        }
        assertRejected(over);
    }

    @Test
    void objectGraph()
    {
        final ObjectGraphDecoder empty = decode(v1(115).i64(1).i32(0), new ObjectGraphDecoder());
        assertEquals(1, empty.requestId());
        assertEquals(0, empty.objects().count());
        assertAllRead(empty);

        // Three objects: all values, no slots, one slot.
        final List<List<Val>> objects = List.of(VALUES, List.of(), List.of(VALUES.get(3)));
        final V1 m = v1(115).i64(2).i32(objects.size());
        for (int i = 0; i < objects.size(); i++)
        {
            m.i64(10 + i).i64(20 + i).i64(30 + i).i32(objects.get(i).size());
            objects.get(i).forEach(m::value);
        }
        final ObjectGraphDecoder graph = decode(m, new ObjectGraphDecoder());
        assertEquals(2, graph.requestId());
        final ObjectGraphDecoder.ObjectsDecoder decoded = graph.objects();
        assertEquals(objects.size(), decoded.count());
        for (int i = 0; i < objects.size(); i++)
        {
            decoded.next();
            assertEquals(10 + i, decoded.objectId());
            assertEquals(20 + i, decoded.version());
            assertEquals(30 + i, decoded.readLeaseExpiresAtMs());
            final ObjectGraphDecoder.ObjectsDecoder.SlotsDecoder slots = decoded.slots();
            assertEquals(objects.get(i).size(), slots.count());
            for (final Val value : objects.get(i))
            {
                slots.next();
                final byte[] bytes = new byte[slots.bytesLength()];
                slots.getBytes(bytes, 0, bytes.length);
                assertValue(value, slots.tagRaw(), slots.bits(), bytes);
            }
        }
        assertAllRead(graph);
    }

    @Test
    void membership()
    {
        final MembershipDecoder empty = decode(v1(202).i64(1).i32(0).i32(0), new MembershipDecoder());
        assertEquals(1, empty.epoch());
        assertEquals(0, empty.shards().count());
        assertEquals(0, empty.nodes().count());
        assertAllRead(empty);

        final V1 m = v1(202).i64(2).i32(4).i32(3).i64(7).i64(0).i64(8).i64(7);
        m.i64(7).text("nœud-7").text("udp://a:1");
        m.i64(8).text("").text("");
        m.i64(9).text(TEXT).text("udp://日本:3");
        final MembershipDecoder membership = decode(m, new MembershipDecoder());
        assertEquals(2, membership.epoch());
        final MembershipDecoder.ShardsDecoder shards = membership.shards();
        assertEquals(4, shards.count());
        for (final long owner : new long[] {7, 0, 8, 7})
        {
            assertEquals(owner, shards.next().ownerNodeId());
        }
        final MembershipDecoder.NodesDecoder nodes = membership.nodes();
        assertEquals(3, nodes.count());
        assertEquals(7, nodes.next().nodeId());
        assertEquals("nœud-7", nodes.nodeName());
        assertEquals("udp://a:1", nodes.dataEndpoint());
        assertEquals(8, nodes.next().nodeId());
        assertEquals("", nodes.nodeName());
        assertEquals("", nodes.dataEndpoint());
        assertEquals(9, nodes.next().nodeId());
        assertEquals(TEXT, nodes.nodeName());
        assertEquals("udp://日本:3", nodes.dataEndpoint());
        assertAllRead(membership);

        // Shards but no nodes, nodes but no shards.
        final MembershipDecoder shardsOnly = decode(v1(202).i64(3).i32(1).i32(0).i64(0), new MembershipDecoder());
        assertEquals(0, shardsOnly.shards().next().ownerNodeId());
        assertEquals(0, shardsOnly.nodes().count());
        assertAllRead(shardsOnly);
        final MembershipDecoder nodesOnly =
            decode(v1(202).i64(4).i32(0).i32(1).i64(5).text("n").text("e"), new MembershipDecoder());
        assertEquals(0, nodesOnly.shards().count());
        final MembershipDecoder.NodesDecoder onlyNode = nodesOnly.nodes();
        assertEquals(5, onlyNode.next().nodeId());
        assertEquals("n", onlyNode.nodeName());
        assertEquals("e", onlyNode.dataEndpoint());
        assertAllRead(nodesOnly);
    }

    // ================================================================ malformed

    @Test
    void malformedHeaders()
    {
        final UnsafeBuffer seven = new UnsafeBuffer(new byte[7]);
        seven.putShort(0, (short)2, LITTLE_ENDIAN);
        seven.putShort(2, (short)1, LITTLE_ENDIAN);
        assertEquals(-1, LegacyWire.translate(seven, 0, 7, out, DST_OFFSET), "shorter than a header");
        assertEquals(-1, LegacyWire.translate(seven, 0, 0, out, DST_OFFSET), "empty");

        assertRejected(v1(2).i64(1).i64(2).bodyLength(17), "body length too long");
        assertRejected(v1(2).i64(1).i64(2).bodyLength(15), "body length too short");
        assertRejected(v1(2).i64(1).i64(2).bodyLength(-1), "negative body length");
        assertRejected(v1(2).i64(1).i64(2).version(2), "not version 1");
        assertRejected(v1(2).i64(1).i64(2).version(0), "not version 1");
    }

    @Test
    void malformedBodies()
    {
        assertRejected(v1(1).i64(1).i64(2), "truncated fixed block");
        assertRejected(v1(101).i64(1).i64(2).i64(3), "truncated fixed block");
        assertRejected(v1(7).i64(1).i64(2).i64(3).i64(4), "truncated fixed block (no count)");
        assertRejected(v1(202).i64(1).i32(0), "truncated fixed block (no node count)");
        assertRejected(v1(11).i64(1).i64(2), "missing var field");
        assertRejected(v1(11).i64(1).i64(2).i32(10).u8('a').u8('b'), "truncated var field");
        assertRejected(v1(11).i64(1).i64(2).i32(1), "truncated var field");
        assertRejected(v1(11).i64(1).i64(2).u8(0).u8(0), "truncated var length");
        assertRejected(v1(11).i64(1).i64(2).i32(-1), "negative var length");
        final V1 tooLong = v1(11).i64(1).i64(2).i32(Wire.MAX_VAR_LENGTH + 1);
        for (int i = 0; i <= Wire.MAX_VAR_LENGTH; i++)
        {
            tooLong.u8('x');
        }
        assertRejected(tooLong, "var field over 64 KiB");
        assertRejected(v1(12).i64(1).i64(2).text("name"), "missing second var field");
        assertRejected(v1(113).i64(1).i32(1).i32(5).u8('a'), "truncated error message");

        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5), "missing value");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(9), "value tag 9");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(9).i64(1), "value tag 9 with a payload");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(-1), "value tag -1");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(LONG).i32(7), "truncated LONG");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(REF), "truncated REF");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(BYTES).i32(3).u8(1), "truncated BYTES");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(BYTES).i32(-2), "negative BYTES length");
        assertRejected(v1(109).i64(1).i64(2).u8(1).u8(7), "CAS_RESULT value tag 7");
        assertRejected(v1(8).i64(1).i64(2).i64(3).i64(4).i64(5).i32(6).u8(NULL), "CAS without update");
        assertRejected(v1(8).i64(1).i64(2).i64(3).i64(4).i64(5).i32(6).u8(NULL).u8(9), "CAS update tag 9");

        assertRejected(v1(7).i64(1).i64(2).i64(3).i64(4).i32(-1), "negative entry count");
        assertRejected(v1(7).i64(1).i64(2).i64(3).i64(4).i32(2).i64(1).i32(0).u8(NULL), "fewer entries than count");
        assertRejected(v1(7).i64(1).i64(2).i64(3).i64(4).i32(1).i64(1).i32(0).u8(4), "entry value tag 4");
        assertRejected(v1(7).i64(1).i64(2).i64(3).i64(4).i32(1).i64(1).u8(0), "truncated entry");
        assertRejected(v1(7).i64(1).i64(2).i64(3).i64(4).i32(Integer.MAX_VALUE), "huge entry count");
        assertRejected(v1(14).i64(1).i64(2).i64(3).i32(4).i32(-1), "negative id count");
        assertRejected(v1(14).i64(1).i64(2).i64(3).i32(4).i32(2).i64(1), "fewer ids than count");
        assertRejected(v1(14).i64(1).i64(2).i64(3).i32(4).i32(1).i64(1).i32(0), "more ids than count");
        assertRejected(v1(14).i64(1).i64(2).i64(3).i32(4).i32(0x2000_0001).i64(1), "id count overflowing 8 * count");
        assertRejected(v1(107).i64(1).i64(2).i64(3).i64(4).i32(-1), "negative slot count");
        assertRejected(v1(107).i64(1).i64(2).i64(3).i64(4).i32(2).u8(NULL), "fewer slots than count");
        assertRejected(v1(115).i64(1).i32(-1), "negative object count");
        assertRejected(v1(115).i64(1).i32(1).i64(1).i64(2).i64(3).i32(-1), "negative slot count");
        assertRejected(v1(115).i64(1).i32(1).i64(1).i64(2).i64(3).i32(1), "missing slot");
        assertRejected(v1(115).i64(1).i32(2).i64(1).i64(2).i64(3).i32(0), "missing object");
        assertRejected(v1(115).i64(1).i32(1).i64(1).i64(2).i64(3), "truncated object");
        assertRejected(v1(202).i64(1).i32(-1).i32(0), "negative shard count");
        assertRejected(v1(202).i64(1).i32(0).i32(-1), "negative node count");
        assertRejected(v1(202).i64(1).i32(2).i32(0).i64(1), "fewer shards than count");
        assertRejected(v1(202).i64(1).i32(0).i32(1).i64(1).text("n"), "node without endpoint");
        assertRejected(v1(202).i64(1).i32(0).i32(2).i64(1).text("n").text("e"), "fewer nodes than count");
    }

    @Test
    void trailingBytes()
    {
        assertRejected(v1(1).i64(1).i64(2).i64(3).u8(0), "CONNECT");
        assertRejected(v1(11).i64(1).i64(2).text("a").u8(0), "ROOT_GET_OR_CREATE");
        assertRejected(v1(113).i64(1).i32(1).text("a").u8(0), "ERROR");
        assertRejected(v1(7).i64(1).i64(2).i64(3).i64(4).i32(0).u8(0), "WRITE_BATCH");
        assertRejected(v1(8).i64(1).i64(2).i64(3).i64(4).i64(5).i32(6).u8(NULL).u8(NULL).u8(0), "CAS");
        assertRejected(v1(14).i64(1).i64(2).i64(3).i32(4).i32(1).i64(1).u8(0), "READ_GRAPH");
        assertRejected(v1(106).i64(1).i64(2).i64(3).i64(4).i32(5).u8(NULL).u8(0), "VALUE");
        assertRejected(v1(107).i64(1).i64(2).i64(3).i64(4).i32(0).u8(0), "OBJECT_VALUES");
        assertRejected(v1(109).i64(1).i64(2).u8(1).u8(NULL).u8(0), "CAS_RESULT");
        assertRejected(v1(115).i64(1).i32(0).u8(0), "OBJECT_GRAPH");
        assertRejected(v1(202).i64(1).i32(0).i32(0).u8(0), "MEMBERSHIP");
    }

    @Test
    void unknownTemplates()
    {
        for (final int templateId : new int[] {0, 17, 99, 100, 117, 199, 200, 203, 301, 0xFFFF})
        {
            assertRejected(v1(templateId).i64(1).i64(2), "template " + templateId);
        }
    }

    // ================================================================ requestId and encodeError

    @Test
    void requestIdOfVersion1Requests()
    {
        final V1 keepalive = v1(2).i64(11).i64(77).seal();
        assertEquals(77, LegacyWire.requestId(keepalive.buffer, SRC_OFFSET, keepalive.length()));
        assertEquals(77, LegacyWire.requestId(exactCopy(keepalive), 0, keepalive.length()));
        final V1 malformed = v1(4).i64(11).i64(78).u8(0).bodyLength(99);
        assertEquals(78, LegacyWire.requestId(malformed.buffer, SRC_OFFSET, malformed.length()));
        assertEquals(0, LegacyWire.requestId(exactCopy(keepalive), 0, keepalive.length() - 1));
        assertEquals(0, LegacyWire.requestId(exactCopy(keepalive), 0, 8));
        assertEquals(0, LegacyWire.requestId(exactCopy(keepalive), 0, 0));
    }

    @Test
    void encodeErrorWritesVersion1Error()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final String message = "wire version 1 is retired: upgrade the client ✓ \uD83D\uDE00";
        final byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        final int length = LegacyWire.encodeError(buffer, 7, 1234, 3, message);
        assertEquals(8 + 12 + 4 + utf8.length, length);
        assertEquals(113, buffer.getShort(7, LITTLE_ENDIAN));
        assertEquals(1, buffer.getShort(9, LITTLE_ENDIAN));
        assertEquals(length - 8, buffer.getInt(11, LITTLE_ENDIAN));
        assertEquals(1234, buffer.getLong(15, LITTLE_ENDIAN));
        assertEquals(3, buffer.getInt(23, LITTLE_ENDIAN));
        assertEquals(utf8.length, buffer.getInt(27, LITTLE_ENDIAN));
        final byte[] text = new byte[utf8.length];
        buffer.getBytes(31, text);
        assertEquals(message, new String(text, StandardCharsets.UTF_8));
        assertTrue(Wire.isLegacy(buffer, 7, length));

        // A well-formed version 1 ERROR: it translates too.
        final ErrorDecoder error = new ErrorDecoder();
        translatedLength = LegacyWire.translate(buffer, 7, length, out, DST_OFFSET);
        header.wrap(out, DST_OFFSET);
        error.wrap(out, DST_OFFSET + 8, header.blockLength(), header.version());
        assertEquals(1234, error.requestId());
        assertEquals(3, error.codeRaw());
        assertEquals(message, error.message());
        assertAllRead(error);

        final int empty = LegacyWire.encodeError(buffer, 0, 0, 1, null);
        assertEquals(8 + 12 + 4, empty);
        assertEquals(0, buffer.getInt(20, LITTLE_ENDIAN));
        assertEquals(empty, LegacyWire.translate(buffer, 0, empty, out, 0));

        // Cut at 64 KiB, before the three-byte character that no longer fits.
        final String huge = "ab" + "✓".repeat(30_000);
        final int cut = LegacyWire.encodeError(buffer, 0, 5, 9, huge);
        final int textLength = buffer.getInt(20, LITTLE_ENDIAN);
        assertEquals(2 + 3 * 21_844, textLength);
        assertEquals(8 + 12 + 4 + textLength, cut);
        assertEquals(cut - 8, buffer.getInt(4, LITTLE_ENDIAN));
        assertEquals(huge.substring(0, 2 + 21_844), buffer.getStringWithoutLengthUtf8(24, textLength));
    }

    // ================================================================ the recorded version 1 log

    @Test
    void recordedVersion1LogTranslates() throws IOException
    {
        final List<byte[]> messages = readMessages("/upgrade/wire1-snapshot2/inputs.bin");
        int translated = 0;
        int rejected = 0;
        for (final byte[] message : messages)
        {
            final UnsafeBuffer src = new UnsafeBuffer(message);
            final int length = LegacyWire.translate(src, 0, message.length, out, DST_OFFSET);
            if (length < 0)
            {
                rejected++;
                assertTrue(message.length < 8 || src.getShort(2, LITTLE_ENDIAN) != 1 ||
                    src.getInt(4, LITTLE_ENDIAN) != message.length - 8, "rejected, yet its header is version 1's");
                continue;
            }
            translated++;
            header.wrap(out, DST_OFFSET);
            assertEquals(Wire.SCHEMA_ID, header.schemaId());
            assertEquals(Wire.VERSION, header.version());
            assertEquals(src.getShort(0, LITTLE_ENDIAN) & 0xFFFF, header.templateId());
            if (header.templateId() < 100)
            {
                // Every request of either version has the requestId at body offset 8.
                assertEquals(LegacyWire.requestId(src, 0, message.length), out.getLong(DST_OFFSET + 16, LITTLE_ENDIAN));
            }

            // Every version 1 layout is exact: a byte less or more (with the body length fixed up) is malformed.
            final UnsafeBuffer shorter = new UnsafeBuffer(Arrays.copyOf(message, message.length - 1));
            shorter.putInt(4, message.length - 9, LITTLE_ENDIAN);
            assertEquals(-1, LegacyWire.translate(shorter, 0, message.length - 1, out, DST_OFFSET));
            final UnsafeBuffer longer = new UnsafeBuffer(Arrays.copyOf(message, message.length + 1));
            longer.putInt(4, message.length - 7, LITTLE_ENDIAN);
            assertEquals(-1, LegacyWire.translate(longer, 0, message.length + 1, out, DST_OFFSET));
        }
        System.out.println("LegacyWireTest: recorded v1 log: " + messages.size() + " messages, " + translated +
            " translated, " + rejected + " rejected");
        assertEquals(messages.size(), translated + rejected);
        assertTrue(translated > 0);
    }

    /**
     * The MESSAGE inputs of an input log ({@code io.memfabric.consensus.state.InputLog}): magic, count, then per
     * input kind (1 = message), id, timestamp, length and bytes, big-endian.
     */
    private static List<byte[]> readMessages(final String resource) throws IOException
    {
        final List<byte[]> messages = new ArrayList<>();
        try (InputStream in = LegacyWireTest.class.getResourceAsStream(resource))
        {
            assertNotNull(in, resource);
            final DataInputStream data = new DataInputStream(in);
            assertEquals(0x4D464C31, data.readInt());
            final int count = data.readInt();
            for (int i = 0; i < count; i++)
            {
                final byte kind = data.readByte();
                data.readLong();
                data.readLong();
                final byte[] bytes = new byte[data.readInt()];
                data.readFully(bytes);
                if (kind == 1)
                {
                    messages.add(bytes);
                }
            }
            assertEquals(-1, data.read());
        }
        return messages;
    }

    // ================================================================ helpers

    /**
     * Translates a message, checks the header written and wraps the decoder after it. The message is translated
     * twice: from a buffer that ends where it ends (a read past it would throw) and from the middle of a larger one
     * with garbage after it; both must give the same bytes.
     */
    private <T extends MessageDecoderFlyweight> T decode(final V1 message, final T decoder)
    {
        message.seal();
        translatedLength = LegacyWire.translate(exactCopy(message), 0, message.length(), out, DST_OFFSET);
        assertTrue(translatedLength > 0, "not translated");
        final byte[] first = new byte[translatedLength];
        out.getBytes(DST_OFFSET, first);
        message.buffer.setMemory(SRC_OFFSET + message.length(), 64, (byte)0x5A);
        final ExpandableArrayBuffer other = new ExpandableArrayBuffer(8);
        assertEquals(translatedLength,
            LegacyWire.translate(message.buffer, SRC_OFFSET, message.length(), other, 1));
        final byte[] second = new byte[translatedLength];
        other.getBytes(1, second);
        assertArrayEquals(first, second);

        header.wrap(out, DST_OFFSET);
        assertEquals(Wire.SCHEMA_ID, header.schemaId());
        assertEquals(Wire.VERSION, header.version());
        assertEquals(decoder.sbeTemplateId(), header.templateId());
        assertEquals(decoder.sbeBlockLength(), header.blockLength());
        decoder.wrap(out, DST_OFFSET + 8, header.blockLength(), header.version());
        return decoder;
    }

    /**
     * Checks that reading the decoder in schema order consumed exactly the translated message.
     */
    private void assertAllRead(final MessageDecoderFlyweight decoder)
    {
        assertEquals(translatedLength, 8 + decoder.encodedLength());
    }

    private void assertRejected(final V1 message)
    {
        assertRejected(message, "malformed");
    }

    private void assertRejected(final V1 message, final String why)
    {
        message.seal();
        assertEquals(-1, LegacyWire.translate(exactCopy(message), 0, message.length(), out, DST_OFFSET), why);
        assertEquals(-1, LegacyWire.translate(message.buffer, SRC_OFFSET, message.length(), out, DST_OFFSET), why);
    }

    private static void assertValue(final Val expected, final short tag, final long bits, final byte[] bytes)
    {
        assertEquals(expected.tag(), tag);
        assertEquals(expected.bits(), bits);
        assertArrayEquals(expected.bytes(), bytes);
    }

    private static DirectBuffer exactCopy(final V1 message)
    {
        final byte[] bytes = new byte[message.length()];
        message.buffer.getBytes(SRC_OFFSET, bytes);
        return new UnsafeBuffer(bytes);
    }

    private static V1 v1(final int templateId)
    {
        return new V1(templateId);
    }

    /**
     * A slot value as version 1 wrote it: LONG and REF carry bits, BYTES carries bytes.
     */
    private record Val(int tag, long bits, byte[] bytes)
    {
    }

    /**
     * Writes a version 1 message at {@link #SRC_OFFSET}, little-endian; {@link #seal()} sets the body length
     * unless a test set one.
     */
    private static final class V1
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        int at = SRC_OFFSET;
        boolean bodyLengthSet;

        V1(final int templateId)
        {
            buffer.putShort(at, (short)templateId, LITTLE_ENDIAN);
            buffer.putShort(at + 2, (short)1, LITTLE_ENDIAN);
            at += 8;
        }

        V1 u8(final int value)
        {
            buffer.putByte(at, (byte)value);
            at += 1;
            return this;
        }

        V1 i32(final int value)
        {
            buffer.putInt(at, value, LITTLE_ENDIAN);
            at += 4;
            return this;
        }

        V1 i64(final long value)
        {
            buffer.putLong(at, value, LITTLE_ENDIAN);
            at += 8;
            return this;
        }

        V1 bytes(final byte[] value)
        {
            i32(value.length);
            buffer.putBytes(at, value);
            at += value.length;
            return this;
        }

        V1 text(final String value)
        {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        V1 value(final Val value)
        {
            u8(value.tag());
            switch (value.tag())
            {
                case LONG, REF -> i64(value.bits());
                case BYTES -> bytes(value.bytes());
                default ->
                {
                }
            }
            return this;
        }

        V1 version(final int version)
        {
            buffer.putShort(SRC_OFFSET + 2, (short)version, LITTLE_ENDIAN);
            return this;
        }

        V1 bodyLength(final int bodyLength)
        {
            buffer.putInt(SRC_OFFSET + 4, bodyLength, LITTLE_ENDIAN);
            bodyLengthSet = true;
            return this;
        }

        V1 seal()
        {
            if (!bodyLengthSet)
            {
                buffer.putInt(SRC_OFFSET + 4, length() - 8, LITTLE_ENDIAN);
            }
            return this;
        }

        int length()
        {
            return at - SRC_OFFSET;
        }
    }
}
