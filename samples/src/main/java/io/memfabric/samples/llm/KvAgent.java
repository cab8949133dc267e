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
 * followed by its own question. It looks the longest stored prefix of its prompt up in the KV-cache store, reads
 * those pages with its model, prefills only the rest, and stores what it computed for the agents after it.
 * It prints its time to first token and a digest of its logits; with {@code --verify} it also recomputes the whole
 * prompt from nothing and checks the logits are the same bits.
 * <pre>
 *   KvAgent --name A --question 1 [--model tiny|small] [--prefix-tokens 1024] [--question-tokens 48]
 *           [--pool-dir /dev/shm/memfabric] [--pool-mb 512] [--cluster host:port,...] [--address A]
 *           [--threads 1] [--zero-copy | --copy] [--blocks-per-page 1] [--verify] [--linger-ms 0]
 *           [--store-tokens N]   (store only the blocks of the prompt's first N tokens: the shared context)
 * </pre>
 * <b>{@code --zero-copy}</b> (the default): the matched pages are borrowed ({@link KvPages#borrowInto}), not copied:
 * attention reads the prefix's keys and values where they are, in the host's shared pool, so agents on one host hold
 * the shared context's KV once and each only its own question's. The match stays open, its pages pinned, until the
 * agent has answered and stored its prompt (storing may read borrowed blocks back from those pages, when a page it
 * writes begins with them). {@code --copy} imports the pages into the agent's own cache and lets them go before
 * prefilling, as before. Same logits either way, bit for bit; zero-copy is the default because it is as fast (it
 * skips the copy and the cache's growth, and a prefill over borrowed pages measured within noise of one over its own
 * arrays) and holds a fraction of the memory.
 * <p>
 * The line it prints, fields in this order (tests parse it):
 * <pre>
 *   agent NAME HIT|MISS REUSED/PROMPT tokens reused, ttft_ms T, logits DIGEST, pages fetched N, kv_bytes B,
 *       kv_owned_bytes O, kv_borrowed_bytes R
 * </pre>
 * where {@code kv_bytes} is the prompt's KV, {@code kv_owned_bytes} what the agent's cache holds itself and
 * {@code kv_borrowed_bytes} what it read in place from the pool.
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
        Path poolDir = Path.of(PoolConfig.Configuration.DIR_DEFAULT);
        long poolMb = 512;
        String cluster = null;
        String address = null;
        int threads = 1;
        boolean verify = false;
        boolean zeroCopy = true;
        int blocksPerPage = KvConfig.Configuration.BLOCKS_PER_PAGE_DEFAULT;
        long lingerMs = 0;
        int storeTokens = Integer.MAX_VALUE;
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
                case "--zero-copy" -> zeroCopy = true;
                case "--copy" -> zeroCopy = false;
                case "--blocks-per-page" -> blocksPerPage = Integer.parseInt(args[++i]);
                case "--linger-ms" -> lingerMs = Long.parseLong(args[++i]);
                case "--store-tokens" -> storeTokens = Integer.parseInt(args[++i]);
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
        try (KvCache kv = KvCache.open(storeConfig(pages, poolDir, poolMb, cluster, address)
            .blocksPerPage(blocksPerPage)))
        {
            final Answer answer = answer(kv, transformer, pages, prompt, zeroCopy, storeTokens);
            final float[] logits = answer.logits();
            final KvStats stats = kv.stats();
            System.out.println(String.format(Locale.ROOT, "agent %s %s %d/%d tokens reused, ttft_ms %.1f, " +
                "logits %s, pages fetched %d, kv_bytes %d, kv_owned_bytes %d, kv_borrowed_bytes %d", name,
                answer.reused() > 0 ? "HIT" : "MISS", answer.reused(), prompt.length, answer.ttftNanos() / 1e6,
                digest(logits), stats.pagesFetched(), (long)prompt.length * config.kvBytesPerToken(),
                answer.ownedBytes(), answer.borrowedBytes()));
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
                // Stopped meanwhile (Ctrl-C, SIGTERM): leave the fabric and remove the media drivers' directories.
                final Thread leave = new Thread(kv::close, "kv-agent-leave");
                Runtime.getRuntime().addShutdownHook(leave);
                Thread.sleep(lingerMs);
                Runtime.getRuntime().removeShutdownHook(leave);
            }
        }
        System.out.flush();
    }

    /**
     * What answering a prompt over the store gave.
     *
     * @param reused        tokens of the prompt whose KV came from the store.
     * @param logits        the last token's logits.
     * @param ttftNanos     from the store lookup to the logits.
     * @param ownedBytes    KV bytes the agent's cache held itself.
     * @param borrowedBytes KV bytes it read in place from the store's pages.
     */
    record Answer(int reused, float[] logits, long ttftNanos, long ownedBytes, long borrowedBytes)
    {
    }

    /**
     * Answers a prompt over the store: matches its longest stored prefix, borrows or imports those pages, prefills the
     * rest, and puts the prompt's whole blocks. With {@code zeroCopy} the match stays open until the put is done, so
     * the borrowed pages stay pinned while attention and the put read them.
     *
     * @param kv          the store.
     * @param transformer the model.
     * @param pages       the model's pages, of the store's block size.
     * @param prompt      the prompt's tokens.
     * @param zeroCopy    borrow the matched pages rather than import them.
     * @return what it gave.
     */
    static Answer answer(
        final KvCache kv,
        final TinyTransformer transformer,
        final KvPages pages,
        final int[] prompt,
        final boolean zeroCopy)
    {
        return answer(kv, transformer, pages, prompt, zeroCopy, Integer.MAX_VALUE);
    }

    /**
     * As {@link #answer(KvCache, TinyTransformer, KvPages, int[], boolean)}, storing only the whole blocks of the
     * prompt's first {@code storeTokens} tokens (e.g. only the context agents share, when the question is not
     * asked again).
     *
     * @param kv          the store.
     * @param transformer the model.
     * @param pages       the model's pages, of the store's block size.
     * @param prompt      the prompt's tokens.
     * @param zeroCopy    borrow the matched pages rather than import them.
     * @param storeTokens store the blocks of at most this many of the prompt's first tokens.
     * @return what it gave.
     */
    static Answer answer(
        final KvCache kv,
        final TinyTransformer transformer,
        final KvPages pages,
        final int[] prompt,
        final boolean zeroCopy,
        final int storeTokens)
    {
        final long start = System.nanoTime();
        final KvState state = transformer.newState();
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
                final ByteBuffer bytes = page.bytes().limit(pages.pageBytes(blocks)).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
                if (zeroCopy)
                {
                    pages.borrowInto(state, bytes, page.fromBlock(), blocks);
                }
                else
                {
                    pages.importInto(state, bytes, page.fromBlock(), blocks);
                }
            }
            if (!zeroCopy)
            {
                // Copied: the pages can go now.
                hit.close();
            }
            final int reused = usable * pages.blockSize();
            final float[] logits = transformer.prefill(state, prompt, reused, prompt.length);
            final long ttftNanos = System.nanoTime() - start;
            final long ownedBytes = state.ownedBytes();
            final long borrowedBytes = state.borrowedBytes();
            // The store asks only for missing pages; a page that begins with borrowed blocks is exported from the
            // borrowed pages, still pinned by the open match.
            kv.put(prompt, Math.min(pages.wholeBlocks(state), storeTokens / pages.blockSize()),
                (fromBlock, blockCount, page) -> pages.export(state, fromBlock, blockCount, page));
            state.truncate(0);
            return new Answer(reused, logits, ttftNanos, ownedBytes, borrowedBytes);
        }
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
            .address(address)
            .transportProperties(System.getProperties());
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
