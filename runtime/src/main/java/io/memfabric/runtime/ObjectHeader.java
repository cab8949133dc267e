/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-object state of a shared object: which fabric node holds it, its object id, and whether the local copy
 * (the object's own fields) may be read and written without asking the node.
 * <p>
 * The accessors the agent generates for a shared field read it like this, so a read whose local copy is valid is
 * two loads and a branch in front of the field load, which the JIT inlines:
 * <pre>
 *   ObjectHeader h = o.$mf$h;
 *   if (h != null &amp;&amp; !h.readValid()) h.refresh(o);
 *   return o.field;
 * </pre>
 * and write it like this (a reference to a shared object always takes {@link #write}, which publishes it):
 * <pre>
 *   ObjectHeader h = o.$mf$h;
 *   if (h != null &amp;&amp; !h.writeLocal() &amp;&amp; !h.write(o, slot, boxedValue)) return;
 *   o.field = value;
 * </pre>
 * The embedded node keeps both flags set: the JVM's memory is the whole fabric. A cluster-backed node clears them
 * while it holds no read lease or write permission, which sends accesses down the slow paths.
 * <p>
 * A header knows the object it belongs to, its owner. {@code Object.clone()}, and a copy that sets every field by
 * reflection, copy the header field into the copy, which would make the copy an alias of the original on the
 * fabric. So every decision taken on an object's header ({@link #of}, the slow paths, publication, the monitor hooks)
 * first checks that the header is the object's own; a copied one is cleared, and the copy is an ordinary unshared
 * object. The fast path does not check: with a copied header it reads and writes the copy's own fields, which is
 * what an unshared object does, and anything else takes a slow path, which does.
 * <p>
 * The header of a class's monitor (see {@link ClassMonitors}) has the {@code Class} as its owner and no layout.
 */
public final class ObjectHeader
{
    private final FabricNode node;
    private final long objectId;
    private final SharedClassLayout layout;
    private final Object owner;
    // Transactions running in this JVM; read by every shared field access (a volatile load of a constant object).
    private static final AtomicInteger TRANSACTIONS = new AtomicInteger();

    private volatile boolean readValid;
    private volatile boolean writeLocal;
    private volatile boolean replicaValid;

    ObjectHeader(final FabricNode node, final long objectId, final SharedClassLayout layout, final Object owner)
    {
        this.node = node;
        this.objectId = objectId;
        this.layout = layout;
        this.owner = owner;
    }

    /**
     * The header of an object if it is shared. A header the object holds but does not own (copied into it by
     * {@code clone()} or by reflection) is cleared, and the object is unshared.
     *
     * @param object any object.
     * @return its own header, or {@code null} if it is not shared.
     */
    public static ObjectHeader of(final Object object)
    {
        if (!(object instanceof SharedInstance))
        {
            return null;
        }
        final ObjectHeader header = ((SharedInstance)object).$mf$header();
        if (header == null || header.owner == object)
        {
            return header;
        }
        FabricNode.detach((SharedInstance)object, header);
        return null;
    }

    /**
     * @return whether the object's fields hold a copy that may be read without asking the node; never while a
     * transaction runs in this JVM (its reads must be recorded, so every read takes the slow path then).
     */
    public boolean readValid()
    {
        return readValid && TRANSACTIONS.get() == 0;
    }

    /**
     * @return whether a primitive or value write may be applied to the object's fields without asking the node;
     * never while a transaction runs in this JVM.
     */
    public boolean writeLocal()
    {
        return writeLocal && TRANSACTIONS.get() == 0;
    }

    /**
     * @return whether the CAUSAL and EVENTUAL fields of the copy may be read locally: once the copy is filled they
     * always may, whatever the leases of its STRONG fields (writes from other JVMs are applied to the copy as they
     * arrive). Transactions do not cover these fields, so this does not change while one runs.
     */
    public boolean replicaValid()
    {
        return replicaValid;
    }

    /**
     * @return the node's own view of the copy, whatever transactions run: whether it may be read locally.
     */
    public boolean copyValid()
    {
        return readValid;
    }

    /**
     * Counts a transaction of this JVM that begins: reads and writes of every shared object then take the slow path,
     * where a node can record them for the transaction (and keep other threads off what it wrote).
     */
    public static void transactionBegins()
    {
        TRANSACTIONS.incrementAndGet();
    }

    /**
     * Counts a transaction of this JVM that ended.
     */
    public static void transactionEnds()
    {
        TRANSACTIONS.decrementAndGet();
    }

    /**
     * @return whether a transaction runs in this JVM.
     */
    public static boolean transactionsRun()
    {
        return TRANSACTIONS.get() != 0;
    }

    boolean ownedBy(final Object object)
    {
        return owner == object;
    }

    /**
     * Slow path of a read: brings the local copy up to date before the field is read.
     *
     * @param owner the object being read.
     */
    public void refresh(final Object owner)
    {
        if (owner != this.owner)
        {
            // A copy of a shared object: its fields are its own, and it is not shared.
            FabricNode.detach((SharedInstance)owner, this);
            return;
        }
        node.refresh(this, owner);
    }

    /**
     * What {@link #read} answers when the caller is to read the field itself.
     */
    public static final Object FIELD = new Object()
    {
        public String toString()
        {
            return "FIELD";
        }
    };

    /**
     * Slow path of a read, as the generated reader calls it: brings the local copy up to date and answers
     * {@link #FIELD}; in a transaction that wrote the field, answers the value it wrote instead (boxed if primitive),
     * which the fields of the copy do not hold until it commits.
     *
     * @param owner the object being read.
     * @param slot  the field's slot in {@link #layout()}.
     * @return {@link #FIELD}, or the field's value in the running transaction.
     */
    public Object read(final Object owner, final int slot)
    {
        if (owner != this.owner)
        {
            FabricNode.detach((SharedInstance)owner, this);
            return FIELD;
        }
        return node.read(this, owner, slot);
    }

    /**
     * Counts a read served from the local copy; the agent calls it only when {@code memfabric.stats.reads} is on.
     */
    public void localRead()
    {
        node.counters().increment(io.memfabric.consensus.stat.NodeCounter.READS_LOCAL);
    }

    /**
     * Slow path of a write: publishes a newly referenced object and, for a cluster-backed node, commits the write.
     *
     * @param owner the object being written.
     * @param slot  the field's slot in {@link #layout()}.
     * @param value the value being written, boxed if primitive.
     * @return {@code true} if the caller must still store the value into the field; {@code false} if the node
     * took care of the field.
     */
    public boolean write(final Object owner, final int slot, final Object value)
    {
        if (owner != this.owner)
        {
            // A copy of a shared object: an unshared object takes the store itself, and publishes nothing.
            FabricNode.detach((SharedInstance)owner, this);
            return true;
        }
        final SharedClassLayout.Slot field = layout.slot(slot);
        if (field.isDynamic())
        {
            // A java.util collection is replaced by a fabric one, which is what the field then holds.
            final Object prepared = DynamicValues.prepare(field.type(), value, field);
            if (prepared != value)
            {
                if (write(owner, field, prepared))
                {
                    field.set(owner, prepared);
                }
                return false;
            }
        }
        return write(owner, field, value);
    }

    private boolean write(final Object owner, final SharedClassLayout.Slot field, final Object value)
    {
        return field.isReplicated() ? node.writeReplicated(this, owner, field, value) :
            node.write(this, owner, field.index(), value);
    }

    /**
     * @return the node that holds this object.
     */
    public FabricNode node()
    {
        return node;
    }

    /**
     * @return the object's id on its fabric.
     */
    public long objectId()
    {
        return objectId;
    }

    /**
     * @return the layout of the object's class, or {@code null} for the monitor of a class.
     */
    public SharedClassLayout layout()
    {
        return layout;
    }

    void access(final boolean readValid, final boolean writeLocal)
    {
        this.readValid = readValid;
        this.writeLocal = writeLocal;
    }

    void replicaValid(final boolean valid)
    {
        this.replicaValid = valid;
    }

    /**
     * @return the object id and class, for messages.
     */
    public String toString()
    {
        return layout == null ? "the monitor of " + owner + " (#" + objectId + ")" :
            "shared " + layout.type().getName() + "#" + objectId;
    }
}
