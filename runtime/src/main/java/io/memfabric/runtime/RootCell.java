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
    private char kind = UNBOUND;
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
        this.node = node;
        this.uri = uri;
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
            throw new FabricException("Root " + uri + " is used by " + boundBy + " as " + kindName(this.kind) +
                " and by " + by + " as " + kindName(kind) + "; give one of them another URI");
        }
    }

    Object getOrCreate(final Supplier<?> init, final Class<?> type)
    {
        final Thread self = Thread.currentThread();
        synchronized (this)
        {
            while (ref == null && initializing != null)
            {
                if (initializing == self)
                {
                    throw new FabricException("The init function of root " + uri +
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
            if (value == null)
            {
                throw new FabricException("The init function of root " + uri + " returned null; return a new " +
                    type.getName());
            }
            if (!type.isInstance(value))
            {
                throw new FabricException("The init function of root " + uri + " returned a " +
                    value.getClass().getName() + ", not a " + type.getName());
            }
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
        return ref;
    }

    /**
     * @param value the new reference; published if it is a shareable object.
     */
    public void setRef(final Object value)
    {
        if (value != null)
        {
            node.publish(value);
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
    public void initRef(final Object value)
    {
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
        return bits;
    }

    /**
     * @param value the new value.
     */
    public void setLong(final long value)
    {
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
