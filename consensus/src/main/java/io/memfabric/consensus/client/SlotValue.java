/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.consensus.wire.Wtf8;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * The value of one slot of a STRONG object as the cluster holds it: null, 64 bits (any primitive), bytes (a string),
 * or a reference to another object by id.
 * <p>
 * On the wire a value is three parts: its {@link ValueTag}, its {@code bits} (the long of a LONG or REF, 0 otherwise)
 * and its {@code bytes} (the payload of a BYTES, empty otherwise).
 */
public final class SlotValue
{
    private static final SlotValue NULL = new SlotValue(ValueTag.NULL, 0, null);
    private static final byte[] NO_BYTES = new byte[0];

    private final ValueTag tag;
    private final long bits;
    private final byte[] bytes;

    private SlotValue(final ValueTag tag, final long bits, final byte[] bytes)
    {
        this.tag = tag;
        this.bits = bits;
        this.bytes = bytes;
    }

    /**
     * @return the value of a slot never written, or written null.
     */
    public static SlotValue nullValue()
    {
        return NULL;
    }

    /**
     * @param bits the 64 bits of any primitive.
     * @return a LONG value.
     */
    public static SlotValue ofLong(final long bits)
    {
        return new SlotValue(ValueTag.LONG, bits, null);
    }

    /**
     * @param objectId the object referred to.
     * @return a REF value.
     */
    public static SlotValue ofRef(final long objectId)
    {
        return new SlotValue(ValueTag.REF, objectId, null);
    }

    /**
     * @param value text, unpaired surrogates included (see {@link Wtf8}), or {@code null}.
     * @return a BYTES value holding the text, or the null value for {@code null}.
     */
    public static SlotValue ofString(final String value)
    {
        return value == null ? NULL : new SlotValue(ValueTag.BYTES, 0, Wtf8.encode(value));
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
     * A value as a message carries it.
     *
     * @param rawTag the tag on the wire (a newer cluster may send one this client does not know).
     * @param bits   the value's bits.
     * @param bytes  the value's bytes (copied for a BYTES value, ignored otherwise).
     * @return the value.
     * @throws IllegalStateException for a tag wire version {@value Wire#VERSION} does not know.
     */
    static SlotValue decoded(final short rawTag, final long bits, final DirectBuffer bytes)
    {
        switch (tagOf(rawTag))
        {
            case LONG:
                return ofLong(bits);
            case REF:
                return ofRef(bits);
            case BYTES:
                final byte[] copy = new byte[bytes.capacity()];
                bytes.getBytes(0, copy);
                return ofBytes(copy);
            default:
                return NULL;
        }
    }

    /**
     * @param rawTag a tag on the wire.
     * @return the tag.
     * @throws IllegalStateException for a tag wire version {@value Wire#VERSION} does not know.
     */
    static ValueTag tagOf(final short rawTag)
    {
        switch (rawTag)
        {
            case 0:
                return ValueTag.NULL;
            case 1:
                return ValueTag.LONG;
            case 2:
                return ValueTag.BYTES;
            case 3:
                return ValueTag.REF;
            default:
                throw new IllegalStateException("the cluster sent a slot value with tag " + rawTag + ", which " +
                    "MemFabric wire version " + Wire.VERSION + " does not know");
        }
    }

    /**
     * @return what the value holds: {@link ValueTag#NULL}, {@link ValueTag#LONG}, {@link ValueTag#BYTES} or
     * {@link ValueTag#REF}.
     */
    public ValueTag tag()
    {
        return tag;
    }

    /**
     * @return whether this is the null value.
     */
    public boolean isNull()
    {
        return tag == ValueTag.NULL;
    }

    /**
     * @return the 64 bits of a LONG value, or the object id of a REF (0 for another tag).
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
     * @return a BYTES value's bytes (not a copy: do not change them), or {@code null} for another tag.
     */
    public byte[] bytes()
    {
        return bytes;
    }

    /**
     * @return the bytes to put on the wire: a BYTES value's, else none.
     */
    byte[] wireBytes()
    {
        return tag == ValueTag.BYTES ? bytes : NO_BYTES;
    }

    /**
     * {@inheritDoc}
     */
    public boolean equals(final Object other)
    {
        if (!(other instanceof SlotValue))
        {
            return false;
        }
        final SlotValue that = (SlotValue)other;
        return tag == that.tag && bits == that.bits && Arrays.equals(bytes, that.bytes);
    }

    /**
     * {@inheritDoc}
     */
    public int hashCode()
    {
        return 31 * (31 * tag.value() + Long.hashCode(bits)) + Arrays.hashCode(bytes);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        switch (tag)
        {
            case LONG:
                return Long.toString(bits);
            case REF:
                return "ref#" + bits;
            case BYTES:
                return '"' + asString() + '"';
            default:
                return "null";
        }
    }
}
