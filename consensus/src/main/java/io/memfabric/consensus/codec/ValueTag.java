/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

/**
 * The tag byte in front of every slot value.
 */
public final class ValueTag
{
    /** No value; nothing follows. */
    public static final byte NULL = 0;
    /** 64 bits of any primitive (i64 follows). */
    public static final byte LONG = 1;
    /** A UTF-8 string or raw bytes (i32 length, then the bytes, at most 64 KiB). */
    public static final byte BYTES = 2;
    /** A reference to another object (i64 objectId follows). */
    public static final byte REF = 3;

    private ValueTag()
    {
    }

    /**
     * @param tag a byte read from the wire.
     * @return true when it names a value kind.
     */
    public static boolean isValid(final int tag)
    {
        return tag >= NULL && tag <= REF;
    }
}
