/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import io.memfabric.kv.KvCache;
import io.memfabric.kv.KvMatch;
import io.memfabric.kv.KvPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link KvAgent#answer} over a real store and pool in this JVM: agents that borrow the store's pages in place get a
 * full recompute's bits, own only what they computed, and the pages they put (one beginning with borrowed blocks)
 * are the right bytes.
 */
class KvAgentZeroCopyTest
{
    private static final ModelConfig CONFIG = ModelConfig.TINY;
    private static final TinyTransformer MODEL = new TinyTransformer(CONFIG);

    @TempDir
    Path dir;

    @Test
    void agentsBorrowThePagesAndStoreAPageThatBeginsWithBorrowedBlocks()
    {
        final KvPages pages = new KvPages(CONFIG);
        final long perToken = CONFIG.kvBytesPerToken();
        // Pages of 4 blocks of 16. A's prompt has 6 whole blocks: page 0 (blocks 0-3) and a short page 1 (4-5).
        final int[] prefix = LlmTesting.tokens(CONFIG, 96, 1);
        final int[] promptA = LlmTesting.concat(prefix, LlmTesting.tokens(CONFIG, 8, 2));
        // B shares A's 6 blocks and has 8: it borrows 6 and its page 1 (blocks 4-7) begins with 2 borrowed blocks.
        final int[] promptB = LlmTesting.concat(prefix, LlmTesting.tokens(CONFIG, 40, 3));
        // C shares B's 8 blocks: it reads B's page 1.
        final int[] promptC = LlmTesting.concat(Arrays.copyOf(promptB, 128), LlmTesting.tokens(CONFIG, 5, 4));

        try (KvCache kv = KvCache.open(KvAgent.storeConfig(pages, dir, 64, null, null).blocksPerPage(4)))
        {
            final KvAgent.Answer a = KvAgent.answer(kv, MODEL, pages, promptA, true);
            assertEquals(0, a.reused());
            assertEquals(promptA.length * perToken, a.ownedBytes());
            assertEquals(0, a.borrowedBytes());
            LlmTesting.assertSameBits(recompute(promptA), a.logits(), "A's logits");
            assertEquals(2, kv.stats().pagesPut());

            final KvAgent.Answer b = KvAgent.answer(kv, MODEL, pages, promptB, true);
            assertEquals(96, b.reused());
            assertEquals(40 * perToken, b.ownedBytes(), "B owns its question only");
            assertEquals(96 * perToken, b.borrowedBytes());
            LlmTesting.assertSameBits(recompute(promptB), b.logits(), "B's logits");
            assertEquals(3, kv.stats().pagesPut(), "B wrote its page 1, blocks 4-7");

            final KvAgent.Answer c = KvAgent.answer(kv, MODEL, pages, promptC, true);
            assertEquals(128, c.reused());
            assertEquals(5 * perToken, c.ownedBytes());
            LlmTesting.assertSameBits(recompute(promptC), c.logits(), "C's logits, over B's page 1");

            final KvState recomputed = MODEL.newState();
            MODEL.prefill(recomputed, promptB);
            try (KvMatch match = kv.match(promptB))
            {
                assertEquals(8, match.blocks());
                final KvPage page1 = match.pages().get(1);
                assertEquals(4, page1.fromBlock());
                assertEquals(ByteBuffer.wrap(pages.export(recomputed, 4, 4)), page1.bytes(),
                    "B's page 1, its borrowed blocks read back from A's page");
            }

            final KvAgent.Answer copied = KvAgent.answer(kv, MODEL, pages, promptC, false);
            assertEquals(128, copied.reused());
            assertEquals(promptC.length * perToken, copied.ownedBytes());
            assertEquals(0, copied.borrowedBytes());
            LlmTesting.assertSameBits(c.logits(), copied.logits(), "copied and borrowed");
        }
    }

    private static float[] recompute(final int[] prompt)
    {
        return MODEL.prefill(MODEL.newState(), prompt);
    }
}
