/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import java.util.List;

/**
 * The longest cached prefix of a token sequence: the pages holding its blocks' KV, in order, pinned until closed.
 * Close it once their bytes are copied into the engine (or used in place): a pinned page cannot be evicted.
 */
public final class KvMatch implements AutoCloseable
{
    private final List<KvPage> pages;
    private final int blocks;
    private final int blockTokens;
    private boolean closed;

    KvMatch(final List<KvPage> pages, final int blocks, final int blockTokens)
    {
        this.pages = pages;
        this.blocks = blocks;
        this.blockTokens = blockTokens;
    }

    /**
     * @return blocks of the prefix found: the KV of tokens {@code 0..tokens()-1} is in {@link #pages()}.
     */
    public int blocks()
    {
        return blocks;
    }

    /**
     * @return tokens of the prefix found: prefill may start at this position.
     */
    public int tokens()
    {
        return blocks * blockTokens;
    }

    /**
     * @return the pages, in order, each a run of blocks; empty when nothing was found.
     */
    public synchronized List<KvPage> pages()
    {
        if (closed)
        {
            throw new IllegalStateException("this match was closed: its pages are no longer held");
        }
        return pages;
    }

    /**
     * Releases the pages' pins. Closing twice does nothing.
     */
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            for (final KvPage page : pages)
            {
                page.release();
            }
        }
    }

    public String toString()
    {
        return "KvMatch[" + blocks + " blocks, " + pages.size() + " pages]";
    }
}
