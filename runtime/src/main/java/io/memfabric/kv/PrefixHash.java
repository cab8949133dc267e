/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The chained block hash that names a prompt prefix's KV-cache pages, specified byte for byte so that every process,
 * host, restart and version computes the same keys (a per-process seed is the commonest reason caches get no hits
 * across instances):
 * <pre>
 *   digest(block 0) = SHA-256(                  t[0] ‖ t[1] ‖ ... ‖ t[n-1])
 *   digest(block i) = SHA-256(digest(block i-1) ‖ t[i*n] ‖ ... ‖ t[i*n+n-1])
 * </pre>
 * where {@code n} is the block size in tokens, each token id {@code t[j]} is written as 4 bytes, unsigned, little
 * endian, and a parent digest as its 32 raw bytes. Only whole blocks are hashed: a shorter tail would make the same
 * prefix hash differently depending on where it was cut. This is the page key chain of SGLang's HiCache storage
 * ({@code get_hash_str}), so with the same page size the hex digests agree with that engine's.
 * <p>
 * Token ids are taken as unsigned 32-bit values: an {@code int} below 0 stands for an id of 2<sup>31</sup> or more.
 * A digest names token content only; the model, its dtype and parallelism are part of a page's full key (see the
 * KV-cache store), never of this chain.
 */
public final class PrefixHash
{
    /**
     * Length of a digest in bytes.
     */
    public static final int DIGEST_LENGTH = 32;

    private PrefixHash()
    {
    }

    /**
     * The digests of every whole block of a token sequence, in order; tokens after the last whole block are not
     * hashed.
     *
     * @param tokens    token ids.
     * @param blockSize tokens per block, at least 1.
     * @return one 32-byte digest per whole block; empty when there is no whole block.
     * @throws IllegalArgumentException if the block size is below 1.
     */
    public static List<byte[]> chain(final int[] tokens, final int blockSize)
    {
        checkBlockSize(blockSize);
        final int blocks = tokens.length / blockSize;
        final List<byte[]> digests = new ArrayList<>(blocks);
        final MessageDigest sha256 = sha256();
        final byte[] scratch = new byte[blockSize * Integer.BYTES];
        byte[] parent = null;
        for (int block = 0; block < blocks; block++)
        {
            parent = next(sha256, scratch, parent, tokens, block * blockSize, blockSize);
            digests.add(parent);
        }
        return digests;
    }

    /**
     * The digest of one block chained onto its parent's.
     *
     * @param parent the previous block's digest, or {@code null} for the first block.
     * @param tokens token ids.
     * @param from   index of the block's first token.
     * @param count  tokens in the block.
     * @return the block's 32-byte digest.
     * @throws IllegalArgumentException if the parent is not a digest or the range is outside {@code tokens}.
     */
    public static byte[] next(final byte[] parent, final int[] tokens, final int from, final int count)
    {
        if (parent != null && parent.length != DIGEST_LENGTH)
        {
            throw new IllegalArgumentException("a parent digest is " + DIGEST_LENGTH + " bytes, not " +
                parent.length);
        }
        if (from < 0 || count < 0 || from > tokens.length - count)
        {
            throw new IllegalArgumentException("tokens " + from + ".." + ((long)from + count) + " are outside the " +
                tokens.length + " given");
        }
        return next(sha256(), new byte[count * Integer.BYTES], parent, tokens, from, count);
    }

    /**
     * @param digest a digest.
     * @return its 64 lower-case hex digits, the form SGLang uses as a key.
     */
    public static String hex(final byte[] digest)
    {
        return HexFormat.of().formatHex(digest);
    }

    private static byte[] next(
        final MessageDigest sha256,
        final byte[] scratch,
        final byte[] parent,
        final int[] tokens,
        final int from,
        final int count)
    {
        sha256.reset();
        if (parent != null)
        {
            sha256.update(parent);
        }
        for (int i = 0; i < count; i++)
        {
            final int token = tokens[from + i];
            final int at = i * Integer.BYTES;
            scratch[at] = (byte)token;
            scratch[at + 1] = (byte)(token >>> 8);
            scratch[at + 2] = (byte)(token >>> 16);
            scratch[at + 3] = (byte)(token >>> 24);
        }
        sha256.update(scratch, 0, count * Integer.BYTES);
        return sha256.digest();
    }

    private static void checkBlockSize(final int blockSize)
    {
        if (blockSize < 1)
        {
            throw new IllegalArgumentException("the block size is " + blockSize + " tokens; it must be at least 1 " +
                "(16 is the default)");
        }
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", ex);
        }
    }
}
