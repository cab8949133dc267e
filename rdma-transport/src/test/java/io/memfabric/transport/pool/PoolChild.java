/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The other JVM of the pool integration tests. Opens the pool that the {@code memfabric.pool.*} system properties
 * name and, by its first argument:
 * <ul>
 * <li>{@code put <count> <length> <prefix>}: puts pages, prints {@code PUT <key> <crc>} for each, then {@code READY};
 * on the line {@code exit} closes the pool and prints {@code BYE}.</li>
 * <li>{@code pin <count> <length> <prefix>}: puts pages and keeps them pinned, prints {@code READY}, and runs until
 * killed (or its input ends).</li>
 * <li>{@code read <length> <key>...}: pins each page and prints {@code READ <key> <crc> diff=<first wrong byte or -1>
 * inside=<view is in the pool mapping>}, then {@code READY}; on {@code exit} closes the pool and prints
 * {@code BYE}.</li>
 * </ul>
 */
final class PoolChild
{
    private PoolChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final PagePool pool = PagePool.open(PoolConfig.fromProperties(System.getProperties()));
        final List<PinnedPage> held = new ArrayList<>();
        switch (args[0])
        {
            case "put":
            case "pin":
                final int count = Integer.parseInt(args[1]);
                final int length = Integer.parseInt(args[2]);
                for (int i = 0; i < count; i++)
                {
                    final PageKey key = Pages.key(args[3] + i);
                    final PinnedPage page = Pages.put(pool, key, length);
                    System.out.println("PUT " + key + " " + page.checksum());
                    held.add(page);
                }
                if ("put".equals(args[0]))
                {
                    held.forEach(PinnedPage::close);
                }
                break;

            case "read":
                final int pageLength = Integer.parseInt(args[1]);
                for (int i = 2; i < args.length; i++)
                {
                    final PageKey key = PageKey.fromHex(args[i]);
                    try (PinnedPage page = pool.pin(key))
                    {
                        if (null == page || page.length() != pageLength)
                        {
                            System.out.println("MISSING " + key + " " + page);
                            continue;
                        }
                        System.out.println("READ " + key + " " + page.checksum() + " diff=" +
                            Pages.firstDifference(page) + " inside=" + pool.isInsideMapping(page.buffer()));
                    }
                }
                break;

            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.println("READY");
        System.out.flush();

        // Until told to exit, or until the test JVM is gone (end of input), so no child outlives a failed test.
        String line = stdin.readLine();
        while (line != null && !"exit".equals(line.trim()))
        {
            line = stdin.readLine();
        }
        if ("pin".equals(args[0]))
        {
            // A pinning child lets go only by dying, as a crash would: the test kills it first.
            Runtime.getRuntime().halt(0);
        }
        pool.close();
        System.out.println("BYE");
    }
}
