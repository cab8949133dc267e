/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pinned vectors: the expected digests were computed with Python's hashlib by SGLang HiCache's {@code get_hash_str}
 * scheme (SHA-256 over the parent digest's raw bytes and each token id as 4 unsigned little-endian bytes), not by this
 * code, so they also pin agreement with that engine's keys.
 */
class PrefixHashTest
{
    private static final String FIRST_16 = "5d85718ec594b982c252d0279e5966ffca33a5eaf2a455038d3ab331fde70cea";
    private static final String NEXT_16 = "4681c0107c38f402cd1bc30b0b09a65202dba31f98269d9d7f63f5e0dea6901a";
    private static final String WIDE_IDS = "d4ca5ef83e5d7d2c27be41790b4b7fc50f076d11d257bb944184cd16a8c3db27";
    private static final String AFTER_WIDE_IDS = "2df5488f353b3ced35c4fd0efe67473facc42dd888b5e4fbe6706f78b2c03ca3";

    @Test
    void chainMatchesPinnedVectors()
    {
        final List<byte[]> chain = PrefixHash.chain(IntStream.range(0, 40).toArray(), 16);
        assertEquals(2, chain.size(), "the 8 tokens after the second block are not hashed");
        assertEquals(FIRST_16, PrefixHash.hex(chain.get(0)));
        assertEquals(NEXT_16, PrefixHash.hex(chain.get(1)));
    }

    @Test
    void tokenIdsAreUnsigned32BitLittleEndian()
    {
        final int[] wide = { 151643, (int)4294967295L, 0, 1, 128000, 42, 7, 99999, 3, 3, 3, 3, 65535, 65536,
            (int)2147483648L, 2147483647 };
        final byte[] first = PrefixHash.next(null, wide, 0, wide.length);
        assertEquals(WIDE_IDS, PrefixHash.hex(first));
        final int[] next = IntStream.range(100, 116).toArray();
        assertEquals(AFTER_WIDE_IDS, PrefixHash.hex(PrefixHash.next(first, next, 0, next.length)));
    }

    @Test
    void aDigestNamesTheWholePrefixNotJustItsBlock()
    {
        final int[] a = IntStream.range(0, 32).toArray();
        final int[] b = a.clone();
        b[0] = 999;
        final List<byte[]> chainA = PrefixHash.chain(a, 16);
        final List<byte[]> chainB = PrefixHash.chain(b, 16);
        assertEquals(PrefixHash.hex(PrefixHash.next(null, a, 16, 16)),
            PrefixHash.hex(PrefixHash.next(null, b, 16, 16)), "the second blocks alone are equal");
        assertTrue(!PrefixHash.hex(chainA.get(1)).equals(PrefixHash.hex(chainB.get(1))),
            "chained, they differ: their prefixes do");
        assertArrayEquals(chainA.get(1), PrefixHash.next(chainA.get(0), a, 16, 16));
    }

    @Test
    void badArgumentsAreNamed()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrefixHash.chain(new int[4], 0))
            .getMessage().contains("block size is 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrefixHash.next(new byte[5], new int[4], 0, 4))
            .getMessage().contains("32 bytes, not 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrefixHash.next(null, new int[4], 2, 4))
            .getMessage().contains("outside the 4 given"));
    }
}
