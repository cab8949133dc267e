/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys, page contents and small pool settings shared by the pool tests and their child JVMs. A page's bytes follow
 * from its key and length alone, so another JVM can check them without being told what they are.
 */
final class Pages
{
    static final int SLOT = 4096;

    private Pages()
    {
    }

    /**
     * @param name any text.
     * @return the SHA-256 of the text as a key, as the KV store would make one.
     */
    static PageKey key(final String name)
    {
        try
        {
            return PageKey.of(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param key    the page.
     * @param length its length.
     * @return the page's bytes: an xorshift stream seeded by the key.
     */
    static UnsafeBuffer content(final PageKey key, final int length)
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[length]);
        long x = key.hash64() | 1;
        for (int i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes.putByte(i, (byte)x);
        }
        return bytes;
    }

    static int crc32c(final DirectBuffer buffer, final int length)
    {
        final CRC32C crc = new CRC32C();
        for (int i = 0; i < length; i++)
        {
            crc.update(buffer.getByte(i));
        }
        return (int)crc.getValue();
    }

    /**
     * @return the first index where the page's view differs from the bytes its key gives, or -1.
     */
    static int firstDifference(final PinnedPage page)
    {
        final UnsafeBuffer expected = content(page.key(), page.length());
        final DirectBuffer actual = page.buffer();
        for (int i = 0; i < page.length(); i++)
        {
            if (expected.getByte(i) != actual.getByte(i))
            {
                return i;
            }
        }
        return -1;
    }

    static void assertPage(final PinnedPage page, final PageKey key, final int length)
    {
        assertEquals(key, page.key());
        assertEquals(length, page.length());
        assertEquals(length, page.buffer().capacity());
        assertEquals(-1, firstDifference(page), "bytes of " + key);
        assertEquals(crc32c(content(key, length), length), page.checksum(), "checksum of " + key);
        assertEquals(page.checksum(), crc32c(page.buffer(), length), "the view's bytes have the published CRC32C");
        assertTrue(page.isValid());
    }

    static PinnedPage put(final PagePool pool, final PageKey key, final int length)
    {
        return pool.put(key, content(key, length), 0, length);
    }

    /**
     * Puts a page, retrying while the pool is full, for at most a bounded time.
     *
     * @return the page, pinned.
     */
    static PinnedPage putWithin(final PagePool pool, final PageKey key, final int length, final long timeoutMs)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            try
            {
                return put(pool, key, length);
            }
            catch (final PoolFullException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new AssertionError("still full after " + timeoutMs + " ms: " + pool.stats(), ex);
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * @param dir   the test's own directory.
     * @param slots slots in the pool, of {@link #SLOT} bytes.
     * @return settings of a small pool in that directory, with no disk tier and the default lease: tests of lapsed
     * leases shorten it for the JVM that is to lapse only, so a slow machine cannot make a healthy one lapse too.
     */
    static PoolConfig config(final Path dir, final int slots)
    {
        return new PoolConfig().directory(dir.resolve("shm")).name("test").slotBytes(SLOT)
            .capacityBytes((long)slots * SLOT);
    }
}
