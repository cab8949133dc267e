/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Wtf8Test
{
    @Test
    void wellFormedTextIsPlainUtf8()
    {
        final String text = "plain ascii, héllo, 日本語, and an emoji \uD83D\uDE00";
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Wtf8.encode(text));
        assertEquals(text, roundTrip(text));
    }

    @Test
    void unpairedSurrogatesComeBackExactly()
    {
        for (final String text : new String[] {"\uD800", "\uDC00", "a\uD800b", "\uDC00\uD800", "x\uD83D",
            "\uDE00y", "\uD83D\uDE00\uD83D", "\uD800\uD800\uDC00"})
        {
            assertEquals(text, roundTrip(text), () -> "code units " + text.chars().boxed().toList());
        }
    }

    @Test
    void randomCodeUnitsComeBackExactly()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++)
        {
            final char[] units = new char[random.nextInt(40)];
            for (int i = 0; i < units.length; i++)
            {
                units[i] = (char)(random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
            }
            final String text = new String(units);
            assertEquals(text, roundTrip(text));
        }
    }

    @Test
    void truncatedTextIsRefused()
    {
        final byte[] bytes = Wtf8.encode("a\uD800");
        assertThrows(IllegalArgumentException.class, () -> Wtf8.decode(bytes, 0, bytes.length - 1));
    }

    private static String roundTrip(final String text)
    {
        final byte[] bytes = Wtf8.encode(text);
        return Wtf8.decode(bytes, 0, bytes.length);
    }
}
