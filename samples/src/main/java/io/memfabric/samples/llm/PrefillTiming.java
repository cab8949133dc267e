/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a cold prefix costs: prefills prefixes of 1k and 4k tokens (and 16k with {@code --16k}) with the
 * {@link ModelConfig#SMALL} model into a fresh cache each, timing each as the time to first token of an agent whose
 * prefix nobody cached, and next to it what exporting and importing the same prefix as pages costs, which is what an
 * agent pays instead when another one stored the pages.
 * <p>
 * Then what such an agent's time to first token is made of, for a question of {@code --question-tokens} (48) over the
 * prefix's pages in direct memory, as the pool hands them out: importing the pages (a copy into the cache) and
 * prefilling the question, against borrowing them ({@link KvPages#borrowInto}: attention reads them in place) and
 * prefilling the question; the best and the median of {@code --repeat} (7) runs each, and whether both gave the same
 * logits.
 * <pre>
 *   java -cp samples/target/classes io.memfabric.samples.llm.PrefillTiming [--16k] [--tokens N,N,...] [--threads N]
 *       [--question-tokens N] [--repeat N]
 * </pre>
 * The first prefill is a warm-up so the JIT has compiled the kernels. One thread unless told otherwise; the figures
 * are the same bits either way.
 */
public final class PrefillTiming
{
    private static final int WARM_UP_TOKENS = 256;
    private static final int PAGE_BLOCKS = 4;
    private static final long QUESTION_SEED = 48;

    private PrefillTiming()
    {
    }

    /**
     * Runs the timings and prints one line per prefix length.
     *
     * @param args {@code --16k} to add a 16384-token prefix; {@code --tokens 1024,4096} for other lengths;
     *             {@code --threads 2} for threads per prefill; {@code --question-tokens 48} and {@code --repeat 7}
     *             for the question over imported or borrowed pages.
     */
    public static void main(final String[] args)
    {
        final List<Integer> lengths = new ArrayList<>(List.of(1024, 4096));
        int threads = 1;
        int questionTokens = 48;
        int repeat = 7;
        for (int i = 0; i < args.length; i++)
        {
            if ("--16k".equals(args[i]))
            {
                lengths.add(16_384);
            }
            else if ("--tokens".equals(args[i]) && i + 1 < args.length)
            {
                lengths.clear();
                for (final String length : args[++i].split(","))
                {
                    lengths.add(Integer.parseInt(length.trim()));
                }
            }
            else if ("--threads".equals(args[i]) && i + 1 < args.length)
            {
                threads = Integer.parseInt(args[++i]);
            }
            else if ("--question-tokens".equals(args[i]) && i + 1 < args.length)
            {
                questionTokens = Integer.parseInt(args[++i]);
            }
            else if ("--repeat".equals(args[i]) && i + 1 < args.length)
            {
                repeat = Integer.parseInt(args[++i]);
            }
            else
            {
                System.err.println("usage: PrefillTiming [--16k] [--tokens N,N,...] [--threads N] " +
                    "[--question-tokens N] [--repeat N]");
                System.exit(2);
            }
        }
        run(ModelConfig.SMALL, threads, lengths, questionTokens, repeat, System.out);
    }

    private static void run(
        final ModelConfig config,
        final int threads,
        final List<Integer> lengths,
        final int questionTokens,
        final int repeat,
        final PrintStream out)
    {
        out.printf(Locale.ROOT, "model %s: %d layers, %d heads, %d KV heads of %d, vocab %d, %.1fM parameters, " +
            "%d KV bytes per token%n", config.name(), config.layers(), config.heads(), config.kvHeads(),
            config.headDim(), config.vocabSize(), config.parameterCount() / 1e6, config.kvBytesPerToken());
        out.printf(Locale.ROOT, "java %s, %d processors, %d thread(s) per prefill%n",
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), threads);

        long started = System.nanoTime();
        final TinyTransformer model = new TinyTransformer(config, threads);
        out.printf(Locale.ROOT, "weights drawn in %.0f ms%n", (System.nanoTime() - started) / 1e6);

        started = System.nanoTime();
        model.prefill(model.newState(), tokens(config, WARM_UP_TOKENS));
        out.printf(Locale.ROOT, "warm-up prefill of %d tokens: %.0f ms%n", WARM_UP_TOKENS,
            (System.nanoTime() - started) / 1e6);

        final KvPages pages = new KvPages(config);
        for (final int length : lengths)
        {
            final int[] prefix = tokens(config, length);
            final KvState state = new KvState(config, length);
            started = System.nanoTime();
            model.prefill(state, prefix);
            final long prefillNanos = System.nanoTime() - started;

            final int blocks = pages.wholeBlocks(state);
            final List<ByteBuffer> stored = new ArrayList<>();
            started = System.nanoTime();
            for (int block = 0; block < blocks; block += PAGE_BLOCKS)
            {
                final int count = Math.min(PAGE_BLOCKS, blocks - block);
                final ByteBuffer page = ByteBuffer.allocateDirect(pages.pageBytes(count));
                pages.export(state, block, count, page);
                stored.add(page.flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
            final long exportNanos = System.nanoTime() - started;

            final KvState imported = new KvState(config, length);
            started = System.nanoTime();
            int block = 0;
            for (final ByteBuffer page : stored)
            {
                final int count = page.remaining() / pages.blockBytes();
                pages.importInto(imported, page.duplicate(), block, count);
                block += count;
            }
            final long importNanos = System.nanoTime() - started;

            out.printf(Locale.ROOT, "prefill %6d tokens: %9.0f ms, %7.1f tokens/s; its %.0f MiB of KV pages: " +
                "export %.1f ms, import %.1f ms%n", length, prefillNanos / 1e6, length / (prefillNanos / 1e9),
                state.sizeInBytes() / (1024.0 * 1024.0), exportNanos / 1e6, importNanos / 1e6);

            if (questionTokens > 0 && blocks > 0)
            {
                question(model, pages, stored, blocks * pages.blockSize(), questionTokens, repeat, out);
            }
        }
    }

    /**
     * Times a question over the prefix's pages, imported (copied into the cache) and borrowed (read in place),
     * alternating so that both see the same state of the machine.
     */
    private static void question(
        final TinyTransformer model,
        final KvPages pages,
        final List<ByteBuffer> stored,
        final int prefixTokens,
        final int questionTokens,
        final int repeat,
        final PrintStream out)
    {
        final ModelConfig config = model.config();
        final int[] question = tokens(config, questionTokens, QUESTION_SEED);
        final long[][] nanos = new long[4][repeat];
        float[] importedLogits = null;
        float[] borrowedLogits = null;
        long ownedBytes = 0;
        long borrowedBytes = 0;
        for (int run = 0; run < repeat; run++)
        {
            final KvState imported = new KvState(config, prefixTokens + questionTokens);
            long started = System.nanoTime();
            addPages(pages, stored, imported, false);
            nanos[0][run] = System.nanoTime() - started;
            started = System.nanoTime();
            importedLogits = model.prefill(imported, question);
            nanos[1][run] = System.nanoTime() - started;

            final KvState borrowed = new KvState(config, questionTokens);
            started = System.nanoTime();
            addPages(pages, stored, borrowed, true);
            nanos[2][run] = System.nanoTime() - started;
            started = System.nanoTime();
            borrowedLogits = model.prefill(borrowed, question);
            nanos[3][run] = System.nanoTime() - started;
            ownedBytes = borrowed.ownedBytes();
            borrowedBytes = borrowed.borrowedBytes();
        }
        out.printf(Locale.ROOT, "  question of %d tokens over those %d, best / median of %d: imported: import %.1f / " +
            "%.1f ms + prefill %.1f / %.1f ms; borrowed: borrow %.2f / %.2f ms + prefill %.1f / %.1f ms; " +
            "borrowed cache owns %.2f MiB, borrows %.1f MiB; same logits: %s%n", questionTokens, prefixTokens,
            repeat, best(nanos[0]), median(nanos[0]), best(nanos[1]), median(nanos[1]), best(nanos[2]),
            median(nanos[2]), best(nanos[3]), median(nanos[3]), ownedBytes / (1024.0 * 1024.0),
            borrowedBytes / (1024.0 * 1024.0), Arrays.equals(importedLogits, borrowedLogits) ? "yes" : "NO");
    }

    private static void addPages(
        final KvPages pages, final List<ByteBuffer> stored, final KvState state, final boolean borrow)
    {
        int block = 0;
        for (final ByteBuffer page : stored)
        {
            final int count = page.remaining() / pages.blockBytes();
            if (borrow)
            {
                pages.borrowInto(state, page.duplicate(), block, count);
            }
            else
            {
                pages.importInto(state, page.duplicate(), block, count);
            }
            block += count;
        }
    }

    private static double best(final long[] nanos)
    {
        return Arrays.stream(nanos).min().orElse(0) / 1e6;
    }

    private static double median(final long[] nanos)
    {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static int[] tokens(final ModelConfig config, final int count)
    {
        return tokens(config, count, count);
    }

    private static int[] tokens(final ModelConfig config, final int count, final long seed)
    {
        final SplitMix64 random = new SplitMix64(seed);
        final int[] tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            tokens[i] = (int)Long.remainderUnsigned(random.nextLong(), config.vocabSize());
        }
        return tokens;
    }
}
