/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.memfabric.transport.TransportStats.Counter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames that are corrupt, truncated, of an unknown type or with a malformed body arrive over the real UDP endpoint
 * of a node (sent by a raw Aeron publication, as a faulty or hostile sender would): each is counted by reason and
 * none reaches a listener; the sound frame sent after them is delivered.
 */
@Timeout(60)
class FrameRejectionTest
{
    private static final int ROGUE = 7;

    private DataPlane node;
    private Aeron rogue;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(rogue, node);
    }

    @Test
    void badFramesAreCountedAndNeverDelivered() throws Exception
    {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> states = new CopyOnWriteArrayList<>();
        final String endpoint = Ports.endpoint();
        node = DataPlane.launch(new TransportConfig().nodeId(1).endpoint(endpoint)
            .messageListener((source, buffer, offset, length) ->
                messages.add(buffer.getStringWithoutLengthUtf8(offset, length)))
            .stateListener((sender, sequence, buffer, offset, length) ->
                states.add(buffer.getStringWithoutLengthUtf8(offset, length))));
        node.addPeer(ROGUE, Ports.endpoint());

        rogue = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.context().aeronDirectoryName()));
        final Publication publication = rogue.addPublication(
            "aeron:udp?endpoint=" + endpoint + "|mtu=8192", node.context().streamId());
        final CRC32C crc = new CRC32C();

        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[64]);
        garbage.setMemory(0, 64, (byte)0x5A);
        offer(publication, garbage, 64);

        final UnsafeBuffer flipped = direct("tampered", crc);
        flipped.putByte(Frame.HEADER_LENGTH + 2, (byte)(flipped.getByte(Frame.HEADER_LENGTH + 2) ^ 0x10));
        offer(publication, flipped, flipped.capacity());

        final UnsafeBuffer truncated = direct("cut short in transit", crc);
        offer(publication, truncated, truncated.capacity() - 5);

        final UnsafeBuffer unknownType = direct("what am I", crc);
        unknownType.putByte(Frame.TYPE_OFFSET, (byte)99);
        Frame.seal(unknownType, 0, crc);
        offer(publication, unknownType, unknownType.capacity());

        final byte[] text = "bad clock".getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer badStamp = new UnsafeBuffer(new byte[Frame.HEADER_LENGTH + 4 + text.length]);
        Frame.writeHeader(badStamp, 0, Frame.STATE, badStamp.capacity(), ROGUE, 1, 0);
        badStamp.putInt(Frame.HEADER_LENGTH, 50_000, ByteOrder.LITTLE_ENDIAN);
        badStamp.putBytes(Frame.HEADER_LENGTH + 4, text);
        Frame.seal(badStamp, 0, crc);
        offer(publication, badStamp, badStamp.capacity());

        final UnsafeBuffer good = direct("sound", crc);
        offer(publication, good, good.capacity());

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (messages.isEmpty() && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(List.of("sound"), messages);
        assertEquals(List.of(), states);
        final TransportStats stats = node.stats();
        assertEquals(1, stats.get(Counter.FRAMES_REJECTED_MAGIC), stats.toString());
        assertEquals(1, stats.get(Counter.FRAMES_REJECTED_CHECKSUM), stats.toString());
        assertEquals(1, stats.get(Counter.FRAMES_REJECTED_LENGTH), stats.toString());
        assertEquals(1, stats.get(Counter.FRAMES_REJECTED_TYPE), stats.toString());
        assertEquals(1, stats.get(Counter.FRAMES_REJECTED_BODY), stats.toString());
        assertEquals(5, stats.framesRejected());
        assertEquals(1, stats.get(Counter.MESSAGES_DELIVERED));
    }

    private static UnsafeBuffer direct(final String text, final CRC32C crc)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[Frame.HEADER_LENGTH + bytes.length]);
        Frame.writeHeader(frame, 0, Frame.DIRECT, frame.capacity(), ROGUE, 1, 0);
        frame.putBytes(Frame.HEADER_LENGTH, bytes);
        Frame.seal(frame, 0, crc);
        return frame;
    }

    private static void offer(final Publication publication, final UnsafeBuffer frame, final int length)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publication.offer(frame, 0, length) < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("could not send to the node under test");
            }
            Thread.sleep(1);
        }
    }
}
