/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a cold prefix costs: prefills prefixes of 1k and 4k tokens (and 16k with {@code --16k}) with the
 * {@link ModelConfig#SMALL} model into a fresh cache each, timing each as the time to first token of an agent whose
 * prefix nobody cached, and next to it what exporting and importing the same prefix as pages costs, which is what an
 * agent pays instead when another one stored the pages.
 * <pre>
 *   java -cp samples/target/classes io.memfabric.samples.llm.PrefillTiming [--16k] [--tokens N,N,...] [--threads N]
 * </pre>
 * The first prefill is a warm-up so the JIT has compiled the kernels. One thread unless told otherwise; the figures
 * are the same bits either way.
 */
public final class PrefillTiming
{
    private static final int WARM_UP_TOKENS = 256;
    private static final int PAGE_BLOCKS = 4;

    private PrefillTiming()
    {
    }

    /**
     * Runs the timings and prints one line per prefix length.
     *
     * @param args {@code --16k} to add a 16384-token prefix; {@code --tokens 1024,4096} for other lengths;
     *             {@code --threads 2} for threads per prefill.
     */
    public static void main(final String[] args)
    {
        final List<Integer> lengths = new ArrayList<>(List.of(1024, 4096));
        int threads = 1;
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
            else
            {
                System.err.println("usage: PrefillTiming [--16k] [--tokens N,N,...] [--threads N]");
                System.exit(2);
            }
        }
        run(ModelConfig.SMALL, threads, lengths, System.out);
    }

    private static void run(
        final ModelConfig config, final int threads, final List<Integer> lengths, final PrintStream out)
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
                stored.add(page.flip());
            }
            final long exportNanos = System.nanoTime() - started;

            final KvState imported = new KvState(config, length);
            started = System.nanoTime();
            int block = 0;
            for (final ByteBuffer page : stored)
            {
                final int count = page.remaining() / pages.blockBytes();
                pages.importInto(imported, page, block, count);
                block += count;
            }
            final long importNanos = System.nanoTime() - started;

            out.printf(Locale.ROOT, "prefill %6d tokens: %9.0f ms, %7.1f tokens/s; its %.0f MiB of KV pages: " +
                "export %.1f ms, import %.1f ms%n", length, prefillNanos / 1e6, length / (prefillNanos / 1e9),
                state.sizeInBytes() / (1024.0 * 1024.0), exportNanos / 1e6, importNanos / 1e6);
        }
    }

    private static int[] tokens(final ModelConfig config, final int count)
    {
        final SplitMix64 random = new SplitMix64(count);
        final int[] tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            tokens[i] = (int)Long.remainderUnsigned(random.nextLong(), config.vocabSize());
        }
        return tokens;
    }
}
