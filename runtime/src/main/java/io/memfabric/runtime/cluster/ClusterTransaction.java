/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of {@code Fabric.atomically} on a cluster, kept by the thread that runs it: what it read (each object
 * with the version of the copy it read) and what it wrote (newest value per field, as the program gave it and as it
 * is sent). The copies' fields never hold what it wrote: its reads of those fields answer from here, and the commit
 * sends them in one WRITE_BATCH that the cluster applies only if none of the objects read changed.
 */
final class ClusterTransaction
{
    /** Objects read, with what their copy was when first read; in the order read. */
    final Map<Long, Read> reads = new LinkedHashMap<>();
    /** notify (all false) or notifyAll (all true) of objects, sent after the commit. */
    final List<Signal> signals = new ArrayList<>();
    private final Map<Long, Map<Integer, Written>> writes = new LinkedHashMap<>();

    /**
     * An object's copy when the transaction first read it.
     *
     * @param version       the version its fields held.
     * @param invalidations its invalidation count, to tell whether anything touched it since.
     */
    record Read(long version, int invalidations)
    {
    }

    /**
     * A field's value in this transaction.
     *
     * @param value   as the program wrote it (boxed if primitive).
     * @param encoded as the cluster holds it.
     */
    record Written(Object value, SlotValue encoded)
    {
    }

    /**
     * A notify to send after the commit.
     *
     * @param monitor the object.
     * @param all     notifyAll rather than notify.
     */
    record Signal(Object monitor, boolean all)
    {
    }

    void write(final long objectId, final int slot, final Object value, final SlotValue encoded)
    {
        writes.computeIfAbsent(objectId, id -> new HashMap<>()).put(slot, new Written(value, encoded));
    }

    /**
     * @return the field's value in this transaction, or {@code null} if it did not write it.
     */
    Written written(final long objectId, final int slot)
    {
        final Map<Integer, Written> fields = writes.get(objectId);
        return fields == null ? null : fields.get(slot);
    }

    boolean wroteNothing()
    {
        return writes.isEmpty();
    }

    Iterable<Long> written()
    {
        return writes.keySet();
    }

    /**
     * @return the fields this transaction wrote in an object, by slot of its layout.
     */
    Map<Integer, Written> writtenIn(final long objectId)
    {
        return writes.get(objectId);
    }

    /**
     * @return the writes as WRITE_BATCH entries (the object's slot numbers are its layout's, plus one).
     */
    List<FabricConsensus.Entry> entries()
    {
        final List<FabricConsensus.Entry> entries = new ArrayList<>();
        writes.forEach((objectId, fields) -> fields.forEach((slot, written) ->
            entries.add(new FabricConsensus.Entry(objectId, ObjectImage.clusterSlot(slot), written.encoded()))));
        return entries;
    }

    /**
     * @return what the attempt read, as the batch's expected versions.
     */
    List<FabricConsensus.Expected> expected()
    {
        final List<FabricConsensus.Expected> expected = new ArrayList<>(reads.size());
        reads.forEach((objectId, read) -> expected.add(new FabricConsensus.Expected(objectId, read.version())));
        return expected;
    }
}
