/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

/**
 * What a {@link KvCache} did since it was opened, in this JVM.
 *
 * @param lookups        {@link KvCache#match} calls.
 * @param hitBlocks      blocks found (the prefix each match returned, summed).
 * @param missBlocks     whole blocks asked for and not found.
 * @param tokensReused   tokens whose KV came from the cache: prefill avoided.
 * @param bytesServed    bytes of the pages matches returned.
 * @param pagesPut       pages this JVM stored.
 * @param pagesPresent   pages {@code put} found stored already (by this JVM or another) and did not write again.
 * @param bytesPut       bytes of the pages this JVM stored.
 * @param pagesFetched   pages fetched from other hosts into this host's pool (0 without a cluster).
 * @param fetchFailures  fetches that failed (a stale index entry, a host gone, a timeout): those pages counted as
 *                       missing.
 */
public record KvStats(
    long lookups,
    long hitBlocks,
    long missBlocks,
    long tokensReused,
    long bytesServed,
    long pagesPut,
    long pagesPresent,
    long bytesPut,
    long pagesFetched,
    long fetchFailures)
{
}
