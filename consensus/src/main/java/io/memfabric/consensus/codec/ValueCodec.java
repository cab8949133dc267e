/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes tagged slot values: a {@link ValueTag} byte, then nothing (NULL), an i64 (LONG, REF) or var data (BYTES).
 */
public final class ValueCodec
{
    public static final int MAX_BYTES_LENGTH = VarData.MAX_LENGTH;
    public static final int TAG_LENGTH = 1;
    public static final int LONG_LENGTH = TAG_LENGTH + 8;

    private ValueCodec()
    {
    }

    /**
     * @param buffer to write into.
     * @param index  of the tag.
     * @return bytes written.
     */
    public static int putNull(final MutableDirectBuffer buffer, final int index)
    {
        buffer.putByte(index, ValueTag.NULL);
        return TAG_LENGTH;
    }

    /**
     * @param buffer to write into.
     * @param index  of the tag.
     * @param value  the bits of any primitive.
     * @return bytes written.
     */
    public static int putLong(final MutableDirectBuffer buffer, final int index, final long value)
    {
        buffer.putByte(index, ValueTag.LONG);
        buffer.putLong(index + TAG_LENGTH, value, LITTLE_ENDIAN);
        return LONG_LENGTH;
    }

    /**
     * @param buffer   to write into.
     * @param index    of the tag.
     * @param objectId the object referred to.
     * @return bytes written.
     */
    public static int putRef(final MutableDirectBuffer buffer, final int index, final long objectId)
    {
        buffer.putByte(index, ValueTag.REF);
        buffer.putLong(index + TAG_LENGTH, objectId, LITTLE_ENDIAN);
        return LONG_LENGTH;
    }

    /**
     * @param buffer    to write into.
     * @param index     of the tag.
     * @param src       holding the bytes.
     * @param srcOffset of the first byte.
     * @param length    of the bytes, at most {@link #MAX_BYTES_LENGTH}.
     * @return bytes written.
     */
    public static int putBytes(
        final MutableDirectBuffer buffer,
        final int index,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        buffer.putByte(index, ValueTag.BYTES);
        return TAG_LENGTH + VarData.putBytes(buffer, index + TAG_LENGTH, src, srcOffset, length);
    }

    /**
     * @param buffer to write into.
     * @param index  of the tag.
     * @param value  text stored as UTF-8 BYTES.
     * @return bytes written.
     */
    public static int putString(final MutableDirectBuffer buffer, final int index, final String value)
    {
        buffer.putByte(index, ValueTag.BYTES);
        return TAG_LENGTH + VarData.putString(buffer, index + TAG_LENGTH, value);
    }

    /**
     * Copies an encoded value as it is.
     *
     * @param buffer to write into.
     * @param index  of the tag.
     * @param value  a wrapped value.
     * @return bytes written.
     */
    public static int copy(final MutableDirectBuffer buffer, final int index, final ValueDecoder value)
    {
        buffer.putBytes(index, value.buffer(), value.offset(), value.encodedLength());
        return value.encodedLength();
    }
}
