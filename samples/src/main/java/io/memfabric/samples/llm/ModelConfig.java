/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.math.BigDecimal;

/**
 * The shape of a {@link TinyTransformer}: a Llama-style decoder (RMSNorm, rotary positions, grouped-query attention,
 * gated SiLU MLP) whose weights are drawn from {@link #seed()}. Two models with equal configs compute the same bits, so
 * the config's {@link #fingerprint()} is what a KV-cache page is keyed by, next to the prefix's block hash.
 * <p>
 * The head dimension is {@code dim / heads}; the {@code heads / kvHeads} query heads of a group share one key/value
 * head (grouped-query attention), so the KV cache holds {@code kvHeads * headDim} keys and as many values per layer
 * and token, as float32: {@link #kvBytesPerToken()}.
 *
 * @param name       a short name, part of the fingerprint.
 * @param vocabSize  token ids are {@code 0 .. vocabSize-1}.
 * @param dim        width of the residual stream (the model dimension).
 * @param layers     transformer blocks.
 * @param heads      query heads per layer.
 * @param kvHeads    key/value heads per layer; divides {@code heads}.
 * @param hiddenDim  width of the gated MLP.
 * @param ropeTheta  base of the rotary position frequencies (10000 in Llama 2).
 * @param normEps    added to the mean square in RMSNorm.
 * @param seed       seed of the weights.
 */
public record ModelConfig(
    String name,
    int vocabSize,
    int dim,
    int layers,
    int heads,
    int kvHeads,
    int hiddenDim,
    double ropeTheta,
    float normEps,
    long seed)
{
    /**
     * The only element type: weights, activations and the KV cache are IEEE 754 binary32.
     */
    public static final String DTYPE = "float32";

    /**
     * Bytes of one {@link #DTYPE} element.
     */
    public static final int BYTES_PER_ELEMENT = Float.BYTES;

    /**
     * Version of the arithmetic of {@link TinyTransformer}, part of the fingerprint: a change to how any value is
     * computed changes the KV bits, so pages stored by an older version must stop matching.
     */
    public static final int ARITHMETIC_VERSION = 1;

    /**
     * A model small enough that a test runs hundreds of tokens through it in milliseconds: 2 layers, 4 heads sharing 2
     * KV heads of dimension 8; 256 KV bytes per token.
     */
    public static final ModelConfig TINY = new ModelConfig("tiny", 97, 32, 2, 4, 2, 64, 10_000.0, 1e-5f, 42L);

    /**
     * A model whose KV cache is the size of a real small model's: 8 layers, 8 query heads sharing 4 KV heads of
     * dimension 64, a 32000-token vocabulary and a 1536-wide MLP (about 58 million parameters); 16 KiB of KV cache per
     * token, as float32 (TinyLlama 1.1B holds 22 KiB per token in bfloat16).
     */
    public static final ModelConfig SMALL =
        new ModelConfig("small", 32_000, 512, 8, 8, 4, 1536, 10_000.0, 1e-5f, 20_261_207L);

    /**
     * Validates the sizes.
     *
     * @param name      a short name, part of the fingerprint: letters, digits, '.', '_' and '-'.
     * @param vocabSize token ids are {@code 0 .. vocabSize-1}.
     * @param dim       width of the residual stream.
     * @param layers    transformer blocks.
     * @param heads     query heads per layer; divides {@code dim} into an even head dimension.
     * @param kvHeads   key/value heads per layer; divides {@code heads}.
     * @param hiddenDim width of the gated MLP.
     * @param ropeTheta base of the rotary position frequencies, above 1.
     * @param normEps   added to the mean square in RMSNorm, above 0.
     * @param seed      seed of the weights.
     * @throws IllegalArgumentException naming the first size that is out of range or does not divide as it must.
     */
    public ModelConfig
    {
        if (name == null || name.isEmpty() || !name.chars().allMatch(ModelConfig::isNameChar))
        {
            throw new IllegalArgumentException("a model name is letters, digits, '.', '_' and '-', not \"" + name +
                "\": it is part of the fingerprint that keys KV pages");
        }
        atLeast("vocabSize", vocabSize, 1);
        atLeast("dim", dim, 2);
        atLeast("layers", layers, 1);
        atLeast("heads", heads, 1);
        atLeast("kvHeads", kvHeads, 1);
        atLeast("hiddenDim", hiddenDim, 1);
        if (dim % heads != 0)
        {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads +
                ": the head dimension is dim / heads");
        }
        if ((dim / heads) % 2 != 0)
        {
            throw new IllegalArgumentException("the head dimension dim / heads = " + dim + " / " + heads + " = " +
                dim / heads + " is odd: rotary positions turn pairs of dimensions");
        }
        if (heads % kvHeads != 0)
        {
            throw new IllegalArgumentException("kvHeads " + kvHeads + " does not divide heads " + heads +
                ": each KV head serves heads / kvHeads query heads (grouped-query attention)");
        }
        if (!(ropeTheta > 1.0) || Double.isInfinite(ropeTheta))
        {
            throw new IllegalArgumentException("ropeTheta is " + ropeTheta + "; it must be a finite number above 1");
        }
        if (!(normEps > 0.0f) || Float.isInfinite(normEps))
        {
            throw new IllegalArgumentException("normEps is " + normEps + "; it must be a finite number above 0");
        }
        fitsAnArray("the embedding table vocabSize * dim", (long)vocabSize * dim);
        fitsAnArray("the MLP weights dim * 2 * hiddenDim", (long)dim * 2 * hiddenDim);
        fitsAnArray("the attention weights dim * (dim + 2 * kvHeads * headDim)",
            (long)dim * (dim + 2L * kvHeads * (dim / heads)));
    }

    /**
     * @return dimensions per attention head, {@code dim / heads}.
     */
    public int headDim()
    {
        return dim / heads;
    }

    /**
     * @return keys (and as many values) per layer and token: {@code kvHeads * headDim}.
     */
    public int kvDim()
    {
        return kvHeads * headDim();
    }

    /**
     * The KV cache of one token: a key and a value vector per KV head and layer, float32.
     *
     * @return {@code layers * 2 * kvHeads * headDim * 4}.
     */
    public long kvBytesPerToken()
    {
        return (long)layers * 2 * kvDim() * BYTES_PER_ELEMENT;
    }

    /**
     * @return weights of the model: embedding, attention, MLP, norms and output projection.
     */
    public long parameterCount()
    {
        final long perLayer = 2L * dim + (long)dim * (dim + 2L * kvDim()) + (long)dim * dim + 3L * dim * hiddenDim;
        return 2L * vocabSize * dim + layers * perLayer + dim;
    }

    /**
     * The same model with other weights.
     *
     * @param seed seed of the weights.
     * @return a config equal to this one but for the seed.
     */
    public ModelConfig withSeed(final long seed)
    {
        return new ModelConfig(name, vocabSize, dim, layers, heads, kvHeads, hiddenDim, ropeTheta, normEps, seed);
    }

    /**
     * A stable name of exactly what computes a KV cache: the arithmetic version, every size, the dtype and the seed.
     * Decimals are written exactly ({@link BigDecimal} of the binary value) so the string is the same on every JVM;
     * two configs have equal fingerprints if and only if they are equal.
     *
     * @return e.g. {@code tiny-transformer/1 name=tiny vocab=97 dim=32 layers=2 heads=4 kvHeads=2 headDim=8
     * hidden=64 ropeTheta=10000 normEps=0.00000999999974737875163555145263671875 dtype=float32 seed=42}.
     */
    public String fingerprint()
    {
        return "tiny-transformer/" + ARITHMETIC_VERSION +
            " name=" + name +
            " vocab=" + vocabSize +
            " dim=" + dim +
            " layers=" + layers +
            " heads=" + heads +
            " kvHeads=" + kvHeads +
            " headDim=" + headDim() +
            " hidden=" + hiddenDim +
            " ropeTheta=" + exact(ropeTheta) +
            " normEps=" + exact(normEps) +
            " dtype=" + DTYPE +
            " seed=" + seed;
    }

    private static String exact(final double value)
    {
        return new BigDecimal(value).stripTrailingZeros().toPlainString();
    }

    private static boolean isNameChar(final int c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '_' || c == '-';
    }

    private static void atLeast(final String what, final int value, final int min)
    {
        if (value < min)
        {
            throw new IllegalArgumentException(what + " is " + value + "; it must be at least " + min);
        }
    }

    private static void fitsAnArray(final String what, final long elements)
    {
        if (elements > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException(what + " is " + elements + " floats, more than one Java array holds");
        }
    }
}
