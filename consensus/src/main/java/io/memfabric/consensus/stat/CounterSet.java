/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.stat;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;

/**
 * The counters of one process part (a fabric node, a cluster member), one per constant of {@code E}. In a process
 * with an Aeron client they are Aeron counters in its media driver's CnC file, where {@code ./fabric stat} (and
 * Aeron's own tools) read them while the process runs; elsewhere they live in this process's memory only.
 * <p>
 * Every counter's key says whose it is: the process id, the scope ({@link #SCOPE_NODE} or {@link #SCOPE_MEMBER}) and
 * an owner id (a node's client id, a member's id), so readers group them without parsing labels.
 *
 * @param <E> the counters, an enum of {@link FabricCounter}.
 */
public final class CounterSet<E extends Enum<E> & FabricCounter> implements AutoCloseable
{
    /** Scope of a fabric node's counters. */
    public static final int SCOPE_NODE = 0;
    /** Scope of a cluster member's counters. */
    public static final int SCOPE_MEMBER = 1;
    /** Offset in a counter's key of the owning process id. */
    static final int PID_OFFSET = 0;
    /** Offset in a counter's key of the owner id. */
    static final int OWNER_OFFSET = 8;
    /** Offset in a counter's key of the scope. */
    static final int SCOPE_OFFSET = 16;
    static final int KEY_LENGTH = 20;

    private final Class<E> type;
    // Swapped for copies in this process's memory on close: a thread still counting while the fabric closes must not
    // touch a CnC file its Aeron client has unmapped.
    private volatile AtomicCounter[] counters;
    private final AutoCloseable[] resources;
    private boolean closed;

    private CounterSet(final Class<E> type, final AtomicCounter[] counters, final AutoCloseable[] resources)
    {
        this.type = type;
        this.counters = counters;
        this.resources = resources;
    }

    /**
     * Counters in the CnC file of the media driver the Aeron client talks to; freed when the client closes.
     *
     * @param aeron   the process's Aeron client.
     * @param type    the counters.
     * @param scope   {@link #SCOPE_NODE} or {@link #SCOPE_MEMBER}.
     * @param ownerId the node's client id or the member's id.
     * @param <E>     the counters' type.
     * @return the counters, all 0.
     */
    public static <E extends Enum<E> & FabricCounter> CounterSet<E> inAeron(
        final Aeron aeron, final Class<E> type, final int scope, final long ownerId)
    {
        final long pid = ProcessHandle.current().pid();
        final UnsafeBuffer key = new UnsafeBuffer(new byte[KEY_LENGTH]);
        key.putLong(PID_OFFSET, pid, ByteOrder.LITTLE_ENDIAN);
        key.putLong(OWNER_OFFSET, ownerId, ByteOrder.LITTLE_ENDIAN);
        key.putInt(SCOPE_OFFSET, scope, ByteOrder.LITTLE_ENDIAN);
        final E[] constants = type.getEnumConstants();
        final AtomicCounter[] counters = new AtomicCounter[constants.length];
        final AutoCloseable[] resources = new AutoCloseable[constants.length];
        try
        {
            for (final E constant : constants)
            {
                final UnsafeBuffer label = new UnsafeBuffer(new byte[256]);
                final int labelLength = label.putStringWithoutLengthAscii(0, label(scope, ownerId, pid, constant));
                final Counter counter = aeron.addCounter(
                    constant.typeId(), key, 0, KEY_LENGTH, label, 0, labelLength);
                counters[constant.ordinal()] = counter;
                resources[constant.ordinal()] = counter;
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(resources);
            throw ex;
        }
        return new CounterSet<>(type, counters, resources);
    }

    /**
     * Counters in this process's memory only, for a part that has no Aeron client (the embedded fabric).
     *
     * @param type the counters.
     * @param <E>  the counters' type.
     * @return the counters, all 0.
     */
    public static <E extends Enum<E> & FabricCounter> CounterSet<E> inMemory(final Class<E> type)
    {
        return new CounterSet<>(type, memoryCounters(type), new AutoCloseable[0]);
    }

    private static <E extends Enum<E> & FabricCounter> AtomicCounter[] memoryCounters(final Class<E> type)
    {
        final E[] constants = type.getEnumConstants();
        final int valuesLength = CountersManager.COUNTER_LENGTH * constants.length;
        final AtomicBuffer values = new UnsafeBuffer(ByteBuffer.allocateDirect(valuesLength));
        final AtomicBuffer metaData = new UnsafeBuffer(ByteBuffer.allocateDirect(
            CountersManager.METADATA_LENGTH * constants.length));
        final CountersManager manager = new CountersManager(metaData, values);
        final AtomicCounter[] counters = new AtomicCounter[constants.length];
        for (final E constant : constants)
        {
            counters[constant.ordinal()] = manager.newCounter(constant.id(), constant.typeId());
        }
        return counters;
    }

    static String label(final int scope, final long ownerId, final long pid, final FabricCounter counter)
    {
        return "memfabric " + (scope == SCOPE_MEMBER ? "member " + ownerId : "node " + Long.toHexString(ownerId)) +
            " pid " + pid + ": " + counter.id();
    }

    /**
     * @param counter which.
     */
    public void increment(final E counter)
    {
        counters[counter.ordinal()].increment();
    }

    /**
     * @param counter which.
     */
    public void decrement(final E counter)
    {
        counters[counter.ordinal()].decrement();
    }

    /**
     * @param counter which.
     * @param delta   added to it.
     */
    public void add(final E counter, final long delta)
    {
        counters[counter.ordinal()].getAndAdd(delta);
    }

    /**
     * Sets a gauge.
     *
     * @param counter which.
     * @param value   its new value.
     */
    public void set(final E counter, final long value)
    {
        counters[counter.ordinal()].setRelease(value);
    }

    /**
     * @param counter which.
     * @return its value now.
     */
    public long get(final E counter)
    {
        return counters[counter.ordinal()].get();
    }

    /**
     * @return every counter's value now, by counter, in declaration order.
     */
    public Map<E, Long> snapshot()
    {
        final EnumMap<E, Long> values = new EnumMap<>(type);
        for (final E constant : type.getEnumConstants())
        {
            values.put(constant, get(constant));
        }
        return values;
    }

    /**
     * @return the counters' type.
     */
    public Class<E> type()
    {
        return type;
    }

    /**
     * Moves the counters into this process's memory, keeping their values, and frees the Aeron counters. Close before
     * the Aeron client closes: its CnC file is unmapped then.
     */
    public synchronized void close()
    {
        if (resources.length == 0 || closed)
        {
            return;
        }
        closed = true;
        final AtomicCounter[] copies = memoryCounters(type);
        final AtomicCounter[] live = counters;
        for (int i = 0; i < live.length; i++)
        {
            copies[i].set(live[i].get());
        }
        counters = copies;
        CloseHelper.closeAll(resources);
    }

    static long pid(final DirectBuffer key)
    {
        return key.getLong(PID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    static long ownerId(final DirectBuffer key)
    {
        return key.getLong(OWNER_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    static int scope(final DirectBuffer key)
    {
        return key.getInt(SCOPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}
