/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.codec.ValueDecoder;
import io.memfabric.consensus.codec.ValueTag;
import io.memfabric.consensus.wire.Wtf8;

import java.util.Arrays;

/**
 * The value of one slot of a STRONG object as the cluster holds it: null, 64 bits (any primitive), bytes (a string),
 * or a reference to another object by id.
 */
public final class SlotValue
{
    private static final SlotValue NULL = new SlotValue(ValueTag.NULL, 0, null);

    private final byte tag;
    private final long bits;
    private final byte[] bytes;

    private SlotValue(final byte tag, final long bits, final byte[] bytes)
    {
        this.tag = tag;
        this.bits = bits;
        this.bytes = bytes;
    }

    public static SlotValue nullValue()
    {
        return NULL;
    }

    public static SlotValue ofLong(final long bits)
    {
        return new SlotValue(ValueTag.LONG, bits, null);
    }

    public static SlotValue ofRef(final long objectId)
    {
        return new SlotValue(ValueTag.REF, objectId, null);
    }

    public static SlotValue ofString(final String value)
    {
        return value == null ? NULL : new SlotValue(ValueTag.BYTES, 0, Wtf8.encode(value));
    }

    static SlotValue of(final ValueDecoder value)
    {
        switch (value.tag())
        {
            case ValueTag.LONG:
                return ofLong(value.longValue());
            case ValueTag.REF:
                return ofRef(value.longValue());
            case ValueTag.BYTES:
                final byte[] bytes = new byte[value.bytesLength()];
                value.buffer().getBytes(value.bytesOffset(), bytes);
                return new SlotValue(ValueTag.BYTES, 0, bytes);
            default:
                return NULL;
        }
    }

    /**
     * @return the tag, one of {@link ValueTag}.
     */
    public byte tag()
    {
        return tag;
    }

    public boolean isNull()
    {
        return tag == ValueTag.NULL;
    }

    /**
     * @return the 64 bits of a LONG value, or the object id of a REF.
     */
    public long bits()
    {
        return bits;
    }

    /**
     * @return a BYTES value as text (UTF-8, unpaired surrogates kept: see {@link Wtf8}), or {@code null} for another tag.
     */
    public String asString()
    {
        return tag == ValueTag.BYTES ? Wtf8.decode(bytes, 0, bytes.length) : null;
    }

    /**
     * @param bytes raw bytes, kept as they are (not copied).
     * @return a BYTES value.
     */
    public static SlotValue ofBytes(final byte[] bytes)
    {
        return new SlotValue(ValueTag.BYTES, 0, bytes);
    }

    /**
     * @return a BYTES value's bytes (not a copy: do not change them), or {@code null} for another tag.
     */
    public byte[] bytes()
    {
        return bytes;
    }

    public boolean equals(final Object other)
    {
        if (!(other instanceof SlotValue))
        {
            return false;
        }
        final SlotValue that = (SlotValue)other;
        return tag == that.tag && bits == that.bits && Arrays.equals(bytes, that.bytes);
    }

    public int hashCode()
    {
        return 31 * (31 * tag + Long.hashCode(bits)) + Arrays.hashCode(bytes);
    }

    public String toString()
    {
        switch (tag)
        {
            case ValueTag.LONG: return Long.toString(bits);
            case ValueTag.REF: return "ref#" + bits;
            case ValueTag.BYTES: return '"' + asString() + '"';
            default: return "null";
        }
    }
}
