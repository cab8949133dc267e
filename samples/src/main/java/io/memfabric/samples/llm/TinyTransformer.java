/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A decoder-only transformer with the arithmetic and the KV-cache sizes of a real one and made-up weights: what the
 * KV-cache store needs to show that a prefix's pages, computed once by one agent and stored, let another agent
 * prefill only its suffix and get the very same logits.
 * <p>
 * The architecture is Llama's. Token embedding, then per layer:
 * <pre>
 *   h = x + Wo · attention(rope(q), rope(k), v)     with q | k | v = RMSNorm(x) · Wqkv, causal, grouped-query
 *   x = h + W2 · (SiLU(n · W1) ⊙ (n · W3))           with n = RMSNorm(h)
 * </pre>
 * then a final RMSNorm and the output projection to logits. Rotary positions turn the pairs {@code (2i, 2i+1)} of each
 * query and key head. The KV cache holds keys after rotation.
 * <p>
 * <b>Bits.</b> Every value is float32 and computed by {@code Kernels} in one documented order, so a token's activations
 * depend only on its token, its position and the KV cache before it; never on how a sequence was cut into prefill
 * calls, on chunking, or on the JVM. That is what makes a cached prefix exact: prefilling a suffix over imported
 * pages gives the same bits as recomputing the whole sequence. Over borrowed pages too ({@link KvPages#borrowInto}):
 * attention reads them block by block, where they are, with the same sums in the same order.
 * <p>
 * <b>Weights</b> come from a SplitMix64 generator seeded with {@link ModelConfig#seed()}, drawn in this order, each
 * matrix row-major with its input dimension as rows, each element {@code u * sqrt(3 / fanIn)} for {@code u} uniform on
 * [-1, 1) (variance {@code 1 / fanIn}, so activations keep their scale from layer to layer): the embedding
 * ({@code vocab × dim}, {@code u} unscaled); per layer the attention norm's gains ({@code 1 + u / 8}), {@code Wqkv}
 * ({@code dim × (dim + 2 kvDim)}: the query, key and value columns of a row side by side), {@code Wo}
 * ({@code dim × dim}), the MLP norm's gains, {@code W13} ({@code dim × 2 hidden}: gate columns then up columns) and
 * {@code W2} ({@code hidden × dim}); then the final norm's gains and the output projection ({@code dim × vocab}).
 * <p>
 * <b>Speed.</b> Prefill runs {@code CHUNK} (64) tokens at a time through each layer, so each weight row is read once per
 * chunk instead of once per token; attention reads the cache in place, for all the chunk's queries of a KV head at
 * once. With {@code threads > 1} a prefill shares each matrix product by columns and attention by KV heads: every
 * output element is still computed whole, in its fixed order, by one thread, so the bits do not depend on the number
 * of threads either.
 * <p>
 * Immutable once built, and thread-safe: scratch space and helper threads belong to each call.
 */
public final class TinyTransformer
{
    /**
     * Tokens of a prefill that go through a layer together.
     */
    static final int CHUNK = 64;

    /**
     * Column ranges given to threads start at multiples of this many floats (64 bytes), so that two threads write to
     * a shared cache line of an output row at most at one boundary.
     */
    private static final int COLUMN_ALIGNMENT = 16;

    private final ModelConfig config;
    private final int threads;
    private final int vocab;
    private final int dim;
    private final int headDim;
    private final int heads;
    private final int kvHeads;
    private final int group;
    private final int kvDim;
    private final int qkvWidth;
    private final int hidden;
    private final float attentionScale;
    private final double[] inverseFrequencies;

    private final float[][] embedding;
    private final float[][] attentionNorm;
    private final float[][][] wqkv;
    private final float[][][] wo;
    private final float[][] mlpNorm;
    private final float[][][] w13;
    private final float[][][] w2;
    private final float[] finalNorm;
    private final float[][] output;

    /**
     * Builds the model, drawing its weights from the config's seed; a prefill runs on the calling thread alone.
     *
     * @param config the model's sizes and seed.
     */
    public TinyTransformer(final ModelConfig config)
    {
        this(config, 1);
    }

    /**
     * Builds the model, drawing its weights from the config's seed.
     *
     * @param config  the model's sizes and seed.
     * @param threads threads a prefill uses: the calling thread and {@code threads - 1} helpers started for the call.
     *                The logits and the cache are the same bits for any number.
     * @throws IllegalArgumentException if {@code threads} is below 1.
     */
    public TinyTransformer(final ModelConfig config, final int threads)
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads is " + threads + "; a prefill needs at least the caller's");
        }
        this.config = config;
        this.threads = threads;
        this.vocab = config.vocabSize();
        this.dim = config.dim();
        this.headDim = config.headDim();
        this.heads = config.heads();
        this.kvHeads = config.kvHeads();
        this.group = heads / kvHeads;
        this.kvDim = config.kvDim();
        this.qkvWidth = dim + 2 * kvDim;
        this.hidden = config.hiddenDim();
        this.attentionScale = (float)(1.0 / Math.sqrt(headDim));
        this.inverseFrequencies = new double[headDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++)
        {
            inverseFrequencies[i] = 1.0 / StrictMath.pow(config.ropeTheta(), (2.0 * i) / headDim);
        }

        final SplitMix64 random = new SplitMix64(config.seed());
        final int layers = config.layers();
        embedding = new float[vocab][dim];
        for (final float[] row : embedding)
        {
            random.fill(row, 1.0f);
        }
        attentionNorm = new float[layers][];
        wqkv = new float[layers][][];
        wo = new float[layers][][];
        mlpNorm = new float[layers][];
        w13 = new float[layers][][];
        w2 = new float[layers][][];
        for (int layer = 0; layer < layers; layer++)
        {
            attentionNorm[layer] = gains(random, dim);
            wqkv[layer] = matrix(random, dim, qkvWidth);
            wo[layer] = matrix(random, dim, dim);
            mlpNorm[layer] = gains(random, dim);
            w13[layer] = matrix(random, dim, 2 * hidden);
            w2[layer] = matrix(random, hidden, dim);
        }
        finalNorm = gains(random, dim);
        output = matrix(random, dim, vocab);
    }

    /**
     * @return the model's sizes and seed.
     */
    public ModelConfig config()
    {
        return config;
    }

    /**
     * @return threads a prefill uses.
     */
    public int threads()
    {
        return threads;
    }

    /**
     * @return an empty KV cache for this model.
     */
    public KvState newState()
    {
        return new KvState(config);
    }

    /**
     * Prefills a whole sequence after what the cache holds.
     *
     * @param state  the KV cache, extended.
     * @param tokens tokens to append, at least one.
     * @return the logits of the last token.
     * @see #prefill(KvState, int[], int, int)
     */
    public float[] prefill(final KvState state, final int[] tokens)
    {
        return prefill(state, tokens, 0, tokens.length);
    }

    /**
     * Appends tokens {@code tokens[from .. to-1]} to a sequence: they take positions {@code state.length()} onwards,
     * in order, each attending to every position before it and to itself, and their keys and values join the cache.
     * Equal to appending them one call per token, bit for bit.
     *
     * @param state  the KV cache of the sequence, extended by {@code to - from} positions.
     * @param tokens token ids.
     * @param from   index of the first token to append.
     * @param to     index after the last.
     * @return the logits of the last token appended, {@code vocabSize} of them (a new array).
     * @throws IllegalArgumentException if the cache is another model's, the range is empty or outside
     *                                  {@code tokens}, or a token id is not in the vocabulary; the cache is then
     *                                  unchanged.
     */
    public float[] prefill(final KvState state, final int[] tokens, final int from, final int to)
    {
        checkModel(state.config());
        if (from < 0 || to > tokens.length || from >= to)
        {
            throw new IllegalArgumentException("tokens " + from + ".." + to + " of " + tokens.length +
                ": prefill appends at least one token and returns the last one's logits");
        }
        for (int i = from; i < to; i++)
        {
            if (tokens[i] < 0 || tokens[i] >= vocab)
            {
                throw new IllegalArgumentException("token " + tokens[i] + " at index " + i + " is not in the " +
                    "vocabulary of " + vocab + " of model " + config.name());
            }
        }
        final int start = state.length();
        if ((long)start + (to - from) > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("a sequence of " + ((long)start + (to - from)) + " positions");
        }
        state.ensureCapacity(start + (to - from));

        final ExecutorService helpers =
            threads > 1 ? Executors.newFixedThreadPool(threads - 1, TinyTransformer::helper) : null;
        try
        {
            final Scratch scratch =
                new Scratch(Math.min(CHUNK, to - from), start + (to - from), state.borrowedBlockSize(), helpers);
            int rows = 0;
            for (int first = from; first < to; first += rows)
            {
                rows = Math.min(CHUNK, to - first);
                forward(state, tokens, first, rows, scratch);
            }

            final float[][] logits = new float[1][vocab];
            Kernels.rmsNorm(scratch.x[rows - 1], finalNorm, config.normEps(), scratch.normed[0], dim);
            matmul(scratch, scratch.normed, 1, dim, output, vocab, logits);
            return logits[0];
        }
        finally
        {
            if (helpers != null)
            {
                helpers.shutdownNow();
            }
        }
    }

    /**
     * Runs {@code rows} tokens through every layer, leaving their residual streams in {@code scratch.x}, and commits
     * their keys and values to the cache.
     */
    private void forward(
        final KvState state, final int[] tokens, final int first, final int rows, final Scratch scratch)
    {
        final int start = state.length();
        final int owned = start - state.borrowedLength();
        final float eps = config.normEps();
        final float[][] x = scratch.x;
        final float[][] normed = scratch.normed;
        final float[][] qkv = scratch.qkv;

        for (int t = 0; t < rows; t++)
        {
            System.arraycopy(embedding[tokens[first + t]], 0, x[t], 0, dim);
            for (int i = 0; i < headDim / 2; i++)
            {
                final double angle = (double)(start + t) * inverseFrequencies[i];
                scratch.cos[t][i] = (float)StrictMath.cos(angle);
                scratch.sin[t][i] = (float)StrictMath.sin(angle);
            }
        }

        for (int layer = 0; layer < config.layers(); layer++)
        {
            final float[] keys = state.keys(layer);
            final float[] values = state.values(layer);

            for (int t = 0; t < rows; t++)
            {
                Kernels.rmsNorm(x[t], attentionNorm[layer], eps, normed[t], dim);
            }
            matmul(scratch, normed, rows, dim, wqkv[layer], qkvWidth, qkv);
            for (int t = 0; t < rows; t++)
            {
                // Queries and keys are adjacent in a row: one pass turns all their heads.
                Kernels.rotate(qkv[t], 0, heads + kvHeads, headDim, scratch.cos[t], scratch.sin[t]);
                System.arraycopy(qkv[t], dim, keys, (owned + t) * kvDim, kvDim);
                System.arraycopy(qkv[t], dim + kvDim, values, (owned + t) * kvDim, kvDim);
            }

            final int parts = Math.min(scratch.parts, kvHeads);
            final int thisLayer = layer;
            scratch.run(parts, part ->
            {
                for (int g = kvHeads * part / parts; g < kvHeads * (part + 1) / parts; g++)
                {
                    attend(state, thisLayer, g, rows, start, qkv, scratch.attention[part], scratch.attended);
                }
            });
            matmul(scratch, scratch.attended, rows, dim, wo[layer], dim, scratch.delta);
            for (int t = 0; t < rows; t++)
            {
                Kernels.addInto(x[t], scratch.delta[t], dim);
                Kernels.rmsNorm(x[t], mlpNorm[layer], eps, normed[t], dim);
            }

            matmul(scratch, normed, rows, dim, w13[layer], 2 * hidden, scratch.gateUp);
            for (int t = 0; t < rows; t++)
            {
                final float[] gateUp = scratch.gateUp[t];
                final float[] gated = scratch.gated[t];
                for (int j = 0; j < hidden; j++)
                {
                    gated[j] = Kernels.silu(gateUp[j]) * gateUp[hidden + j];
                }
            }
            matmul(scratch, scratch.gated, rows, hidden, w2[layer], dim, scratch.delta);
            for (int t = 0; t < rows; t++)
            {
                Kernels.addInto(x[t], scratch.delta[t], dim);
            }
        }
        state.commit(start + rows);
    }

    /**
     * Attention of the query heads of KV head {@code g} for a chunk: gathers their rotated queries transposed, attends,
     * and puts each head's output in its columns of {@code attended}.
     * <p>
     * Borrowed positions are read block by block: the KV head's part of a block's keys, then of its values, go into
     * one block's scratch with a bulk read each per position, and the kernel's steps run over that scratch as over the
     * cache's own arrays; then over the own arrays. The same sums in the same position order as over one array, so
     * the same bits, and the pages are read where they are, never copied whole.
     */
    private void attend(
        final KvState state,
        final int layer,
        final int g,
        final int rows,
        final int start,
        final float[][] qkv,
        final AttentionScratch scratch,
        final float[][] attended)
    {
        for (int t = 0; t < rows; t++)
        {
            for (int k = 0; k < group; k++)
            {
                final int at = (g * group + k) * headDim;
                for (int d = 0; d < headDim; d++)
                {
                    scratch.queries[d][t * group + k] = qkv[t][at + d];
                }
            }
        }

        final int queryRows = rows * group;
        final int positions = start + rows;
        final int borrowed = state.borrowedLength();
        final int blockSize = state.borrowedBlockSize();
        final int blocks = state.borrowedBlocks();
        final int headAt = g * headDim;
        final float[] section = scratch.section;
        final float[] keys = state.keys(layer);
        final float[] values = state.values(layer);

        Kernels.startScores(scratch.max, queryRows);
        for (int b = 0; b < blocks; b++)
        {
            final int count = state.readBorrowed(layer, 0, b, headAt, section);
            Kernels.scores(scratch.queries, queryRows, group, start, section, 0, headDim, b * blockSize,
                b * blockSize + count, headDim, attentionScale, scratch.scores, scratch.max);
        }
        Kernels.scores(scratch.queries, queryRows, group, start, keys, headAt, kvDim, borrowed, positions, headDim,
            attentionScale, scratch.scores, scratch.max);

        Kernels.startValues(scratch.sum, scratch.out, queryRows, headDim);
        for (int b = 0; b < blocks; b++)
        {
            final int count = state.readBorrowed(layer, 1, b, headAt, section);
            Kernels.addValues(section, 0, headDim, b * blockSize, b * blockSize + count, start, group, queryRows,
                headDim, scratch.scores, scratch.max, scratch.sum, scratch.exponent, scratch.out);
        }
        Kernels.addValues(values, headAt, kvDim, borrowed, positions, start, group, queryRows, headDim,
            scratch.scores, scratch.max, scratch.sum, scratch.exponent, scratch.out);
        Kernels.finish(scratch.out, scratch.sum, queryRows, headDim);

        for (int t = 0; t < rows; t++)
        {
            for (int k = 0; k < group; k++)
            {
                final int at = (g * group + k) * headDim;
                for (int d = 0; d < headDim; d++)
                {
                    attended[t][at + d] = scratch.out[d][t * group + k];
                }
            }
        }
    }

    /**
     * A matrix product, its columns shared among the call's threads.
     */
    private static void matmul(
        final Scratch scratch,
        final float[][] in,
        final int rows,
        final int n,
        final float[][] w,
        final int m,
        final float[][] out)
    {
        final int parts = Math.max(1, Math.min(scratch.parts, m / (4 * COLUMN_ALIGNMENT)));
        scratch.run(parts, part -> Kernels.matmul(in, rows, n, w, columnAt(m, part, parts),
            columnAt(m, part + 1, parts), out));
    }

    private static int columnAt(final int m, final int part, final int parts)
    {
        return part == parts ? m : (int)((long)m * part / parts) / COLUMN_ALIGNMENT * COLUMN_ALIGNMENT;
    }

    private void checkModel(final ModelConfig other)
    {
        if (!config.equals(other))
        {
            throw new IllegalArgumentException("the KV cache is of model " + other.fingerprint() +
                ", not of this model " + config.fingerprint());
        }
    }

    private static Thread helper(final Runnable work)
    {
        final Thread thread = new Thread(work, "tiny-transformer-prefill");
        thread.setDaemon(true);
        return thread;
    }

    private static float[] gains(final SplitMix64 random, final int n)
    {
        final float[] gains = new float[n];
        for (int i = 0; i < n; i++)
        {
            gains[i] = 1.0f + random.nextSigned() * 0.125f;
        }
        return gains;
    }

    private static float[][] matrix(final SplitMix64 random, final int fanIn, final int columns)
    {
        final float[][] matrix = new float[fanIn][columns];
        final float scale = (float)Math.sqrt(3.0 / fanIn);
        for (final float[] row : matrix)
        {
            random.fill(row, scale);
        }
        return matrix;
    }

    /**
     * Activations of one chunk, one array per token (or per position or dimension for attention) so the kernels'
     * inner loops vectorise, and the call's helper threads; allocated once per prefill call.
     */
    private final class Scratch
    {
        final ExecutorService helpers;
        final int parts;
        final List<Future<?>> pending = new ArrayList<>();
        final float[][] x;
        final float[][] normed;
        final float[][] qkv;
        final float[][] attended;
        final float[][] delta;
        final float[][] gateUp;
        final float[][] gated;
        final float[][] cos;
        final float[][] sin;
        final AttentionScratch[] attention;

        Scratch(final int rows, final int positions, final int borrowedBlockSize, final ExecutorService helpers)
        {
            this.helpers = helpers;
            this.parts = threads;
            x = new float[rows][dim];
            normed = new float[rows][dim];
            qkv = new float[rows][qkvWidth];
            attended = new float[rows][dim];
            delta = new float[rows][dim];
            gateUp = new float[rows][2 * hidden];
            gated = new float[rows][hidden];
            cos = new float[rows][headDim / 2];
            sin = new float[rows][headDim / 2];
            attention = new AttentionScratch[Math.min(threads, kvHeads)];
            for (int i = 0; i < attention.length; i++)
            {
                attention[i] = new AttentionScratch(rows * group, positions, borrowedBlockSize);
            }
        }

        /**
         * Runs parts {@code 1 .. parts-1} on the helpers and part 0 on the caller, and returns when all are done
         * (which also makes their writes visible to the caller).
         */
        void run(final int parts, final IntConsumer part)
        {
            if (parts == 1)
            {
                part.accept(0);
                return;
            }
            pending.clear();
            for (int i = 1; i < parts; i++)
            {
                final int index = i;
                pending.add(helpers.submit(() -> part.accept(index)));
            }
            part.accept(0);
            try
            {
                for (final Future<?> future : pending)
                {
                    future.get();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a prefill", ex);
            }
            catch (final ExecutionException ex)
            {
                throw new IllegalStateException("a prefill thread failed", ex.getCause());
            }
        }
    }

    /**
     * One thread's scratch for attention of one KV head at a time: queries and outputs transposed, scores by position,
     * and the KV head's keys or values of one borrowed block.
     */
    private final class AttentionScratch
    {
        final float[][] queries;
        final float[][] out;
        final float[][] scores;
        final float[] max;
        final float[] sum;
        final float[] exponent;
        final float[] section;

        AttentionScratch(final int queryRows, final int positions, final int borrowedBlockSize)
        {
            queries = new float[headDim][queryRows];
            out = new float[headDim][queryRows];
            scores = new float[positions][queryRows];
            max = new float[queryRows];
            sum = new float[queryRows];
            exponent = new float[queryRows];
            section = new float[borrowedBlockSize * headDim];
        }
    }
}
