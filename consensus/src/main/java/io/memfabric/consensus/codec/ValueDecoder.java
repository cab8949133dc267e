/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A flyweight over one tagged slot value (see {@link ValueCodec}).
 */
public final class ValueDecoder
{
    private DirectBuffer buffer;
    private int offset;
    private int encodedLength;
    private byte tag;
    private int bytesLength;

    /**
     * Wraps a value and checks it.
     *
     * @param buffer holding the value.
     * @param offset of its tag.
     * @param end    absolute index the value must not pass.
     * @return the encoded length, or -1 when the tag is unknown or the value does not fit.
     */
    public int wrap(final DirectBuffer buffer, final int offset, final int end)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.encodedLength = -1;
        this.bytesLength = 0;
        if (end - offset < ValueCodec.TAG_LENGTH)
        {
            return -1;
        }
        tag = buffer.getByte(offset);
        switch (tag)
        {
            case ValueTag.NULL:
                encodedLength = ValueCodec.TAG_LENGTH;
                break;

            case ValueTag.LONG:
            case ValueTag.REF:
                if (end - offset >= ValueCodec.LONG_LENGTH)
                {
                    encodedLength = ValueCodec.LONG_LENGTH;
                }
                break;

            case ValueTag.BYTES:
                final int length = VarData.length(buffer, offset + ValueCodec.TAG_LENGTH, end);
                if (length >= 0)
                {
                    bytesLength = length;
                    encodedLength = ValueCodec.TAG_LENGTH + VarData.LENGTH_PREFIX + length;
                }
                break;

            default:
                break;
        }
        return encodedLength;
    }

    /**
     * @return the buffer wrapped.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the offset of the tag.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return length of the encoded value, tag included.
     */
    public int encodedLength()
    {
        return encodedLength;
    }

    /**
     * @return a {@link ValueTag}.
     */
    public byte tag()
    {
        return tag;
    }

    /**
     * @return the bits of a LONG or the objectId of a REF, 0 otherwise.
     */
    public long longValue()
    {
        return tag == ValueTag.LONG || tag == ValueTag.REF ?
            buffer.getLong(offset + ValueCodec.TAG_LENGTH, LITTLE_ENDIAN) : 0L;
    }

    /**
     * @return offset in {@link #buffer()} of the bytes of a BYTES value.
     */
    public int bytesOffset()
    {
        return offset + ValueCodec.TAG_LENGTH + VarData.LENGTH_PREFIX;
    }

    /**
     * @return length of the bytes of a BYTES value, 0 otherwise.
     */
    public int bytesLength()
    {
        return bytesLength;
    }

    /**
     * @return the bytes of a BYTES value decoded as UTF-8 (allocates), null for other kinds.
     */
    public String stringValue()
    {
        return tag == ValueTag.BYTES ? buffer.getStringWithoutLengthUtf8(bytesOffset(), bytesLength) : null;
    }

    /**
     * @param other another value.
     * @return true when both have the same tag and payload.
     */
    public boolean contentEquals(final ValueDecoder other)
    {
        if (encodedLength != other.encodedLength || tag != other.tag)
        {
            return false;
        }
        for (int i = 0; i < encodedLength; i++)
        {
            if (buffer.getByte(offset + i) != other.buffer.getByte(other.offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
