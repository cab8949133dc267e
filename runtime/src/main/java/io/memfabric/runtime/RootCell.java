/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;
import io.memfabric.FabricUri;

import java.util.function.Supplier;

/**
 * The named cell behind a root: what {@link io.memfabric.Fabric#root} returns and what a static {@code @Shared}
 * field reads and writes. A cell holds either a primitive (as its bits) or a reference, fixed by the first binding;
 * a second binding of another kind is an error naming both.
 * <p>
 * Static fields use the typed accessors, called from the code the agent generates: {@code getX} and {@code setX} for
 * reads and writes, {@code initX} for the field's initializer in the static initializer, which sets the cell only
 * if it has not been set yet, so that {@code static Ledger ledger = new Ledger();} run in every JVM creates one
 * ledger for the whole fabric.
 */
public final class RootCell
{
    private static final char UNBOUND = 0;

    private final FabricNode node;
    private final FabricUri uri;
    private final Remote remote;
    private volatile boolean valid;
    private char kind = UNBOUND;
    // The collection interface a static root field is declared with (a Queue field makes a fabric queue of a
    // LinkedList), or Object.
    private volatile Class<?> declared = Object.class;
    private String boundBy;
    private boolean set;
    private volatile Thread initializing;
    private volatile long bits;
    private volatile Object ref;

    /**
     * An empty, unbound cell; created by a {@link StrongStore}.
     *
     * @param node the node that owns the cell.
     * @param uri  the root's name.
     */
    public RootCell(final FabricNode node, final FabricUri uri)
    {
        this(node, uri, null);
    }

    /**
     * A cell whose value lives elsewhere (in the consensus cluster) and is held here as a local copy, valid while
     * {@code remote} says so.
     *
     * @param node   the node that owns the cell.
     * @param uri    the root's name.
     * @param remote how the cell reaches where its value lives, or {@code null} for a cell that lives here.
     */
    public RootCell(final FabricNode node, final FabricUri uri, final Remote remote)
    {
        this.node = node;
        this.uri = uri;
        this.remote = remote;
        this.valid = remote == null;
    }

    /**
     * How a cell of a cluster-backed node reaches the cluster. The cell keeps a local copy of its value, which it
     * reads while it is valid; otherwise it asks {@link #refresh}, which must call {@link RootCell#load}.
     */
    public interface Remote
    {
        /**
         * Brings the local copy of the cell up to date.
         *
         * @param cell the cell.
         */
        void refresh(RootCell cell);

        /**
         * Sets the cell's value.
         *
         * @param cell the cell.
         * @param bits the value's bits, for a primitive cell.
         * @param ref  the value, for a reference cell (already published).
         */
        void write(RootCell cell, long bits, Object ref);

        /**
         * Sets the cell's value only if the cell was never set.
         *
         * @param cell the cell.
         * @param bits the value's bits, for a primitive cell.
         * @param ref  the value, for a reference cell (already published).
         */
        void init(RootCell cell, long bits, Object ref);

        /**
         * Runs {@code create} with the cell locked across the fabric, so that of all callers in all JVMs only the
         * first one to find the cell unset creates its value.
         *
         * @param cell   the cell.
         * @param create reads the cell and, if it is unset, creates, publishes and writes its value.
         */
        void locked(RootCell cell, Runnable create);
    }

    /**
     * Sets the local copy of a cell from where its value lives. Called by a {@link Remote}.
     *
     * @param isSet whether the cell has been set.
     * @param bits  its bits, for a primitive cell.
     * @param value its value, for a reference cell.
     */
    public void load(final boolean isSet, final long bits, final Object value)
    {
        this.bits = bits;
        this.ref = value;
        if (isSet)
        {
            synchronized (this)
            {
                markSet();
            }
        }
    }

    /**
     * @param valid whether the local copy may be read without asking the {@link Remote}.
     */
    public void valid(final boolean valid)
    {
        this.valid = valid;
    }

    /**
     * @return the kind of value the cell holds: a primitive descriptor character, {@code 'L'}, or 0 if unbound.
     */
    public synchronized char kind()
    {
        return kind;
    }

    private void fresh()
    {
        if (!valid)
        {
            remote.refresh(this);
        }
    }

    /**
     * Binds the cell behind a static {@code @Shared} field of the fabric of this JVM. Called from the static
     * initializer the agent generates.
     *
     * @param owner      the class declaring the field.
     * @param field      the field's name.
     * @param descriptor the field's type descriptor.
     * @param uri        the root's URI.
     * @return the cell.
     */
    public static RootCell bindStatic(
        final Class<?> owner, final String field, final String descriptor, final String uri)
    {
        final FabricNode node = JvmFabric.current();
        final RootCell cell = node.rootCell(FabricUri.parse(uri));
        cell.bind(descriptor.charAt(0) == '[' ? 'L' : descriptor.charAt(0), owner.getName() + "." + field);
        for (final Class<?> type : DynamicValues.COLLECTION_TYPES)
        {
            if (descriptor.equals("L" + type.getName().replace('.', '/') + ";"))
            {
                cell.declared = type;
            }
        }
        return cell;
    }

    /**
     * @return the root's URI.
     */
    public FabricUri uri()
    {
        return uri;
    }

    synchronized void bind(final char kind, final String by)
    {
        if (this.kind == UNBOUND)
        {
            this.kind = kind;
            this.boundBy = by;
        }
        else if (this.kind != kind)
        {
            throw new FabricException(FabricException.Category.USAGE,
                "Root " + uri + " is used by " + boundBy + " as " + kindName(this.kind) +
                " and by " + by + " as " + kindName(kind) + "; give one of them another URI");
        }
    }

    Object getOrCreate(final Supplier<?> init, final Class<?> type)
    {
        if (remote != null)
        {
            return getOrCreateRemote(init, type);
        }
        final Thread self = Thread.currentThread();
        synchronized (this)
        {
            while (ref == null && initializing != null)
            {
                if (initializing == self)
                {
                    throw new FabricException(FabricException.Category.USAGE, "The init function of root " + uri +
                        " asked for the same root; it must create the object without looking it up");
                }
                node.awaitRootInit(this, self);
            }
            if (ref != null)
            {
                return ref;
            }
            initializing = self;
        }

        // init runs outside the cell's monitor, so an init that asks for another root cannot hold this cell while
        // it waits; a cycle of inits across threads is found by FabricNode.awaitRootInit and reported instead.
        Object value = null;
        try
        {
            value = init.get();
            checkInitValue(value, type);
            value = storable(value, type);
            node.publish(value);
        }
        finally
        {
            synchronized (this)
            {
                initializing = null;
                if (value != null && node.isShared(value))
                {
                    ref = value;
                    markSet();
                }
                notifyAll();
            }
        }
        return value;
    }

    private Object getOrCreateRemote(final Supplier<?> init, final Class<?> type)
    {
        fresh();
        final Object current = ref;
        if (current != null)
        {
            return current;
        }
        final Thread self = Thread.currentThread();
        if (initializing == self)
        {
            throw new FabricException(FabricException.Category.USAGE, "The init function of root " + uri +
                " asked for the same root; it must create the object without looking it up");
        }
        remote.locked(this, () ->
        {
            remote.refresh(this);
            if (ref != null)
            {
                return;
            }
            initializing = self;
            try
            {
                final Object value = storable(init.get(), type);
                checkInitValue(value, type);
                node.publish(value);
                remote.write(this, 0, value);
            }
            finally
            {
                initializing = null;
            }
        });
        fresh();
        return ref;
    }

    private void checkInitValue(final Object value, final Class<?> type)
    {
        if (value == null)
        {
            throw new FabricException(FabricException.Category.USAGE,
                "The init function of root " + uri + " returned null; return a new " +
                type.getName());
        }
        if (!type.isInstance(value))
        {
            throw new FabricException(FabricException.Category.USAGE,
                "The init function of root " + uri + " returned a " +
                value.getClass().getName() + ", not a " + type.getName());
        }
    }

    // A java.util collection stored into a root becomes a fabric collection of the kind the root is declared as
    // (see DynamicValues).
    private Object storable(final Object value, final Class<?> type)
    {
        return value instanceof java.util.Collection || value instanceof java.util.Map ?
            DynamicValues.prepare(DynamicValues.isDynamic(type) ? type : Object.class, value, "root " + uri) : value;
    }

    Thread initializingThread()
    {
        return initializing;
    }

    private void markSet()
    {
        if (!set)
        {
            set = true;
            node.rootBound();
        }
    }

    /**
     * @return the reference held, or {@code null}.
     */
    public Object getRef()
    {
        fresh();
        return ref;
    }

    /**
     * @param value the new reference; published if it is a shareable object.
     */
    public void setRef(final Object stored)
    {
        final Object value = storable(stored, declared);
        if (value != null)
        {
            node.publish(value);
        }
        if (remote != null)
        {
            remote.write(this, 0, value);
            return;
        }
        synchronized (this)
        {
            ref = value;
            markSet();
        }
    }

    /**
     * @param value the initial reference, stored only if the cell has not been set yet.
     */
    public void initRef(final Object stored)
    {
        final Object value = storable(stored, declared);
        if (remote != null)
        {
            if (value != null)
            {
                node.publish(value);
            }
            remote.init(this, 0, value);
            return;
        }
        synchronized (this)
        {
            if (!set)
            {
                if (value != null)
                {
                    node.publish(value);
                }
                ref = value;
                markSet();
            }
        }
    }

    /**
     * @return the value held.
     */
    public long getLong()
    {
        fresh();
        return bits;
    }

    /**
     * @param value the new value.
     */
    public void setLong(final long value)
    {
        if (remote != null)
        {
            remote.write(this, value, null);
            return;
        }
        synchronized (this)
        {
            bits = value;
            markSet();
        }
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initLong(final long value)
    {
        if (remote != null)
        {
            remote.init(this, value, null);
            return;
        }
        synchronized (this)
        {
            if (!set)
            {
                bits = value;
                markSet();
            }
        }
    }

    /**
     * @return the value held.
     */
    public int getInt()
    {
        fresh();
        return (int)bits;
    }

    /**
     * @param value the new value.
     */
    public void setInt(final int value)
    {
        setLong(value);
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initInt(final int value)
    {
        initLong(value);
    }

    /**
     * @return the value held.
     */
    public short getShort()
    {
        fresh();
        return (short)bits;
    }

    /**
     * @param value the new value.
     */
    public void setShort(final short value)
    {
        setLong(value);
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initShort(final short value)
    {
        initLong(value);
    }

    /**
     * @return the value held.
     */
    public byte getByte()
    {
        fresh();
        return (byte)bits;
    }

    /**
     * @param value the new value.
     */
    public void setByte(final byte value)
    {
        setLong(value);
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initByte(final byte value)
    {
        initLong(value);
    }

    /**
     * @return the value held.
     */
    public char getChar()
    {
        fresh();
        return (char)bits;
    }

    /**
     * @param value the new value.
     */
    public void setChar(final char value)
    {
        setLong(value);
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initChar(final char value)
    {
        initLong(value);
    }

    /**
     * @return the value held.
     */
    public boolean getBoolean()
    {
        fresh();
        return bits != 0;
    }

    /**
     * @param value the new value.
     */
    public void setBoolean(final boolean value)
    {
        setLong(value ? 1 : 0);
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initBoolean(final boolean value)
    {
        initLong(value ? 1 : 0);
    }

    /**
     * @return the value held.
     */
    public float getFloat()
    {
        fresh();
        return Float.intBitsToFloat((int)bits);
    }

    /**
     * @param value the new value.
     */
    public void setFloat(final float value)
    {
        setLong(Float.floatToRawIntBits(value));
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initFloat(final float value)
    {
        initLong(Float.floatToRawIntBits(value));
    }

    /**
     * @return the value held.
     */
    public double getDouble()
    {
        fresh();
        return Double.longBitsToDouble(bits);
    }

    /**
     * @param value the new value.
     */
    public void setDouble(final double value)
    {
        setLong(Double.doubleToRawLongBits(value));
    }

    /**
     * @param value the initial value, stored only if the cell has not been set yet.
     */
    public void initDouble(final double value)
    {
        initLong(Double.doubleToRawLongBits(value));
    }

    /**
     * @return the URI and what the cell holds, for messages.
     */
    public String toString()
    {
        return "root " + uri + " (" + kindName(kind) + ")";
    }

    private static String kindName(final char kind)
    {
        switch (kind)
        {
            case 'Z': return "a boolean";
            case 'B': return "a byte";
            case 'C': return "a char";
            case 'S': return "a short";
            case 'I': return "an int";
            case 'J': return "a long";
            case 'F': return "a float";
            case 'D': return "a double";
            case 'L': return "an object reference";
            default: return "nothing yet";
        }
    }
}
