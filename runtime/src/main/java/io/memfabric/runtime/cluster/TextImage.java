/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.FabricException;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.wire.Wtf8;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * How a long string is held in the consensus cluster: a string whose text (UTF-8, unpaired surrogates kept, see
 * {@link Wtf8}) is longer than {@link #INLINE_MAX} bytes is not put into its field's slot but into cluster objects
 * of its own, and the slot references them. One <em>head</em> object holds the marker {@link #HEAD_TYPE} in slot 0,
 * the text's length in bytes in slot 1 and references to its <em>chunks</em> from slot 2 on; each chunk holds the
 * marker {@link #CHUNK_TYPE} and at most {@link #CHUNK_BYTES} bytes. Chunks keep every message small, whatever the
 * string's length, and a graph read fetches a head with its chunks.
 * <p>
 * Text objects are written once, under ids nobody else holds, before the reference to them is written, so a reader
 * never sees part of a string; they never change after.
 */
final class TextImage
{
    /**
     * The longest text held in the field's own slot.
     */
    static final int INLINE_MAX = 8 * 1024;
    /**
     * The most text bytes one chunk holds.
     */
    static final int CHUNK_BYTES = 48 * 1024;
    /**
     * Marks a head; no Java class has this binary name.
     */
    static final String HEAD_TYPE = "#text";
    /**
     * Marks a chunk.
     */
    static final String CHUNK_TYPE = "#text-chunk";

    private static final int MAX_CHUNKS = 60_000;

    private TextImage()
    {
    }

    /**
     * @param bytes a text's bytes.
     * @return whether the text goes into objects of its own.
     */
    static boolean isLong(final byte[] bytes)
    {
        return bytes.length > INLINE_MAX;
    }

    /**
     * @param bytes a long text's bytes.
     * @return how many object ids it takes: its head and its chunks.
     */
    static int idsNeeded(final byte[] bytes)
    {
        final int chunks = (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
        if (chunks > MAX_CHUNKS)
        {
            throw new FabricException(FabricException.Category.LIMIT,
                "A string of " + bytes.length + " bytes is longer than the fabric holds (" +
                (long)MAX_CHUNKS * CHUNK_BYTES + " bytes of UTF-8)");
        }
        return 1 + chunks;
    }

    /**
     * Adds the entries that write a long text under ids {@code firstId} (its head) and on (its chunks).
     *
     * @param bytes   the text's bytes.
     * @param firstId the first of {@link #idsNeeded(byte[])} fresh ids.
     * @param out     where the entries go.
     */
    static void encode(final byte[] bytes, final long firstId, final List<FabricConsensus.Entry> out)
    {
        final int chunks = idsNeeded(bytes) - 1;
        out.add(new FabricConsensus.Entry(firstId, ObjectImage.TYPE_SLOT, SlotValue.ofString(HEAD_TYPE)));
        out.add(new FabricConsensus.Entry(firstId, 1, SlotValue.ofLong(bytes.length)));
        for (int i = 0; i < chunks; i++)
        {
            final long chunkId = firstId + 1 + i;
            final int from = i * CHUNK_BYTES;
            final byte[] part = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK_BYTES));
            out.add(new FabricConsensus.Entry(firstId, 2 + i, SlotValue.ofRef(chunkId)));
            out.add(new FabricConsensus.Entry(chunkId, ObjectImage.TYPE_SLOT, SlotValue.ofString(CHUNK_TYPE)));
            out.add(new FabricConsensus.Entry(chunkId, 1, SlotValue.ofBytes(part)));
        }
    }

    /**
     * @param typeName slot 0 of a cluster object.
     * @return whether the object is part of a long text, not a Java object.
     */
    static boolean isTextObject(final String typeName)
    {
        return HEAD_TYPE.equals(typeName) || CHUNK_TYPE.equals(typeName);
    }

    /**
     * Puts a long text back together.
     *
     * @param head   the head's slots.
     * @param chunks the slots of a chunk by its id.
     * @return the string.
     */
    static String decode(final List<SlotValue> head, final LongFunction<List<SlotValue>> chunks)
    {
        final long length = head.size() > 1 ? head.get(1).bits() : -1;
        if (length < 0 || length > Integer.MAX_VALUE - 16)
        {
            throw new FabricException(FabricException.Category.CORRUPT,
                "A long text in the fabric has a damaged head (length " + length + ")");
        }
        final byte[] bytes = new byte[(int)length];
        int at = 0;
        for (int slot = 2; slot < head.size(); slot++)
        {
            final SlotValue ref = head.get(slot);
            final List<SlotValue> chunk = ref.tag() == ValueTag.REF ? chunks.apply(ref.bits()) : null;
            final byte[] part = chunk != null && chunk.size() > 1 ? chunk.get(1).bytes() : null;
            if (part == null || at + part.length > bytes.length)
            {
                throw new FabricException(FabricException.Category.CORRUPT,
                    "A long text in the fabric is missing chunk " + (slot - 2));
            }
            System.arraycopy(part, 0, bytes, at, part.length);
            at += part.length;
        }
        if (at != bytes.length)
        {
            throw new FabricException(FabricException.Category.CORRUPT,
                "A long text in the fabric holds " + at + " of its " + length + " bytes");
        }
        return Wtf8.decode(bytes, 0, bytes.length);
    }
}
