/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

/**
 * Thirty-two slots of a {@link Tree}: each a shared field of its own, so a write changes one slot and a read
 * of one element brings this chunk, not the collection. A field per slot, because a chunk is an ordinary
 * {@code @Shared} class that the agent rewrites like any other (the fabric has no array type of its own).
 */
@Shared
final class Chunk
{
    /** Bits of an index one chunk resolves. */
    static final int BITS = 5;
    /** Slots per chunk. */
    static final int SIZE = 1 << BITS;
    /** The index bits one chunk resolves. */
    static final int MASK = SIZE - 1;

    Object e0;
    Object e1;
    Object e2;
    Object e3;
    Object e4;
    Object e5;
    Object e6;
    Object e7;
    Object e8;
    Object e9;
    Object e10;
    Object e11;
    Object e12;
    Object e13;
    Object e14;
    Object e15;
    Object e16;
    Object e17;
    Object e18;
    Object e19;
    Object e20;
    Object e21;
    Object e22;
    Object e23;
    Object e24;
    Object e25;
    Object e26;
    Object e27;
    Object e28;
    Object e29;
    Object e30;
    Object e31;

    Object get(final int index)
    {
        switch (index)
        {
            case 0: return e0;
            case 1: return e1;
            case 2: return e2;
            case 3: return e3;
            case 4: return e4;
            case 5: return e5;
            case 6: return e6;
            case 7: return e7;
            case 8: return e8;
            case 9: return e9;
            case 10: return e10;
            case 11: return e11;
            case 12: return e12;
            case 13: return e13;
            case 14: return e14;
            case 15: return e15;
            case 16: return e16;
            case 17: return e17;
            case 18: return e18;
            case 19: return e19;
            case 20: return e20;
            case 21: return e21;
            case 22: return e22;
            case 23: return e23;
            case 24: return e24;
            case 25: return e25;
            case 26: return e26;
            case 27: return e27;
            case 28: return e28;
            case 29: return e29;
            case 30: return e30;
            case 31: return e31;
            default: throw new IndexOutOfBoundsException(index);
        }
    }

    void set(final int index, final Object value)
    {
        switch (index)
        {
            case 0: e0 = value; break;
            case 1: e1 = value; break;
            case 2: e2 = value; break;
            case 3: e3 = value; break;
            case 4: e4 = value; break;
            case 5: e5 = value; break;
            case 6: e6 = value; break;
            case 7: e7 = value; break;
            case 8: e8 = value; break;
            case 9: e9 = value; break;
            case 10: e10 = value; break;
            case 11: e11 = value; break;
            case 12: e12 = value; break;
            case 13: e13 = value; break;
            case 14: e14 = value; break;
            case 15: e15 = value; break;
            case 16: e16 = value; break;
            case 17: e17 = value; break;
            case 18: e18 = value; break;
            case 19: e19 = value; break;
            case 20: e20 = value; break;
            case 21: e21 = value; break;
            case 22: e22 = value; break;
            case 23: e23 = value; break;
            case 24: e24 = value; break;
            case 25: e25 = value; break;
            case 26: e26 = value; break;
            case 27: e27 = value; break;
            case 28: e28 = value; break;
            case 29: e29 = value; break;
            case 30: e30 = value; break;
            case 31: e31 = value; break;
            default: throw new IndexOutOfBoundsException(index);
        }
    }
}
