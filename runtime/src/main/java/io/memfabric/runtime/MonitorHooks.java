/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

/**
 * What {@code synchronized}, {@code wait} and {@code notify} call after the agent rewrote them, in every application
 * class. An object that is not shared costs one type check; a shared object goes to its node.
 * <p>
 * Order: the agent calls {@link #enter} just before {@code MONITORENTER} and {@link #exit} just before
 * {@code MONITOREXIT}, so the fabric-wide lock is taken before the JVM's monitor and released before it. A failing
 * {@code enter} leaves nothing held. The JVM's monitor is kept, so threads of one JVM still exclude each other as Java
 * says, and {@code wait}/{@code notify} release and wake it as usual; the node adds what spans JVMs.
 * <p>
 * The {@code Class} object of a class that declares roots is a fabric-wide monitor too (see {@link ClassMonitors}).
 */
public final class MonitorHooks
{
    private MonitorHooks()
    {
    }

    /**
     * Before {@code MONITORENTER}.
     *
     * @param monitor the object being locked.
     */
    public static void enter(final Object monitor)
    {
        final ObjectHeader header = headerOf(monitor);
        if (header != null)
        {
            header.node().monitorEnter(header, monitor);
        }
    }

    /**
     * Before {@code MONITOREXIT}.
     *
     * @param monitor the object being unlocked.
     */
    public static void exit(final Object monitor)
    {
        final ObjectHeader header = monitor instanceof Class ? ClassMonitors.knownHeaderOf((Class<?>)monitor) :
            ObjectHeader.of(monitor);
        if (header != null)
        {
            header.node().monitorExit(header, monitor);
        }
    }

    /**
     * Replaces {@code monitor.wait()}.
     *
     * @param monitor the object waited on.
     * @throws InterruptedException as {@link Object#wait()}.
     */
    public static void wait(final Object monitor) throws InterruptedException
    {
        wait(monitor, 0L, 0);
    }

    /**
     * Replaces {@code monitor.wait(timeoutMillis)}.
     *
     * @param monitor       the object waited on.
     * @param timeoutMillis as {@link Object#wait(long)}.
     * @throws InterruptedException as {@link Object#wait(long)}.
     */
    public static void wait(final Object monitor, final long timeoutMillis) throws InterruptedException
    {
        wait(monitor, timeoutMillis, 0);
    }

    /**
     * Replaces {@code monitor.wait(timeoutMillis, nanos)}.
     *
     * @param monitor       the object waited on.
     * @param timeoutMillis as {@link Object#wait(long, int)}.
     * @param nanos         as {@link Object#wait(long, int)}.
     * @throws InterruptedException as {@link Object#wait(long, int)}.
     */
    public static void wait(final Object monitor, final long timeoutMillis, final int nanos)
        throws InterruptedException
    {
        final ObjectHeader header = headerOf(monitor);
        if (header != null)
        {
            header.node().await(header, monitor, timeoutMillis, nanos);
        }
        else
        {
            monitor.wait(timeoutMillis, nanos);
        }
    }

    /**
     * Replaces {@code monitor.notify()}.
     *
     * @param monitor the object whose waiter is woken.
     */
    public static void notify(final Object monitor)
    {
        final ObjectHeader header = headerOf(monitor);
        if (header != null)
        {
            header.node().signal(header, monitor, false);
        }
        else
        {
            monitor.notify();
        }
    }

    /**
     * Replaces {@code monitor.notifyAll()}.
     *
     * @param monitor the object whose waiters are woken.
     */
    public static void notifyAll(final Object monitor)
    {
        final ObjectHeader header = headerOf(monitor);
        if (header != null)
        {
            header.node().signal(header, monitor, true);
        }
        else
        {
            monitor.notifyAll();
        }
    }

    private static ObjectHeader headerOf(final Object monitor)
    {
        if (monitor instanceof SharedInstance)
        {
            return ObjectHeader.of(monitor);
        }
        return monitor instanceof Class ? ClassMonitors.headerOf((Class<?>)monitor) : null;
    }
}
