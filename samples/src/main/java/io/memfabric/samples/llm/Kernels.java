/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.util.Arrays;

/**
 * The arithmetic of a forward pass, each operation in one fixed order of float operations so that its result is the
 * same bits on every JVM: Java evaluates float expressions strictly (IEEE 754 binary32, round to nearest, no fused
 * multiply-add unless asked, no reassociation), so fixing the order fixes the bits. The JIT may still run several
 * independent outputs in one SIMD instruction; that changes nothing, since each lane does the same operations.
 * <p>
 * Transcendentals are the exception Java leaves open: {@link Math#exp} may differ by an ulp between JVMs and CPUs.
 * So {@link #exp} is computed here from floats alone, and rotary angles use {@link StrictMath} (fdlibm, specified
 * bit for bit).
 */
final class Kernels
{
    /**
     * Columns of a matrix product computed together: a tile of the output rows stays in the L2 cache while the weight
     * rows stream past once per tile.
     */
    static final int COLUMN_TILE = 1024;

    private static final float LOG2_E = 1.44269504088896341f;
    /**
     * 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer (ties to even), with
     * float operations alone, so that the loop it is in can still be vectorised.
     */
    private static final float ROUNDER = 0x1.8p23f;
    /**
     * ln 2 split in two: the high part has 15 significant bits, so {@code k * LN2_HIGH} is exact for every |k| below
     * 2^9, which covers every k whose result is not 0 or infinity.
     */
    private static final float LN2_HIGH = 0x1.62e4p-1f;
    private static final float LN2_LOW = 1.4286067653e-6f;

    private Kernels()
    {
    }

    /**
     * e<sup>x</sup> within 2 ulp (checked against {@link Math#exp} in the tests), from float operations only:
     * {@code k = round(x * log2(e))} (to nearest, ties to even), {@code r = (x - k * ln2High) - k * ln2Low} with
     * |r| &le; ln2 / 2, e<sup>r</sup> by its Taylor series to degree 7 (Horner, from the highest term), times
     * 2<sup>k</sup> exactly. 0 when {@code k < -126} (below the normal range), infinity when {@code k > 128}.
     *
     * @param x the exponent.
     * @return e<sup>x</sup>.
     */
    static float exp(final float x)
    {
        final float k = expExponent(x);
        return expScale(expMantissa(x, k), k);
    }

    /**
     * e<sup>x</sup> for every {@code x[i] - shift[i]} of a range, in place: the same arithmetic as {@link #exp}, split
     * so that all but the final scaling runs in a loop C2 vectorises.
     *
     * @param x       arguments, replaced by their exponentials.
     * @param shift   subtracted from each argument first (softmax subtracts the maximum).
     * @param exponent scratch, at least {@code to} long.
     * @param from    first index.
     * @param to      index after the last.
     */
    static void expShifted(final float[] x, final float[] shift, final float[] exponent, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final float v = x[i] - shift[i];
            final float k = expExponent(v);
            exponent[i] = k;
            x[i] = expMantissa(v, k);
        }
        for (int i = from; i < to; i++)
        {
            x[i] = expScale(x[i], exponent[i]);
        }
    }

    private static float expExponent(final float x)
    {
        return (x * LOG2_E + ROUNDER) - ROUNDER;
    }

    private static float expMantissa(final float x, final float k)
    {
        final float r = (x - k * LN2_HIGH) - k * LN2_LOW;
        float p = 1.0f / 5040.0f;
        p = p * r + 1.0f / 720.0f;
        p = p * r + 1.0f / 120.0f;
        p = p * r + 1.0f / 24.0f;
        p = p * r + 1.0f / 6.0f;
        p = p * r + 0.5f;
        p = p * r + 1.0f;
        return p * r + 1.0f;
    }

    private static float expScale(final float p, final float k)
    {
        if (k < -126.0f)
        {
            return 0.0f;
        }
        if (k > 127.0f)
        {
            // Up to e^88.7, just below the float range: 2^128 itself is not a float, 2^127 * 2 is.
            return k > 128.0f ? Float.POSITIVE_INFINITY : p * 0x1p127f * 2.0f;
        }
        // A NaN argument makes k NaN, which converts to 0 here: p is NaN and so is the result.
        return p * Float.intBitsToFloat(((int)k + 127) << 23);
    }

    /**
     * SiLU, {@code g / (1 + e^-g)}.
     *
     * @param g the gate.
     * @return {@code g * sigmoid(g)}.
     */
    static float silu(final float g)
    {
        return g / (1.0f + exp(-g));
    }

    /**
     * RMSNorm of one vector: {@code out[i] = (x[i] * s) * gain[i]} with
     * {@code s = (float)(1 / sqrt((double)(sum / n + eps)))}, where {@code sum} adds {@code x[i] * x[i]} in index order
     * from +0 in float, and the square root and the division are done in double (both correctly rounded) before one
     * rounding to float.
     *
     * @param x    input, {@code n} long.
     * @param gain per-element gains, {@code n} long.
     * @param eps  added to the mean square.
     * @param out  output, {@code n} long.
     * @param n    vector length.
     */
    static void rmsNorm(final float[] x, final float[] gain, final float eps, final float[] out, final int n)
    {
        float sum = 0.0f;
        for (int i = 0; i < n; i++)
        {
            sum += x[i] * x[i];
        }
        final float scale = (float)(1.0 / Math.sqrt(sum / n + eps));
        for (int i = 0; i < n; i++)
        {
            out[i] = (x[i] * scale) * gain[i];
        }
    }

    /**
     * A matrix product {@code out = in · w}: {@code in} is {@code rows × n}, {@code w} is {@code n × m}, one array per
     * row, and each output element is {@code sum over i = 0 .. n-1, in that order, from +0, of in[t][i] * w[i][j]},
     * one float multiplication and one float addition per term.
     * <p>
     * The loops are ordered for speed without changing that order: for a tile of columns, four rows {@code i} of
     * {@code w} at a time are read once and added, term after term, into every output row {@code t}. The innermost
     * loop runs over independent columns, indexing every array by the loop variable alone: the form HotSpot's C2
     * (Java 17) vectorises. An array of rows rather than one flat array is what allows that: an offset into a flat
     * array stops it.
     *
     * Columns {@code from .. to-1} only, so that threads can share a product by columns: no element's arithmetic
     * depends on which thread computes it.
     *
     * @param in   input rows.
     * @param rows rows of {@code in} and {@code out} to compute.
     * @param n    columns of {@code in}, rows of {@code w}.
     * @param w    weights, {@code n} rows.
     * @param from first column of {@code w} and {@code out} to compute.
     * @param to   column after the last.
     * @param out  output rows; those columns are overwritten.
     */
    static void matmul(
        final float[][] in,
        final int rows,
        final int n,
        final float[][] w,
        final int from,
        final int to,
        final float[][] out)
    {
        for (int t = 0; t < rows; t++)
        {
            Arrays.fill(out[t], from, to, 0.0f);
        }
        for (int j0 = from; j0 < to; j0 += COLUMN_TILE)
        {
            final int j1 = Math.min(to, j0 + COLUMN_TILE);
            int i = 0;
            for (; i + 4 <= n; i += 4)
            {
                final float[] w0 = w[i];
                final float[] w1 = w[i + 1];
                final float[] w2 = w[i + 2];
                final float[] w3 = w[i + 3];
                for (int t = 0; t < rows; t++)
                {
                    final float[] x = in[t];
                    final float a0 = x[i];
                    final float a1 = x[i + 1];
                    final float a2 = x[i + 2];
                    final float a3 = x[i + 3];
                    final float[] o = out[t];
                    for (int j = j0; j < j1; j++)
                    {
                        // Java adds left to right: four terms in order, one load and one store of o[j].
                        o[j] = o[j] + a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
                    }
                }
            }
            for (; i < n; i++)
            {
                final float[] weights = w[i];
                for (int t = 0; t < rows; t++)
                {
                    final float a = in[t][i];
                    final float[] o = out[t];
                    for (int j = j0; j < j1; j++)
                    {
                        o[j] += a * weights[j];
                    }
                }
            }
        }
    }

    /**
     * Adds {@code delta} into {@code x} element by element: the residual connection.
     *
     * @param x     the residual stream of a token, updated.
     * @param delta what a sub-layer adds.
     * @param n     elements.
     */
    static void addInto(final float[] x, final float[] delta, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            x[i] += delta[i];
        }
    }

    /**
     * Rotary position embedding of consecutive heads: pairs {@code (2i, 2i+1)} of each head turn by the angle
     * {@code position * theta^(-2i / headDim)}: {@code a' = a * cos - b * sin}, {@code b' = a * sin + b * cos}.
     *
     * @param v       vectors, updated.
     * @param at      index of the first head.
     * @param heads   heads to turn.
     * @param headDim dimensions per head.
     * @param cos     cosines of the position's angles, {@code headDim / 2} of them.
     * @param sin     sines of the same.
     */
    static void rotate(
        final float[] v, final int at, final int heads, final int headDim, final float[] cos, final float[] sin)
    {
        final int half = headDim / 2;
        for (int h = 0; h < heads; h++)
        {
            final int base = at + h * headDim;
            for (int i = 0; i < half; i++)
            {
                final float a = v[base + 2 * i];
                final float b = v[base + 2 * i + 1];
                v[base + 2 * i] = a * cos[i] - b * sin[i];
                v[base + 2 * i + 1] = a * sin[i] + b * cos[i];
            }
        }
    }

    /**
     * Causal attention of the query heads of one KV head, for a chunk of consecutive tokens at positions
     * {@code start .. start + tokens - 1}. Query row {@code r = t * group + k} is query head {@code k} of the group
     * at token {@code t}; it attends to positions {@code 0 .. start + t}. For each row, exactly:
     * <pre>
     *   score[p] = (sum over d, in order, from +0, of k[p][d] * q[d]) * scale
     *   m        = the largest score[p]
     *   e[p]     = exp(score[p] - m)
     *   sum      = sum over p, in order, from +0, of e[p]
     *   out[d]   = (sum over p, in order, from +0, of v[p][d] * e[p]) / sum
     * </pre>
     * so a row's result does not depend on the other rows, on the chunk, or on how a sequence was split into calls.
     * Every inner loop runs over the rows (queries, scores and outputs are held transposed, one array per position or
     * dimension), which C2 vectorises, and adds up to four terms per load and store, left to right as the sums above;
     * a position's rows that may not see it are skipped, not masked, so nothing of a later position ever enters a sum.
     * <p>
     * This is the whole attention over one array holding every position; a cache whose positions are in several
     * places (pages borrowed from the store, then arrays of its own) calls the steps it is made of, {@link #scores}
     * and {@link #addValues} once per run of positions, in position order, between {@link #startScores},
     * {@link #startValues} and {@link #finish}: the same sums in the same order, so the same bits.
     *
     * @param queries   {@code queries[d][r]}: the rotated queries, transposed.
     * @param tokens    tokens in the chunk.
     * @param group     query heads per KV head.
     * @param start     position of the chunk's first token.
     * @param keys      the layer's keys, position-major, {@code kvDim} per position, rotated.
     * @param values    the layer's values, laid out as the keys.
     * @param headAt    index of the KV head within a position's {@code kvDim} elements.
     * @param kvDim     elements per position.
     * @param headDim   dimensions per head.
     * @param scale     {@code 1 / sqrt(headDim)}.
     * @param scores    scratch: {@code start + tokens} arrays of at least {@code tokens * group}.
     * @param max       scratch of {@code tokens * group}.
     * @param sum       scratch of {@code tokens * group}.
     * @param exponent  scratch of {@code tokens * group}.
     * @param out       {@code out[d][r]}: the output, transposed; overwritten.
     */
    static void attend(
        final float[][] queries,
        final int tokens,
        final int group,
        final int start,
        final float[] keys,
        final float[] values,
        final int headAt,
        final int kvDim,
        final int headDim,
        final float scale,
        final float[][] scores,
        final float[] max,
        final float[] sum,
        final float[] exponent,
        final float[][] out)
    {
        final int rows = tokens * group;
        final int positions = start + tokens;
        startScores(max, rows);
        scores(queries, rows, group, start, keys, headAt, kvDim, 0, positions, headDim, scale, scores, max);
        startValues(sum, out, rows, headDim);
        addValues(values, headAt, kvDim, 0, positions, start, group, rows, headDim, scores, max, sum, exponent, out);
        finish(out, sum, rows, headDim);
    }

    /**
     * First step of {@link #attend}: no score seen yet.
     *
     * @param max  the rows' largest scores, reset.
     * @param rows query rows of the chunk, {@code tokens * group}.
     */
    static void startScores(final float[] max, final int rows)
    {
        Arrays.fill(max, 0, rows, Float.NEGATIVE_INFINITY);
    }

    /**
     * Step of {@link #attend} for a run of positions {@code from .. to-1} whose keys are in one array at a fixed
     * stride: the scores of every row that sees each position, and the rows' largest scores so far. Runs are given in
     * position order, all of them before {@link #startValues}.
     *
     * @param queries {@code queries[d][r]}: the rotated queries, transposed.
     * @param rows    query rows of the chunk.
     * @param group   query heads per KV head.
     * @param start   position of the chunk's first token.
     * @param keys    holds the keys of the run.
     * @param keyAt   index of position {@code from}'s key of the KV head in {@code keys}.
     * @param stride  elements from one position's key to the next.
     * @param from    the run's first position.
     * @param to      position after its last, at most {@code start + tokens}.
     * @param headDim dimensions per head.
     * @param scale   {@code 1 / sqrt(headDim)}.
     * @param scores  {@code scores[p][r]}, written for the run's positions.
     * @param max     the rows' largest scores, updated.
     */
    static void scores(
        final float[][] queries,
        final int rows,
        final int group,
        final int start,
        final float[] keys,
        final int keyAt,
        final int stride,
        final int from,
        final int to,
        final int headDim,
        final float scale,
        final float[][] scores,
        final float[] max)
    {
        for (int p = from; p < to; p++)
        {
            final int firstRow = firstRow(p, start, group);
            final float[] score = scores[p];
            Arrays.fill(score, firstRow, rows, 0.0f);
            final int at = keyAt + (p - from) * stride;
            int d = 0;
            for (; d + 4 <= headDim; d += 4)
            {
                final float k0 = keys[at + d];
                final float k1 = keys[at + d + 1];
                final float k2 = keys[at + d + 2];
                final float k3 = keys[at + d + 3];
                final float[] q0 = queries[d];
                final float[] q1 = queries[d + 1];
                final float[] q2 = queries[d + 2];
                final float[] q3 = queries[d + 3];
                for (int r = firstRow; r < rows; r++)
                {
                    score[r] = score[r] + k0 * q0[r] + k1 * q1[r] + k2 * q2[r] + k3 * q3[r];
                }
            }
            for (; d < headDim; d++)
            {
                final float k = keys[at + d];
                final float[] q = queries[d];
                for (int r = firstRow; r < rows; r++)
                {
                    score[r] += k * q[r];
                }
            }
            for (int r = firstRow; r < rows; r++)
            {
                score[r] *= scale;
                max[r] = Math.max(max[r], score[r]);
            }
        }
    }

    /**
     * Step of {@link #attend} once every score is known: the softmax sums and the outputs start from +0.
     *
     * @param sum     the rows' sums of weights, reset.
     * @param out     {@code out[d][r]}, reset.
     * @param rows    query rows of the chunk.
     * @param headDim dimensions per head.
     */
    static void startValues(final float[] sum, final float[][] out, final int rows, final int headDim)
    {
        Arrays.fill(sum, 0, rows, 0.0f);
        for (int d = 0; d < headDim; d++)
        {
            Arrays.fill(out[d], 0, rows, 0.0f);
        }
    }

    /**
     * Step of {@link #attend} for a run of positions {@code from .. to-1} whose values are in one array at a fixed
     * stride: turns the run's scores into softmax weights, adds them to the sums and the weighted values to the
     * outputs. Runs are given in position order. Four positions go through the output per pass where every row sees
     * them: {@code o + v0 * e0 + v1 * e1 + v2 * e2 + v3 * e3} is, as Java adds left to right, the same four additions
     * one position at a time would make, so where a run starts or ends changes no bit.
     *
     * @param values   holds the values of the run.
     * @param valueAt  index of position {@code from}'s value of the KV head in {@code values}.
     * @param stride   elements from one position's value to the next.
     * @param from     the run's first position.
     * @param to       position after its last.
     * @param start    position of the chunk's first token.
     * @param group    query heads per KV head.
     * @param rows     query rows of the chunk.
     * @param headDim  dimensions per head.
     * @param scores   the scores, turned into weights for the run's positions.
     * @param max      the rows' largest scores.
     * @param sum      the rows' sums of weights, updated.
     * @param exponent scratch of {@code rows}.
     * @param out      {@code out[d][r]}, updated.
     */
    static void addValues(
        final float[] values,
        final int valueAt,
        final int stride,
        final int from,
        final int to,
        final int start,
        final int group,
        final int rows,
        final int headDim,
        final float[][] scores,
        final float[] max,
        final float[] sum,
        final float[] exponent,
        final float[][] out)
    {
        int p = from;
        // Before the chunk every row sees every position: four positions per pass over the output.
        for (final int seenByAll = Math.min(to, start); p + 4 <= seenByAll; p += 4)
        {
            final float[] e0 = weights(scores[p], max, sum, exponent, 0, rows);
            final float[] e1 = weights(scores[p + 1], max, sum, exponent, 0, rows);
            final float[] e2 = weights(scores[p + 2], max, sum, exponent, 0, rows);
            final float[] e3 = weights(scores[p + 3], max, sum, exponent, 0, rows);
            final int at = valueAt + (p - from) * stride;
            for (int d = 0; d < headDim; d++)
            {
                final float v0 = values[at + d];
                final float v1 = values[at + stride + d];
                final float v2 = values[at + 2 * stride + d];
                final float v3 = values[at + 3 * stride + d];
                final float[] o = out[d];
                for (int r = 0; r < rows; r++)
                {
                    o[r] = o[r] + v0 * e0[r] + v1 * e1[r] + v2 * e2[r] + v3 * e3[r];
                }
            }
        }
        for (; p < to; p++)
        {
            final int firstRow = firstRow(p, start, group);
            final float[] e = weights(scores[p], max, sum, exponent, firstRow, rows);
            final int at = valueAt + (p - from) * stride;
            for (int d = 0; d < headDim; d++)
            {
                final float v = values[at + d];
                final float[] o = out[d];
                for (int r = firstRow; r < rows; r++)
                {
                    o[r] += v * e[r];
                }
            }
        }
    }

    /**
     * Last step of {@link #attend}: divides the outputs by the sums.
     *
     * @param out     {@code out[d][r]}, divided.
     * @param sum     the rows' sums of weights.
     * @param rows    query rows of the chunk.
     * @param headDim dimensions per head.
     */
    static void finish(final float[][] out, final float[] sum, final int rows, final int headDim)
    {
        for (int d = 0; d < headDim; d++)
        {
            final float[] o = out[d];
            for (int r = 0; r < rows; r++)
            {
                o[r] /= sum[r];
            }
        }
    }

    /**
     * Turns one position's scores into its softmax weights {@code e = exp(score - max)}, in place, and adds them to the
     * rows' sums: called for positions in order, so each sum is added up in position order.
     *
     * @return {@code scores}, now the weights.
     */
    private static float[] weights(
        final float[] scores, final float[] max, final float[] sum, final float[] exponent, final int from,
        final int rows)
    {
        expShifted(scores, max, exponent, from, rows);
        for (int r = from; r < rows; r++)
        {
            sum[r] += scores[r];
        }
        return scores;
    }

    /**
     * @return the first query row of a chunk that sees position {@code p}: all rows see the positions before the
     * chunk, only the chunk's tokens at or after {@code p} see a position within it.
     */
    private static int firstRow(final int p, final int start, final int group)
    {
        return p < start ? 0 : (p - start) * group;
    }
}
