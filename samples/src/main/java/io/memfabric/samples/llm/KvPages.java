/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Moves a sequence's KV cache out of a {@link KvState} as pages of bytes and back in, for the KV-cache store to keep
 * under the prefix's block hashes ({@code io.memfabric.kv.PrefixHash}, same block size). A block is
 * {@link #blockSize()} consecutive positions, starting at a multiple of it; a page is a run of consecutive blocks.
 * <p>
 * <b>Layout</b>, byte for byte. A page of {@code n} blocks starting at block {@code f} is
 * {@code n * B * kvBytesPerToken} bytes, with no header: every element is an IEEE 754 binary32 in little-endian byte
 * order, its raw bits (NaN payloads included), and the element for block {@code f + b}, layer {@code l}, {@code kv}
 * (0 for the key, 1 for the value), position {@code p} within the block, KV head {@code g} and dimension {@code d} is
 * at byte offset
 * <pre>
 *   4 * (((((b * layers + l) * 2 + kv) * B + p) * kvHeads + g) * headDim + d)
 * </pre>
 * i.e. block-major, then layer, then key before value, then position, then KV head, then head dimension. Keys are
 * stored after the rotary embedding of their absolute position {@code (f + b) * B + p}.
 * <p>
 * <b>Why this order.</b> Blocks outermost makes a run of blocks one contiguous page and the concatenation of its
 * single-block pages, byte for byte: the store can keep a run as one page or split it at any block boundary (a
 * longest-prefix match ends at a block), and a page travels as one contiguous transfer. Within a block, layer then
 * key/value, because a layer's attention reads exactly those two tensors. Positions before heads (the NHD order of
 * paged-attention kernels) because the cache itself is position-major, so each {@code (block, layer, K|V)} section is
 * one bulk copy of {@code B * kvHeads * headDim} floats to and from it.
 * <p>
 * A cache may also borrow pages instead of importing them ({@link #borrowInto}): it then reads their blocks in place,
 * in this layout, and holds only the positions after them.
 * <p>
 * Pages carry no model identity: the store keys them by {@link #fingerprint()} and the block hash. A page of another
 * model or block size is refused here only when its length gives it away, which is why importing checks that the
 * state is this instance's model.
 */
public final class KvPages
{
    /**
     * Positions per block unless told otherwise: SGLang's and vLLM's usual page size.
     */
    public static final int DEFAULT_BLOCK_SIZE = 16;

    private final ModelConfig config;
    private final int blockSize;
    private final int floatsPerSection;
    private final long bytesPerBlock;

    /**
     * Pages of {@link #DEFAULT_BLOCK_SIZE}-position blocks.
     *
     * @param config the model whose caches are paged.
     */
    public KvPages(final ModelConfig config)
    {
        this(config, DEFAULT_BLOCK_SIZE);
    }

    /**
     * Pages of blocks of a given size.
     *
     * @param config    the model whose caches are paged.
     * @param blockSize positions per block, at least 1.
     * @throws IllegalArgumentException if the block size is below 1 or one block is more than a byte array holds.
     */
    public KvPages(final ModelConfig config, final int blockSize)
    {
        if (blockSize < 1)
        {
            throw new IllegalArgumentException("the block size is " + blockSize + " positions; it must be at least " +
                "1 (" + DEFAULT_BLOCK_SIZE + " is the default)");
        }
        this.config = config;
        this.blockSize = blockSize;
        this.bytesPerBlock = blockSize * config.kvBytesPerToken();
        if (bytesPerBlock > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("a block of " + blockSize + " positions of model " + config.name() +
                " is " + bytesPerBlock + " bytes, more than a byte array holds");
        }
        this.floatsPerSection = blockSize * config.kvDim();
    }

    /**
     * @return the model whose caches are paged.
     */
    public ModelConfig config()
    {
        return config;
    }

    /**
     * @return positions per block.
     */
    public int blockSize()
    {
        return blockSize;
    }

    /**
     * @return bytes of one block: {@code blockSize * kvBytesPerToken}.
     */
    public int blockBytes()
    {
        return (int)bytesPerBlock;
    }

    /**
     * @param blockCount blocks in a page.
     * @return bytes of a page of that many blocks: {@code blockCount * blockSize * kvBytesPerToken}.
     * @throws IllegalArgumentException if the count is below 1 or the page is more than a byte array holds.
     */
    public int pageBytes(final int blockCount)
    {
        if (blockCount < 1)
        {
            throw new IllegalArgumentException("a page of " + blockCount + " blocks: a page holds at least one");
        }
        final long bytes = blockCount * bytesPerBlock;
        if (bytes > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("a page of " + blockCount + " blocks of model " + config.name() +
                " is " + bytes + " bytes, more than a byte array holds: use smaller pages");
        }
        return (int)bytes;
    }

    /**
     * @param state a KV cache of this model.
     * @return whole blocks it holds: the blocks that can be exported.
     */
    public int wholeBlocks(final KvState state)
    {
        return state.length() / blockSize;
    }

    /**
     * What a stored page of this pager must be keyed by, besides the block hash: the model's fingerprint, the block
     * size and this layout. Two pagers with equal fingerprints read and write the same bytes.
     *
     * @return e.g. {@code <model fingerprint> kvPage=16 layout=block,layer,kv,position,kvHead,headDim float32le}.
     */
    public String fingerprint()
    {
        return config.fingerprint() + " kvPage=" + blockSize + " layout=block,layer,kv,position,kvHead,headDim " +
            "float32le";
    }

    /**
     * Exports a run of blocks as one page. Borrowed blocks are read from the pages the cache borrowed them from.
     *
     * @param state      a KV cache of this model holding the blocks.
     * @param fromBlock  the first block.
     * @param blockCount blocks in the page, at least one.
     * @return the page, {@link #pageBytes(int) pageBytes(blockCount)} long.
     * @throws IllegalArgumentException if the cache is another model's or does not hold the blocks.
     */
    public byte[] export(final KvState state, final int fromBlock, final int blockCount)
    {
        checkExport(state, fromBlock, blockCount);
        final byte[] page = new byte[pageBytes(blockCount)];
        write(state, fromBlock, blockCount, ByteBuffer.wrap(page));
        return page;
    }

    /**
     * Exports a run of blocks as one page into a buffer, e.g. a page of the host's page pool, at its position, which
     * moves past the page. The buffer's own byte order does not matter. Borrowed blocks are read from the pages the
     * cache borrowed them from, which must still be valid: the KV-cache store may ask for a page that begins with
     * them.
     *
     * @param state      a KV cache of this model holding the blocks.
     * @param fromBlock  the first block.
     * @param blockCount blocks in the page, at least one.
     * @param page       where the page goes, with at least {@link #pageBytes(int) pageBytes(blockCount)} remaining.
     * @throws IllegalArgumentException if the cache is another model's or does not hold the blocks, or the buffer has
     *                                  too little room (then nothing is written).
     */
    public void export(final KvState state, final int fromBlock, final int blockCount, final ByteBuffer page)
    {
        checkExport(state, fromBlock, blockCount);
        final int bytes = pageBytes(blockCount);
        if (page.remaining() < bytes)
        {
            throw new IllegalArgumentException("a page of " + blockCount + " blocks of model " + config.name() +
                " is " + bytes + " bytes; the buffer has " + page.remaining() + " remaining");
        }
        write(state, fromBlock, blockCount, page);
        page.position(page.position() + bytes);
    }

    /**
     * Appends a page's blocks to a KV cache, which must end where the page begins: pages go back in order, because
     * keys hold their positions.
     *
     * @param state      a KV cache of this model holding exactly {@code fromBlock * blockSize} positions (borrowed ones
     *                   included: imported positions after a borrowed prefix are the cache's own).
     * @param page       the page: the bytes from its position to its limit, exactly
     *                   {@link #pageBytes(int) pageBytes(blockCount)} of them; its position moves to its limit. Its
     *                   own byte order does not matter.
     * @param fromBlock  the page's first block.
     * @param blockCount blocks in the page, at least one.
     * @throws IllegalArgumentException if the cache is another model's or of another length, or the page is of
     *                                  another length; the cache is then unchanged.
     */
    public void importInto(final KvState state, final ByteBuffer page, final int fromBlock, final int blockCount)
    {
        checkModel(state);
        final int bytes = pageBytes(blockCount);
        if (fromBlock < 0 || (long)fromBlock * blockSize != state.length())
        {
            throw new IllegalArgumentException("block " + fromBlock + " starts at position " +
                (long)fromBlock * blockSize + " but the cache holds " + state.length() + " positions: pages are " +
                "imported in order, each right after the last (block size " + blockSize + ")");
        }
        if (page.remaining() != bytes)
        {
            throw new IllegalArgumentException("a page of " + blockCount + " blocks of " + blockSize +
                " positions of model " + config.name() + " is " + bytes + " bytes; this one is " + page.remaining() +
                ": another model, block size or block count");
        }
        final long end = (long)state.length() + (long)blockCount * blockSize;
        if (end > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("a sequence of " + end + " positions");
        }
        state.ensureCapacity((int)end);

        final FloatBuffer floats = page.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int b = 0; b < blockCount; b++)
        {
            final int at = ((fromBlock + b) * blockSize - state.borrowedLength()) * config.kvDim();
            for (int layer = 0; layer < config.layers(); layer++)
            {
                floats.get(state.keys(layer), at, floatsPerSection);
                floats.get(state.values(layer), at, floatsPerSection);
            }
        }
        state.commit((int)end);
        page.position(page.limit());
    }

    /**
     * Appends a page's blocks to a KV cache as borrowed positions: the cache reads them in place from the page's
     * memory whenever attention needs them, and copies none of them into its own arrays. This is
     * {@link #importInto} without the copy, for the store's pages in the host's shared pool, so that agents on a host
     * hold a shared prefix's KV once. Pages go in in order, each right after the last, and before any position the
     * cache computes or imports: a borrowed prefix is the cache's first positions.
     * <p>
     * The cache keeps a view of the page's bytes: they must stay valid and unchanged while it is used (the store's
     * pages: while their {@code KvMatch} is open). The page may be read-only; its own byte order does not matter.
     *
     * @param state      a KV cache of this model holding exactly {@code fromBlock * blockSize} positions, all of them
     *                   borrowed (none, for the first page), in blocks of this pager's size.
     * @param page       the page: the bytes from its position to its limit, exactly
     *                   {@link #pageBytes(int) pageBytes(blockCount)} of them; its position moves to its limit.
     * @param fromBlock  the page's first block.
     * @param blockCount blocks in the page, at least one.
     * @throws IllegalArgumentException if the cache is another model's or of another length, holds positions of its
     *                                  own, borrowed blocks of another size, or the page is of another length; the
     *                                  cache is then unchanged.
     */
    public void borrowInto(final KvState state, final ByteBuffer page, final int fromBlock, final int blockCount)
    {
        checkModel(state);
        final int bytes = pageBytes(blockCount);
        if (state.length() != state.borrowedLength())
        {
            throw new IllegalArgumentException("the cache holds " + (state.length() - state.borrowedLength()) +
                " positions of its own: pages are borrowed before any position the cache computes or imports");
        }
        if (fromBlock < 0 || (long)fromBlock * blockSize != state.length())
        {
            throw new IllegalArgumentException("block " + fromBlock + " starts at position " +
                (long)fromBlock * blockSize + " but the cache holds " + state.length() + " positions: pages are " +
                "borrowed in order, each right after the last (block size " + blockSize + ")");
        }
        if (state.borrowedLength() > 0 && state.borrowedBlockSize() != blockSize)
        {
            throw new IllegalArgumentException("the cache borrowed blocks of " + state.borrowedBlockSize() +
                " positions; these are of " + blockSize);
        }
        if (page.remaining() != bytes)
        {
            throw new IllegalArgumentException("a page of " + blockCount + " blocks of " + blockSize +
                " positions of model " + config.name() + " is " + bytes + " bytes; this one is " + page.remaining() +
                ": another model, block size or block count");
        }
        final long end = (long)state.length() + (long)blockCount * blockSize;
        if (end > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("a sequence of " + end + " positions");
        }
        state.borrow(page, blockSize, blockCount);
        page.position(page.limit());
    }

    private void write(final KvState state, final int fromBlock, final int blockCount, final ByteBuffer page)
    {
        final FloatBuffer floats = page.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        final int kvDim = config.kvDim();
        final int borrowed = state.borrowedLength();
        final int borrowedBlockSize = state.borrowedBlockSize();
        for (int b = 0; b < blockCount; b++)
        {
            final int first = (fromBlock + b) * blockSize;
            for (int layer = 0; layer < config.layers(); layer++)
            {
                for (int kv = 0; kv < 2; kv++)
                {
                    final float[] owned = kv == 0 ? state.keys(layer) : state.values(layer);
                    int p = first;
                    // Borrowed positions come from the pages the cache reads them from (the store asks for a whole
                    // page, which may begin with them), in runs that are contiguous there too.
                    while (p < first + blockSize && p < borrowed)
                    {
                        final int block = p / borrowedBlockSize;
                        final int within = p - block * borrowedBlockSize;
                        final int run = Math.min(Math.min(first + blockSize, borrowed),
                            (block + 1) * borrowedBlockSize) - p;
                        floats.put(floats.position(), state.borrowedBlock(block),
                            ((layer * 2 + kv) * borrowedBlockSize + within) * kvDim, run * kvDim);
                        floats.position(floats.position() + run * kvDim);
                        p += run;
                    }
                    if (p < first + blockSize)
                    {
                        floats.put(owned, (p - borrowed) * kvDim, (first + blockSize - p) * kvDim);
                    }
                }
            }
        }
    }

    private void checkExport(final KvState state, final int fromBlock, final int blockCount)
    {
        checkModel(state);
        if (fromBlock < 0 || blockCount < 1 ||
            ((long)fromBlock + blockCount) * blockSize > state.length())
        {
            throw new IllegalArgumentException("blocks " + fromBlock + ".." + ((long)fromBlock + blockCount) +
                " of " + blockSize + " positions: the cache holds " + state.length() + " positions, " +
                wholeBlocks(state) + " whole blocks");
        }
    }

    private void checkModel(final KvState state)
    {
        if (!config.equals(state.config()))
        {
            throw new IllegalArgumentException("the KV cache is of model " + state.config().fingerprint() +
                ", these pages are of model " + config.fingerprint());
        }
    }
}
