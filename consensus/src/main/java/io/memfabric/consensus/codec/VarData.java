/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Variable-length byte strings on the wire: an i32 length prefix then that many bytes (UTF-8 for text), at most
 * {@link #MAX_LENGTH} bytes.
 */
public final class VarData
{
    public static final int LENGTH_PREFIX = 4;
    public static final int MAX_LENGTH = 64 * 1024;

    private VarData()
    {
    }

    /**
     * @param buffer to write into.
     * @param index  where the length prefix goes.
     * @param value  text to encode as UTF-8.
     * @return bytes written, prefix included.
     * @throws IllegalArgumentException when the encoding is longer than {@link #MAX_LENGTH}.
     */
    public static int putString(final MutableDirectBuffer buffer, final int index, final String value)
    {
        return buffer.putStringUtf8(index, value, LITTLE_ENDIAN, MAX_LENGTH);
    }

    /**
     * @param buffer    to write into.
     * @param index     where the length prefix goes.
     * @param src       holding the bytes.
     * @param srcOffset of the first byte.
     * @param length    of the bytes.
     * @return bytes written, prefix included.
     * @throws IllegalArgumentException when {@code length} is negative or over {@link #MAX_LENGTH}.
     */
    public static int putBytes(
        final MutableDirectBuffer buffer,
        final int index,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("var data length " + length + " outside 0.." + MAX_LENGTH);
        }
        buffer.putInt(index, length, LITTLE_ENDIAN);
        buffer.putBytes(index + LENGTH_PREFIX, src, srcOffset, length);
        return LENGTH_PREFIX + length;
    }

    /**
     * Reads and checks a length prefix.
     *
     * @param buffer holding the data.
     * @param index  of the length prefix.
     * @param end    absolute index the data must not pass.
     * @return the length of the data after the prefix, or -1 when the prefix or the data do not fit or exceed the max.
     */
    public static int length(final DirectBuffer buffer, final int index, final int end)
    {
        if (end - index < LENGTH_PREFIX)
        {
            return -1;
        }
        final int length = buffer.getInt(index, LITTLE_ENDIAN);
        if (length < 0 || length > MAX_LENGTH || length > end - index - LENGTH_PREFIX)
        {
            return -1;
        }
        return length;
    }
}
