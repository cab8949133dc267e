/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import io.memfabric.kv.KvCache;
import io.memfabric.kv.KvConfig;
import io.memfabric.kv.KvMatch;
import io.memfabric.kv.KvPage;
import io.memfabric.kv.KvStats;
import io.memfabric.transport.pool.PoolConfig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An agent that answers one question over a long context every agent shares: its prompt is the shared prefix
 * followed by its own question. It looks the longest stored prefix of its prompt up in the KV-cache store, loads
 * those pages into its model's cache, prefills only the rest, and stores what it computed for the agents after it.
 * It prints its time to first token and a digest of its logits; with {@code --verify} it also recomputes the whole
 * prompt from nothing and checks the logits are the same bits.
 * <pre>
 *   KvAgent --name A --question 1 [--model tiny|small] [--prefix-tokens 1024] [--question-tokens 48]
 *           [--pool-dir /dev/shm/memfabric] [--pool-mb 512] [--cluster host:port,...] [--address A]
 *           [--threads 1] [--verify] [--linger-ms 0]
 * </pre>
 */
public final class KvAgent
{
    /** Seed of the shared context's tokens: every agent's prefix is the same. */
    private static final long CONTEXT_SEED = 0x5EED_C0DEL;

    private KvAgent()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception if the store or the model fails.
     */
    public static void main(final String[] args) throws Exception
    {
        String name = "agent";
        String model = "tiny";
        int prefixTokens = 1024;
        int questionTokens = 48;
        long question = 1;
        Path poolDir = Path.of(PoolConfig.DIR_DEFAULT);
        long poolMb = 512;
        String cluster = null;
        String address = null;
        int threads = 1;
        boolean verify = false;
        long lingerMs = 0;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--name" -> name = args[++i];
                case "--model" -> model = args[++i];
                case "--prefix-tokens" -> prefixTokens = Integer.parseInt(args[++i]);
                case "--question-tokens" -> questionTokens = Integer.parseInt(args[++i]);
                case "--question" -> question = Long.parseLong(args[++i]);
                case "--pool-dir" -> poolDir = Path.of(args[++i]);
                case "--pool-mb" -> poolMb = Long.parseLong(args[++i]);
                case "--cluster" -> cluster = args[++i];
                case "--address" -> address = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--verify" -> verify = true;
                case "--linger-ms" -> lingerMs = Long.parseLong(args[++i]);
                default ->
                {
                    System.err.println("KvAgent: unknown argument '" + args[i] + "'; see the class comment");
                    System.exit(2);
                }
            }
        }
        final ModelConfig config = switch (model)
        {
            case "tiny" -> ModelConfig.TINY;
            case "small" -> ModelConfig.SMALL;
            default -> throw new IllegalArgumentException("--model " + model + ": give tiny or small");
        };
        final int[] prompt = prompt(config, prefixTokens, question, questionTokens);
        final KvPages pages = new KvPages(config);
        final TinyTransformer transformer = new TinyTransformer(config, threads);

        // An agent serves many prompts: time the first token as a warmed-up JVM computes it, not the JIT's first pass.
        final int[] warmup = prompt(config, 96, -1, 32);
        final KvState scratch = transformer.newState();
        transformer.prefill(scratch, warmup, 0, 96);
        transformer.prefill(scratch, warmup, 96, warmup.length);
        try (KvCache kv = KvCache.open(storeConfig(pages, poolDir, poolMb, cluster, address)))
        {
            final long start = System.nanoTime();
            final KvState state = transformer.newState();
            final int reused;
            try (KvMatch hit = kv.match(prompt))
            {
                // At least the last token is computed: its logits are the answer's first token.
                final int usable = Math.min(hit.blocks(), (prompt.length - 1) / pages.blockSize());
                for (final KvPage page : hit.pages())
                {
                    final int blocks = Math.min(page.blockCount(), usable - page.fromBlock());
                    if (blocks <= 0)
                    {
                        break;
                    }
                    final ByteBuffer bytes = page.bytes().limit(pages.pageBytes(blocks));
                    pages.importInto(state, bytes.slice().order(ByteOrder.LITTLE_ENDIAN), page.fromBlock(), blocks);
                }
                reused = usable * pages.blockSize();
            }
            final float[] logits = transformer.prefill(state, prompt, reused, prompt.length);
            final double ttftMs = (System.nanoTime() - start) / 1e6;
            kv.put(prompt, pages.wholeBlocks(state), (fromBlock, blockCount, page) ->
                pages.export(state, fromBlock, blockCount, page));
            final KvStats stats = kv.stats();
            System.out.println(String.format(Locale.ROOT, "agent %s %s %d/%d tokens reused, ttft_ms %.1f, " +
                "logits %s, pages fetched %d, kv_bytes %d", name, reused > 0 ? "HIT" : "MISS", reused, prompt.length,
                ttftMs, digest(logits), stats.pagesFetched(), (long)prompt.length * config.kvBytesPerToken()));
            if (verify)
            {
                final float[] full = transformer.prefill(transformer.newState(), prompt, 0, prompt.length);
                final boolean equal = digest(full).equals(digest(logits)) && sameBits(full, logits);
                System.out.println("agent " + name + " verify " + (equal ? "EQUAL" : "DIFFERENT") +
                    " (a full recompute of " + prompt.length + " tokens)");
                System.out.flush();
                if (!equal)
                {
                    System.exit(1);
                }
            }
            if (lingerMs > 0)
            {
                // Pages are served by live JVMs: stay in the fabric so agents on other hosts can fetch them.
                System.out.println("agent " + name + " serving its pages for " + lingerMs + " ms");
                System.out.flush();
                Thread.sleep(lingerMs);
            }
        }
        System.out.flush();
    }

    /**
     * @param pages    the model's pages.
     * @param poolDir  the host's pool directory.
     * @param poolMb   the pool's capacity.
     * @param cluster  the cluster, or {@code null} for this host only.
     * @param address  the address other hosts reach this one on, or {@code null}.
     * @return the store's settings for this model.
     */
    public static KvConfig storeConfig(
        final KvPages pages, final Path poolDir, final long poolMb, final String cluster, final String address)
    {
        final int slot = Math.max(4096, Math.min(256 * 1024, (pages.blockBytes() + 4095) / 4096 * 4096));
        return new KvConfig()
            .model(pages.fingerprint())
            .kvBytesPerToken(Math.toIntExact(pages.config().kvBytesPerToken()))
            .blockTokens(pages.blockSize())
            .pool(new PoolConfig().directory(poolDir).name("kv-" + pages.config().name())
                .capacityBytes(poolMb * 1024 * 1024 / slot * slot).slotBytes(slot))
            .cluster(cluster)
            .address(address);
    }

    /**
     * The shared context followed by one question: the same prefix for every agent, a different suffix per question.
     *
     * @param config         the model (its vocabulary).
     * @param prefixTokens   tokens of the shared context.
     * @param question       which question.
     * @param questionTokens tokens of the question.
     * @return the prompt's token ids.
     */
    public static int[] prompt(
        final ModelConfig config, final int prefixTokens, final long question, final int questionTokens)
    {
        final int[] prompt = new int[prefixTokens + questionTokens];
        final SplittableRandom context = new SplittableRandom(CONTEXT_SEED);
        for (int i = 0; i < prefixTokens; i++)
        {
            prompt[i] = context.nextInt(config.vocabSize());
        }
        final SplittableRandom asked = new SplittableRandom(CONTEXT_SEED ^ (question * 0x9E3779B97F4A7C15L));
        for (int i = prefixTokens; i < prompt.length; i++)
        {
            prompt[i] = asked.nextInt(config.vocabSize());
        }
        return prompt;
    }

    static String digest(final float[] values) throws Exception
    {
        final ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (final float value : values)
        {
            bytes.putInt(Float.floatToRawIntBits(value));
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array())).substring(0, 16);
    }

    private static boolean sameBits(final float[] a, final float[] b)
    {
        if (a.length != b.length)
        {
            return false;
        }
        for (int i = 0; i < a.length; i++)
        {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i]))
            {
                return false;
            }
        }
        return true;
    }
}
