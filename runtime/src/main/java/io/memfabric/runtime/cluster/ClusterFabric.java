/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import static io.memfabric.FabricConfig.Configuration.ADDRESS_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.CLUSTER_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.DATA_PORT_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.SECRET_FILE_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.SECRET_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.SESSION_MS_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.TIMEOUT_MS_PROP_NAME;

import io.memfabric.IdleSetting;
import io.memfabric.FabricConfig;
import io.memfabric.FabricConfigurationException;
import io.memfabric.FabricException;
import io.memfabric.FabricLockLostException;
import io.memfabric.FabricTransactionException;
import io.memfabric.FabricUnavailableException;
import io.memfabric.FabricUri;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ClusterRefusedException;
import io.memfabric.consensus.client.ClusterVersionException;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.ConsensusException;
import io.memfabric.consensus.client.ConsensusTimeoutException;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.cluster.RouteAddress;
import io.memfabric.consensus.cluster.SharedSecret;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.wire.Wtf8;
import io.memfabric.consensus.fault.TestFault;
import io.memfabric.consensus.state.FabricStateMachine;
import io.memfabric.runtime.FabricNode;
import io.memfabric.runtime.MonitorHooks;
import io.memfabric.runtime.ObjectHeader;
import io.memfabric.runtime.RootCell;
import io.memfabric.runtime.SharedClassLayout;
import io.memfabric.runtime.SharedInstance;
import io.memfabric.runtime.StrongStore;
import io.memfabric.runtime.merge.MergeState;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

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

    // Deliberate defects for the memory-model suite's self-test (TestFault): constants, so the JIT drops the checks.
    private static final boolean EARLY_WRITE_ACK = TestFault.EARLY_WRITE_ACK.active();
    private static final boolean SKIP_LOCK = TestFault.SKIP_LOCK.active();
    private static final boolean SKIP_INVALIDATION = TestFault.SKIP_INVALIDATION.active();
    // How often a thread waiting for a lock grant checks that the cluster still answers; the grant itself wakes it.
    private static final long LOCK_POLL_MS = 50;
    private static final long CALL_GRACE_MS = 200;
    private static final double LEASE_SAFETY = 0.9;
    // A graph read answers at most this much beyond its first object; the cluster caps it at 256 KiB.
    private static final int GRAPH_BYTES = 128 * 1024;
    // The neighbourhood a refresh brings along with the object.
    private static final int REFRESH_BYTES = 16 * 1024;
    private static final int GRAPH_STARTS = 1024;
    // How many graph reads one materialization makes before it stops following references (at most 512 KiB): what
    // lies beyond is made as unfilled copies, read when first touched, so a large structure (a fabric collection
    // of a million elements, a long list) is never fetched whole because one of its objects was reached.
    private static final int MATERIALIZE_ROUNDS = 4;
    // A transaction that conflicted runs again after a random pause of up to this, doubling up to the next.
    private static final long TX_FIRST_PAUSE_NS = 200_000;
    private static final long TX_MAX_PAUSE_NS = 20_000_000;
    // One WRITE_BATCH carries at most about this much (the cluster takes messages of up to 120 KiB).
    private static final int BATCH_BYTES = 96 * 1024;
    private static final int BATCHES_IN_FLIGHT = 8;
    // After a recall, a greedy lock is handed back at every last exit for this long (it is contended: keeping it
    // would only cost the other JVM a recall round trip).
    private static final long CONTENDED_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ConsensusClient client;
    private final FabricConsensus consensus;
    private final long leaseMs;
    private final long timeoutMs;
    private final ConcurrentHashMap<Long, Cached> cached = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor leaseTimer;
    private final ExecutorService wakeUps = Executors.newCachedThreadPool(runnable ->
    {
        final Thread thread = new Thread(runnable, "memfabric-wake-up");
        thread.setDaemon(true);
        return thread;
    });
    private final ThreadLocal<HeldLocks> heldLocks = ThreadLocal.withInitial(HeldLocks::new);
    private final boolean lockGreedy;
    // Objects this JVM owns and the writes to them not sent yet (null: every write goes through at once).
    private final WriteBack writeBack;
    private final boolean durabilityBackground;
    private final long sessionMs;
    private final ConcurrentHashMap<Long, Greedy> greedy = new ConcurrentHashMap<>();
    // TestFault.EARLY_WRITE_ACK breaks the writes of a program's field stores (and what they publish) only.
    private final ThreadLocal<Boolean> writingField = new ThreadLocal<>();
    private final Object lateWriteLock = new Object();
    private long lastLateWriteNs;
    private long lastLateDelayMs;
    private final Object materializeLock = new Object();
    private final AtomicLong strayInvalidations = new AtomicLong();
    // Counts every invalidation and every write of this node: a read may trust copies it did not ask for only if
    // this did not move while the read was out.
    private final AtomicLong invalidationClock = new AtomicLong();
    private final ConcurrentHashMap<Long, WeakReference<String>> texts = new ConcurrentHashMap<>();
    private volatile long sessionEpoch;
    private final String replyChannel;
    private volatile boolean everConnected;
    private final ToLongFunction<Object> idOf = this::idOf;
    private final Function<String, SlotValue> textOf = this::textOf;
    // The transaction the calling thread runs (Fabric.atomically), if any.
    private final ThreadLocal<ClusterTransaction> transaction = new ThreadLocal<>();
    // The CAUSAL and EVENTUAL engine; the membership the cluster pushed last, for the engine once it runs.
    private final Replicas replicas;
    private volatile FabricConsensus.Membership membership;

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
        this.lockGreedy = config.lockGreedy();
        this.sessionMs = config.sessionMs();
        final ClusterEndpoints endpoints;
        try
        {
            endpoints = ClusterEndpoints.parse(config.cluster());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new FabricConfigurationException(CLUSTER_PROP_NAME + ": " +
                ex.getMessage());
        }
        final ClientConfig clientConfig = new ClientConfig()
            .endpoints(endpoints)
            .egressAddress(config.address())
            .secret(secretOf(config))
            .requestTimeoutMs(timeoutMs)
            .leaseTtlMs(config.sessionMs())
            .idle(config.idle())
            .errorHandler(config.errorHandler())
            .newLeaderHandler(this::onNewLeader);
        try
        {
            clientConfig.conclude();
        }
        catch (final UncheckedIOException ex)
        {
            throw new FabricUnavailableException(ex.getCause().getMessage() + " (the cluster " + config.cluster() +
                " answers this JVM on that address); check " + CLUSTER_PROP_NAME + ", or set " +
                ADDRESS_PROP_NAME + " to this host's address on the network the cluster is on");
        }
        client = ConsensusClient.start(clientConfig, FabricConsensus.pushes(new Pushes()));
        counters(client.counters());
        replyChannel = clientConfig.egressChannel();
        consensus = new FabricConsensus(client);
        leaseTimer = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "memfabric-lease-timer");
            thread.setDaemon(true);
            return thread;
        });
        leaseTimer.setRemoveOnCancelPolicy(true);
        // The early-write-ack fault is about writes that go through: with it, nothing is written back.
        writeBack = lockGreedy && !EARLY_WRITE_ACK ? new WriteBack(consensus, this::counters) : null;
        durabilityBackground = config.durabilityBackground();
        if (writeBack != null && durabilityBackground)
        {
            leaseTimer.scheduleWithFixedDelay(this::flushInBackground, FabricConfig.Configuration
                .DURABILITY_BACKGROUND_FLUSH_MS, FabricConfig.Configuration.DURABILITY_BACKGROUND_FLUSH_MS,
                TimeUnit.MILLISECONDS);
        }
        final String dataEndpoint;
        try
        {
            final String host = config.address() != null ? config.address() :
                RouteAddress.towards(endpoints.host(0), endpoints.statusPort(0));
            dataEndpoint = host + ":" + (config.dataPort() != 0 ? config.dataPort() : freeUdpPort(host));
        }
        catch (final UncheckedIOException ex)
        {
            client.close();
            leaseTimer.shutdownNow();
            wakeUps.shutdownNow();
            throw new FabricConfigurationException(ex.getCause().getMessage() + "; set " + DATA_PORT_PROP_NAME +
                " to a free UDP port, or " + ADDRESS_PROP_NAME + " to this host's address");
        }
        final long nodeId;
        try
        {
            nodeId = call(consensus.registerNode(Replicas.NODE_NAME_PREFIX + ManagementFactory.getRuntimeMXBean()
                .getName(), dataEndpoint), "joining the fabric").nodeId();
        }
        catch (final FabricUnavailableException ex)
        {
            client.close();
            leaseTimer.shutdownNow();
            wakeUps.shutdownNow();
            // Either the cluster is down, or it cannot reach the address it was asked to answer on: say both.
            throw new FabricUnavailableException(ex.getMessage() + " This JVM asked the cluster to answer on " +
                replyChannel + " (" + (config.address() == null ? "the local address that routes to the cluster" :
                "set by " + ADDRESS_PROP_NAME) + "); if the cluster cannot reach that address from " +
                "its hosts, set " + ADDRESS_PROP_NAME + " to one it can reach.");
        }
        catch (final RuntimeException ex)
        {
            client.close();
            leaseTimer.shutdownNow();
            wakeUps.shutdownNow();
            throw ex;
        }
        Journal journal = null;
        try
        {
            journal = config.journalDir() == null ? null : Journal.open(config.journalDir());
            replicas = Replicas.start(new ReplicaHost(), nodeId, dataEndpoint, client.aeronDirectoryName(),
                System.getProperties(), timeoutMs, config.idle(), config.errorHandler(), counters(), journal);
        }
        catch (final FabricConfigurationException ex)
        {
            if (journal != null)
            {
                journal.close();
            }
            client.close();
            leaseTimer.shutdownNow();
            wakeUps.shutdownNow();
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            if (journal != null)
            {
                journal.close();
            }
            client.close();
            leaseTimer.shutdownNow();
            wakeUps.shutdownNow();
            throw new FabricConfigurationException("this JVM could not start its data plane on " + dataEndpoint +
                " (" + ex.getMessage() + "); set " + DATA_PORT_PROP_NAME + " to a free UDP port", ex);
        }
        final FabricConsensus.Membership known = membership;
        if (known != null)
        {
            replicas.onMembership(known);
        }
        replicas.awaitJoined();
    }

    private static int freeUdpPort(final String host)
    {
        final String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(
            new java.net.InetSocketAddress(java.net.InetAddress.getByName(bare), 0)))
        {
            return socket.getLocalPort();
        }
        catch (final java.io.IOException ex)
        {
            throw new UncheckedIOException(new java.io.IOException("no free UDP port on " + host + " for this JVM's " +
                "data plane: " + ex.getMessage(), ex));
        }
    }

    private static SharedSecret secretOf(final FabricConfig config)
    {
        try
        {
            if (config.secretFile() != null)
            {
                return SharedSecret.fromFile(config.secretFile());
            }
            return config.secret() == null ? null : SharedSecret.of(config.secret(), SECRET_PROP_NAME);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new FabricConfigurationException(ex.getMessage());
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
            if (writeBack != null && writeBack.ownsAny())
            {
                // What this JVM owns goes back with its writes before the session ends.
                awaitFlushes(writeBack.send(owned -> true, true, true), "closing the fabric", false);
            }
            super.close();
            replicas.close();
            client.close();
            leaseTimer.shutdownNow();
            wakeUps.shutdownNow();
        }
    }

    protected long clusterRequests()
    {
        return client.requestsSent();
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
        // Long texts take ids of their own (a head and its chunks); find them first so one request allocates all.
        final IdentityHashMap<String, byte[]> longTexts = new IdentityHashMap<>();
        long idsNeeded = objects.size();
        for (final SharedInstance object : objects)
        {
            final SharedClassLayout layout = SharedClassLayout.of(object.getClass());
            for (int i = 0; i < layout.slotCount(); i++)
            {
                final SharedClassLayout.Slot slot = layout.slot(i);
                final Object held = slot.type() == String.class || slot.isDynamic() ? slot.get(object) : null;
                if (held instanceof String)
                {
                    final String text = (String)held;
                    final byte[] bytes = text == null || longTexts.containsKey(text) ? null : longText(text);
                    if (bytes != null)
                    {
                        longTexts.put(text, bytes);
                        idsNeeded += TextImage.idsNeeded(bytes);
                    }
                }
            }
        }
        final IdSupply supply = new IdSupply(idsNeeded, "publishing " + objects.size() + " object(s)");
        final IdentityHashMap<Object, Long> ids = new IdentityHashMap<>();
        for (final SharedInstance object : objects)
        {
            ids.put(object, supply.take(1));
        }
        final List<FabricConsensus.Entry> entries = new ArrayList<>();
        final IdentityHashMap<String, Long> textIds = new IdentityHashMap<>();
        for (final Map.Entry<String, byte[]> text : longTexts.entrySet())
        {
            final long headId = supply.take(TextImage.idsNeeded(text.getValue()));
            TextImage.encode(text.getValue(), headId, entries);
            textIds.put(text.getKey(), headId);
        }
        for (final SharedInstance object : objects)
        {
            ObjectImage.encode(object, ids.get(object), referenced ->
            {
                final Long id = ids.get(referenced);
                return id != null ? id : idOf(referenced);
            }, text ->
            {
                final Long headId = textIds.get(text);
                return headId != null ? SlotValue.ofRef(headId) : SlotValue.ofString(text);
            }, entries);
        }
        // Every object written here has an id nobody else holds until the reference to the graph is written, after
        // this returns: readers see all of it or none, however many messages it takes.
        writeAll(entries, "publishing " + objects.size() + " object(s)");
        for (final Map.Entry<String, Long> text : textIds.entrySet())
        {
            texts.put(text.getValue(), new WeakReference<>(text.getKey()));
        }
        for (final SharedInstance object : objects)
        {
            final long id = ids.get(object);
            final ObjectHeader header = install(object, id);
            final ObjectCopy copy = new ObjectCopy(id, header, object);
            copy.filled = true;
            replicaValid(header, true);
            cached.put(id, copy);
        }
    }

    // The bytes of a text too long for a slot, or null for one that fits.
    private static byte[] longText(final String text)
    {
        if ((long)text.length() * 3 <= TextImage.INLINE_MAX)
        {
            return null;
        }
        final byte[] bytes = Wtf8.encode(text);
        return TextImage.isLong(bytes) ? bytes : null;
    }

    // How a string is held in a slot written on its own: a long text is written to objects of its own first.
    private SlotValue textOf(final String text)
    {
        final byte[] bytes = longText(text);
        if (bytes == null)
        {
            return SlotValue.ofString(text);
        }
        final long headId = new IdSupply(TextImage.idsNeeded(bytes), "writing a long text")
            .take(TextImage.idsNeeded(bytes));
        final List<FabricConsensus.Entry> entries = new ArrayList<>();
        TextImage.encode(bytes, headId, entries);
        writeAll(entries, "writing a text of " + bytes.length + " bytes");
        texts.put(headId, new WeakReference<>(text));
        return SlotValue.ofRef(headId);
    }

    private String text(final long headId)
    {
        final WeakReference<String> ref = texts.get(headId);
        return ref == null ? null : ref.get();
    }

    // Object ids from the cluster, in ranges of at most what one ALLOCATE_IDS gives.
    private final class IdSupply
    {
        private final String what;
        private long remaining;
        private long next;
        private long end;

        IdSupply(final long total, final String what)
        {
            this.remaining = total;
            this.what = what;
        }

        long take(final int count)
        {
            if (end - next < count)
            {
                final int ask = (int)Math.max(count, Math.min(remaining, FabricStateMachine.MAX_ID_RANGE));
                next = call(consensus.allocateIds(ask), what + " (allocating " + ask + " object ids)");
                end = next + ask;
            }
            remaining -= count;
            final long id = next;
            next += count;
            return id;
        }
    }

    private long idOf(final Object object)
    {
        final ObjectHeader header = ((SharedInstance)object).$mf$header();
        if (header == null)
        {
            throw new FabricException(FabricException.Category.INTERNAL,
                "Internal error: " + object.getClass().getName() + " is referenced by a " +
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
        final String text = text(objectId);
        if (text != null)
        {
            return text;
        }
        throw new FabricException(FabricException.Category.INTERNAL,
            "Internal error: shared object #" + objectId + " has no local copy");
    }

    // Makes local copies of the objects reachable from `slots` that this node has not seen, up to a budget of graph
    // reads. The graph comes many objects per round trip (READ_GRAPH, breadth first, up to a byte budget); objects
    // are made only when all of it is here, records after what they reference, then filled. Past the budget only
    // what must be whole is followed (a long text's chunks, what a record references); an object whose references
    // were not followed is made but left unfilled, so its first access reads it (and its neighbourhood) then.
    private void materialize(final List<SlotValue> slots, final ClassLoader loader)
    {
        if (unknownRefs(slots, Map.of()).isEmpty())
        {
            return;
        }
        synchronized (materializeLock)
        {
            final Map<Long, FabricConsensus.ObjectState> states = new HashMap<>();
            final Map<Long, Long> sentNs = new HashMap<>();
            final long strayBefore = strayInvalidations.get();
            List<Long> frontier = unknownRefs(slots, states);
            int rounds = 0;
            while (!frontier.isEmpty())
            {
                if (rounds++ >= MATERIALIZE_ROUNDS)
                {
                    frontier = mustComplete(frontier, states, loader);
                    if (frontier.isEmpty())
                    {
                        break;
                    }
                }
                final List<Long> ask = new ArrayList<>(frontier.subList(0, Math.min(frontier.size(), GRAPH_STARTS)));
                final long sent = System.nanoTime();
                counters().increment(NodeCounter.READS_REMOTE);
                final List<FabricConsensus.ObjectState> answer = call(consensus.readGraph(ask, leaseMs, GRAPH_BYTES),
                    "reading " + ask.size() + " shared object(s) from #" + ask.get(0));
                final LinkedHashSet<Long> next = new LinkedHashSet<>();
                final List<FabricConsensus.ObjectState> added = new ArrayList<>();
                for (final FabricConsensus.ObjectState state : answer)
                {
                    final long id = state.objectId();
                    if (!cached.containsKey(id) && !states.containsKey(id) && text(id) == null)
                    {
                        states.put(id, state);
                        sentNs.put(id, sent);
                        added.add(state);
                    }
                }
                for (final long id : frontier)
                {
                    if (!states.containsKey(id))
                    {
                        next.add(id);
                    }
                }
                for (final FabricConsensus.ObjectState state : added)
                {
                    next.addAll(unknownRefs(state.slots(), states));
                }
                frontier = new ArrayList<>(next);
            }
            final Map<Long, String> decoded = new HashMap<>();
            final Map<Long, Class<?>> records = new LinkedHashMap<>();
            final List<ObjectCopy> created = new ArrayList<>();
            for (final Map.Entry<Long, FabricConsensus.ObjectState> entry : states.entrySet())
            {
                final long id = entry.getKey();
                final String typeName = ObjectImage.typeName(entry.getValue().slots());
                if (typeName == null || typeName.isEmpty())
                {
                    throw new FabricException(FabricException.Category.NOT_FOUND,
                        "Shared object #" + id + " is referenced but was never written; " +
                        "the fabric's state is damaged");
                }
                if (TextImage.HEAD_TYPE.equals(typeName))
                {
                    final String text = TextImage.decode(entry.getValue().slots(), chunkId ->
                    {
                        final FabricConsensus.ObjectState chunk = states.get(chunkId);
                        return chunk == null ? null : chunk.slots();
                    });
                    decoded.put(id, text);
                    texts.put(id, new WeakReference<>(text));
                    continue;
                }
                if (TextImage.isTextObject(typeName))
                {
                    continue;
                }
                final Class<?> type = loadShared(typeName, loader);
                if (type.isRecord())
                {
                    records.put(id, type);
                    continue;
                }
                final ObjectCopy made = adoptNew(id, ObjectImage.newInstance(type));
                if (unknownRefs(entry.getValue().slots(), states).isEmpty())
                {
                    created.add(made);
                }
            }
            final Set<Long> making = new HashSet<>();
            for (final long id : records.keySet())
            {
                makeRecord(id, records, states, making, created);
            }
            final boolean stray = strayInvalidations.get() != strayBefore;
            for (final ObjectCopy copy : created)
            {
                // A copy starts with no invalidations; any it got since, or one that came before it existed (it
                // may have revoked the lease of the read), leaves it filled but not trusted.
                adopt(copy, states.get(copy.objectId), stray ? -1 : 0, sentNs.get(copy.objectId));
            }
            // The texts are held only weakly by the cache until the fields that hold them were filled.
            Reference.reachabilityFence(decoded);
        }
    }

    // Of the references still to follow once the budget is spent, those that must be followed: the chunks of a long
    // text (it is decoded whole) and what a record references (it is made with its values).
    private List<Long> mustComplete(
        final List<Long> frontier, final Map<Long, FabricConsensus.ObjectState> states, final ClassLoader loader)
    {
        final Set<Long> needed = new HashSet<>();
        for (final FabricConsensus.ObjectState state : states.values())
        {
            final String typeName = ObjectImage.typeName(state.slots());
            if (typeName == null || typeName.isEmpty())
            {
                continue;
            }
            if (TextImage.isTextObject(typeName) || TextImage.HEAD_TYPE.equals(typeName) ||
                loadShared(typeName, loader).isRecord())
            {
                needed.addAll(unknownRefs(state.slots(), states));
            }
        }
        final List<Long> kept = new ArrayList<>();
        for (final long id : frontier)
        {
            if (needed.contains(id))
            {
                kept.add(id);
            }
        }
        return kept;
    }

    // Records are made through their canonical constructors, so what they reference must exist first; records
    // cannot reference each other in a cycle (a record's references are fixed when it is made).
    private void makeRecord(
        final long id,
        final Map<Long, Class<?>> records,
        final Map<Long, FabricConsensus.ObjectState> states,
        final Set<Long> making,
        final List<ObjectCopy> created)
    {
        if (cached.containsKey(id))
        {
            return;
        }
        if (!making.add(id))
        {
            throw new FabricException(FabricException.Category.CORRUPT,
                "Shared records #" + id + " and others reference each other in a cycle; " +
                "the fabric's state is damaged");
        }
        final List<SlotValue> slots = states.get(id).slots();
        for (final long ref : ObjectImage.refs(slots))
        {
            if (records.containsKey(ref))
            {
                makeRecord(ref, records, states, making, created);
            }
        }
        created.add(adoptNew(id, ObjectImage.newRecord(records.get(id), slots, this::resolve)));
    }

    private ObjectCopy adoptNew(final long id, final Object object)
    {
        if (!(object instanceof SharedInstance))
        {
            throw new FabricException(FabricException.Category.USAGE,
                "Class " + object.getClass().getName() + " is shared in the fabric but this " +
                "JVM did not make it shareable: " + SharedClassLayout.notShareable(object.getClass()));
        }
        final ObjectHeader header = install((SharedInstance)object, id);
        final ObjectCopy copy = new ObjectCopy(id, header, object);
        cached.put(id, copy);
        return copy;
    }

    private static Class<?> loadShared(final String typeName, final ClassLoader loader)
    {
        try
        {
            return Class.forName(typeName, true, loader);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new FabricException(FabricException.Category.CONFIGURATION,
                "A shared object of class " + typeName + " is reachable from this " +
                "JVM's roots, but this JVM cannot load that class; put it on the class path of every JVM " +
                "that shares the root");
        }
    }

    private List<Long> unknownRefs(final List<SlotValue> slots, final Map<Long, ?> alsoKnown)
    {
        List<Long> unknown = List.of();
        for (int i = 1; i < slots.size(); i++)
        {
            final SlotValue value = slots.get(i);
            if (value.tag() == ValueTag.REF && !cached.containsKey(value.bits()) &&
                !alsoKnown.containsKey(value.bits()) && text(value.bits()) == null)
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

    protected boolean sharesObjectsWith(final FabricNode other)
    {
        return other instanceof ClusterFabric;
    }

    // Objects this node has never seen are materialized as a program's first read would; copies that are not leased
    // are then read again, many per graph read, so each is filled and leased when copiesOf returns.
    protected List<Object> localCopies(final List<?> shared)
    {
        final List<Long> ids = new ArrayList<>(shared.size());
        final List<SlotValue> refs = new ArrayList<>(shared.size() + 1);
        refs.add(SlotValue.ofString(""));
        for (final Object object : shared)
        {
            final long id = ObjectHeader.of(object).objectId();
            ids.add(id);
            refs.add(SlotValue.ofRef(id));
        }
        materialize(refs, shared.isEmpty() ? null : shared.get(0).getClass().getClassLoader());
        final List<Long> unleased = new ArrayList<>();
        for (final long id : ids)
        {
            final Cached copy = cached.get(id);
            synchronized (copy)
            {
                if (!copy.leased)
                {
                    unleased.add(id);
                }
            }
        }
        readAhead(unleased);
        final List<Object> copies = new ArrayList<>(ids.size());
        for (final long id : ids)
        {
            copies.add(resolve(id));
        }
        return copies;
    }

    // Reads objects this node has copies of, many per round trip, and leases each copy that nothing invalidated or
    // wrote while its read was out.
    private void readAhead(final List<Long> ids)
    {
        final LinkedHashSet<Long> remaining = new LinkedHashSet<>(ids);
        while (!remaining.isEmpty())
        {
            final List<Long> ask = new ArrayList<>(GRAPH_STARTS);
            final Map<Long, Integer> invalidationsBefore = new HashMap<>();
            for (final long id : remaining)
            {
                final Cached copy = cached.get(id);
                synchronized (copy)
                {
                    invalidationsBefore.put(id, copy.invalidations);
                }
                ask.add(id);
                if (ask.size() == GRAPH_STARTS)
                {
                    break;
                }
            }
            final long sent = System.nanoTime();
            counters().increment(NodeCounter.READS_REMOTE);
            final List<FabricConsensus.ObjectState> answer = call(consensus.readGraph(ask, leaseMs, GRAPH_BYTES),
                "reading " + ask.size() + " shared object(s) from #" + ask.get(0));
            boolean progress = false;
            for (final FabricConsensus.ObjectState state : answer)
            {
                final Integer before = invalidationsBefore.get(state.objectId());
                final Cached copy = cached.get(state.objectId());
                if (before != null && copy != null && copy.filled && noUnknownRefs(state.slots()))
                {
                    adopt(copy, state, before, sent);
                }
                progress |= remaining.remove(state.objectId());
            }
            if (!progress)
            {
                throw new FabricException(FabricException.Category.INTERNAL,
                    "Internal error: the cluster answered none of " + ask.size() +
                    " object(s) from #" + ask.get(0));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transactions
    // ---------------------------------------------------------------------------------------------------------------

    // The calling thread's transaction, or null; the thread-local is looked up only while one runs in the JVM.
    private ClusterTransaction transaction()
    {
        return ObjectHeader.transactionsRun() ? transaction.get() : null;
    }

    private boolean inTransaction()
    {
        return transaction() != null;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Optimistic: an attempt records what it reads (object and version of the copy) and keeps what it writes; the
     * commit is one WRITE_BATCH that the cluster applies only if none of the objects read changed (wire version 5),
     * else answers CONFLICT, and the attempt's copies of what it read are then read again by the next attempt.
     */
    public <T> T atomically(final int maxAttempts, final Supplier<T> body)
    {
        checkAttempts(maxAttempts);
        if (transaction.get() != null)
        {
            return body.get();
        }
        ensureOpen();
        long pauseNs = TX_FIRST_PAUSE_NS;
        String conflict = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++)
        {
            final ClusterTransaction tx = new ClusterTransaction();
            final T result;
            transaction.set(tx);
            ObjectHeader.transactionBegins();
            try
            {
                result = body.get();
            }
            finally
            {
                transaction.remove();
                ObjectHeader.transactionEnds();
            }
            try
            {
                commit(tx);
            }
            catch (final FabricException ex)
            {
                if (!isConflict(ex))
                {
                    throw ex;
                }
                counters().increment(NodeCounter.TX_CONFLICTS);
                conflict = ex.getMessage();
                forget(tx);
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pauseNs / 2, pauseNs + 1));
                pauseNs = Math.min(TX_MAX_PAUSE_NS, pauseNs * 2);
                continue;
            }
            counters().increment(NodeCounter.TX_COMMITS);
            for (final ClusterTransaction.Signal signal : tx.signals)
            {
                // As the program would have sent it: holding the object's lock.
                MonitorHooks.enter(signal.monitor());
                try
                {
                    synchronized (signal.monitor())
                    {
                        if (signal.all())
                        {
                            MonitorHooks.notifyAll(signal.monitor());
                        }
                        else
                        {
                            MonitorHooks.notify(signal.monitor());
                        }
                    }
                }
                finally
                {
                    MonitorHooks.exit(signal.monitor());
                }
            }
            return result;
        }
        throw new FabricTransactionException(maxAttempts, "A transaction did not commit in " + maxAttempts +
            " attempts: each time something it read was changed by another JVM before it committed (last: " +
            conflict + "). Nothing of it was written; run it again, with more attempts " +
            "(Fabric.current().atomically(attempts, body)), or make what it reads less contended");
    }

    // One WRITE_BATCH of what the attempt wrote, applied only if what it read is unchanged; a lone read, or nothing,
    // needs no request. The copies of what it wrote then take the committed values, or are read again.
    private void commit(final ClusterTransaction tx)
    {
        if (tx.wroteNothing() && tx.reads.size() <= 1)
        {
            return;
        }
        final List<FabricConsensus.Entry> entries = tx.entries();
        long version = 0;
        try
        {
            version = call(consensus.write(0, 0, entries, false, List.of(), tx.expected()),
                "committing a transaction of " + entries.size() + " write(s) and " + tx.reads.size() + " read(s)");
        }
        finally
        {
            for (final long objectId : tx.written())
            {
                final Cached copy = cached.get(objectId);
                if (copy instanceof ObjectCopy)
                {
                    adoptCommitted(tx, (ObjectCopy)copy, version);
                }
            }
        }
    }

    // A copy the transaction read and wrote held, when it committed, the cluster's state before the commit (the
    // commit checked its version): with the transaction's writes it holds the state after it, so it takes them and
    // stays readable, if nothing touched it since it was read and its lease still runs. Any other copy the
    // transaction wrote is read again.
    private void adoptCommitted(final ClusterTransaction tx, final ObjectCopy copy, final long version)
    {
        final ClusterTransaction.Read read = tx.reads.get(copy.objectId);
        synchronized (copy)
        {
            final boolean keep = version > 0 && read != null && copy.invalidations == read.invalidations() &&
                copy.appliedVersion == read.version() && copy.leased && copy.writesInFlight == 0 &&
                System.nanoTime() - copy.leaseExpiresNs < 0;
            if (!keep)
            {
                copy.invalidate();
                return;
            }
            final SharedClassLayout layout = copy.header.layout();
            tx.writtenIn(copy.objectId).forEach((slot, written) -> layout.slot(slot).set(copy.object, written.value()));
            copy.appliedVersion = version;
        }
    }

    private static boolean isConflict(final Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause())
        {
            if (cause instanceof ConsensusException &&
                ((ConsensusException)cause).reason() == ConsensusException.Reason.CONFLICT)
            {
                return true;
            }
        }
        return false;
    }

    // After a conflict: what the attempt read is read again by the next one.
    private void forget(final ClusterTransaction tx)
    {
        for (final long objectId : tx.reads.keySet())
        {
            final Cached copy = cached.get(objectId);
            if (copy != null)
            {
                copy.invalidate();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    protected Object read(final ObjectHeader header, final Object owner, final int slot)
    {
        if (header.layout().slot(slot).isReplicated())
        {
            // Not filled yet: the fill gives it the cluster's state and this JVM's newer replicated values.
            if (!header.replicaValid())
            {
                refresh(header, owner);
            }
            return ObjectHeader.FIELD;
        }
        final ClusterTransaction tx = transaction();
        if (tx == null)
        {
            refresh(header, owner);
            return ObjectHeader.FIELD;
        }
        final ClusterTransaction.Written written = tx.written(header.objectId(), slot);
        if (written != null)
        {
            return written.value();
        }
        readInTransaction(tx, header, owner);
        return ObjectHeader.FIELD;
    }

    // A transaction's first read of an object brings its copy up to date (what this JVM kept of it goes to the
    // cluster first) and records the version of the copy; its fields are then read as usual.
    private void readInTransaction(final ClusterTransaction tx, final ObjectHeader header, final Object owner)
    {
        ensureOpen();
        final Cached copy = cached.get(header.objectId());
        if (tx.reads.containsKey(copy.objectId))
        {
            // Read before: its fields are at the version recorded or newer, and a newer one fails the commit.
            return;
        }
        if (header.copyValid())
        {
            flushKeptWritesOf(copy, "reading ", copy);
        }
        else
        {
            counters().increment(NodeCounter.LEASE_MISSES);
            refresh(copy, owner.getClass().getClassLoader());
        }
        synchronized (copy)
        {
            tx.reads.put(copy.objectId, new ClusterTransaction.Read(Math.max(0, copy.appliedVersion),
                copy.invalidations));
        }
    }

    protected void refresh(final ObjectHeader header, final Object owner)
    {
        ensureOpen();
        if (ObjectHeader.transactionsRun() && header.copyValid())
        {
            // Every read takes this path while a transaction runs in this JVM: a valid copy needs nothing.
            return;
        }
        counters().increment(NodeCounter.LEASE_MISSES);
        final Cached copy = cached.get(header.objectId());
        refresh(copy, owner.getClass().getClassLoader());
    }

    // One round trip brings the object and, within a small budget, what it references: walking a structure whose
    // leases ran out costs a round trip per neighbourhood, not per object. A neighbour's copy is trusted only if no
    // invalidation or write of this node happened anywhere since the read was sent.
    private void refresh(final Cached copy, final ClassLoader loader)
    {
        // The cluster's state of an object this JVM owns lacks the writes kept here: they go first.
        flushKeptWritesOf(copy, "reading ", copy);
        final int invalidations;
        synchronized (copy)
        {
            invalidations = copy.invalidations;
        }
        final long clockBefore = invalidationClock.get();
        final long sent = System.nanoTime();
        counters().increment(NodeCounter.READS_REMOTE);
        final List<FabricConsensus.ObjectState> answer = call(
            consensus.readGraph(List.of(copy.objectId), leaseMs, REFRESH_BYTES), "reading " + copy);
        final FabricConsensus.ObjectState state = answer.get(0);
        materialize(state.slots(), loader);
        adopt(copy, state, invalidations, sent);
        final boolean quiet = invalidationClock.get() == clockBefore;
        for (int i = 1; i < answer.size(); i++)
        {
            final FabricConsensus.ObjectState neighbour = answer.get(i);
            final Cached other = cached.get(neighbour.objectId());
            if (other instanceof ObjectCopy && other.filled && noUnknownRefs(neighbour.slots()))
            {
                final int otherInvalidations;
                synchronized (other)
                {
                    otherInvalidations = quiet ? other.invalidations : -1;
                }
                adopt(other, neighbour, otherInvalidations, sent);
            }
        }
    }

    private boolean noUnknownRefs(final List<SlotValue> slots)
    {
        return unknownRefs(slots, Map.of()).isEmpty();
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
                final boolean first = !copy.filled;
                copy.valid(false);
                copy.leased = false;
                copy.apply(state.slots());
                copy.appliedVersion = state.version();
                copy.filled = true;
                if (first && copy instanceof ObjectCopy)
                {
                    // The cluster holds a replicated field as it was when the object was published: what this JVM
                    // holds of it is newer.
                    final ObjectCopy object = (ObjectCopy)copy;
                    replicas.overlay(object.objectId, object.object, () -> replicaValid(object.header, true));
                }
            }
            if (leaseMs > 0 && state.readLeaseExpiresAtMs() > 0 && copy.invalidations == invalidationsBefore &&
                copy.writesInFlight == 0 && state.version() >= copy.appliedVersion)
            {
                final long leaseNs = (long)(TimeUnit.MILLISECONDS.toNanos(Math.min(leaseMs, 60_000)) * LEASE_SAFETY);
                final long remainingNs = sentNs + leaseNs - System.nanoTime();
                if (remainingNs > 0)
                {
                    final long generation = ++copy.leaseGeneration;
                    copy.leaseExpiresNs = System.nanoTime() + remainingNs;
                    copy.valid(true);
                    copy.leased = true;
                    counters().increment(NodeCounter.LEASE_GRANTS);
                    leaseTimer.schedule(() ->
                    {
                        if (copy.expire(generation))
                        {
                            counters().increment(NodeCounter.LEASES_EXPIRED);
                        }
                    }, remainingNs, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writes
    // ---------------------------------------------------------------------------------------------------------------

    public io.memfabric.FabricSubscription subscribe(
        final String name, final Object target, final String field, final io.memfabric.FabricChangeListener listener)
    {
        ensureOpen();
        final ObjectHeader header = subscribable(name, target, field, listener);
        final boolean[] slots = subscribedSlots(header, target, field);
        return replicas.subscribe(name, header.objectId(), target, slots, listener);
    }

    public MergeState mergeState(final long objectId, final byte kind)
    {
        return checkKind(objectId, kind, replicas.mergeState(objectId, kind));
    }

    protected boolean writeReplicated(
        final ObjectHeader header, final Object owner, final SharedClassLayout.Slot slot, final Object value)
    {
        ensureOpen();
        if (!header.replicaValid())
        {
            // The other fields of an unfilled copy must be in place before one of them is written.
            refresh(header, owner);
        }
        publish(value);
        final SlotValue encoded = ObjectImage.encodeValue(slot.type(), value, idOf, textOf);
        replicas.write(header.objectId(), owner, slot, value, encoded);
        return false;
    }

    protected boolean write(final ObjectHeader header, final Object owner, final int slot, final Object value)
    {
        ensureOpen();
        final ClusterTransaction tx = transaction();
        if (tx != null)
        {
            // Kept in the transaction until it commits; what it references is published now (under fresh ids,
            // unreferenced until the commit).
            publish(value);
            final SharedClassLayout.Slot field = header.layout().slot(slot);
            tx.write(header.objectId(), slot, value, ObjectImage.encodeValue(field.type(), value, idOf, textOf));
            return false;
        }
        if (EARLY_WRITE_ACK)
        {
            writingField.set(Boolean.TRUE);
        }
        try
        {
            publish(value);
            final SharedClassLayout.Slot field = header.layout().slot(slot);
            final SlotValue encoded = ObjectImage.encodeValue(field.type(), value, idOf, textOf);
            final Cached copy = cached.get(header.objectId());
            if (writeBack != null && !field.isFinal())
            {
                if (field.isVolatile())
                {
                    // A volatile write publishes every write before it: those kept here go first.
                    flushAll("writing " + field, true);
                }
                else if (buffer(copy, ObjectImage.clusterSlot(slot), encoded, field))
                {
                    return true;
                }
            }
            writeSlot(copy, ObjectImage.clusterSlot(slot), encoded, field, field, owner, value);
            return false;
        }
        finally
        {
            if (EARLY_WRITE_ACK)
            {
                writingField.remove();
            }
        }
    }

    // A write under a lock to an object this JVM owns stays in the local copy (the caller stores the field) until it
    // is flushed; false if it must go through. No read of the cluster that overlapped it may validate the copy.
    private boolean buffer(
        final Cached copy, final int clusterSlot, final SlotValue value, final SharedClassLayout.Slot field)
    {
        final HeldLocks locks = heldLocks.get();
        final Held fence = locks.innermost();
        if (fence == null)
        {
            return false;
        }
        if (fence.epoch != sessionEpoch)
        {
            throw lockLost(fence, "writing " + field);
        }
        if (!writeBack.buffer(copy.objectId, clusterSlot, value))
        {
            return false;
        }
        synchronized (copy)
        {
            copy.invalidations++;
        }
        counters().increment(NodeCounter.WRITES);
        locks.buffered = true;
        return true;
    }

    // Sends the writes kept here (background durability): nobody waits; a failure is reported.
    private void flushInBackground()
    {
        if (writeBack.anyPending() && !isClosed())
        {
            flushAll("flushing writes in the background", false);
        }
    }

    // Sends every write kept in this JVM (they stay owned) and waits for them.
    private void flushAll(final String what, final boolean mayThrow)
    {
        awaitFlushes(writeBack.send(owned -> true, false, false), what, mayThrow);
    }

    // Sends the writes kept for one object (it stays owned) and waits for them; what is done, doing followed by what,
    // is made into a string only when there are some.
    private void flushKeptWritesOf(final Cached copy, final String doing, final Object what)
    {
        if (writeBack != null && writeBack.hasPending(copy.objectId))
        {
            awaitFlushes(writeBack.send(owned -> owned.objectId == copy.objectId, false, false), doing + what, true);
        }
    }

    // Waits for flushes, at most the client's timeout each. A flush refused or unanswered loses its writes: the copies
    // that held them are made untrusted, and the failure is thrown (mayThrow) or reported.
    private void awaitFlushes(final List<WriteBack.Flush> flushes, final String what, final boolean mayThrow)
    {
        RuntimeException failure = null;
        for (final WriteBack.Flush flush : flushes)
        {
            try
            {
                call(flush.outcome(), what);
            }
            catch (final RuntimeException ex)
            {
                invalidationClock.incrementAndGet();
                for (final Cached copy : flush.copies())
                {
                    copy.invalidate();
                }
                final RuntimeException lost = lostWrites(ex, flush, what);
                if (mayThrow && failure == null)
                {
                    failure = lost;
                }
                else
                {
                    config().errorHandler().onError(lost);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    // The failure of a flush, as the exception a write would have thrown: unavailable (naming the timeout), lock lost,
    // or what the cluster said; its message says how many writes were lost.
    private static RuntimeException lostWrites(
        final RuntimeException cause, final WriteBack.Flush flush, final String what)
    {
        final String lost = flush.writes() + " write(s) to " + flush.copies().size() + " shared object(s) made under " +
            "a fabric lock could not be committed while " + what + ", and are lost: ";
        if (cause instanceof FabricUnavailableException)
        {
            return new FabricUnavailableException(lost + cause.getMessage());
        }
        if (cause instanceof ConsensusException &&
            ((ConsensusException)cause).category() == FabricException.Category.LOST)
        {
            return new FabricLockLostException(lost + cause.getMessage());
        }
        return new FabricException(categoryOf(cause), lost + cause.getMessage(), cause);
    }

    // what: the field or root written, made into a string only for a message.
    private void writeSlot(final Cached copy, final int clusterSlot, final SlotValue value, final Object what)
    {
        writeSlot(copy, clusterSlot, value, what, null, null, null);
    }

    // A field's write: once the cluster has applied it, the writer stores the value into its own copy and keeps the
    // copy's lease if nothing else touched the copy meanwhile (no invalidation, no other write of this node, no newer
    // state adopted): the cluster keeps the writer's lease through its own write, so a later write elsewhere still
    // invalidates it. Then x++ under a kept lock reads locally instead of refreshing.
    private void writeSlot(
        final Cached copy, final int clusterSlot, final SlotValue value, final Object what,
        final SharedClassLayout.Slot field, final Object owner, final Object fieldValue)
    {
        // Kept writes of this object go first: the cluster applies writes in the order they were made.
        flushKeptWritesOf(copy, "writing ", what);
        final Held fence = heldLocks.get().innermost();
        final boolean own = field != null && fence != null && fence.grant != null && writeBack != null &&
            !field.isVolatile() && writeBack.mayOwn(copy.objectId);
        invalidationClock.incrementAndGet();
        counters().increment(NodeCounter.WRITES);
        final long stamp = copy.beginWrite();
        boolean applied = false;
        boolean owned = false;
        try
        {
            final long version = writeOne(copy.objectId, clusterSlot, value, what, own);
            applied = !EARLY_WRITE_ACK;
            if (own && version < 0)
            {
                writeBack.unsupported();
            }
            else if (own)
            {
                writeBack.owns(copy.objectId, copy, fence.lockId, fence.grant, fence.grant.epoch == sessionEpoch);
                owned = true;
            }
        }
        finally
        {
            if (own && !owned)
            {
                writeBack.notOwned(copy.objectId);
            }
            if (applied && field != null)
            {
                copy.endWrite(stamp, field, owner, fieldValue);
            }
            else
            {
                copy.endWrite();
            }
            invalidationClock.incrementAndGet();
        }
    }

    // One slot, written as writeAll writes it (fenced by the innermost lock the thread holds), through the thread's
    // reusable call to the cluster: nothing is allocated for the request or its answer.
    // Returns the version written, negated if own was asked of a cluster without owned objects.
    private long writeOne(
        final long objectId, final int clusterSlot, final SlotValue value, final Object what, final boolean own)
    {
        final Held fence = heldLocks.get().innermost();
        if (fence != null && fence.epoch != sessionEpoch)
        {
            throw lockLost(fence, "writing " + what);
        }
        final long lockId = fence == null ? 0 : fence.lockId;
        final long token = fence == null ? 0 : fence.token;
        if (EARLY_WRITE_ACK && writingField.get() != null)
        {
            writeLate(lockId, token, List.of(new FabricConsensus.Entry(objectId, clusterSlot, value)),
                "writing " + what);
            return 0;
        }
        final ConsensusClient.Call write = consensus.writeCall(lockId, token, objectId, clusterSlot, value, own);
        counters().increment(NodeCounter.WRITE_MESSAGES);
        try
        {
            return join(write, "writing ", what);
        }
        catch (final ConsensusException ex)
        {
            if (fence != null && (ex.reason() == ConsensusException.Reason.STALE_TOKEN ||
                ex.reason() == ConsensusException.Reason.NOT_CONNECTED))
            {
                throw lockLost(fence, "writing " + what);
            }
            throw ex;
        }
    }

    // Writes entries fenced by the innermost lock the thread holds, in as many WRITE_BATCH messages as their size
    // needs (each atomic; callers that need all-or-nothing for readers write only to ids nobody holds yet, or one
    // entry), a bounded number in flight.
    private void writeAll(final List<FabricConsensus.Entry> entries, final String what)
    {
        final Held fence = heldLocks.get().innermost();
        if (fence != null && fence.epoch != sessionEpoch)
        {
            throw lockLost(fence, what);
        }
        final long lockId = fence == null ? 0 : fence.lockId;
        final long token = fence == null ? 0 : fence.token;
        if (EARLY_WRITE_ACK && writingField.get() != null)
        {
            writeLate(lockId, token, entries, what);
            return;
        }
        final ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
        int from = 0;
        int batches = 0;
        while (from < entries.size())
        {
            int to = from;
            int bytes = 0;
            while (to < entries.size() && (to == from || bytes + entrySize(entries.get(to)) <= BATCH_BYTES))
            {
                bytes += entrySize(entries.get(to));
                to++;
            }
            if (inFlight.size() == BATCHES_IN_FLIGHT)
            {
                awaitWrite(inFlight.poll(), fence, what);
            }
            inFlight.add(consensus.write(lockId, token, entries.subList(from, to)));
            counters().increment(NodeCounter.WRITE_MESSAGES);
            batches++;
            from = to;
        }
        while (!inFlight.isEmpty())
        {
            awaitWrite(inFlight.poll(), fence, what + (batches > 1 ? " (" + batches + " messages)" : ""));
        }
    }

    // TestFault.EARLY_WRITE_ACK: the write of a field store is sent later and nobody waits for it; a write that follows
    // another within 50 ms overtakes it by 40 ms, so a node's writes reach the cluster in reverse program order (the
    // objects a store publishes after the reference to them, data after the flag that guards it).
    private void writeLate(final long lockId, final long token, final List<FabricConsensus.Entry> entries,
        final String what)
    {
        final long delayMs;
        synchronized (lateWriteLock)
        {
            final long now = System.nanoTime();
            delayMs = now - lastLateWriteNs < TimeUnit.MILLISECONDS.toNanos(50) ? Math.max(0, lastLateDelayMs - 40) : 80;
            lastLateWriteNs = now;
            lastLateDelayMs = delayMs;
        }
        final List<FabricConsensus.Entry> copy = List.copyOf(entries);
        leaseTimer.schedule(() ->
        {
            for (int from = 0; from < copy.size(); from += 256)
            {
                consensus.write(lockId, token, copy.subList(from, Math.min(copy.size(), from + 256)))
                    .whenComplete((version, failure) ->
                    {
                        if (failure != null)
                        {
                            config().errorHandler().onError(new FabricException(categoryOf(failure),
                                "late write failed: " + what + ": " + failure, failure));
                        }
                    });
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void awaitWrite(final CompletableFuture<Long> write, final Held fence, final String what)
    {
        try
        {
            call(write, what);
        }
        catch (final ConsensusException ex)
        {
            if (fence != null && (ex.reason() == ConsensusException.Reason.STALE_TOKEN ||
                ex.reason() == ConsensusException.Reason.NOT_CONNECTED))
            {
                throw lockLost(fence, what);
            }
            throw ex;
        }
    }

    private static int entrySize(final FabricConsensus.Entry entry)
    {
        final byte[] bytes = entry.value().bytes();
        return 32 + (bytes == null ? 0 : bytes.length);
    }

    private FabricLockLostException lockLost(final Held fence, final String what)
    {
        if (!fence.lost)
        {
            counters().increment(NodeCounter.LOCKS_LOST);
        }
        fence.lost = true;
        return new FabricLockLostException("This thread no longer holds the fabric lock of shared object #" +
            fence.lockId + " (fencing token " + fence.token + "): the cluster gave it to another JVM after this " +
            "JVM was silent longer than " + SESSION_MS_PROP_NAME + " (" + config().sessionMs() +
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
        if (SKIP_LOCK || inTransaction())
        {
            return;
        }
        enter(header.objectId(), header);
    }

    // A class's monitor is the lock of a root's cluster object named after the class: the same in every JVM.
    protected long classMonitorId(final FabricUri uri)
    {
        return call(consensus.root(uri.toString()), "looking up " + uri);
    }

    protected void monitorExit(final ObjectHeader header, final Object owner)
    {
        if (inTransaction())
        {
            // Its enter took no fabric lock either.
            return;
        }
        // No hold recorded: entered before the object was shared, when the JVM monitor alone was taken.
        exit(header.objectId());
    }

    // Takes the fabric lock of a cluster object for the calling thread; nested entries are counted here. what: the
    // object or root locked, made into a string only for a message.
    private void enter(final long lockId, final Object what)
    {
        final HeldLocks locks = heldLocks.get();
        final Held held = locks.find(lockId);
        if (held != null)
        {
            held.count++;
            return;
        }
        if (lockGreedy)
        {
            enterGreedy(locks, lockId, what);
            return;
        }
        final long token = acquireCounted(lockId, ownerId(), what);
        locks.push(new Held(lockId, token, sessionEpoch));
    }

    // acquire, counted as a wait and then as a lock acquired and held.
    private long acquireCounted(final long lockId, final long owner, final Object what)
    {
        final CounterSet<NodeCounter> counters = counters();
        final long startNs = System.nanoTime();
        counters.increment(NodeCounter.LOCKS_WAITING);
        final long token;
        try
        {
            token = acquire(lockId, owner, what);
        }
        finally
        {
            counters.decrement(NodeCounter.LOCKS_WAITING);
            counters.add(NodeCounter.LOCK_WAIT_MS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        }
        counters.increment(NodeCounter.LOCKS_ACQUIRED);
        counters.increment(NodeCounter.LOCKS_HELD);
        return token;
    }

    // Leaves one entry; the last one releases the fabric lock, which never throws (see release). It throws only when
    // writes kept under ownership could not be committed (the default durability): after the lock is left.
    private void exit(final long lockId)
    {
        final HeldLocks locks = heldLocks.get();
        final Held held = locks.find(lockId);
        if (held == null || --held.count > 0)
        {
            return;
        }
        locks.remove(held);
        counters().decrement(NodeCounter.LOCKS_HELD);
        RuntimeException lost = null;
        if (locks.buffered && !durabilityBackground)
        {
            // The default durability: the block's writes are committed before the thread leaves it, or it learns
            // they are lost.
            locks.buffered = false;
            try
            {
                flushAll("leaving " + held, true);
                if (held.epoch != sessionEpoch)
                {
                    // The cluster ended the session the lock was held in: what this JVM kept was dropped then.
                    throw new FabricLockLostException("Writes made under the fabric lock of " + held + " could not " +
                        "be committed: the cluster ended this JVM's session while it held the lock (it did not hear " +
                        "from it for " + SESSION_MS_PROP_NAME + "), and they are lost");
                }
            }
            catch (final RuntimeException ex)
            {
                lost = ex;
            }
        }
        if (held.grant != null)
        {
            leaveGreedy(held, true);
        }
        else
        {
            release(held);
        }
        if (lost != null)
        {
            // Thrown once the fabric lock is left: the bytecode around every MONITOREXIT the agent sees exits the JVM
            // monitor on any exception (javac's handler covers itself, and so does the agent's for synchronized
            // methods), and this hook does nothing when called again for the same exit.
            throw lost;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Greedy locks: this JVM keeps a fabric lock (owner CLIENT_OWNER) after its threads leave it, and they take it
    // again with no round trip, until the cluster recalls it because someone else queued for it. Its threads
    // arbitrate among themselves on the JVM monitor, which they take after this; a recalled lock admits nobody new
    // and goes back to the cluster when its last user leaves. After a recall it goes back at every last exit for a
    // while (CONTENDED_NS): under contention it is handed over at each release.
    // ---------------------------------------------------------------------------------------------------------------

    private void enterGreedy(final HeldLocks locks, final long lockId, final Object what)
    {
        final Greedy lock = greedy.computeIfAbsent(lockId, Greedy::new);
        Grant grant = null;
        Grant suspect = null;
        boolean interrupted = false;
        synchronized (lock)
        {
            while (true)
            {
                final Grant current = lock.grant;
                if (current != null && current.epoch == sessionEpoch && !current.recalled && !current.releasing)
                {
                    if (heardAgoMs() * 2 <= sessionMs)
                    {
                        current.users++;
                        grant = current;
                        break;
                    }
                    // Silent for half a session: the cluster may have let this JVM's session go, so the grant is
                    // not used again without a round trip; it goes back once its users leave, then is asked anew.
                    if (current.recall())
                    {
                        suspect = current;
                        break;
                    }
                    continue;
                }
                if (current == null && !lock.acquiring)
                {
                    lock.acquiring = true;
                    break;
                }
                if (current != null && current.epoch != sessionEpoch)
                {
                    // The cluster forgot this JVM (onConnected cleared what it knew then); a grant of an older
                    // session is worth nothing.
                    lock.grant = null;
                    continue;
                }
                if (heardAgoMs() > timeoutMs)
                {
                    if (interrupted)
                    {
                        Thread.currentThread().interrupt();
                    }
                    throw unavailable("locking " + what, null);
                }
                interrupted |= awaitQuietly(lock);
            }
        }
        if (interrupted)
        {
            // synchronized is not interruptible: the flag stays set for the caller.
            Thread.currentThread().interrupt();
        }
        if (suspect != null)
        {
            releaseGreedy(lock, suspect);
            if (heardAgoMs() > timeoutMs)
            {
                throw unavailable("locking " + what, null);
            }
            enterGreedy(locks, lockId, what);
            return;
        }
        if (grant != null)
        {
            counters().increment(NodeCounter.LOCKS_KEPT);
            counters().increment(NodeCounter.LOCKS_HELD);
            locks.push(new Held(lockId, grant));
            return;
        }
        acquireGreedy(locks, lock, what);
    }

    // This thread asks the cluster for the lock on behalf of the JVM; the others wait for it on the Greedy.
    private void acquireGreedy(final HeldLocks locks, final Greedy lock, final Object what)
    {
        final long token;
        try
        {
            token = acquireCounted(lock.lockId, Wire.CLIENT_OWNER, what);
        }
        catch (final RuntimeException ex)
        {
            synchronized (lock)
            {
                lock.acquiring = false;
                lock.notifyAll();
            }
            throw ex;
        }
        // The session the grant came in (a reconnect while it was asked for makes a new one; the cluster fences a
        // grant of a session it forgot in any case), as for a lock of one thread.
        final Grant grant = new Grant(token, sessionEpoch);
        grant.users = 1;
        synchronized (lock)
        {
            lock.acquiring = false;
            if (lock.pendingRecall == token)
            {
                grant.recalled = true;
            }
            lock.pendingRecall = 0;
            lock.grant = grant;
            lock.notifyAll();
        }
        locks.push(new Held(lock.lockId, grant));
    }

    // A thread stops using the JVM's grant: at its last exit (flushing its notifies first), or when it waits. The last
    // user of a recalled (or contended) grant sends it back. Never throws.
    private void leaveGreedy(final Held held, final boolean flush)
    {
        if (flush && !held.lost && held.epoch == sessionEpoch)
        {
            try
            {
                flushNotifies(held, "unlocking");
            }
            catch (final RuntimeException ex)
            {
                config().errorHandler().onError(new FabricException(categoryOf(ex),
                    "could not notify the waiters of shared object #" + held.lockId + " (" + ex.getMessage() + ")",
                    ex));
            }
        }
        final Grant grant = held.grant;
        final Greedy lock = greedy.get(held.lockId);
        boolean release = false;
        synchronized (lock)
        {
            grant.users--;
            if (grant.users == 0 && lock.grant == grant && !grant.releasing &&
                (grant.recalled || System.nanoTime() - lock.contendedUntilNs < 0))
            {
                grant.releasing = true;
                release = true;
            }
        }
        if (release)
        {
            releaseGreedy(lock, grant);
        }
    }

    // Sends a grant back to the cluster; waiting threads of this JVM then queue for the lock again.
    private void releaseGreedy(final Greedy lock, final Grant grant)
    {
        try
        {
            if (grant.epoch == sessionEpoch)
            {
                // The writes kept under the grant are committed before the lock passes on; giving the grant back ends
                // the ownership of what was owned under it.
                final List<WriteBack.Flush> flushes = writeBack == null ? List.of() :
                    writeBack.send(owned -> owned.grant == grant, true, false);
                awaitFlushes(flushes, "unlocking shared object #" + lock.lockId, false);
                unlock(lock.lockId, Wire.CLIENT_OWNER, "shared object #" + lock.lockId);
            }
        }
        catch (final RuntimeException ex)
        {
            config().errorHandler().onError(new FabricException(categoryOf(ex),
                "could not release the fabric lock of shared object #" + lock.lockId + " (" + ex.getMessage() +
                "); the cluster releases it when this JVM's session ends", ex));
        }
        finally
        {
            synchronized (lock)
            {
                if (lock.grant == grant)
                {
                    lock.grant = null;
                }
                lock.notifyAll();
            }
        }
    }

    // On the client thread: a recall of a grant this JVM holds (or is being handed). Must not wait for the cluster.
    private void onRecall(final long lockId, final long token)
    {
        final Greedy lock = greedy.get(lockId);
        if (lock == null)
        {
            return;
        }
        final Grant grant;
        synchronized (lock)
        {
            lock.contendedUntilNs = System.nanoTime() + CONTENDED_NS;
            grant = lock.grant;
            if (grant == null || grant.token != token)
            {
                if (lock.acquiring)
                {
                    lock.pendingRecall = token;
                }
                return;
            }
            if (grant.recalled || grant.releasing)
            {
                return;
            }
            counters().increment(NodeCounter.LOCK_RECALLS);
            if (!grant.recall())
            {
                return;
            }
        }
        wakeUps.execute(() -> releaseGreedy(lock, grant));
    }

    // On the client thread: a recall the old leader sent may be lost, so every grant is treated as recalled.
    private void onNewLeader()
    {
        for (final Greedy lock : greedy.values())
        {
            final Grant grant;
            synchronized (lock)
            {
                grant = lock.grant;
                if (grant == null || !grant.recall())
                {
                    continue;
                }
            }
            wakeUps.execute(() -> releaseGreedy(lock, grant));
        }
    }

    // Waits on the monitor for a while; true if interrupted meanwhile (the flag is cleared, to be set again later).
    private static boolean awaitQuietly(final Object monitor)
    {
        try
        {
            monitor.wait(LOCK_POLL_MS);
            return false;
        }
        catch (final InterruptedException ex)
        {
            return true;
        }
    }

    protected void await(final ObjectHeader header, final Object owner, final long timeoutMillis, final int nanos)
        throws InterruptedException
    {
        if (inTransaction())
        {
            throw new FabricException(FabricException.Category.USAGE, "Cannot wait on " + header + " inside " +
                "Fabric.atomically: a transaction must not block on others (it takes no lock, and its writes are " +
                "not seen until it commits); wait outside it, then run the transaction");
        }
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
        countWait();
        if (held.lost || held.epoch != sessionEpoch)
        {
            throw lockLost(held, "waiting on " + header);
        }
        flushNotifies(held, "waiting on " + header);
        final HeldLocks locks = heldLocks.get();
        if (locks.buffered && !durabilityBackground)
        {
            locks.buffered = false;
            flushAll("waiting on " + header, true);
        }
        // The cluster releases the lock whole and puts this thread in the lock's wait set; a notify from any JVM (or
        // the timeout) moves it to the lock's queue, and the grant gives the lock back. Meanwhile this thread waits on
        // the JVM monitor, which releases it (a thread of this JVM may need it to finish its block and release the
        // fabric lock); the grant wakes it at once.
        final long owningThread = ownerId();
        final long lockId = header.objectId();
        final String what = "taking back the lock of " + header + " after wait";
        final long waitMs = timeoutMillis == 0 && nanos == 0 ? 0 : timeoutMillis + (nanos > 0 ? 1 : 0);
        final CompletableFuture<FabricConsensus.LockGrant> request = consensus.await(lockId, owningThread, waitMs);
        // Never on the client thread: a thread of this JVM holding the monitor may be waiting for that thread.
        request.whenCompleteAsync((grant, failure) ->
        {
            synchronized (owner)
            {
                owner.notifyAll();
            }
        }, wakeUps);
        if (held.grant != null)
        {
            // Under the JVM's greedy hold the cluster keeps the lock (other threads here may be using it) and this
            // thread comes back by a grant of its own: it stops being a user of the JVM's grant now.
            leaveGreedy(held, false);
            held.grant = null;
        }
        boolean interrupted = false;
        while (!request.isDone())
        {
            if (heardAgoMs() > timeoutMs)
            {
                held.lost = true;
                request.thenAccept(grant -> consensus.unlock(lockId, owningThread));
                if (interrupted)
                {
                    Thread.currentThread().interrupt();
                }
                throw unavailable(what, null);
            }
            try
            {
                owner.wait(LOCK_POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                // Java's wait throws only once the monitor is held again, and so must the fabric lock be: leave the
                // wait set, queue for the lock, and throw when it is granted.
                if (!interrupted)
                {
                    interrupted = true;
                    consensus.notify(lockId, owningThread, NotifyMode.CANCEL_OWN);
                }
            }
        }
        final FabricConsensus.LockGrant grant;
        try
        {
            grant = call(request, what);
        }
        catch (final RuntimeException ex)
        {
            held.lost = true;
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
            throw ex;
        }
        held.token = grant.fencingToken();
        held.epoch = sessionEpoch;
        held.lost = false;
        if (interrupted)
        {
            throw new InterruptedException("interrupted while waiting on " + header + "; the fabric lock is held " +
                "again");
        }
    }

    protected void signal(final ObjectHeader header, final Object owner, final boolean all)
    {
        final ClusterTransaction tx = transaction();
        if (tx != null)
        {
            // What it would wake a waiter for is not written yet: sent once the transaction committed.
            tx.signals.add(new ClusterTransaction.Signal(owner, all));
            return;
        }
        super.signal(header, owner, all);
        final Held held = heldLocks.get().find(header.objectId());
        if (held == null || held.lost || held.epoch != sessionEpoch)
        {
            // Entered before the object was shared (only the JVM monitor is held), or the lock is lost already.
            return;
        }
        // Sent now, waited for before this thread releases or waits: the cluster must apply it while this thread
        // still holds the lock.
        held.notifying(consensus.notify(header.objectId(), ownerId(),
            all ? NotifyMode.ALL : NotifyMode.ONE));
    }

    private void flushNotifies(final Held held, final String what)
    {
        final List<CompletableFuture<Integer>> pending = held.takeNotifies();
        for (final CompletableFuture<Integer> notify : pending)
        {
            try
            {
                call(notify, "notifying the waiters of shared object #" + held.lockId + " before " + what);
            }
            catch (final ConsensusException ex)
            {
                if (ex.reason() == ConsensusException.Reason.NOT_OWNER ||
                    ex.reason() == ConsensusException.Reason.NOT_CONNECTED)
                {
                    throw lockLost(held, "notifying the waiters of shared object #" + held.lockId);
                }
                throw ex;
            }
        }
    }

    // The grant's fencing token. Through the thread's reusable call to the cluster: nothing is allocated for the
    // request or its answer. synchronized is not interruptible: the wait goes on, and the interrupt flag stays set
    // for the caller.
    private long acquire(final long lockId, final long owner, final Object what)
    {
        final ConsensusClient.Call request = consensus.lockCall(lockId, owner, -1);
        while (!request.await(TimeUnit.MILLISECONDS.toNanos(LOCK_POLL_MS)))
        {
            if (heardAgoMs() > timeoutMs)
            {
                // Give up; if the grant still comes, hand the lock straight back.
                request.abandon(token -> consensus.unlock(lockId, owner));
                throw unavailable("locking " + what, null);
            }
        }
        final long token;
        try
        {
            token = request.value();
        }
        catch (final RuntimeException ex)
        {
            throw translate(ex, "locking " + what);
        }
        if (token == 0)
        {
            throw new FabricException(FabricException.Category.INTERNAL,
                "Internal error: an unbounded lock wait for " + what + " timed out");
        }
        return token;
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
            flushNotifies(held, "unlocking");
            unlock(held.lockId, ownerId(), held);
        }
        catch (final RuntimeException ex)
        {
            config().errorHandler().onError(new FabricException(categoryOf(ex),
                "could not release the fabric lock of shared object #" + held.lockId + " (" + ex.getMessage() +
                "); the cluster releases it when this JVM's session ends", ex));
        }
    }

    // Releases a hold and waits for the answer, unless the cluster has been silent for the timeout already (a flush or
    // a notify before it waited that out): then the release is sent without waiting, and is resent until it is
    // answered or its own deadline passes, so that leaving a lock never waits the timeout twice.
    private void unlock(final long lockId, final long owner, final Object what)
    {
        if (heardAgoMs() > timeoutMs)
        {
            consensus.unlock(lockId, owner).whenComplete((holds, failure) ->
            {
                if (failure != null)
                {
                    config().errorHandler().onError(new FabricException(categoryOf(failure),
                        "could not release the fabric lock of " + what + " (" + failure.getMessage() +
                        "); the cluster releases it when this JVM's session ends", failure));
                }
            });
            return;
        }
        join(consensus.unlockCall(lockId, owner), "unlocking ", what);
    }

    private static long ownerId()
    {
        return Thread.currentThread().getId();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pushes from the cluster, on the client thread
    // ---------------------------------------------------------------------------------------------------------------

    // What the CAUSAL/EVENTUAL engine needs of this node: its filled copies, and values decoded for them.
    private final class ReplicaHost implements Replicas.Host
    {
        public Object copyOf(final long objectId)
        {
            final Cached copy = cached.get(objectId);
            return copy instanceof ObjectCopy && ((ObjectCopy)copy).header.replicaValid() ?
                ((ObjectCopy)copy).object : null;
        }

        public Object decode(final Object owner, final SharedClassLayout.Slot slot, final SlotValue value)
        {
            materialize(List.of(SlotValue.nullValue(), value), owner.getClass().getClassLoader());
            return ObjectImage.decodeValue(slot.type(), value, ClusterFabric.this::resolve);
        }
    }

    // Decoded in place (FabricConsensus.pushes): nothing is allocated per invalidation.
    private final class Pushes implements FabricConsensus.PushListener
    {
        public void onInvalidate(final long objectId, final long leaseId)
        {
            counters().increment(NodeCounter.INVALIDATIONS);
            if (SKIP_INVALIDATION)
            {
                consensus.invalidateAck(objectId, leaseId);
                return;
            }
            invalidationClock.incrementAndGet();
            final Cached copy = cached.get(objectId);
            if (copy != null)
            {
                copy.invalidate();
            }
            else
            {
                // An object being materialized: its read may carry the lease this push revokes.
                strayInvalidations.incrementAndGet();
            }
            consensus.invalidateAck(objectId, leaseId);
        }

        public void onRecall(final long lockId, final long fencingToken)
        {
            ClusterFabric.this.onRecall(lockId, fencingToken);
        }

        public void onMembership(final ConsensusClient.Reply push)
        {
            final FabricConsensus.Membership latest = FabricConsensus.membership(push);
            membership = latest;
            final Replicas engine = replicas;
            if (engine != null && latest != null)
            {
                engine.onMembership(latest);
            }
        }

        public void onFlushRecall(final long objectId)
        {
            counters().increment(NodeCounter.FLUSH_RECALLS);
            if (writeBack == null)
            {
                return;
            }
            writeBack.contended(objectId);
            // Never waits on the client thread: the flush is sent from a wake-up thread.
            wakeUps.execute(() -> awaitFlushes(writeBack.send(owned -> owned.objectId == objectId, true, true),
                "flushing shared object #" + objectId + " for another JVM", false));
        }

        public void onConnected(final boolean resumed)
        {
            if (!resumed && everConnected)
            {
                // The cluster forgot this client: its locks went to others and its read leases are gone, as is what
                // it owned; writes kept here and not sent are lost.
                // The new epoch first: a thread that finds its kept writes gone then also finds its lock's epoch old.
                sessionEpoch++;
                final int lost = writeBack == null ? 0 : writeBack.dropAll();
                if (lost > 0)
                {
                    config().errorHandler().onError(new FabricLockLostException(lost + " write(s) to shared objects " +
                        "made under a fabric lock could not be committed: the cluster ended this JVM's session (it " +
                        "did not hear from it for " + SESSION_MS_PROP_NAME + "), and they are lost"));
                }
                for (final Greedy lock : greedy.values())
                {
                    synchronized (lock)
                    {
                        lock.grant = null;
                        lock.notifyAll();
                    }
                }
                invalidationClock.incrementAndGet();
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

    // Waits for a call to the cluster as call(future, what) waits for a future: at most the client's timeout and a
    // grace, its failure translated. The name of what is waited for, doing followed by what, is made only for a
    // message.
    private long join(final ConsensusClient.Call request, final String doing, final Object what)
    {
        if (!request.await(TimeUnit.MILLISECONDS.toNanos(timeoutMs + CALL_GRACE_MS)))
        {
            // The client fails a request after memfabric.timeout.ms, but its thread may be busy opening a session.
            request.abandon(null);
            throw unavailable(doing + what, null);
        }
        try
        {
            return request.value();
        }
        catch (final RuntimeException ex)
        {
            throw translate(ex, doing + what);
        }
    }

    private <T> T call(final CompletableFuture<T> request, final String what)
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    // The client fails a request after memfabric.timeout.ms, but its thread may be busy opening a session then.
                    return request.get(timeoutMs + CALL_GRACE_MS, TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
                catch (final ExecutionException ex)
                {
                    throw translate(ex.getCause(), what);
                }
                catch (final TimeoutException ex)
                {
                    throw unavailable(what, null);
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

    // What a failed request throws: a FabricException whose category is the cause's (a refusal stays REFUSED, a
    // ConsensusException keeps its reason's), or a FabricUnavailableException when the cluster did not answer.
    private RuntimeException translate(final Throwable cause, final String what)
    {
        if (cause instanceof ClusterRefusedException)
        {
            return new FabricException(((ClusterRefusedException)cause).category(), "Failed " + what + ": " +
                cause.getMessage() + ". Give this JVM the members' secret: " + SECRET_FILE_PROP_NAME +
                "=<the file given to the members' --secret-file> (or " + SECRET_PROP_NAME + ")", cause);
        }
        if (cause instanceof ClusterVersionException)
        {
            return new FabricException(((ClusterVersionException)cause).category(),
                "Failed " + what + ": " + cause.getMessage(), cause);
        }
        if (cause instanceof IllegalArgumentException)
        {
            // The client refused to send it: a value or a message larger than the protocol carries.
            return new FabricException(FabricException.Category.LIMIT, "Failed " + what + ": " + cause.getMessage(),
                cause);
        }
        if (cause instanceof ConsensusTimeoutException || cause instanceof IllegalStateException)
        {
            return unavailable(what, cause);
        }
        if (cause instanceof RuntimeException)
        {
            // A ConsensusException among them: its category is its reason's.
            return (RuntimeException)cause;
        }
        return new FabricException(FabricException.Category.INTERNAL, "Failed " + what + ": " + cause, cause);
    }

    // What kind of failure a background request met: a fenced write is LOST, not UNAVAILABLE.
    private static FabricException.Category categoryOf(final Throwable failure)
    {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
            failure.getCause() : failure;
        return cause instanceof FabricException ? ((FabricException)cause).category() :
            FabricException.Category.UNAVAILABLE;
    }

    private FabricUnavailableException unavailable(final String what, final Throwable cause)
    {
        counters().increment(NodeCounter.TIMEOUTS);
        final FabricUnavailableException ex = new FabricUnavailableException("The fabric cluster at " +
            config().cluster() + " did not answer " + what + " within " + TIMEOUT_MS_PROP_NAME + " (" +
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
        // When the current lease runs out (System.nanoTime), and the version a write of this node began at.
        long leaseExpiresNs;
        long versionAtWrite;
        boolean filled;
        boolean leased;

        Cached(final long objectId)
        {
            this.objectId = objectId;
        }

        abstract void valid(boolean valid);

        abstract void apply(List<SlotValue> slots);

        // A write of this node's makes the copy untrusted until it is applied: the cluster does not hold a write for
        // the writer's own lease, and no read that overlapped the write may validate the copy. Returns a stamp for
        // endWrite(stamp, ...): whether the copy was leased, and the invalidation count after this begin.
        synchronized long beginWrite()
        {
            final boolean wasLeased = leased && System.nanoTime() - leaseExpiresNs < 0;
            invalidations++;
            writesInFlight++;
            leased = false;
            valid(false);
            versionAtWrite = appliedVersion;
            return wasLeased ? invalidations : -1;
        }

        synchronized void endWrite()
        {
            writesInFlight--;
            invalidations++;
        }

        // The write was applied: if the copy was leased when it began and nothing touched the copy since (no
        // invalidation, no other write, no state adopted) and the lease still runs, the copy takes the value and is
        // readable again under the same lease.
        synchronized void endWrite(
            final long stamp, final SharedClassLayout.Slot field, final Object owner, final Object value)
        {
            final boolean keep = stamp >= 0 && !field.isFinal() && writesInFlight == 1 && invalidations == stamp &&
                appliedVersion == versionAtWrite && System.nanoTime() - leaseExpiresNs < 0;
            writesInFlight--;
            invalidations++;
            if (keep)
            {
                field.set(owner, value);
                leased = true;
                valid(true);
            }
        }

        synchronized void invalidate()
        {
            invalidations++;
            leased = false;
            valid(false);
        }

        // Whether the lease ran out while it still made the copy readable (not revoked or overtaken first).
        synchronized boolean expire(final long generation)
        {
            if (leaseGeneration == generation)
            {
                final boolean expired = leased;
                leased = false;
                valid(false);
                return expired;
            }
            return false;
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
                case LONG:
                    cell.load(true, value.bits(), null);
                    break;
                case REF:
                    cell.load(true, 0, resolve(value.bits()));
                    break;
                case BYTES:
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
            writeSlot(this, CELL_SLOT, encode(cell, bits, ref), cell);
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
            enter(objectId, cell);
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
                return textOf((String)ref);
            }
            throw new FabricException(FabricException.Category.USAGE,
                "Cannot put a " + ref.getClass().getName() + " into " + cell + " on a " +
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
        // The JVM's greedy grant this thread uses, or null when the thread holds the lock itself (greedy locks off, or
        // given back to it after a wait).
        Grant grant;
        private List<CompletableFuture<Integer>> notifies = List.of();

        void notifying(final CompletableFuture<Integer> notify)
        {
            if (notifies.isEmpty())
            {
                notifies = new ArrayList<>(2);
            }
            notifies.add(notify);
        }

        List<CompletableFuture<Integer>> takeNotifies()
        {
            final List<CompletableFuture<Integer>> taken = notifies;
            notifies = List.of();
            return taken;
        }

        Held(final long lockId, final long token, final long epoch)
        {
            this.lockId = lockId;
            this.token = token;
            this.epoch = epoch;
        }

        Held(final long lockId, final Grant grant)
        {
            this(lockId, grant.token, grant.epoch);
            this.grant = grant;
        }

        public String toString()
        {
            return "shared object #" + lockId;
        }
    }

    // A fabric lock this JVM may hold greedily; its fields are guarded by its monitor.
    static final class Greedy
    {
        final long lockId;
        Grant grant;
        // A thread is asking the cluster for the lock; the others wait for it here.
        boolean acquiring;
        // A recall that came before the acquiring thread took its grant (the token it names).
        long pendingRecall;
        // Until then (System.nanoTime), the lock goes back at every last exit.
        long contendedUntilNs = System.nanoTime();

        Greedy(final Long lockId)
        {
            this.lockId = lockId;
        }
    }

    // One grant of a greedy lock to this JVM; guarded by its Greedy's monitor.
    static final class Grant
    {
        final long token;
        final long epoch;
        // Threads that entered under this grant and have not left (or started waiting) yet.
        int users;
        // Recalled by the cluster: admits nobody new; the last user sends it back.
        boolean recalled;
        boolean releasing;

        Grant(final long token, final long epoch)
        {
            this.token = token;
            this.epoch = epoch;
        }

        // Admits nobody new from now on; true if nobody uses it either, so the caller must send it back now.
        boolean recall()
        {
            recalled = true;
            if (users > 0 || releasing)
            {
                return false;
            }
            releasing = true;
            return true;
        }
    }

    static final class HeldLocks
    {
        private final ArrayList<Held> stack = new ArrayList<>(4);
        // The thread kept writes in this JVM since its last flush.
        boolean buffered;

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
