/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import io.memfabric.transport.pool.PoolConfig;

import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * A host that holds a prefix's pages in the fabric until it is killed: {@code KvHolderMain <cluster> <pool dir>}.
 * Prints {@code READY} once its pages are put.
 */
public final class KvHolderMain
{
    private KvHolderMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final KvCache cache = KvCache.open(new KvConfig().model("holder").kvBytesPerToken(64).blockTokens(16)
            .pool(new PoolConfig().directory(Path.of(args[1])).name("kv").capacityBytes(64 * 4096).slotBytes(4096))
            .cluster(args[0]).address("127.0.0.1").sessionMs(2_000));
        final int[] prompt = IntStream.range(0, 64).toArray();
        cache.put(prompt, 4, (fromBlock, blockCount, page) ->
        {
            while (page.hasRemaining())
            {
                page.put((byte)7);
            }
        });
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
