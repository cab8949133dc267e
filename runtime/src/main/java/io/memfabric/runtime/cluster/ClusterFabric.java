/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.FabricConfig;
import io.memfabric.FabricConfigurationException;
import io.memfabric.FabricException;
import io.memfabric.FabricLockLostException;
import io.memfabric.FabricUnavailableException;
import io.memfabric.FabricUri;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.ConsensusException;
import io.memfabric.consensus.client.ConsensusTimeoutException;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.ValueTag;
import io.memfabric.runtime.FabricNode;
import io.memfabric.runtime.ObjectHeader;
import io.memfabric.runtime.RootCell;
import io.memfabric.runtime.SharedClassLayout;
import io.memfabric.runtime.SharedInstance;
import io.memfabric.runtime.StrongStore;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fabric as a client of the consensus cluster, used when {@code memfabric.cluster} is set. The cluster holds the
 * authoritative copy of every shared object and root; this node keeps local copies in the objects' own fields.
 * <ul>
 *   <li><b>Reads.</b> A read whose local copy is not valid reads the whole object from the cluster with a read lease
 *   ({@code memfabric.lease.ms}); until the lease runs out (locally, 10% early) or the cluster pushes an
 *   {@code INVALIDATE}, reads are local field loads. The cluster applies another node's write only after every lease
 *   holder acknowledged the invalidation or its lease ran out, so a local read never returns an overwritten value.
 *   </li>
 *   <li><b>Writes</b> commit through the cluster log before they return (the local copy is then invalid, so the next
 *   read sees the committed state). A write made while the thread holds a fabric lock is fenced by the innermost
 *   lock's token: once that lock was lost, the write is refused with {@link FabricLockLostException}.</li>
 *   <li><b>Publication.</b> Storing an unshared object writes it and everything it references in one atomic batch
 *   before the reference itself is written, so no node sees a half-published graph.</li>
 *   <li><b>{@code synchronized}</b> on a shared object takes the cluster's reentrant lock for (this JVM, thread);
 *   nested entries by the same thread are counted here. {@code wait} releases the fabric lock, waits a poll
 *   interval (as a spurious wake-up), and takes the lock back; {@code notify} wakes local waiters at once and
 *   remote ones at their next poll.</li>
 * </ul>
 * Every operation waits for an unreachable cluster at most {@code memfabric.timeout.ms}, then fails with
 * {@link FabricUnavailableException}; requests are resent to a new leader and applied once.
 */
public final class ClusterFabric extends FabricNode
{
    /**
     * The slot of a root's cluster object that holds the root's value.
     */
    public static final int CELL_SLOT = 1;

    private static final long WAIT_POLL_MS = 100;
    private static final long LOCK_POLL_MS = 50;
    private static final double LEASE_SAFETY = 0.9;

    private final ConsensusClient client;
    private final FabricConsensus consensus;
    private final long leaseMs;
    private final long timeoutMs;
    private final ConcurrentHashMap<Long, Cached> cached = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor leaseTimer;
    private final ThreadLocal<HeldLocks> heldLocks = ThreadLocal.withInitial(HeldLocks::new);
    private final Object materializeLock = new Object();
    private final AtomicLong strayInvalidations = new AtomicLong();
    private volatile long sessionEpoch;
    private volatile boolean everConnected;

    /**
     * Connects to the cluster named by {@code memfabric.cluster} and waits until it answers.
     *
     * @param config concluded settings with a cluster.
     * @throws FabricUnavailableException if the cluster does not answer within {@code memfabric.timeout.ms}.
     */
    public ClusterFabric(final FabricConfig config)
    {
        super(config, new ClusterStore());
        ((ClusterStore)store()).fabric = this;
        this.leaseMs = config.leaseMs();
        this.timeoutMs = config.timeoutMs();
        final ClusterEndpoints endpoints;
        try
        {
            endpoints = ClusterEndpoints.parse(config.cluster());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new FabricConfigurationException(FabricConfig.CLUSTER_PROP_NAME + ": " +
                ex.getMessage());
        }
        client = ConsensusClient.start(new ClientConfig()
            .endpoints(endpoints)
            .requestTimeoutMs(timeoutMs)
            .leaseTtlMs(config.sessionMs())
            .idle(MemberConfig.Idle.valueOf(config.idle().toUpperCase(Locale.ROOT))), this::onPush);
        consensus = new FabricConsensus(client);
        leaseTimer = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "memfabric-lease-timer");
            thread.setDaemon(true);
            return thread;
        });
        leaseTimer.setRemoveOnCancelPolicy(true);
        try
        {
            call(consensus.registerNode(ManagementFactory.getRuntimeMXBean().getName(), ""), "joining the fabric");
        }
        catch (final RuntimeException ex)
        {
            client.close();
            leaseTimer.shutdownNow();
            throw ex;
        }
    }

    /**
     * @return the node's name, for messages.
     */
    public String toString()
    {
        return "cluster fabric " + config().cluster();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        if (!isClosed())
        {
            super.close();
            client.close();
            leaseTimer.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Publication and materialization
    // ---------------------------------------------------------------------------------------------------------------

    protected void onShared(final ObjectHeader header)
    {
        access(header, false, false);
    }

    protected void share(final List<SharedInstance> objects)
    {
        final long firstId = call(consensus.allocateIds(objects.size()), "allocating object ids");
        final IdentityHashMap<Object, Long> ids = new IdentityHashMap<>();
        for (int i = 0; i < objects.size(); i++)
        {
            ids.put(objects.get(i), firstId + i);
        }
        final List<FabricConsensus.Entry> entries = new ArrayList<>();
        for (final SharedInstance object : objects)
        {
            ObjectImage.encode(object, ids.get(object), referenced ->
            {
                final Long id = ids.get(referenced);
                return id != null ? id : idOf(referenced);
            }, entries);
        }
        fencedWrite(entries, "publishing " + objects.size() + " object(s)");
        for (final SharedInstance object : objects)
        {
            final long id = ids.get(object);
            final ObjectHeader header = install(object, id);
            final ObjectCopy copy = new ObjectCopy(id, header, object);
            copy.filled = true;
            cached.put(id, copy);
        }
    }

    private long idOf(final Object object)
    {
        final ObjectHeader header = ((SharedInstance)object).$mf$header();
        if (header == null)
        {
            throw new FabricException("Internal error: " + object.getClass().getName() + " is referenced by a " +
                "shared object but was not published");
        }
        return header.objectId();
    }

    private Object resolve(final long objectId)
    {
        final Cached copy = cached.get(objectId);
        if (copy instanceof ObjectCopy)
        {
            return ((ObjectCopy)copy).object;
        }
        throw new FabricException("Internal error: shared object #" + objectId + " has no local copy");
    }

    // Makes local copies of every object reachable from `slots` that this node has not seen, reading the graph
    // breadth first (one round of parallel reads per level), then fills them.
    private void materialize(final List<SlotValue> slots, final ClassLoader loader)
    {
        List<Long> frontier = unknownRefs(slots, Map.of());
        if (frontier.isEmpty())
        {
            return;
        }
        synchronized (materializeLock)
        {
            final Map<Long, FabricConsensus.ObjectState> states = new HashMap<>();
            final Map<Long, Long> sentNs = new HashMap<>();
            final long strayBefore = strayInvalidations.get();
            frontier = unknownRefs(slots, states);
            while (!frontier.isEmpty())
            {
                final long sent = System.nanoTime();
                final List<CompletableFuture<FabricConsensus.ObjectState>> reads = new ArrayList<>();
                for (final long id : frontier)
                {
                    reads.add(consensus.readAll(id, leaseMs));
                }
                final List<Long> next = new ArrayList<>();
                for (int i = 0; i < frontier.size(); i++)
                {
                    final FabricConsensus.ObjectState state = call(reads.get(i), "reading shared object #" +
                        frontier.get(i));
                    states.put(frontier.get(i), state);
                    sentNs.put(frontier.get(i), sent);
                }
                for (final long id : frontier)
                {
                    for (final long ref : unknownRefs(states.get(id).slots(), states))
                    {
                        if (!next.contains(ref))
                        {
                            next.add(ref);
                        }
                    }
                }
                frontier = next;
            }
            final List<ObjectCopy> created = new ArrayList<>();
            for (final Map.Entry<Long, FabricConsensus.ObjectState> entry : states.entrySet())
            {
                final long id = entry.getKey();
                final String typeName = ObjectImage.typeName(entry.getValue().slots());
                if (typeName == null || typeName.isEmpty())
                {
                    throw new FabricException("Shared object #" + id + " is referenced but was never written; " +
                        "the fabric's state is damaged");
                }
                final Class<?> type;
                try
                {
                    type = Class.forName(typeName, true, loader);
                }
                catch (final ClassNotFoundException ex)
                {
                    throw new FabricException("A shared object of class " + typeName + " is reachable from this " +
                        "JVM's roots, but this JVM cannot load that class; put it on the class path of every JVM " +
                        "that shares the root");
                }
                final Object object = ObjectImage.newInstance(type);
                if (!(object instanceof SharedInstance))
                {
                    throw new FabricException("Class " + typeName + " is shared in the fabric but this JVM did " +
                        "not make it shareable: " + SharedClassLayout.notShareable(type));
                }
                final ObjectHeader header = install((SharedInstance)object, id);
                final ObjectCopy copy = new ObjectCopy(id, header, object);
                cached.put(id, copy);
                created.add(copy);
            }
            final boolean stray = strayInvalidations.get() != strayBefore;
            for (final ObjectCopy copy : created)
            {
                // A copy starts with no invalidations; any it got since, or one that came before it existed (it
                // may have revoked the lease of the read), leaves it filled but not trusted.
                adopt(copy, states.get(copy.objectId), stray ? -1 : 0, sentNs.get(copy.objectId));
            }
        }
    }

    private List<Long> unknownRefs(final List<SlotValue> slots, final Map<Long, ?> alsoKnown)
    {
        List<Long> unknown = List.of();
        for (int i = 1; i < slots.size(); i++)
        {
            final SlotValue value = slots.get(i);
            if (value.tag() == ValueTag.REF && !cached.containsKey(value.bits()) &&
                !alsoKnown.containsKey(value.bits()))
            {
                if (unknown.isEmpty())
                {
                    unknown = new ArrayList<>();
                }
                if (!unknown.contains(value.bits()))
                {
                    unknown.add(value.bits());
                }
            }
        }
        return unknown;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    protected void refresh(final ObjectHeader header, final Object owner)
    {
        ensureOpen();
        final Cached copy = cached.get(header.objectId());
        refresh(copy, owner.getClass().getClassLoader());
    }

    private void refresh(final Cached copy, final ClassLoader loader)
    {
        final int invalidations;
        synchronized (copy)
        {
            invalidations = copy.invalidations;
        }
        final long sent = System.nanoTime();
        final FabricConsensus.ObjectState state = call(consensus.readAll(copy.objectId, leaseMs),
            "reading " + copy);
        materialize(state.slots(), loader);
        adopt(copy, state, invalidations, sent);
    }

    // Applies a state read from the cluster to a local copy, unless the copy already holds a newer one, and makes
    // the copy readable locally if the read came with a lease that nothing has overtaken since.
    private void adopt(
        final Cached copy, final FabricConsensus.ObjectState state, final int invalidationsBefore, final long sentNs)
    {
        synchronized (copy)
        {
            if (!copy.filled || state.version() > copy.appliedVersion)
            {
                copy.valid(false);
                copy.apply(state.slots());
                copy.appliedVersion = state.version();
                copy.filled = true;
            }
            if (leaseMs > 0 && state.readLeaseExpiresAtMs() > 0 && copy.invalidations == invalidationsBefore &&
                copy.writesInFlight == 0 && state.version() >= copy.appliedVersion)
            {
                final long leaseNs = (long)(TimeUnit.MILLISECONDS.toNanos(Math.min(leaseMs, 60_000)) * LEASE_SAFETY);
                final long remainingNs = sentNs + leaseNs - System.nanoTime();
                if (remainingNs > 0)
                {
                    final long generation = ++copy.leaseGeneration;
                    copy.valid(true);
                    leaseTimer.schedule(() -> copy.expire(generation), remainingNs, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writes
    // ---------------------------------------------------------------------------------------------------------------

    protected boolean write(final ObjectHeader header, final Object owner, final int slot, final Object value)
    {
        ensureOpen();
        publish(value);
        final SharedClassLayout.Slot field = header.layout().slot(slot);
        final SlotValue encoded = ObjectImage.encodeValue(field.type(), value, this::idOf);
        final Cached copy = cached.get(header.objectId());
        writeSlot(copy, ObjectImage.clusterSlot(slot), encoded, field.toString());
        return false;
    }

    private void writeSlot(final Cached copy, final int clusterSlot, final SlotValue value, final String what)
    {
        copy.beginWrite();
        try
        {
            fencedWrite(List.of(new FabricConsensus.Entry(copy.objectId, clusterSlot, value)), "writing " + what);
        }
        finally
        {
            copy.endWrite();
        }
    }

    private void fencedWrite(final List<FabricConsensus.Entry> entries, final String what)
    {
        final Held fence = heldLocks.get().innermost();
        if (fence == null)
        {
            call(consensus.write(0, 0, entries), what);
            return;
        }
        if (fence.epoch != sessionEpoch)
        {
            throw lockLost(fence, what);
        }
        try
        {
            call(consensus.write(fence.lockId, fence.token, entries), what);
        }
        catch (final ConsensusException ex)
        {
            if (ex.code() == ErrorCode.STALE_TOKEN || ex.code() == ErrorCode.NOT_CONNECTED)
            {
                throw lockLost(fence, what);
            }
            throw ex;
        }
    }

    private FabricLockLostException lockLost(final Held fence, final String what)
    {
        fence.lost = true;
        return new FabricLockLostException("This thread no longer holds the fabric lock of shared object #" +
            fence.lockId + " (fencing token " + fence.token + "): the cluster gave it to another JVM after this " +
            "JVM was silent longer than " + FabricConfig.SESSION_MS_PROP_NAME + " (" + config().sessionMs() +
            " ms; paused, or cut off). " + what + " was not applied. Leave the synchronized block and redo the " +
            "work under a new lock.");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Monitors
    // ---------------------------------------------------------------------------------------------------------------

    protected void monitorEnter(final ObjectHeader header, final Object owner)
    {
        super.monitorEnter(header, owner);
        ensureOpen();
        enter(header.objectId(), String.valueOf(header));
    }

    // A class's monitor is the lock of a root's cluster object named after the class: the same in every JVM.
    protected long classMonitorId(final FabricUri uri)
    {
        return call(consensus.root(uri.toString()), "looking up " + uri);
    }

    protected void monitorExit(final ObjectHeader header, final Object owner)
    {
        // No hold recorded: entered before the object was shared, when the JVM monitor alone was taken.
        exit(header.objectId());
    }

    // Takes the fabric lock of a cluster object for the calling thread; nested entries are counted here.
    private void enter(final long lockId, final String what)
    {
        final HeldLocks locks = heldLocks.get();
        final Held held = locks.find(lockId);
        if (held != null)
        {
            held.count++;
            return;
        }
        final FabricConsensus.LockGrant grant = acquire(lockId, what);
        locks.push(new Held(lockId, grant.fencingToken(), sessionEpoch));
    }

    // Leaves one entry; the last one releases the fabric lock. Never throws (see release).
    private void exit(final long lockId)
    {
        final HeldLocks locks = heldLocks.get();
        final Held held = locks.find(lockId);
        if (held == null || --held.count > 0)
        {
            return;
        }
        locks.remove(held);
        release(held);
    }

    protected void await(final ObjectHeader header, final Object owner, final long timeoutMillis, final int nanos)
        throws InterruptedException
    {
        final Held held = heldLocks.get().find(header.objectId());
        if (held == null)
        {
            super.await(header, owner, timeoutMillis, nanos);
            return;
        }
        if (!Thread.holdsLock(owner))
        {
            throw new IllegalMonitorStateException("current thread is not owner of the monitor of " + owner);
        }
        // Release the fabric lock, wait one poll interval (a spurious wake-up unless a local notify comes first),
        // then take the fabric lock back without holding the JVM monitor while the request is pending: a thread of
        // this JVM that already holds the fabric lock may be waiting to enter the monitor.
        release(held);
        final long waitMs = timeoutMillis == 0 ? WAIT_POLL_MS : Math.min(timeoutMillis, WAIT_POLL_MS);
        super.await(header, owner, waitMs, timeoutMillis == 0 ? 0 : nanos);
        // Queue for the lock like any other entrant (a try-lock could starve behind them), but wait for the grant on
        // the monitor, which releases it, so the threads of this JVM ahead in the queue can finish their blocks.
        final long owningThread = ownerId();
        final CompletableFuture<FabricConsensus.LockGrant> request =
            consensus.lock(header.objectId(), owningThread, -1);
        while (!request.isDone())
        {
            if (heardAgoMs() > timeoutMs)
            {
                held.lost = true;
                request.thenAccept(grant -> consensus.unlock(header.objectId(), owningThread));
                throw unavailable("taking back the lock of " + header + " after wait", null);
            }
            owner.wait(LOCK_POLL_MS);
        }
        final FabricConsensus.LockGrant grant = call(request, "taking back the lock of " + header + " after wait");
        held.token = grant.fencingToken();
        held.epoch = sessionEpoch;
        held.lost = false;
    }

    private FabricConsensus.LockGrant acquire(final long lockId, final String what)
    {
        final CompletableFuture<FabricConsensus.LockGrant> request = consensus.lock(lockId, ownerId(), -1);
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    final FabricConsensus.LockGrant grant = request.get(LOCK_POLL_MS, TimeUnit.MILLISECONDS);
                    if (!grant.granted())
                    {
                        throw new FabricException("Internal error: an unbounded lock wait for " + what +
                            " timed out");
                    }
                    return grant;
                }
                catch (final TimeoutException ex)
                {
                    if (heardAgoMs() > timeoutMs)
                    {
                        // Give up; if the grant still comes, hand the lock straight back.
                        final long owner = ownerId();
                        request.thenAccept(grant -> consensus.unlock(lockId, owner));
                        throw unavailable("locking " + what, null);
                    }
                }
                catch (final InterruptedException ex)
                {
                    // synchronized is not interruptible; keep the flag for the caller.
                    interrupted = true;
                }
                catch (final ExecutionException ex)
                {
                    throw translate(ex.getCause(), "locking " + what);
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    // Never throws: it runs just before MONITOREXIT, also on the exception path of a synchronized block, and a throw
    // there would leave the JVM monitor held. A release that cannot reach the cluster is left to the session lease.
    private void release(final Held held)
    {
        if (held.lost || held.epoch != sessionEpoch)
        {
            return;
        }
        try
        {
            call(consensus.unlock(held.lockId, ownerId()), "unlocking shared object #" + held.lockId);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("memfabric: could not release the fabric lock of shared object #" + held.lockId +
                " (" + ex.getMessage() + "); the cluster releases it when this JVM's session ends");
        }
    }

    private static long ownerId()
    {
        return Thread.currentThread().getId();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pushes from the cluster, on the client thread
    // ---------------------------------------------------------------------------------------------------------------

    private void onPush(final ConsensusClient.Reply push)
    {
        final FabricConsensus.Invalidation invalidation = FabricConsensus.invalidation(push);
        if (invalidation != null)
        {
            final Cached copy = cached.get(invalidation.objectId());
            if (copy != null)
            {
                copy.invalidate();
            }
            else
            {
                // An object being materialized: its read may carry the lease this push revokes.
                strayInvalidations.incrementAndGet();
            }
            consensus.invalidateAck(invalidation.objectId(), invalidation.leaseId());
            return;
        }
        final Boolean resumed = FabricConsensus.resumed(push);
        if (resumed != null)
        {
            if (!resumed && everConnected)
            {
                // The cluster forgot this client: its locks went to others and its read leases are gone.
                sessionEpoch++;
                for (final Cached copy : cached.values())
                {
                    copy.invalidate();
                }
            }
            everConnected = true;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Calls
    // ---------------------------------------------------------------------------------------------------------------

    private <T> T call(final CompletableFuture<T> request, final String what)
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    return request.get();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
                catch (final ExecutionException ex)
                {
                    throw translate(ex.getCause(), what);
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException translate(final Throwable cause, final String what)
    {
        if (cause instanceof ConsensusTimeoutException || cause instanceof IllegalStateException)
        {
            return unavailable(what, cause);
        }
        if (cause instanceof ConsensusException)
        {
            return (ConsensusException)cause;
        }
        if (cause instanceof RuntimeException)
        {
            return (RuntimeException)cause;
        }
        return new FabricException("Failed " + what + ": " + cause);
    }

    private FabricUnavailableException unavailable(final String what, final Throwable cause)
    {
        final FabricUnavailableException ex = new FabricUnavailableException("The fabric cluster at " +
            config().cluster() + " did not answer " + what + " within " + FabricConfig.TIMEOUT_MS_PROP_NAME + " (" +
            timeoutMs + " ms). Check it with ./fabric cluster status; a majority of its members must be up." +
            (cause == null ? "" : " (" + cause.getMessage() + ")"));
        return ex;
    }

    private long heardAgoMs()
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - client.lastHeardNs());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Local copies
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The local copy of one cluster object: a shared object's fields, or a root cell. Its counters are guarded by
     * its own monitor, which is never held across a request to the cluster.
     */
    abstract static class Cached
    {
        final long objectId;
        int invalidations;
        int writesInFlight;
        long appliedVersion = -1;
        long leaseGeneration;
        boolean filled;

        Cached(final long objectId)
        {
            this.objectId = objectId;
        }

        abstract void valid(boolean valid);

        abstract void apply(List<SlotValue> slots);

        // A write of this node's makes the copy untrusted until the next read: the cluster does not hold a write
        // for the writer's own lease, and no read that overlapped the write may validate the copy.
        synchronized void beginWrite()
        {
            invalidations++;
            writesInFlight++;
            valid(false);
        }

        synchronized void endWrite()
        {
            writesInFlight--;
            invalidations++;
        }

        synchronized void invalidate()
        {
            invalidations++;
            valid(false);
        }

        synchronized void expire(final long generation)
        {
            if (leaseGeneration == generation)
            {
                valid(false);
            }
        }
    }

    final class ObjectCopy extends Cached
    {
        final ObjectHeader header;
        final Object object;

        ObjectCopy(final long objectId, final ObjectHeader header, final Object object)
        {
            super(objectId);
            this.header = header;
            this.object = object;
        }

        void valid(final boolean valid)
        {
            access(header, valid, false);
        }

        void apply(final List<SlotValue> slots)
        {
            ObjectImage.apply(object, slots, ClusterFabric.this::resolve, !filled);
        }

        public String toString()
        {
            return String.valueOf(header);
        }
    }

    final class CellCopy extends Cached implements RootCell.Remote
    {
        RootCell cell;

        CellCopy(final long objectId)
        {
            super(objectId);
        }

        void valid(final boolean valid)
        {
            cell.valid(valid);
        }

        void apply(final List<SlotValue> slots)
        {
            final SlotValue value = CELL_SLOT < slots.size() ? slots.get(CELL_SLOT) : SlotValue.nullValue();
            switch (value.tag())
            {
                case ValueTag.LONG:
                    cell.load(true, value.bits(), null);
                    break;
                case ValueTag.REF:
                    cell.load(true, 0, resolve(value.bits()));
                    break;
                case ValueTag.BYTES:
                    cell.load(true, 0, value.asString());
                    break;
                default:
                    cell.load(false, 0, null);
                    break;
            }
        }

        public void refresh(final RootCell cell)
        {
            ensureOpen();
            ClusterFabric.this.refresh(this, Thread.currentThread().getContextClassLoader() != null ?
                Thread.currentThread().getContextClassLoader() : ClassLoader.getSystemClassLoader());
        }

        public void write(final RootCell cell, final long bits, final Object ref)
        {
            ensureOpen();
            writeSlot(this, CELL_SLOT, encode(cell, bits, ref), String.valueOf(cell));
        }

        public void init(final RootCell cell, final long bits, final Object ref)
        {
            ensureOpen();
            beginWrite();
            try
            {
                call(consensus.cas(0, 0, objectId, CELL_SLOT, SlotValue.nullValue(), encode(cell, bits, ref)),
                    "setting the initial value of " + cell);
            }
            finally
            {
                endWrite();
            }
        }

        public void locked(final RootCell cell, final Runnable create)
        {
            ensureOpen();
            enter(objectId, String.valueOf(cell));
            try
            {
                create.run();
            }
            finally
            {
                exit(objectId);
            }
        }

        private SlotValue encode(final RootCell cell, final long bits, final Object ref)
        {
            if (cell.kind() != 'L')
            {
                return SlotValue.ofLong(bits);
            }
            if (ref == null)
            {
                return SlotValue.nullValue();
            }
            if (ref instanceof SharedInstance)
            {
                return SlotValue.ofRef(idOf(ref));
            }
            if (ref instanceof String)
            {
                return SlotValue.ofString((String)ref);
            }
            throw new FabricException("Cannot put a " + ref.getClass().getName() + " into " + cell + " on a " +
                "cluster: a root holds a primitive, a String or an object of a @Shared class");
        }

        public String toString()
        {
            return String.valueOf(cell);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Locks held by a thread
    // ---------------------------------------------------------------------------------------------------------------

    static final class Held
    {
        final long lockId;
        long token;
        long epoch;
        int count = 1;
        boolean lost;

        Held(final long lockId, final long token, final long epoch)
        {
            this.lockId = lockId;
            this.token = token;
            this.epoch = epoch;
        }
    }

    static final class HeldLocks
    {
        private final ArrayList<Held> stack = new ArrayList<>(4);

        Held find(final long lockId)
        {
            for (int i = stack.size() - 1; i >= 0; i--)
            {
                if (stack.get(i).lockId == lockId)
                {
                    return stack.get(i);
                }
            }
            return null;
        }

        Held innermost()
        {
            return stack.isEmpty() ? null : stack.get(stack.size() - 1);
        }

        void push(final Held held)
        {
            stack.add(held);
        }

        void remove(final Held held)
        {
            stack.remove(held);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Roots
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Roots on the cluster: each is a cluster object made by {@code ROOT_GET_OR_CREATE}, its value in
     * {@link #CELL_SLOT}.
     */
    static final class ClusterStore implements StrongStore
    {
        private final ConcurrentHashMap<FabricUri, RootCell> cells = new ConcurrentHashMap<>();
        private volatile ClusterFabric fabric;

        public RootCell cell(final FabricNode node, final FabricUri uri)
        {
            final RootCell existing = cells.get(uri);
            if (existing != null)
            {
                return existing;
            }
            final ClusterFabric owner = fabric;
            final long objectId = owner.call(owner.consensus.root(uri.toString()), "looking up root " + uri);
            return cells.computeIfAbsent(uri, u ->
            {
                final CellCopy copy = owner.new CellCopy(objectId);
                final RootCell cell = new RootCell(node, u, copy);
                copy.cell = cell;
                owner.cached.put(objectId, copy);
                return cell;
            });
        }

        public long newObjectId()
        {
            throw new UnsupportedOperationException("object ids of a cluster fabric come from the cluster");
        }

        public int rootCount()
        {
            return cells.size();
        }

        public void close()
        {
            cells.clear();
        }
    }
}
