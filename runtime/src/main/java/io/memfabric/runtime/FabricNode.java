/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.Fabric;
import io.memfabric.FabricConfig;
import io.memfabric.FabricException;
import io.memfabric.FabricStats;
import io.memfabric.FabricUnavailableException;
import io.memfabric.FabricChangeListener;
import io.memfabric.FabricSubscription;
import io.memfabric.FabricUri;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;
import io.memfabric.runtime.merge.MergeState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One fabric node: what a {@link Fabric} is inside the runtime. It holds the roots through its {@link StrongStore},
 * publishes objects (gives them headers), and serves the slow paths of the code the agent generated: reads whose
 * local copy is not valid, writes that cannot be applied locally, and monitors on shared objects.
 * <p>
 * The embedded node implements those slow paths inside this JVM; a cluster-backed node implements them against
 * the consensus cluster. Several nodes may live in one JVM; none keeps static state.
 */
public abstract class FabricNode implements Fabric
{
    /**
     * Publication takes one JVM-wide lock: it is rare (an object is published once), and two nodes publishing the
     * same fresh object at once must not both give it a header.
     */
    private static final Object PUBLICATION_LOCK = new Object();

    private final FabricConfig config;
    private final StrongStore store;
    private final LongAdder sharedObjects = new LongAdder();
    private final java.util.concurrent.locks.ReentrantLock transactions = new java.util.concurrent.locks.ReentrantLock();
    private final LongAdder roots = new LongAdder();
    private final LongAdder monitorEnters = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder notifies = new LongAdder();
    private final ConcurrentHashMap<Thread, RootCell> waitingForRoot = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Class<?>, ObjectHeader> classMonitors = new ConcurrentHashMap<>();
    private volatile CounterSet<NodeCounter> counters = CounterSet.inMemory(NodeCounter.class);
    private final NodeCountersBean countersBean;
    private volatile boolean closed;

    private final ConcurrentHashMap<Long, MergeState> localMerges = new ConcurrentHashMap<>();

    protected FabricNode(final FabricConfig config, final StrongStore store)
    {
        this.config = config;
        this.store = store;
        this.countersBean = NodeCountersBean.register(this::counters, getClass().getSimpleName());
    }

    /**
     * @return this node's counters (see {@link NodeCounter}); also on JMX as {@code io.memfabric:type=FabricNode}.
     */
    public CounterSet<NodeCounter> counters()
    {
        return counters;
    }

    /**
     * Counts into other counters from now on (a cluster client's, in its media driver's CnC file), carrying over
     * what was counted so far.
     *
     * @param moved the node's counters from now on.
     */
    protected void counters(final CounterSet<NodeCounter> moved)
    {
        final CounterSet<NodeCounter> before = counters;
        for (final NodeCounter counter : NodeCounter.values())
        {
            moved.add(counter, before.get(counter));
        }
        counters = moved;
    }

    /**
     * {@inheritDoc}
     */
    public <T> T root(final String uri, final Class<T> type, final Supplier<T> init)
    {
        final FabricUri parsed = FabricUri.parse(uri);
        if (type == null || init == null)
        {
            throw new NullPointerException("root(" + uri + ", type, init) needs a type and an init function");
        }
        if (!SharedInstance.class.isAssignableFrom(type) && !DynamicValues.COLLECTION_TYPES.contains(type))
        {
            throw new FabricException(FabricException.Category.USAGE,
                "Cannot make root " + uri + " of type " + SharedClassLayout.notShareable(type) +
                " (a root may also be a List, Map, Set, Collection, Queue, Deque, BlockingQueue or BlockingDeque)");
        }
        ensureOpen();
        final RootCell cell = rootCell(parsed);
        cell.bind('L', "Fabric.root(" + type.getName() + ")");
        final Object value = cell.getOrCreate(init, type);
        if (!type.isInstance(value))
        {
            throw new FabricException(FabricException.Category.USAGE,
                "Root " + uri + " holds a " + value.getClass().getName() + ", not a " +
                type.getName() + "; ask for it with its own class, or use another URI");
        }
        return type.cast(value);
    }

    /**
     * {@inheritDoc}
     * <p>
     * This node's memory is the whole fabric: transactions run one at a time under one lock, and never conflict.
     */
    public <T> T atomically(final int maxAttempts, final Supplier<T> body)
    {
        checkAttempts(maxAttempts);
        ensureOpen();
        transactions.lock();
        try
        {
            return body.get();
        }
        finally
        {
            transactions.unlock();
        }
    }

    /**
     * @param maxAttempts how many attempts a transaction was given.
     * @throws IllegalArgumentException if fewer than one.
     */
    protected static void checkAttempts(final int maxAttempts)
    {
        if (maxAttempts < 1)
        {
            throw new IllegalArgumentException("a transaction needs at least 1 attempt, not " + maxAttempts);
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean isShared(final Object object)
    {
        final ObjectHeader header = ObjectHeader.of(object);
        return header != null && header.node() == this;
    }

    /**
     * @return requests sent to a consensus cluster so far; 0 for a node that has none.
     */
    protected long clusterRequests()
    {
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public FabricStats stats()
    {
        return new FabricStats(
            sharedObjects.sum(), roots.sum(), monitorEnters.sum(), waits.sum(), notifies.sum(), clusterRequests());
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            countersBean.unregister();
            store.close();
        }
    }

    /**
     * @return whether {@link #close()} was called.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return the settings this node was opened with.
     */
    public FabricConfig config()
    {
        return config;
    }

    /**
     * Gets or creates the cell of a root.
     *
     * @param uri the root's name.
     * @return the cell.
     */
    public RootCell rootCell(final FabricUri uri)
    {
        ensureOpen();
        return store.cell(this, uri);
    }

    /**
     * Makes {@code value}, and every object reachable from it through shared fields, shared on this node, before it
     * is stored into a shared field or root. Values that are not objects of shareable classes (strings, boxed
     * primitives, enums) are immutable and need nothing.
     *
     * @param value the value about to be stored.
     * @throws FabricException if an object in the graph is shared on another fabric.
     */
    public void publish(final Object value)
    {
        if (!(value instanceof SharedInstance))
        {
            return;
        }
        final ObjectHeader existing = ObjectHeader.of(value);
        if (existing != null)
        {
            checkSameNode(existing, value);
            return;
        }
        publishGraphs(List.of(value));
    }

    /**
     * Makes several unshared objects, and everything reachable from them, shared on this node in one publication
     * (on a cluster: one id allocation and as few write messages as the bytes need). For tools that need many fresh
     * shared objects at once, such as the memory-model test harness; a program publishes by storing.
     *
     * @param values objects of shareable classes; shared ones of this node are skipped.
     * @throws FabricException if an object is not shareable, or is shared on another fabric.
     */
    public void publishAll(final List<?> values)
    {
        final List<Object> unshared = new ArrayList<>(values.size());
        for (final Object value : values)
        {
            if (!(value instanceof SharedInstance))
            {
                throw new FabricException(FabricException.Category.USAGE,
                    (value == null ? "null" : value.getClass().getName()) + " is not an " +
                    "object of a shareable class; only those can be published");
            }
            final ObjectHeader existing = ObjectHeader.of(value);
            if (existing != null)
            {
                checkSameNode(existing, value);
                continue;
            }
            unshared.add(value);
        }
        if (!unshared.isEmpty())
        {
            publishGraphs(unshared);
        }
    }

    /**
     * This node's copies of objects shared on a node of the same fabric (another {@code Fabric} opened on the same
     * cluster, in this JVM or, by id, elsewhere), fetched in as few reads as possible and readable locally under a
     * lease when this returns. For tools such as the memory-model test harness, which races threads of several nodes
     * on the same objects; a program reaches shared objects through roots.
     *
     * @param shared objects shared on this node or on another node of the same fabric.
     * @return this node's copy of each, in the same order.
     * @throws FabricException if an object is not shared, or this node cannot hold copies of another node's objects.
     */
    public List<Object> copiesOf(final List<?> shared)
    {
        ensureOpen();
        for (final Object object : shared)
        {
            final ObjectHeader header = ObjectHeader.of(object);
            if (header == null)
            {
                throw new FabricException(FabricException.Category.USAGE,
                    "Not shared: " + object + "; publish it on a node first");
            }
            if (!sharesObjectsWith(header.node()))
            {
                throw new FabricException(FabricException.Category.USAGE,
                    this + " cannot hold a copy of " + header + ", which is shared on " +
                    header.node() + ": only nodes of one cluster share objects");
            }
        }
        return localCopies(shared);
    }

    /**
     * @param other a node.
     * @return whether this node can hold copies of objects shared on {@code other}: an embedded node only of its own.
     */
    protected boolean sharesObjectsWith(final FabricNode other)
    {
        return other == this;
    }

    /**
     * This node's copies, for {@link #copiesOf}, of objects checked to be shared on a node it shares objects with.
     *
     * @param shared the objects.
     * @return their copies on this node, in the same order.
     */
    protected List<Object> localCopies(final List<?> shared)
    {
        return new ArrayList<>(shared);
    }

    private void publishGraphs(final List<?> values)
    {
        ensureOpen();
        synchronized (PUBLICATION_LOCK)
        {
            // Phase 1: find every unshared object of the graph and check the shared ones, changing nothing, so a
            // graph that cannot be published stays entirely local.
            final IdentityHashMap<Object, SharedClassLayout> found = new IdentityHashMap<>();
            final ArrayList<SharedInstance> order = new ArrayList<>();
            final ArrayDeque<SharedInstance> pending = new ArrayDeque<>();
            for (int i = values.size() - 1; i >= 0; i--)
            {
                pending.push((SharedInstance)values.get(i));
            }
            while (!pending.isEmpty())
            {
                final SharedInstance object = pending.pop();
                final ObjectHeader header = object.$mf$header();
                if (header != null && !header.ownedBy(object))
                {
                    // A copy carrying its original's header: it is a new object, published like any other.
                    object.$mf$header(null);
                }
                else if (header != null)
                {
                    checkSameNode(header, object);
                    continue;
                }
                if (found.containsKey(object))
                {
                    continue;
                }
                final SharedClassLayout layout = SharedClassLayout.of(object.getClass());
                found.put(object, layout);
                order.add(object);
                for (final SharedClassLayout.Slot slot : layout.sharedReferenceSlots())
                {
                    Object referenced = slot.get(object);
                    if (slot.isDynamic())
                    {
                        // A java.util collection becomes a fabric one here, before the object is shared.
                        final Object prepared = DynamicValues.prepare(slot.type(), referenced, slot);
                        if (prepared != referenced)
                        {
                            slot.set(object, prepared);
                            referenced = prepared;
                        }
                    }
                    if (referenced instanceof SharedInstance)
                    {
                        pending.push((SharedInstance)referenced);
                    }
                }
            }

            // Phase 2: give headers, last found first, so an object is shared only after what it references is.
            final ArrayList<SharedInstance> referencedFirst = new ArrayList<>(order.size());
            for (int i = order.size() - 1; i >= 0; i--)
            {
                referencedFirst.add(order.get(i));
            }
            share(referencedFirst);
        }
    }

    /**
     * Makes a graph of unshared objects shared, called by {@link #publish} with the JVM-wide publication lock held.
     * The embedded node gives each a header with a fresh id from its store; a cluster-backed node first writes the
     * whole graph to the cluster. Either way each object must get its header through {@link #install}, and nothing
     * may be left half shared: on failure no object of the graph has a header.
     *
     * @param objects the objects, each after the objects it references (except along cycles).
     */
    protected void share(final List<SharedInstance> objects)
    {
        for (final SharedInstance object : objects)
        {
            install(object, store.newObjectId());
        }
    }

    /**
     * Gives an object its header, which makes it shared on this node.
     *
     * @param object   an object of a shareable class with no header yet.
     * @param objectId its id.
     * @return the header.
     */
    protected final ObjectHeader install(final SharedInstance object, final long objectId)
    {
        final ObjectHeader created = new ObjectHeader(this, objectId, SharedClassLayout.of(object.getClass()), object);
        onShared(created);
        object.$mf$header(created);
        sharedObjects.increment();
        counters.increment(NodeCounter.OBJECTS_PUBLISHED);
        return created;
    }

    /**
     * Clears a header that was copied into an object from another (by {@code clone()}, or by reflection), which
     * makes the object an ordinary unshared one. Under the publication lock, and only if the object still holds
     * that header, so a publication of the copy that gave it its own header meanwhile is never undone.
     *
     * @param copy   the object holding a header that is not its own.
     * @param header that header.
     */
    static void detach(final SharedInstance copy, final ObjectHeader header)
    {
        synchronized (PUBLICATION_LOCK)
        {
            if (copy.$mf$header() == header)
            {
                copy.$mf$header(null);
            }
        }
    }

    /**
     * The header that stands for the monitor of a class that declares roots, so that {@code static synchronized}
     * methods, {@code synchronized (Foo.class)} blocks and {@code wait}/{@code notify} on {@code Foo.class} are
     * fabric-wide, like those of shared objects. Its owner is the {@code Class}; its object id comes from
     * {@link #classMonitorId}.
     *
     * @param type a class that declares roots.
     * @return the header of its monitor on this node.
     */
    final ObjectHeader classMonitor(final Class<?> type)
    {
        final ObjectHeader known = classMonitors.get(type);
        if (known != null)
        {
            return known;
        }
        ensureOpen();
        // Asked outside the map's lock: on a cluster it is a round trip.
        final long objectId = classMonitorId(
            FabricUri.ofStaticField(type.getName(), RewriteContract.PREFIX + "monitor"));
        final ObjectHeader created = new ObjectHeader(this, objectId, null, type);
        onShared(created);
        final ObjectHeader raced = classMonitors.putIfAbsent(type, created);
        return raced != null ? raced : created;
    }

    /**
     * @param type a class.
     * @return the header of its monitor if {@link #classMonitor} made one, else {@code null}; never asks anyone.
     */
    final ObjectHeader knownClassMonitor(final Class<?> type)
    {
        return classMonitors.get(type);
    }

    /**
     * The object id that names the monitor of a class on this fabric: every JVM of the fabric must find the same
     * one for the same class name. The embedded node has only this JVM, so a fresh id will do.
     *
     * @param uri a name for the monitor, built from the class name.
     * @return the id.
     */
    protected long classMonitorId(final FabricUri uri)
    {
        return store.newObjectId();
    }

    /**
     * @return the store of this node's roots.
     */
    protected final StrongStore store()
    {
        return store;
    }

    /**
     * Slow path of a read: the local copy of {@code owner} is not valid.
     *
     * @param header the object's header.
     * @param owner  the object.
     */
    protected abstract void refresh(ObjectHeader header, Object owner);

    /**
     * Slow path of a write.
     *
     * @param header the object's header.
     * @param owner  the object.
     * @param slot   the field's slot.
     * @param value  the value, boxed if primitive.
     * @return {@code true} if the caller must still store the value into the field, {@code false} if this node
     * took care of the field.
     */
    protected abstract boolean write(ObjectHeader header, Object owner, int slot, Object value);

    /**
     * The state this JVM holds of a shared merging object (a replicated counter, set or map), made empty the first
     * time. In one JVM it stays here; a node that replicates sends its changes to the other JVMs and applies theirs.
     *
     * @param objectId the object.
     * @param kind     its kind ({@link MergeState#COUNTER}, {@link MergeState#SET}, {@link MergeState#MAP}).
     * @return the state.
     * @throws IllegalStateException if the object is held as another kind.
     */
    public MergeState mergeState(final long objectId, final byte kind)
    {
        return checkKind(objectId, kind, localMerges.computeIfAbsent(objectId,
            id -> MergeState.create(kind, 0, null).held()));
    }

    /**
     * @param objectId an object.
     * @param kind     the kind asked for.
     * @param state    the state held for it.
     * @return the state, if of that kind.
     * @throws IllegalStateException if it is of another kind.
     */
    protected static MergeState checkKind(final long objectId, final byte kind, final MergeState state)
    {
        if (state.kind() != kind)
        {
            throw new IllegalStateException("shared object #" + objectId + " is a merging type of kind " +
                state.kind() + ", not " + kind);
        }
        return state;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Checks the subscription; this node has no other JVM, so it is never called.
     */
    public FabricSubscription subscribe(
        final String name, final Object target, final String field, final FabricChangeListener listener)
    {
        final ObjectHeader header = subscribable(name, target, field, listener);
        subscribedSlots(header, target, field);
        return new FabricSubscription()
        {
            public String name()
            {
                return name;
            }

            public void close()
            {
            }
        };
    }

    /**
     * Checks what {@link #subscribe} was given.
     *
     * @param name     the subscription's name.
     * @param target   the object.
     * @param field    a field's name or {@code null}.
     * @param listener the listener.
     * @return the object's header.
     * @throws IllegalArgumentException naming what is wrong.
     */
    protected final ObjectHeader subscribable(
        final String name, final Object target, final String field, final FabricChangeListener listener)
    {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}"))
        {
            throw new IllegalArgumentException("a subscription's name is 1 to 100 letters, digits, '-', '_' or " +
                "'.', not " + (name == null ? "null" : "'" + name + "'"));
        }
        if (listener == null)
        {
            throw new IllegalArgumentException("subscription '" + name + "' needs a listener");
        }
        final ObjectHeader header = ObjectHeader.of(target);
        if (header == null || header.node() != this || header.layout() == null)
        {
            throw new IllegalArgumentException("subscription '" + name + "': " + (target == null ? "null" :
                "this " + target.getClass().getName()) + " is not a shared object of this fabric; subscribe to an " +
                "object once it is stored in a shared field or root");
        }
        return header;
    }

    /**
     * @param header the object's header.
     * @param target the object.
     * @param field  a field's name or {@code null} for all.
     * @return per slot, whether the subscription covers it; {@code null} for a merging object.
     * @throws IllegalArgumentException if the field is not a CAUSAL or EVENTUAL field of the object.
     */
    protected static boolean[] subscribedSlots(final ObjectHeader header, final Object target, final String field)
    {
        if (io.memfabric.runtime.merge.MergeBinding.isMerging(target))
        {
            if (field != null)
            {
                throw new IllegalArgumentException("a " + target.getClass().getSimpleName() + " has no fields to " +
                    "subscribe to: give null, and read it when it changes");
            }
            return null;
        }
        final SharedClassLayout layout = header.layout();
        final boolean[] slots = new boolean[layout.slotCount()];
        final List<String> replicated = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < layout.slotCount(); i++)
        {
            final SharedClassLayout.Slot slot = layout.slot(i);
            if (slot.isReplicated())
            {
                replicated.add(slot.name());
            }
            if (slot.isReplicated() && (field == null || field.equals(slot.name())))
            {
                slots[i] = true;
                any = true;
            }
        }
        if (!any)
        {
            final boolean strong = field != null && layout.slotCount() > 0 && java.util.stream.IntStream
                .range(0, layout.slotCount()).anyMatch(i -> layout.slot(i).name().equals(field));
            throw new IllegalArgumentException((field == null ? target.getClass().getName() + " has no" :
                target.getClass().getName() + "." + field + (strong ? " is STRONG, not a" : " is not a")) +
                " CAUSAL or EVENTUAL field; subscriptions cover those" + (replicated.isEmpty() ? "" :
                " (this class's: " + String.join(", ", replicated) + ")") + " and merging objects");
        }
        return slots;
    }

    /**
     * Write of a CAUSAL or EVENTUAL field. This node's default serves it like any other write: in one JVM every
     * model is met by the JVM's own memory. A node that replicates such fields applies the write locally at once and
     * sends it on.
     *
     * @param header the object's header.
     * @param owner  the object.
     * @param slot   the field.
     * @param value  the value, boxed if primitive.
     * @return {@code true} if the caller must still store the value into the field, {@code false} if this node
     * took care of the field.
     */
    protected boolean writeReplicated(
        final ObjectHeader header, final Object owner, final SharedClassLayout.Slot slot, final Object value)
    {
        return write(header, owner, slot.index(), value);
    }

    /**
     * Slow path of a generated reader: {@link #refresh}es the copy and answers {@link ObjectHeader#FIELD}; a node
     * with transactions answers, in a transaction that wrote the field, the value it wrote.
     *
     * @param header the object's header.
     * @param owner  the object.
     * @param slot   the field's slot.
     * @return {@link ObjectHeader#FIELD}, or the field's value in the calling thread's transaction.
     */
    protected Object read(final ObjectHeader header, final Object owner, final int slot)
    {
        refresh(header, owner);
        return ObjectHeader.FIELD;
    }

    /**
     * Sets the access flags of a header that was just created, before the object becomes reachable as shared.
     *
     * @param header the new header.
     */
    protected abstract void onShared(ObjectHeader header);

    /**
     * Sets a header's access flags.
     *
     * @param header     the header.
     * @param readValid  whether reads may use the local copy.
     * @param writeLocal whether writes may be applied locally.
     */
    protected static void access(final ObjectHeader header, final boolean readValid, final boolean writeLocal)
    {
        header.access(readValid, writeLocal);
    }

    /**
     * Sets whether the CAUSAL and EVENTUAL fields of a header's copy may be read locally (see
     * {@link ObjectHeader#replicaValid()}).
     *
     * @param header the header.
     * @param valid  whether they may.
     */
    protected static void replicaValid(final ObjectHeader header, final boolean valid)
    {
        header.replicaValid(valid);
    }

    /**
     * Before the JVM monitor of a shared object is entered.
     *
     * @param header the object's header.
     * @param owner  the object.
     */
    protected void monitorEnter(final ObjectHeader header, final Object owner)
    {
        monitorEnters.increment();
    }

    /**
     * Before the JVM monitor of a shared object is exited.
     *
     * @param header the object's header.
     * @param owner  the object.
     */
    protected void monitorExit(final ObjectHeader header, final Object owner)
    {
    }

    /**
     * {@code wait} on a shared object, whose JVM monitor the calling thread holds.
     *
     * @param header        the object's header.
     * @param owner         the object.
     * @param timeoutMillis as {@link Object#wait(long, int)}.
     * @param nanos         as {@link Object#wait(long, int)}.
     * @throws InterruptedException as {@link Object#wait(long, int)}.
     */
    protected void await(final ObjectHeader header, final Object owner, final long timeoutMillis, final int nanos)
        throws InterruptedException
    {
        requireMonitor(owner);
        countWait();
        owner.wait(timeoutMillis, nanos);
    }

    /**
     * Counts a {@code wait} that a node serves itself instead of through {@link #await}.
     */
    protected final void countWait()
    {
        waits.increment();
        counters.increment(NodeCounter.WAITS);
    }

    /**
     * {@code notify} or {@code notifyAll} on a shared object, whose JVM monitor the calling thread holds.
     *
     * @param header the object's header.
     * @param owner  the object.
     * @param all    {@code true} for {@code notifyAll}.
     */
    protected void signal(final ObjectHeader header, final Object owner, final boolean all)
    {
        requireMonitor(owner);
        notifies.increment();
        counters.increment(NodeCounter.NOTIFIES);
        if (all)
        {
            owner.notifyAll();
        }
        else
        {
            owner.notify();
        }
    }

    /**
     * Waits, holding {@code cell}'s monitor, until the thread creating the root finishes, unless that thread is
     * itself waiting (directly or through others) for a root this thread is creating: then the inits form a cycle
     * that would never finish, and this thread fails instead.
     */
    void awaitRootInit(final RootCell cell, final Thread self)
    {
        Thread owner = cell.initializingThread();
        for (int hops = 0; owner != null && hops < 1024; hops++)
        {
            final RootCell awaited = waitingForRoot.get(owner);
            if (awaited == null)
            {
                break;
            }
            owner = awaited.initializingThread();
            if (owner == self)
            {
                throw new FabricException(FabricException.Category.USAGE,
                    "The init function of root " + cell.uri() + " waits, through another " +
                    "thread, for a root this thread is creating (" + awaited.uri() + "); inits must not ask for " +
                    "each other's roots");
            }
        }
        waitingForRoot.put(self, cell);
        try
        {
            cell.wait(100);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new FabricException(FabricException.Category.INTERRUPTED,
                "Interrupted while waiting for root " + cell.uri() + " to be created");
        }
        finally
        {
            waitingForRoot.remove(self);
        }
    }

    void rootBound()
    {
        roots.increment();
    }

    /**
     * @throws FabricUnavailableException if the node was closed.
     */
    protected void ensureOpen()
    {
        if (closed)
        {
            throw new FabricUnavailableException("This fabric was closed; open a new one to go on.");
        }
    }

    private static void requireMonitor(final Object owner)
    {
        if (!Thread.holdsLock(owner))
        {
            throw new IllegalMonitorStateException("current thread is not owner of the monitor of " + owner);
        }
    }

    private void checkSameNode(final ObjectHeader header, final Object object)
    {
        if (header.node() != this)
        {
            throw new FabricException(FabricException.Category.USAGE,
                "Cannot store " + header + " into " + this + ": it is shared on another " +
                "fabric (" + header.node() + "). An object lives on one fabric; copy its values instead.");
        }
    }
}
