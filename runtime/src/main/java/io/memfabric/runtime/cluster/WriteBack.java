/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The objects this JVM owns (consensus wire version 4) and the writes to them not yet sent to the cluster.
 * <p>
 * A JVM owns an object from its first write to it under a greedy lock grant (a WRITE_BATCH with {@code own}) for as
 * long as that grant is current. Meanwhile the cluster refuses other JVMs' reads and writes of the object (they retry)
 * and asks this JVM to flush it; this JVM keeps later writes to it in its own copy, and sends them when its threads
 * leave a lock (the default durability), in the background, when the grant goes back to the cluster, before a
 * volatile write, before a read from the cluster and when the cluster asks. Flushes are sent in one order, under this
 * object's monitor, which guards everything here.
 */
final class WriteBack
{
    // After the cluster asked for an object, this JVM writes it through for this long instead of owning it again at
    // once: a reader waiting for the object gets it.
    private static final long CONTENDED_NS = TimeUnit.MILLISECONDS.toNanos(100);
    // What one flush message holds at most (as a write of many fields).
    private static final int BATCH_BYTES = 96 * 1024;

    /**
     * An object this JVM owns: the grant its ownership lasts for and its pending writes by cluster slot.
     */
    static final class Owned
    {
        final long objectId;
        final ClusterFabric.Cached copy;
        final long lockId;
        final ClusterFabric.Grant grant;
        final TreeMap<Integer, SlotValue> pending = new TreeMap<>();

        Owned(final long objectId, final ClusterFabric.Cached copy, final long lockId, final ClusterFabric.Grant grant)
        {
            this.objectId = objectId;
            this.copy = copy;
            this.lockId = lockId;
            this.grant = grant;
        }
    }

    /**
     * One flush message sent: its outcome and the copies whose pending writes it carries (made untrusted if it
     * fails).
     */
    record Flush(CompletableFuture<Long> outcome, List<ClusterFabric.Cached> copies, int writes)
    {
    }

    private final FabricConsensus consensus;
    private final Supplier<CounterSet<NodeCounter>> counters;
    private final HashMap<Long, Owned> owned = new HashMap<>();
    private final HashMap<Long, Long> contendedUntilNs = new HashMap<>();
    // Objects a write with own is out for: one at a time per object, so the grant the cluster records as the owner's
    // is the one this JVM records.
    private final HashSet<Long> owning = new HashSet<>();
    private int pendingObjects;
    // The cluster's wire version has no owned objects: everything is written through.
    private volatile boolean unsupported;

    WriteBack(final FabricConsensus consensus, final Supplier<CounterSet<NodeCounter>> counters)
    {
        this.consensus = consensus;
        this.counters = counters;
    }

    /**
     * Keeps a write to an object this JVM owns; false if it does not own it (the caller writes it through).
     */
    synchronized boolean buffer(final long objectId, final int slot, final SlotValue value)
    {
        final Owned object = owned.get(objectId);
        if (object == null)
        {
            return false;
        }
        if (object.pending.isEmpty())
        {
            pendingObjects++;
        }
        object.pending.put(slot, value);
        counters.get().increment(NodeCounter.WRITES_BUFFERED);
        return true;
    }

    /**
     * @return whether a write through to the object should ask to own it; if so, the caller must end with
     * {@link #owns} or {@link #notOwned}.
     */
    synchronized boolean mayOwn(final long objectId)
    {
        if (unsupported || owned.containsKey(objectId) || owning.contains(objectId))
        {
            return false;
        }
        final Long until = contendedUntilNs.get(objectId);
        if (until != null && System.nanoTime() - until < 0)
        {
            return false;
        }
        contendedUntilNs.remove(objectId);
        owning.add(objectId);
        return true;
    }

    /**
     * A write with {@code own} was applied: the object is this JVM's under the grant, unless the grant is no longer
     * in use (it went back meanwhile: the cluster ended the ownership with it).
     */
    synchronized void owns(
        final long objectId, final ClusterFabric.Cached copy, final long lockId, final ClusterFabric.Grant grant,
        final boolean grantLive)
    {
        owning.remove(objectId);
        if (grantLive)
        {
            owned.put(objectId, new Owned(objectId, copy, lockId, grant));
        }
    }

    /**
     * A write with {@code own} failed, or was answered in a wire version without owned objects.
     */
    synchronized void notOwned(final long objectId)
    {
        owning.remove(objectId);
    }

    /**
     * The cluster answered a write with {@code own} in a wire version without owned objects.
     */
    void unsupported()
    {
        unsupported = true;
    }

    synchronized boolean hasPending(final long objectId)
    {
        final Owned object = owned.get(objectId);
        return object != null && !object.pending.isEmpty();
    }

    synchronized boolean anyPending()
    {
        return pendingObjects > 0;
    }

    synchronized boolean ownsAny()
    {
        return !owned.isEmpty();
    }

    /**
     * The cluster asked for the object: it is not owned again for a while.
     */
    synchronized void contended(final long objectId)
    {
        contendedUntilNs.put(objectId, System.nanoTime() + CONTENDED_NS);
        if (contendedUntilNs.size() > 4096)
        {
            final long now = System.nanoTime();
            contendedUntilNs.values().removeIf(until -> now - until >= 0);
        }
    }

    /**
     * Sends the pending writes of the owned objects chosen, fenced by the grants they are owned under, in order with
     * every other flush.
     *
     * @param which        the objects.
     * @param release      whether they stop being owned here.
     * @param tellReleased whether the cluster is told so in the same message ({@code released}); not needed when
     *                     the grant itself goes back next, which ends the ownership.
     * @return the messages sent.
     */
    synchronized List<Flush> send(final Predicate<Owned> which, final boolean release, final boolean tellReleased)
    {
        if (owned.isEmpty())
        {
            return List.of();
        }
        final IdentityHashMap<ClusterFabric.Grant, List<Owned>> byGrant = new IdentityHashMap<>();
        for (final Iterator<Owned> i = owned.values().iterator(); i.hasNext(); )
        {
            final Owned object = i.next();
            if (!which.test(object))
            {
                continue;
            }
            if (release)
            {
                i.remove();
            }
            if (!object.pending.isEmpty() || (release && tellReleased))
            {
                byGrant.computeIfAbsent(object.grant, grant -> new ArrayList<>()).add(object);
            }
        }
        final List<Flush> flushes = new ArrayList<>();
        for (final Map.Entry<ClusterFabric.Grant, List<Owned>> group : byGrant.entrySet())
        {
            final ClusterFabric.Grant grant = group.getKey();
            final List<Owned> objects = group.getValue();
            final long lockId = objects.get(0).lockId;
            List<FabricConsensus.Entry> entries = new ArrayList<>();
            List<ClusterFabric.Cached> copies = new ArrayList<>();
            int bytes = 0;
            for (final Owned object : objects)
            {
                for (final Map.Entry<Integer, SlotValue> write : object.pending.entrySet())
                {
                    final byte[] value = write.getValue().bytes();
                    final int size = 32 + (value == null ? 0 : value.length);
                    if (!entries.isEmpty() && bytes + size > BATCH_BYTES)
                    {
                        flushes.add(sendOne(lockId, grant, entries, copies, List.of()));
                        entries = new ArrayList<>();
                        copies = new ArrayList<>();
                        bytes = 0;
                    }
                    entries.add(new FabricConsensus.Entry(object.objectId, write.getKey(), write.getValue()));
                    bytes += size;
                }
                if (!object.pending.isEmpty())
                {
                    copies.add(object.copy);
                    object.pending.clear();
                    pendingObjects--;
                }
            }
            final List<Long> released = new ArrayList<>();
            if (release && tellReleased)
            {
                for (final Owned object : objects)
                {
                    released.add(object.objectId);
                }
            }
            if (!entries.isEmpty() || !released.isEmpty())
            {
                flushes.add(sendOne(lockId, grant, entries, copies, released));
            }
        }
        return flushes;
    }

    private Flush sendOne(
        final long lockId, final ClusterFabric.Grant grant, final List<FabricConsensus.Entry> entries,
        final List<ClusterFabric.Cached> copies, final List<Long> released)
    {
        counters.get().increment(NodeCounter.FLUSHES);
        counters.get().increment(NodeCounter.WRITE_MESSAGES);
        return new Flush(consensus.write(lockId, grant.token, entries, true, released), copies, entries.size());
    }

    /**
     * The cluster forgot this JVM: what it owned is not its any more, and writes not yet sent are lost.
     *
     * @return how many writes were lost.
     */
    synchronized int dropAll()
    {
        int lost = 0;
        for (final Owned object : owned.values())
        {
            lost += object.pending.size();
        }
        owned.clear();
        pendingObjects = 0;
        return lost;
    }
}
