/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text as the fabric stores it: UTF-8, extended (as WTF-8 does) to carry unpaired surrogates as the three bytes
 * their code unit would take, so every Java {@code String} comes back exactly. A well-formed string encodes to
 * plain UTF-8, so other clients see ordinary text; Java's own UTF-8 coder would replace an unpaired surrogate with
 * {@code ?}.
 */
public final class Wtf8
{
    private Wtf8()
    {
    }

    /**
     * @param value any string.
     * @return its bytes.
     */
    public static byte[] encode(final String value)
    {
        if (!hasUnpairedSurrogate(value))
        {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        final byte[] out = new byte[value.length() * 3];
        int at = 0;
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                out[at++] = (byte)c;
            }
            else if (c < 0x800)
            {
                out[at++] = (byte)(0xC0 | (c >> 6));
                out[at++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                out[at++] = (byte)(0xF0 | (codePoint >> 18));
                out[at++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                out[at++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                out[at++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else
            {
                // Any other BMP unit, an unpaired surrogate included.
                out[at++] = (byte)(0xE0 | (c >> 12));
                out[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return Arrays.copyOf(out, at);
    }

    /**
     * @param bytes  text written by {@link #encode(String)}.
     * @param offset where it starts.
     * @param length its length.
     * @return the string.
     * @throws IllegalArgumentException if the bytes are not such text.
     */
    public static String decode(final byte[] bytes, final int offset, final int length)
    {
        if (!hasEncodedSurrogate(bytes, offset, length))
        {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        final StringBuilder out = new StringBuilder(length);
        int i = offset;
        final int end = offset + length;
        while (i < end)
        {
            final int b = bytes[i] & 0xFF;
            if (b < 0x80)
            {
                out.append((char)b);
                i++;
            }
            else if (b >= 0xC0 && b < 0xE0 && i + 1 < end)
            {
                out.append((char)(((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F)));
                i += 2;
            }
            else if (b >= 0xE0 && b < 0xF0 && i + 2 < end)
            {
                out.append((char)(((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F)));
                i += 3;
            }
            else if (b >= 0xF0 && i + 3 < end)
            {
                out.appendCodePoint(((b & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) |
                    ((bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F));
                i += 4;
            }
            else
            {
                throw new IllegalArgumentException("malformed text at byte " + (i - offset));
            }
        }
        return out.toString();
    }

    private static boolean hasUnpairedSurrogate(final String value)
    {
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            if (Character.isSurrogate(c))
            {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
                {
                    i++;
                }
                else
                {
                    return true;
                }
            }
        }
        return false;
    }

    // A surrogate's three-byte form is ED A0..BF xx, which UTF-8 forbids.
    private static boolean hasEncodedSurrogate(final byte[] bytes, final int offset, final int length)
    {
        for (int i = offset, end = offset + length - 1; i < end; i++)
        {
            if (bytes[i] == (byte)0xED && (bytes[i + 1] & 0xE0) == 0xA0)
            {
                return true;
            }
        }
        return false;
    }
}
