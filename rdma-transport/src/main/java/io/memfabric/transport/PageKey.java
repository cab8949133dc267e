/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The name of an immutable page: 32 bytes, in practice a SHA-256 content or prefix hash (the KV store's chained
 * block key). The data plane never interprets it; it only compares, stores and sends it.
 */
public final class PageKey
{
    /** Bytes in a key. */
    public static final int LENGTH = 32;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private PageKey(final long w0, final long w1, final long w2, final long w3)
    {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /**
     * @param bytes exactly {@link #LENGTH} bytes.
     * @return the key those bytes name.
     */
    public static PageKey of(final byte[] bytes)
    {
        if (bytes.length != LENGTH)
        {
            throw new IllegalArgumentException(
                "a page key is " + LENGTH + " bytes (a SHA-256 hash), got " + bytes.length);
        }
        return new PageKey(word(bytes, 0), word(bytes, 8), word(bytes, 16), word(bytes, 24));
    }

    /**
     * @param hex 64 hexadecimal digits, as {@link #toString()} prints them.
     * @return the key.
     */
    public static PageKey fromHex(final String hex)
    {
        if (hex.length() != LENGTH * 2)
        {
            throw new IllegalArgumentException(
                "a page key is " + (LENGTH * 2) + " hex digits, got " + hex.length() + ": '" + hex + "'");
        }
        final byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++)
        {
            final int hi = Character.digit(hex.charAt(2 * i), 16);
            final int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0)
            {
                throw new IllegalArgumentException("not a hex digit in page key '" + hex + "' at " + (2 * i));
            }
            bytes[i] = (byte)((hi << 4) | lo);
        }
        return of(bytes);
    }

    /**
     * Reads a key written by {@link #writeTo(MutableDirectBuffer, int)}.
     *
     * @param buffer holding the key.
     * @param offset of its first byte.
     * @return the key.
     */
    public static PageKey readFrom(final DirectBuffer buffer, final int offset)
    {
        return new PageKey(
            buffer.getLong(offset, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + 16, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + 24, ByteOrder.BIG_ENDIAN));
    }

    /**
     * Writes the key's 32 bytes in their natural order (byte 0 first).
     *
     * @param buffer to write into.
     * @param offset of the first byte.
     */
    public void writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, w0, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, w1, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 16, w2, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 24, w3, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param buffer holding a key at offset.
     * @param offset of its first byte.
     * @return whether the bytes there are this key, without allocating.
     */
    public boolean matches(final DirectBuffer buffer, final int offset)
    {
        return w0 == buffer.getLong(offset, ByteOrder.BIG_ENDIAN) &&
            w1 == buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN) &&
            w2 == buffer.getLong(offset + 16, ByteOrder.BIG_ENDIAN) &&
            w3 == buffer.getLong(offset + 24, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the key's bytes, a fresh copy.
     */
    public byte[] toBytes()
    {
        final byte[] bytes = new byte[LENGTH];
        putWord(bytes, 0, w0);
        putWord(bytes, 8, w1);
        putWord(bytes, 16, w2);
        putWord(bytes, 24, w3);
        return bytes;
    }

    /**
     * @return a well-mixed 64-bit hash of the key (its first word: the key is itself a hash).
     */
    public long hash64()
    {
        return w0;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof PageKey && ((PageKey)other).w0 == w0 && ((PageKey)other).w1 == w1 &&
            ((PageKey)other).w2 == w2 && ((PageKey)other).w3 == w3;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(w0);
    }

    /**
     * @return the 64 hex digits of the key.
     */
    @Override
    public String toString()
    {
        final byte[] bytes = toBytes();
        final char[] out = new char[LENGTH * 2];
        for (int i = 0; i < LENGTH; i++)
        {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    private static long word(final byte[] bytes, final int offset)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }

    private static void putWord(final byte[] bytes, final int offset, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            bytes[offset + i] = (byte)(value >>> (56 - 8 * i));
        }
    }
}
