/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.causal;

import io.memfabric.FabricException;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class VectorClockTest
{
    @Test
    void absentNodesCountZeroAndSettingZeroRemovesTheEntry()
    {
        final VectorClock clock = new VectorClock(0);
        assertEquals(0, clock.get(42));
        clock.set(42, 5);
        clock.set(1, 2);
        clock.set(7, 1);
        assertEquals("[1:2, 7:1, 42:5]", clock.toString());
        clock.set(7, 0);
        assertEquals("[1:2, 42:5]", clock.toString());
        assertEquals(2, clock.size());
        assertEquals(new VectorClock(), new VectorClock(4).copyFrom(clock).copyFrom(new VectorClock()));
    }

    @Test
    void incrementCountsFromZero()
    {
        final VectorClock clock = new VectorClock();
        assertEquals(1, clock.increment(9));
        assertEquals(2, clock.increment(9));
        assertEquals(1, clock.increment(3));
        assertEquals("[3:1, 9:2]", clock.toString());
    }

    @Test
    void refusesNegativeNodesAndCounters()
    {
        final VectorClock clock = new VectorClock();
        assertThrows(IllegalArgumentException.class, () -> clock.set(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> clock.set(1, -1));
        assertThrows(IllegalArgumentException.class, () -> clock.increment(-3));
    }

    @Test
    void mergeTakesTheEntryWiseMaximum()
    {
        final VectorClock a = clock(1, 5, 4, 1, 9, 2);
        final VectorClock b = clock(0, 3, 4, 7, 6, 1, 9, 1, 12, 8);
        a.mergeFrom(b);
        assertEquals(clock(0, 3, 1, 5, 4, 7, 6, 1, 9, 2, 12, 8), a);
        assertEquals(clock(0, 3, 4, 7, 6, 1, 9, 1, 12, 8), b);

        final VectorClock empty = new VectorClock(0);
        empty.mergeFrom(b);
        assertEquals(b, empty);
        a.mergeFrom(a);
        assertEquals(clock(0, 3, 1, 5, 4, 7, 6, 1, 9, 2, 12, 8), a);
    }

    @Test
    void mergeMatchesAnEntryByEntryModelOnRandomClocks()
    {
        final Random random = new Random(7);
        for (int round = 0; round < 2_000; round++)
        {
            final VectorClock a = randomClock(random, 10, 5);
            final VectorClock b = randomClock(random, 10, 5);
            final VectorClock expected = new VectorClock();
            for (int node = 0; node <= 3 * 10; node++)
            {
                expected.set(node, Math.max(a.get(node), b.get(node)));
            }
            a.mergeFrom(b);
            assertEquals(expected, a);
        }
    }

    @Test
    void happenedBeforeIsStrictAndConcurrentMeansNeitherOrder()
    {
        final VectorClock early = clock(1, 1);
        final VectorClock later = clock(1, 2, 7, 1);
        final VectorClock other = clock(7, 2);

        assertTrue(early.happenedBefore(later));
        assertFalse(later.happenedBefore(early));
        assertFalse(early.happenedBefore(early.copy()));
        assertTrue(early.coveredBy(early.copy()));
        assertTrue(new VectorClock().happenedBefore(early));

        assertTrue(later.concurrentWith(other));
        assertTrue(other.concurrentWith(later));
        assertTrue(early.concurrentWith(other));
        assertFalse(early.concurrentWith(later));
        assertFalse(early.concurrentWith(early.copy()));
    }

    @Test
    void comparisonsMatchAnEntryByEntryModelOnRandomClocks()
    {
        final Random random = new Random(11);
        for (int round = 0; round < 5_000; round++)
        {
            final VectorClock a = randomClock(random, 6, 3);
            final VectorClock b = randomClock(random, 6, 3);
            boolean less = false;
            boolean greater = false;
            for (int node = 0; node <= 3 * 6; node++)
            {
                less |= a.get(node) < b.get(node);
                greater |= a.get(node) > b.get(node);
            }
            final String clocks = a + " " + b;
            assertEquals(less && !greater, a.happenedBefore(b), clocks);
            assertEquals(less && greater, a.concurrentWith(b), clocks);
            assertEquals(!greater, a.coveredBy(b), clocks);
            assertEquals(!less && !greater, a.equals(b), clocks);
        }
    }

    @Test
    void equalClocksHaveEqualHashes()
    {
        final VectorClock a = clock(3, 4, 8, 1);
        final VectorClock b = new VectorClock(1);
        b.set(8, 1);
        b.set(5, 9);
        b.set(3, 4);
        b.set(5, 0);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, clock(3, 4, 8, 2));
    }

    @Test
    void encodingIsTheDocumentedLayout()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final VectorClock clock = clock(7, 300, 42, 1);
        assertEquals(VectorClock.HEADER_LENGTH + 2 * VectorClock.ENTRY_LENGTH, clock.encodedLength());
        assertEquals(clock.encodedLength(), clock.encode(buffer, 3));

        assertEquals(2, buffer.getShort(3, ByteOrder.LITTLE_ENDIAN));
        assertEquals(0, buffer.getShort(5, ByteOrder.LITTLE_ENDIAN));
        assertEquals(7, buffer.getInt(7, ByteOrder.LITTLE_ENDIAN));
        assertEquals(300, buffer.getLong(11, ByteOrder.LITTLE_ENDIAN));
        assertEquals(42, buffer.getInt(19, ByteOrder.LITTLE_ENDIAN));
        assertEquals(1, buffer.getLong(23, ByteOrder.LITTLE_ENDIAN));
        assertEquals((byte)0x2C, buffer.getByte(11));
        assertEquals((byte)0x01, buffer.getByte(12));
    }

    @Test
    void randomClocksRoundTripAtAnOffset()
    {
        final Random random = new Random(42);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final VectorClock decoded = new VectorClock(0);
        for (int round = 0; round < 2_000; round++)
        {
            final VectorClock clock = randomClock(random, 1 + random.nextInt(200), random.nextInt(70));
            if (random.nextBoolean())
            {
                clock.set(Integer.MAX_VALUE, Long.MAX_VALUE);
            }
            final int offset = random.nextInt(9);
            final int written = clock.encode(buffer, offset);
            assertEquals(clock.encodedLength(), written);

            final int limit = offset + written + random.nextInt(5);
            assertEquals(written, VectorClock.decode(buffer, offset, limit, decoded));
            assertEquals(clock, decoded);
            assertEquals(clock.hashCode(), decoded.hashCode());
        }
    }

    @Test
    void emptyClockIsTheHeaderAlone()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[VectorClock.HEADER_LENGTH]);
        assertEquals(VectorClock.HEADER_LENGTH, new VectorClock().encode(buffer, 0));
        final VectorClock into = clock(1, 1);
        assertEquals(VectorClock.HEADER_LENGTH, VectorClock.decode(buffer, 0, VectorClock.HEADER_LENGTH, into));
        assertEquals(new VectorClock(), into);
    }

    @Test
    void everyTruncationIsRefusedWithoutReadingPastTheLimit()
    {
        final VectorClock clock = clock(1, 3, 7, 9, 42, 1);
        final byte[] bytes = new byte[clock.encodedLength()];
        clock.encode(new UnsafeBuffer(bytes), 0);
        for (int cut = 0; cut < bytes.length; cut++)
        {
            // The buffer ends at the limit, so a read past it would throw IndexOutOfBoundsException instead.
            final UnsafeBuffer truncated = new UnsafeBuffer(Arrays.copyOf(bytes, cut));
            final int limit = cut;
            assertThrows(MalformedStampException.class,
                () -> VectorClock.decode(truncated, 0, limit, new VectorClock()), "cut at " + cut);
        }

        final UnsafeBuffer whole = new UnsafeBuffer(bytes);
        assertThrows(MalformedStampException.class, () -> VectorClock.decode(whole, 5, 4, new VectorClock()));
    }

    @Test
    void countBeyondTheLimitIsRefused()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        clock(1, 1, 2, 2).encode(buffer, 0);
        buffer.putShort(0, (short)0xFFFF, ByteOrder.LITTLE_ENDIAN);
        final MalformedStampException error = assertThrows(
            MalformedStampException.class, () -> VectorClock.decode(buffer, 0, 64, new VectorClock()));
        assertEquals(0, error.offset());
        assertEquals(FabricException.Category.CORRUPT, error.category());
    }

    @Test
    void misorderedNodesNegativeNodesAndNonPositiveCountersAreRefused()
    {
        final VectorClock valid = clock(2, 5, 9, 6);
        final VectorClock into = clock(100, 100);

        assertRefused(valid, buffer -> buffer.putInt(16, 2, ByteOrder.LITTLE_ENDIAN), into, 16);
        assertRefused(valid, buffer -> buffer.putInt(16, 1, ByteOrder.LITTLE_ENDIAN), into, 16);
        assertRefused(valid, buffer -> buffer.putInt(4, -2, ByteOrder.LITTLE_ENDIAN), into, 4);
        assertRefused(valid, buffer -> buffer.putLong(20, -1L, ByteOrder.LITTLE_ENDIAN), into, 20);
        assertRefused(valid, buffer -> buffer.putLong(8, 0L, ByteOrder.LITTLE_ENDIAN), into, 8);
        assertRefused(valid, buffer -> buffer.putShort(2, (short)1, ByteOrder.LITTLE_ENDIAN), into, 0);

        assertEquals(clock(100, 100), into, "a refused encoding leaves the target as it was");
    }

    @Test
    void randomBytesDecodeOrAreRefusedButNeverFailOtherwise()
    {
        final Random random = new Random(3);
        final VectorClock into = new VectorClock();
        int decoded = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final byte[] bytes = new byte[random.nextInt(60)];
            random.nextBytes(bytes);
            if (bytes.length >= 4 && random.nextBoolean())
            {
                // Plausible headers reach the entry checks more often than random ones.
                bytes[0] = (byte)random.nextInt(5);
                bytes[1] = 0;
                bytes[2] = 0;
                bytes[3] = 0;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            try
            {
                final int length = VectorClock.decode(buffer, 0, bytes.length, into);
                assertEquals(into.encodedLength(), length);
                decoded++;
            }
            catch (final MalformedStampException ignore)
            {
                // Refused, as it should be.
            }
            catch (final RuntimeException ex)
            {
                fail("unexpected " + ex + " on round " + round, ex);
            }
        }
        assertTrue(decoded > 0);
    }

    @Test
    void limitBeyondTheBufferIsACallerError()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        assertThrows(IllegalArgumentException.class, () -> VectorClock.decode(buffer, 0, 9, new VectorClock()));
        assertThrows(IllegalArgumentException.class, () -> VectorClock.decode(buffer, -1, 8, new VectorClock()));
    }

    private interface Corruption
    {
        void apply(MutableDirectBuffer buffer);
    }

    private static void assertRefused(
        final VectorClock valid, final Corruption corruption, final VectorClock into, final int expectedOffset)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[valid.encodedLength()]);
        valid.encode(buffer, 0);
        corruption.apply(buffer);
        final MalformedStampException error = assertThrows(
            MalformedStampException.class, () -> VectorClock.decode(buffer, 0, buffer.capacity(), into));
        assertEquals(expectedOffset, error.offset(), error.getMessage());
    }

    static VectorClock clock(final long... nodeCounterPairs)
    {
        final VectorClock clock = new VectorClock();
        for (int i = 0; i < nodeCounterPairs.length; i += 2)
        {
            clock.set((int)nodeCounterPairs[i], nodeCounterPairs[i + 1]);
        }
        return clock;
    }

    private static VectorClock randomClock(final Random random, final int nodes, final int maxCounter)
    {
        final VectorClock clock = new VectorClock(random.nextInt(3));
        for (int node = 0; node < nodes; node++)
        {
            if (random.nextInt(3) > 0)
            {
                clock.set(node * 3 + 1, random.nextInt(maxCounter + 1));
            }
        }
        return clock;
    }
}
