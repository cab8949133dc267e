/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.FabricException;
import io.memfabric.FabricUnavailableException;
import io.memfabric.annotations.Consistency;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.consensus.fault.TestFault;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;
import io.memfabric.runtime.SharedClassLayout;
import io.memfabric.runtime.merge.MergeState;
import io.memfabric.transport.DataPlane;
import io.memfabric.transport.TransportConfig;
import io.memfabric.transport.causal.VectorClock;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The CAUSAL and EVENTUAL engine of a cluster-backed JVM: such a field is written locally at once and its write
 * reaches every other JVM over the data plane, never through the cluster's log.
 * <p>
 * <b>Order and convergence.</b> Every write is stamped with a hybrid logical clock (HLC) and this JVM's node id, and
 * travels in a causal broadcast (vector clocks, {@link DataPlane#broadcast}): a JVM applies a write only after every
 * write its writer had seen, so no JVM observes an effect before its cause. Concurrent writes of one field are
 * settled alike everywhere: the higher (HLC, node) wins, and a causally later write always has the higher HLC, since
 * applying a write advances the clock past it. EVENTUAL fields take the same path; the models differ in what is
 * promised (EVENTUAL promises only that replicas converge), not yet in how writes travel.
 * <p>
 * <b>Within a JVM.</b> A write takes its stamp, is queued for sending and is stored into the field under the lock of
 * the object's replica state, and a write from elsewhere is stored under the same lock only if its stamp is higher;
 * so the field and the stamp always agree. Queueing before the store means a thread that sees a write can only queue
 * its own later: the send order respects what each thread saw.
 * <p>
 * <b>State.</b> Every write seen is kept per object and field (stamp and value), for objects this JVM has no copy of
 * too: a copy made later takes these values over the cluster's (which holds only what the field held when the object
 * was published), and a JVM that joins late installs a peer's state and the vector clock it reflects, so it waits
 * only for later broadcasts ({@link DataPlane#markDelivered}). A JVM whose delivery stalls (a broadcast it waits for
 * was lost, or sent before this JVM was its sender's peer) installs a peer's state again.
 * <p>
 * Threads: the data plane's own; {@code memfabric-replicas}, which applies deliveries, installs and serves states and
 * follows the membership, in that order; {@code memfabric-replica-sender}, which sends queued writes in batches.
 */
final class Replicas implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("io.memfabric.replicas");
    private static final boolean REVERSE_APPLY = TestFault.REPLICA_REVERSE_APPLY.active();
    private static final boolean SKIP_LWW = TestFault.SKIP_LWW.active();
    /**
     * The prefix of the name under which a JVM with a fabric registers: only such nodes replicate fields.
     */
    static final String NODE_NAME_PREFIX = "jvm ";
    private static final byte WRITES = 1;
    private static final byte STATE_REQUEST = 2;
    private static final byte STATE_PART = 3;
    private static final byte STATE_END = 4;
    private static final byte DIGEST = 5;
    // The slot of an entry that carries operations of a merging object; its stamp is the object's kind.
    static final int MERGE_SLOT = 0xFFFF;
    private static final int QUEUE_CAPACITY = 64 * 1024;
    private static final int BATCH_BYTES = 48 * 1024;
    private static final int STATE_PART_BYTES = 256 * 1024;
    private static final long STALL_CHECK_MS = 500;
    private static final long DIGEST_MS = 1_000;
    private static final long STATE_REQUEST_GAP_MS = 2_000;
    private static final long JOIN_WAIT_MS = 3_000;

    /**
     * What the JVM's fabric does for the engine.
     */
    interface Host
    {
        /**
         * @param objectId an object.
         * @return this JVM's copy of it if its replicated fields are readable (filled), else {@code null}.
         */
        Object copyOf(long objectId);

        /**
         * @param owner the copy being written.
         * @param slot  the field.
         * @param value the value as written.
         * @return the value for the field, local copies made of what it references.
         */
        Object decode(Object owner, SharedClassLayout.Slot slot, SlotValue value);
    }

    private final Host host;
    private final int self;
    private final DataPlane dataPlane;
    private final ScheduledExecutorService events;
    private final Thread sender;
    private final ManyToOneConcurrentArrayQueue<Write> outgoing = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final ConcurrentHashMap<Long, ReplicaState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, MergeState> merges = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final Map<Integer, String> peers = new HashMap<>();
    private final long timeoutMs;
    // On the events thread: what each node's broadcasts applied here are (this JVM's own: see stateOf).
    private final VectorClock applied = new VectorClock();
    private final CounterSet<NodeCounter> counters;
    private final Journal journal;
    private final Subscriptions subscriptions;
    // Taken to apply a batch and to take or install a state: `applied` and the states agree under it.
    private final Object applyLock = new Object();
    private final java.util.concurrent.atomic.AtomicInteger waitingBatches =
        new java.util.concurrent.atomic.AtomicInteger();
    // This JVM's own writes found in its journal at start, sent again once it has joined.
    private final List<Entry> recovered = new ArrayList<>();
    private final AtomicLong sendRetries = new AtomicLong();
    // Whether the sender holds writes it took from the queue and has not sent yet.
    private volatile boolean sending;
    private volatile boolean senderParked;
    private volatile boolean closed;
    private volatile FabricConsensus.Membership latest;
    private volatile boolean joined;
    private long deliveredAtLastCheck = -1;
    private int stalledChecks;
    private int stateFrom;
    private long lastStateRequestNs = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    // The last digest of each peer: how many broadcasts of each node it had applied (on the events thread).
    private final Map<Integer, VectorClock> digests = new HashMap<>();
    // A state being received, by the peer sending it (on the events thread).
    private final Map<Integer, List<Entry>> receiving = new HashMap<>();

    private Replicas(
        final Host host, final int self, final DataPlane dataPlane, final long timeoutMs,
        final CounterSet<NodeCounter> counters, final Journal journal, final io.memfabric.FabricErrorHandler errors)
    {
        this.host = host;
        this.counters = counters;
        this.journal = journal;
        this.subscriptions = new Subscriptions(journal, host, errors, this::current);
        this.self = self;
        this.dataPlane = dataPlane;
        this.timeoutMs = timeoutMs;
        this.events = Executors.newSingleThreadScheduledExecutor(task ->
        {
            final Thread thread = new Thread(task, "memfabric-replicas");
            thread.setDaemon(true);
            return thread;
        });
        this.sender = new Thread(this::sendLoop, "memfabric-replica-sender");
        sender.setDaemon(true);
    }

    /**
     * Starts the engine of a JVM that registered as node {@code nodeId}: its data plane on {@code endpoint}, over
     * the media driver in {@code aeronDir}.
     *
     * @param host       the JVM's fabric.
     * @param nodeId     the node id the cluster gave this JVM.
     * @param endpoint   where the data plane listens, {@code host:port}.
     * @param aeronDir   the media driver's directory.
     * @param transport  data-plane settings ({@code memfabric.transport.*}).
     * @param timeoutMs  how long a write may wait for room to queue.
     * @param idle       how the data plane's thread idles.
     * @param errors     where the data plane reports errors.
     * @param counters   the node's counters.
     * @param journal    the journal of this JVM's writes, or {@code null} for none; closed with the engine.
     * @return the running engine.
     */
    static Replicas start(
        final Host host,
        final long nodeId,
        final String endpoint,
        final String aeronDir,
        final java.util.Properties transport,
        final long timeoutMs,
        final io.memfabric.IdleSetting idle,
        final io.memfabric.FabricErrorHandler errors,
        final CounterSet<NodeCounter> counters,
        final Journal journal)
    {
        final Replicas[] made = new Replicas[1];
        final DataPlane plane = DataPlane.launch(TransportConfig.fromProperties(transport)
            .nodeId(Math.toIntExact(nodeId))
            .endpoint(endpoint)
            .aeronDirectoryName(aeronDir)
            .launchDriver(false)
            .idle(idle)
            .errorHandler(errors)
            .stateListener((sender, sequence, buffer, offset, length) ->
                made[0].onBroadcast(sender, sequence, copy(buffer, offset, length)))
            .messageListener((source, buffer, offset, length) ->
                made[0].onMessage(source, copy(buffer, offset, length))));
        final Replicas replicas = new Replicas(host, Math.toIntExact(nodeId), plane, timeoutMs, counters, journal,
            errors);
        made[0] = replicas;
        if (journal != null)
        {
            replicas.recover();
        }
        replicas.sender.start();
        return replicas;
    }

    private static UnsafeBuffer copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new UnsafeBuffer(bytes);
    }

    /**
     * @return this JVM's node id.
     */
    int nodeId()
    {
        return self;
    }

    // A restarted JVM takes back what it wrote before (it may have reached no one) from its journal, before it
    // joins: its state holds it at once, and it is sent again once the JVM has joined (see awaitJoined). Writes of
    // earlier runs keep their stamps and node ids, so a peer that had them keeps them once.
    private void recover()
    {
        final int[] batches = new int[1];
        journal.read(0, excerpt ->
        {
            if (excerpt.kind() == Journal.OWN)
            {
                final UnsafeBuffer batch = new UnsafeBuffer(excerpt.batch());
                final int count = batch.getInt(1, ByteOrder.LITTLE_ENDIAN);
                int at = 5;
                for (int i = 0; i < count; i++)
                {
                    final Entry entry = Entry.decode(batch, at);
                    at += entry.length;
                    recovered.add(entry);
                }
                batches[0]++;
            }
        });
        for (final Entry entry : recovered)
        {
            apply(entry);
        }
        if (!recovered.isEmpty())
        {
            counters.add(NodeCounter.REPLICA_WRITES_RECOVERED, recovered.size());
            LOG.log(System.Logger.Level.INFO, "recovered " + recovered.size() + " CAUSAL/EVENTUAL write(s) of " +
                batches[0] + " batch(es) from the journal in " + journal.dir() + "; sending them again");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Local writes
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Writes a replicated field of a local copy: stamps the write, queues it for the other JVMs and stores it.
     *
     * @param objectId the object.
     * @param owner    its local copy.
     * @param slot     the field.
     * @param value    the value for the field.
     * @param encoded  the value as it travels.
     * @throws FabricUnavailableException if the queue of writes to send stays full for the timeout.
     */
    void write(
        final long objectId, final Object owner, final SharedClassLayout.Slot slot, final Object value,
        final SlotValue encoded)
    {
        final ReplicaState state = stateOf(objectId);
        synchronized (state)
        {
            final long stamp = tick();
            state.set(slot.index(), stamp, self, encoded);
            final Write write = new Write(objectId, slot.index(), slot.consistency(), stamp, self, encoded);
            if (!outgoing.offer(write))
            {
                awaitRoom(write, slot.toString());
            }
            slot.set(owner, value);
        }
        if (senderParked)
        {
            LockSupport.unpark(sender);
        }
    }

    private void awaitRoom(final Write write, final String slot)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!outgoing.offer(write))
        {
            if (closed)
            {
                throw new FabricException(FabricException.Category.USAGE, "writing " + slot + ": the fabric is closed");
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new FabricUnavailableException("writing " + slot + ": " + QUEUE_CAPACITY + " CAUSAL/EVENTUAL " +
                    "writes wait to be sent and none went for " + timeoutMs + " ms; the data plane is not sending " +
                    "(peers not taking messages?)");
            }
            LockSupport.unpark(sender);
            Thread.yield();
        }
    }

    // The next stamp: physical milliseconds in the high 48 bits, a counter in the low 16, above every stamp seen.
    private long tick()
    {
        final long physical = System.currentTimeMillis() << 16;
        while (true)
        {
            final long last = clock.get();
            final long next = Math.max(physical, last + 1);
            if (clock.compareAndSet(last, next))
            {
                return next;
            }
        }
    }

    private void observe(final long stamp)
    {
        long last;
        while ((last = clock.get()) < stamp && !clock.compareAndSet(last, stamp))
        {
            Thread.onSpinWait();
        }
    }

    /**
     * Opens a subscription to an object's replicated fields or, with {@code slots} null, to a merging object.
     *
     * @param name     its name.
     * @param objectId the object.
     * @param target   this JVM's copy.
     * @param slots    which slots it covers, or {@code null}.
     * @param listener gets the changes.
     * @return the subscription.
     */
    io.memfabric.FabricSubscription subscribe(
        final String name, final long objectId, final Object target, final boolean[] slots,
        final io.memfabric.FabricChangeListener listener)
    {
        return subscriptions.open(name, objectId, target, slots, listener);
    }

    /**
     * @param objectId a shared merging object.
     * @param kind     its kind.
     * @return this JVM's state of it, whose changes go to the other JVMs.
     */
    MergeState mergeState(final long objectId, final byte kind)
    {
        MergeState state = merges.get(objectId);
        if (state == null)
        {
            state = merges.computeIfAbsent(objectId, id -> MergeState.create(kind, self, changed ->
                queue(new Write(objectId, changed))).held());
        }
        return state;
    }

    private void queue(final Write write)
    {
        if (!outgoing.offer(write))
        {
            awaitRoom(write, "shared object #" + write.objectId);
        }
        if (senderParked)
        {
            LockSupport.unpark(sender);
        }
    }

    // The latest write of a slot this JVM holds, or null.
    private Entry current(final long objectId, final int slot)
    {
        final ReplicaState state = states.get(objectId);
        if (state == null)
        {
            return null;
        }
        synchronized (state)
        {
            return slot < state.values.length && state.values[slot] != null ? new Entry(objectId, slot,
                state.stamps[slot], state.origins[slot], state.values[slot], 0) : null;
        }
    }

    private ReplicaState stateOf(final long objectId)
    {
        final ReplicaState known = states.get(objectId);
        return known != null ? known : states.computeIfAbsent(objectId, id -> new ReplicaState());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Copies made from the cluster
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Gives a copy just filled from the cluster the replicated values this JVM holds, which are newer than the
     * cluster's, and makes its replicated fields readable; under the replica state's lock, so no write from
     * elsewhere slips between.
     *
     * @param objectId  the object.
     * @param owner     its copy.
     * @param markValid makes the copy's replicated fields readable.
     */
    void overlay(final long objectId, final Object owner, final Runnable markValid)
    {
        final ReplicaState state = stateOf(objectId);
        synchronized (state)
        {
            final SharedClassLayout layout = SharedClassLayout.of(owner.getClass());
            for (int i = 0; i < state.values.length && i < layout.slotCount(); i++)
            {
                if (state.values[i] != null && layout.slot(i).isReplicated())
                {
                    layout.slot(i).set(owner, host.decode(owner, layout.slot(i), state.values[i]));
                }
            }
            markValid.run();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writes from other JVMs
    // ---------------------------------------------------------------------------------------------------------------

    // On the data plane's thread, in causal order. A batch is applied right there (one hand-off less) unless one
    // before it waits on the events thread or it references objects, whose copies may have to be read from the
    // cluster first; then it goes to the events thread, in order.
    private void onBroadcast(final int sender, final long sequence, final UnsafeBuffer message)
    {
        if (waitingBatches.get() == 0 && !referencesObjects(message))
        {
            applyBatch(sender, sequence, message);
            return;
        }
        waitingBatches.incrementAndGet();
        run(() ->
        {
            try
            {
                applyBatch(sender, sequence, message);
            }
            finally
            {
                waitingBatches.decrementAndGet();
            }
        });
    }

    private static boolean referencesObjects(final DirectBuffer message)
    {
        if (message.getByte(0) != WRITES)
        {
            return false;
        }
        final int count = message.getInt(1, ByteOrder.LITTLE_ENDIAN);
        int at = 5;
        for (int i = 0; i < count; i++)
        {
            if (message.getByte(at + 23) == 2)
            {
                return true;
            }
            at += 36 + message.getInt(at + 32, ByteOrder.LITTLE_ENDIAN);
        }
        return false;
    }

    // Under the apply lock: a state sent to a peer never counts a batch whose writes it does not all hold.
    private void applyBatch(final int sender, final long sequence, final DirectBuffer message)
    {
        synchronized (applyLock)
        {
            try
            {
                if (message.getByte(0) == WRITES)
                {
                    final int count = message.getInt(1, ByteOrder.LITTLE_ENDIAN);
                    final List<Entry> entries = new ArrayList<>(count);
                    int at = 5;
                    for (int i = 0; i < count; i++)
                    {
                        final Entry entry = Entry.decode(message, at);
                        at += entry.length;
                        entries.add(entry);
                    }
                    if (REVERSE_APPLY)
                    {
                        java.util.Collections.reverse(entries);
                    }
                    final boolean notify = !subscriptions.isEmpty();
                    for (final Entry entry : entries)
                    {
                        if (!apply(entry) && notify)
                        {
                            entry.superseded = true;
                        }
                        if (REVERSE_APPLY)
                        {
                            // Long enough for a reader to see the state between two writes.
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        }
                    }
                    final long position = journal == null ? 0 :
                        journal.append(Journal.APPLIED, sender, sequence, message, 0, message.capacity());
                    if (notify)
                    {
                        for (final Entry entry : entries)
                        {
                            if (!entry.superseded)
                            {
                                subscriptions.applied(entry, position);
                            }
                        }
                    }
                }
                applied.set(sender, Math.max(applied.get(sender), sequence));
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "applying writes " + sequence + " of node " + sender, ex);
            }
        }
    }

    // Whether the write changed this JVM's state (a merging object's operation always counts).
    private boolean apply(final Entry entry)
    {
        if (entry.slot == MERGE_SLOT)
        {
            final MergeState state = merges.computeIfAbsent(entry.objectId, id -> MergeState.create((byte)entry.stamp,
                self, changed -> queue(new Write(entry.objectId, changed))).held());
            if (state.kind() != entry.stamp)
            {
                throw new FabricException(FabricException.Category.INTERNAL, "shared object #" + entry.objectId +
                    " is a merging type of kind " + state.kind() + " here and of kind " + entry.stamp + " at its " +
                    "writer");
            }
            state.apply(entry.value.bytes());
            counters.increment(NodeCounter.REPLICA_WRITES_APPLIED);
            return true;
        }
        observe(entry.stamp);
        final ReplicaState state = stateOf(entry.objectId);
        synchronized (state)
        {
            if (!state.older(entry.slot, entry.stamp, entry.origin))
            {
                counters.increment(NodeCounter.REPLICA_WRITES_SUPERSEDED);
                return false;
            }
        }
        // Decoded outside the lock: a reference may need a local copy made, which asks the cluster.
        Object owner = host.copyOf(entry.objectId);
        SharedClassLayout.Slot slot = owner == null ? null : slotOf(owner, entry.slot);
        Object value = slot == null ? null : host.decode(owner, slot, entry.value);
        synchronized (state)
        {
            if (!state.older(entry.slot, entry.stamp, entry.origin))
            {
                counters.increment(NodeCounter.REPLICA_WRITES_SUPERSEDED);
                return false;
            }
            state.set(entry.slot, entry.stamp, entry.origin, entry.value);
            final Object now = host.copyOf(entry.objectId);
            if (now != null && now != owner)
            {
                owner = now;
                slot = slotOf(owner, entry.slot);
                value = slot == null ? null : host.decode(owner, slot, entry.value);
            }
            if (owner != null && slot != null)
            {
                slot.set(owner, value);
            }
        }
        counters.increment(NodeCounter.REPLICA_WRITES_APPLIED);
        return true;
    }

    private static SharedClassLayout.Slot slotOf(final Object owner, final int index)
    {
        final SharedClassLayout layout = SharedClassLayout.of(owner.getClass());
        return index < layout.slotCount() && layout.slot(index).isReplicated() ? layout.slot(index) : null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sending
    // ---------------------------------------------------------------------------------------------------------------

    private void sendLoop()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(BATCH_BYTES + 1024);
        final List<Write> batch = new ArrayList<>();
        while (!closed || !outgoing.isEmpty())
        {
            if (REVERSE_APPLY && !outgoing.isEmpty())
            {
                // The fault gathers writes that follow each other into one batch, which its receivers then reverse.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            sending = true;
            Write write;
            int at = 5;
            int entries = 0;
            while (at < BATCH_BYTES && (write = outgoing.poll()) != null)
            {
                batch.add(write);
                final int length = write.encode(buffer, at);
                at += length;
                entries += length > 0 ? 1 : 0;
            }
            if (batch.isEmpty())
            {
                sending = false;
                senderParked = true;
                if (outgoing.isEmpty() && !closed)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                senderParked = false;
                continue;
            }
            buffer.putByte(0, WRITES);
            buffer.putInt(1, entries, ByteOrder.LITTLE_ENDIAN);
            if (entries > 0)
            {
                if (journal != null)
                {
                    journal.append(Journal.OWN, self, 0, buffer, 0, at);
                }
                broadcast(buffer, at);
            }
            counters.add(NodeCounter.REPLICA_WRITES_SENT, entries);
            batch.clear();
            sending = false;
        }
    }

    // A batch goes to every peer that takes it; one whose queue is full (cut off, or far behind) misses it, holds
    // back what follows, and catches up from a state (see checkStall and onDigest): one peer never stalls the rest.
    private void broadcast(final DirectBuffer buffer, final int length)
    {
        try
        {
            dataPlane.broadcastSkippingFull(buffer, 0, length);
        }
        catch (final RuntimeException ex)
        {
            if (!closed)
            {
                sendRetries.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "sending CAUSAL/EVENTUAL writes: " + ex.getMessage());
            }
        }
    }

    /**
     * Waits until every write queued so far has gone to the data plane.
     *
     * @param waitMs at most this long.
     * @return whether they all went.
     */
    boolean awaitSent(final long waitMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (!outgoing.isEmpty() || sending)
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            LockSupport.unpark(sender);
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Membership, joining, and repair
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Follows the cluster's membership: JVMs with a fabric that joined become peers, those that left are dropped.
     *
     * @param membership the latest membership.
     */
    void onMembership(final FabricConsensus.Membership membership)
    {
        latest = membership;
        run(this::applyMembership);
    }

    // On the events thread; dropped once the engine is closed.
    private void run(final Runnable task)
    {
        try
        {
            events.execute(task);
        }
        catch (final RejectedExecutionException ex)
        {
            if (!closed)
            {
                throw ex;
            }
        }
    }

    private void applyMembership()
    {
        final FabricConsensus.Membership membership = latest;
        if (membership == null || closed)
        {
            return;
        }
        final Map<Integer, String> now = new HashMap<>();
        for (final FabricConsensus.Membership.Node node : membership.nodes())
        {
            if (node.nodeId() != self && node.name().startsWith(NODE_NAME_PREFIX) && node.dataEndpoint() != null &&
                !node.dataEndpoint().isEmpty())
            {
                now.put(Math.toIntExact(node.nodeId()), node.dataEndpoint());
            }
        }
        final boolean first = !joined && membership.nodes().stream().anyMatch(node -> node.nodeId() == self);
        for (final Iterator<Map.Entry<Integer, String>> it = peers.entrySet().iterator(); it.hasNext(); )
        {
            final Map.Entry<Integer, String> peer = it.next();
            if (!peer.getValue().equals(now.get(peer.getKey())))
            {
                dataPlane.removePeer(peer.getKey());
                it.remove();
            }
        }
        for (final Map.Entry<Integer, String> node : now.entrySet())
        {
            if (!peers.containsKey(node.getKey()))
            {
                try
                {
                    dataPlane.addPeer(node.getKey(), node.getValue());
                    peers.put(node.getKey(), node.getValue());
                }
                catch (final RuntimeException ex)
                {
                    LOG.log(System.Logger.Level.WARNING, "adding node " + node.getKey() + " at " + node.getValue() +
                        " as a peer: " + ex.getMessage());
                }
            }
        }
        if (first)
        {
            // A JVM that joins a running fabric starts from its peers' states, not from nothing: every peer is asked
            // (one that just died would never answer), and each state that arrives is installed (states merge).
            if (!peers.isEmpty())
            {
                for (final int peer : peers.keySet())
                {
                    lastStateRequestNs = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
                    requestState(peer);
                }
            }
            else
            {
                joined = true;
            }
        }
    }

    /**
     * Waits, for a bounded time, until this JVM holds a peer's state (or knows it is the first).
     */
    void awaitJoined()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(JOIN_WAIT_MS, timeoutMs));
        while (!joined && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        if (!joined)
        {
            LOG.log(System.Logger.Level.INFO, "no peer sent its CAUSAL/EVENTUAL state within " + JOIN_WAIT_MS +
                " ms of joining; it is installed when it arrives");
        }
        for (final Entry entry : recovered)
        {
            queue(new Write(entry.objectId, entry.slot, Consistency.EVENTUAL, entry.stamp, entry.origin,
                entry.value));
        }
        recovered.clear();
        events.scheduleWithFixedDelay(this::checkStall, STALL_CHECK_MS, STALL_CHECK_MS, TimeUnit.MILLISECONDS);
        events.scheduleWithFixedDelay(this::sendDigests, DIGEST_MS, DIGEST_MS, TimeUnit.MILLISECONDS);
    }

    // Deliveries held back with no progress for two checks: what they wait for will not come (lost, or sent before
    // this JVM was a peer of its sender). A peer's state covers it.
    private void checkStall()
    {
        final int held = dataPlane.causalStats().held();
        final long delivered = dataPlane.causalStats().delivered();
        if (held > 0 && delivered == deliveredAtLastCheck)
        {
            if (++stalledChecks >= 2)
            {
                LOG.log(System.Logger.Level.INFO, held + " CAUSAL/EVENTUAL broadcast(s) wait for earlier ones that " +
                    "have not come; installing a peer's state");
                requestState();
                stalledChecks = 0;
            }
        }
        else
        {
            stalledChecks = 0;
        }
        deliveredAtLastCheck = delivered;
    }

    private void requestState()
    {
        final List<Integer> ids = new ArrayList<>(peers.keySet());
        if (ids.isEmpty())
        {
            return;
        }
        ids.sort(Comparator.naturalOrder());
        requestState(ids.get(Math.floorMod(stateFrom++, ids.size())));
    }

    // At most one request per STATE_REQUEST_GAP_MS: a state takes a while to arrive and install.
    private void requestState(final int peer)
    {
        if (System.nanoTime() - lastStateRequestNs < TimeUnit.MILLISECONDS.toNanos(STATE_REQUEST_GAP_MS))
        {
            return;
        }
        final UnsafeBuffer request = new UnsafeBuffer(new byte[1]);
        request.putByte(0, STATE_REQUEST);
        try
        {
            if (dataPlane.trySend(peer, request, 0, 1))
            {
                lastStateRequestNs = System.nanoTime();
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "asking node " + peer + " for its state: " + ex.getMessage());
        }
    }

    // Anti-entropy: every peer hears, each second, how many broadcasts of each node this JVM has applied.
    private void sendDigests()
    {
        final VectorClock through = new VectorClock();
        synchronized (applyLock)
        {
            through.copyFrom(applied);
            through.set(self, dataPlane.delivered().get(self));
        }
        final UnsafeBuffer message = new UnsafeBuffer(new byte[1 + through.encodedLength()]);
        message.putByte(0, DIGEST);
        through.encode(message, 1);
        for (final int peer : peers.keySet())
        {
            try
            {
                dataPlane.trySend(peer, message, 0, message.capacity());
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.DEBUG, "sending node " + peer + " a digest: " + ex.getMessage());
            }
        }
    }

    // A peer that had applied, a digest ago, broadcasts this JVM still has not (a broadcast lost in a partition, or
    // skipped for a full queue) has what this JVM lacks: its state covers it. One digest of slack covers what is
    // merely in flight.
    private void onDigest(final int peer, final DirectBuffer message)
    {
        final VectorClock digest = new VectorClock();
        VectorClock.decode(message, 1, message.capacity(), digest);
        final VectorClock previous = digests.put(peer, digest);
        if (previous == null)
        {
            return;
        }
        final VectorClock delivered = dataPlane.delivered();
        for (int i = 0; i < previous.size(); i++)
        {
            final int node = previous.nodeAt(i);
            if (node != self && previous.counterAt(i) > delivered.get(node))
            {
                LOG.log(System.Logger.Level.DEBUG, "node " + peer + " had applied " + previous.counterAt(i) +
                    " broadcasts of node " + node + ", this JVM " + delivered.get(node) + "; asking for its state");
                requestState(peer);
                return;
            }
        }
    }

    private void onMessage(final int source, final UnsafeBuffer message)
    {
        run(() ->
        {
            try
            {
                switch (message.getByte(0))
                {
                    case STATE_REQUEST:
                        sendState(source);
                        break;
                    case STATE_PART:
                        receiveStatePart(source, message);
                        break;
                    case STATE_END:
                        installState(source, message);
                        break;
                    case DIGEST:
                        onDigest(source, message);
                        break;
                    default:
                        LOG.log(System.Logger.Level.WARNING, "node " + source + " sent a message of unknown kind " +
                            message.getByte(0));
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "handling a message of node " + source, ex);
            }
        });
    }

    // On the events thread, so the state and the clock it reflects agree: every broadcast counted in `applied` is in
    // the state, and so is every write of this JVM's own broadcasts (written to the state before it was queued).
    private void sendState(final int peer)
    {
        synchronized (applyLock)
        {
            sendStateLocked(peer);
        }
    }

    private void sendStateLocked(final int peer)
    {
        final VectorClock through = new VectorClock();
        through.copyFrom(applied);
        through.set(self, dataPlane.delivered().get(self));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(STATE_PART_BYTES + 1024);
        int at = 5;
        int count = 0;
        for (final Map.Entry<Long, ReplicaState> object : states.entrySet())
        {
            final ReplicaState state = object.getValue();
            synchronized (state)
            {
                for (int slot = 0; slot < state.values.length; slot++)
                {
                    if (state.values[slot] != null)
                    {
                        at += Write.encode(buffer, at, object.getKey(), slot, Consistency.CAUSAL, state.stamps[slot],
                            state.origins[slot], state.values[slot]);
                        count++;
                    }
                }
            }
            if (at > STATE_PART_BYTES)
            {
                sendPart(peer, buffer, at, count);
                at = 5;
                count = 0;
            }
        }
        for (final Map.Entry<Long, MergeState> object : merges.entrySet())
        {
            final MergeState state = object.getValue();
            at += Write.encode(buffer, at, object.getKey(), MERGE_SLOT, Consistency.EVENTUAL, state.kind(), self,
                SlotValue.ofBytes(state.wholeState()));
            count++;
            if (at > STATE_PART_BYTES)
            {
                sendPart(peer, buffer, at, count);
                at = 5;
                count = 0;
            }
        }
        if (count > 0)
        {
            sendPart(peer, buffer, at, count);
        }
        buffer.putByte(0, STATE_END);
        final int length = 1 + through.encode(buffer, 1);
        if (!dataPlane.trySend(peer, buffer, 0, length))
        {
            throw new IllegalStateException("node " + peer + " is not taking the end of its state now");
        }
    }

    // A part the peer's queue cannot take now ends the transfer: the peer asks again.
    private void sendPart(final int peer, final MutableDirectBuffer buffer, final int length, final int count)
    {
        buffer.putByte(0, STATE_PART);
        buffer.putInt(1, count, ByteOrder.LITTLE_ENDIAN);
        if (!dataPlane.trySend(peer, buffer, 0, length))
        {
            throw new IllegalStateException("node " + peer + " is not taking its state now");
        }
    }

    private void receiveStatePart(final int source, final DirectBuffer message)
    {
        final List<Entry> entries = receiving.computeIfAbsent(source, id -> new ArrayList<>());
        final int count = message.getInt(1, ByteOrder.LITTLE_ENDIAN);
        int at = 5;
        for (int i = 0; i < count; i++)
        {
            final Entry entry = Entry.decode(message, at);
            at += entry.length;
            entries.add(entry);
        }
    }

    // Applied in stamp order, so a cause (lower stamp) is in place before its effect; then the clock the state
    // reflects is marked delivered, and only later broadcasts are awaited.
    private void installState(final int source, final DirectBuffer message)
    {
        synchronized (applyLock)
        {
            installStateLocked(source, message);
        }
    }

    private void installStateLocked(final int source, final DirectBuffer message)
    {
        final List<Entry> entries = receiving.remove(source);
        final VectorClock through = new VectorClock();
        VectorClock.decode(message, 1, message.capacity(), through);
        if (entries != null)
        {
            entries.sort(Comparator.comparingLong((Entry entry) -> entry.stamp)
                .thenComparingInt(entry -> entry.origin));
            final List<Entry> changed = new ArrayList<>();
            for (final Entry entry : entries)
            {
                if (apply(entry))
                {
                    changed.add(entry);
                }
            }
            if (journal != null && !changed.isEmpty())
            {
                // Subscriptions that replay the journal learn there that these values came without their history.
                final ExpandableArrayBuffer batch = new ExpandableArrayBuffer(1024);
                int at = 5;
                for (final Entry entry : changed)
                {
                    at += Write.encode(batch, at, entry.objectId, entry.slot, Consistency.CAUSAL, entry.stamp,
                        entry.origin, entry.value);
                }
                batch.putByte(0, WRITES);
                batch.putInt(1, changed.size(), ByteOrder.LITTLE_ENDIAN);
                journal.append(Journal.INSTALLED, source, 0, batch, 0, at);
            }
            if (!subscriptions.isEmpty())
            {
                for (final Entry entry : changed)
                {
                    subscriptions.installed(entry, source);
                }
            }
        }
        // This JVM's own count is its own: a peer cannot know of more of its broadcasts than it sent.
        through.set(self, Math.min(through.get(self), dataPlane.delivered().get(self)));
        dataPlane.markDelivered(through);
        applied.mergeFrom(through);
        counters.increment(NodeCounter.REPLICA_STATES_INSTALLED);
        joined = true;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return what the engine did, for the node's statistics and messages.
     */
    String describe()
    {
        return "node " + self + ", peers " + dataPlane.peers() + ", sent " +
            counters.get(NodeCounter.REPLICA_WRITES_SENT) + ", applied " +
            counters.get(NodeCounter.REPLICA_WRITES_APPLIED) + ", superseded " +
            counters.get(NodeCounter.REPLICA_WRITES_SUPERSEDED) + ", states installed " +
            counters.get(NodeCounter.REPLICA_STATES_INSTALLED) + ", send failures " + sendRetries.get() +
            ", held " + dataPlane.causalStats().held();
    }

    /**
     * Sends what is queued (for a bounded time), then stops the engine and its data plane.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        awaitSent(Math.min(timeoutMs, 5_000));
        closed = true;
        LockSupport.unpark(sender);
        try
        {
            sender.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        events.shutdownNow();
        CloseHelper.quietClose(dataPlane);
        subscriptions.close();
        if (journal != null)
        {
            try
            {
                events.awaitTermination(1, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            journal.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * What this JVM holds of one object's replicated fields: per slot, the stamp and origin of the latest write seen
     * and its value.
     */
    static final class ReplicaState
    {
        long[] stamps = new long[0];
        int[] origins = new int[0];
        SlotValue[] values = new SlotValue[0];

        boolean older(final int slot, final long stamp, final int origin)
        {
            if (SKIP_LWW || slot >= values.length || values[slot] == null)
            {
                return true;
            }
            return stamps[slot] < stamp || (stamps[slot] == stamp && origins[slot] < origin);
        }

        void set(final int slot, final long stamp, final int origin, final SlotValue value)
        {
            if (slot >= values.length)
            {
                final int length = slot + 1;
                stamps = java.util.Arrays.copyOf(stamps, length);
                origins = java.util.Arrays.copyOf(origins, length);
                values = java.util.Arrays.copyOf(values, length);
            }
            stamps[slot] = stamp;
            origins[slot] = origin;
            values[slot] = value;
        }
    }

    /**
     * A write queued to be sent.
     */
    static final class Write
    {
        final long objectId;
        final int slot;
        final Consistency model;
        final long stamp;
        final int origin;
        final SlotValue value;
        final MergeState merge;

        Write(final long objectId, final int slot, final Consistency model, final long stamp, final int origin,
            final SlotValue value)
        {
            this.objectId = objectId;
            this.slot = slot;
            this.model = model;
            this.stamp = stamp;
            this.origin = origin;
            this.value = value;
            this.merge = null;
        }

        // The changes of a merging object, taken from its state when the write is sent.
        Write(final long objectId, final MergeState merge)
        {
            this.objectId = objectId;
            this.slot = MERGE_SLOT;
            this.model = Consistency.EVENTUAL;
            this.stamp = merge.kind();
            this.origin = 0;
            this.value = null;
            this.merge = merge;
        }

        // Returns the bytes written: none for a merging object with nothing new to send.
        int encode(final MutableDirectBuffer buffer, final int at)
        {
            if (merge != null)
            {
                final byte[] operations = merge.drainOperations();
                return operations.length == 0 ? 0 :
                    encode(buffer, at, objectId, slot, model, stamp, origin, SlotValue.ofBytes(operations));
            }
            return encode(buffer, at, objectId, slot, model, stamp, origin, value);
        }

        // objectId, slot (short), model, stamp, origin, tag, bits, byte count, bytes.
        static int encode(
            final MutableDirectBuffer buffer, final int at, final long objectId, final int slot,
            final Consistency model, final long stamp, final int origin, final SlotValue value)
        {
            final byte[] bytes = value.tag() == ValueTag.BYTES ? value.bytes() : null;
            buffer.putLong(at, objectId, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(at + 8, (short)slot, ByteOrder.LITTLE_ENDIAN);
            buffer.putByte(at + 10, (byte)model.ordinal());
            buffer.putLong(at + 11, stamp, ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(at + 19, origin, ByteOrder.LITTLE_ENDIAN);
            buffer.putByte(at + 23, tagCode(value));
            buffer.putLong(at + 24, value.bits(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(at + 32, bytes == null ? 0 : bytes.length, ByteOrder.LITTLE_ENDIAN);
            if (bytes != null)
            {
                buffer.putBytes(at + 36, bytes);
            }
            return 36 + (bytes == null ? 0 : bytes.length);
        }

        private static byte tagCode(final SlotValue value)
        {
            switch (value.tag())
            {
                case LONG:
                    return 1;
                case REF:
                    return 2;
                case BYTES:
                    return 3;
                default:
                    return 0;
            }
        }
    }

    /**
     * A write as received.
     */
    static final class Entry
    {
        final long objectId;
        final int slot;
        final long stamp;
        final int origin;
        final SlotValue value;
        final int length;
        // Set while a batch is applied: the write lost to a newer one, so no subscriber hears of it.
        boolean superseded;

        private Entry(final long objectId, final int slot, final long stamp, final int origin, final SlotValue value,
            final int length)
        {
            this.objectId = objectId;
            this.slot = slot;
            this.stamp = stamp;
            this.origin = origin;
            this.value = value;
            this.length = length;
        }

        static Entry decode(final DirectBuffer buffer, final int at)
        {
            final long objectId = buffer.getLong(at, ByteOrder.LITTLE_ENDIAN);
            final int slot = buffer.getShort(at + 8, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final long stamp = buffer.getLong(at + 11, ByteOrder.LITTLE_ENDIAN);
            final int origin = buffer.getInt(at + 19, ByteOrder.LITTLE_ENDIAN);
            final byte tag = buffer.getByte(at + 23);
            final long bits = buffer.getLong(at + 24, ByteOrder.LITTLE_ENDIAN);
            final int count = buffer.getInt(at + 32, ByteOrder.LITTLE_ENDIAN);
            if (count < 0 || at + 36 + count > buffer.capacity())
            {
                throw new FabricException(FabricException.Category.INTERNAL, "a replicated write of object #" +
                    objectId + " claims " + count + " bytes past the end of its message");
            }
            final SlotValue value;
            switch (tag)
            {
                case 1:
                    value = SlotValue.ofLong(bits);
                    break;
                case 2:
                    value = SlotValue.ofRef(bits);
                    break;
                case 3:
                    final byte[] bytes = new byte[count];
                    buffer.getBytes(at + 36, bytes);
                    value = SlotValue.ofBytes(bytes);
                    break;
                default:
                    value = SlotValue.nullValue();
                    break;
            }
            return new Entry(objectId, slot, stamp, origin, value, 36 + count);
        }
    }
}
