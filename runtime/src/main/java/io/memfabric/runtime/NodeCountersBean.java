/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fabric node's counters as a JMX MBean, {@code io.memfabric:type=FabricNode,id=N}, one read-only {@code long}
 * attribute per {@link NodeCounter}: what jconsole, VisualVM or a JMX exporter read. It is the only way to read the
 * counters of a node on the embedded fabric, which has no media driver for {@code ./fabric stat} to read.
 */
final class NodeCountersBean implements DynamicMBean
{
    private static final System.Logger LOG = System.getLogger("io.memfabric.runtime");
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Supplier<CounterSet<NodeCounter>> counters;
    private final String node;
    private ObjectName name;
    private boolean closed;

    private NodeCountersBean(final Supplier<CounterSet<NodeCounter>> counters, final String node)
    {
        this.counters = counters;
        this.node = node;
    }

    /**
     * Registers a node's counters with the platform MBean server, on a thread of its own: the first use of the
     * server costs a JVM's start a tenth of a second, which no program should wait for.
     *
     * @param counters the node's counters as they are at each read.
     * @param node     the node's name, for the bean's description.
     * @return the bean, to {@link #unregister()} when the node closes.
     */
    static NodeCountersBean register(final Supplier<CounterSet<NodeCounter>> counters, final String node)
    {
        final NodeCountersBean bean = new NodeCountersBean(counters, node);
        final Thread thread = new Thread(bean::registerNow, "memfabric-jmx");
        thread.setDaemon(true);
        thread.start();
        return bean;
    }

    // The platform MBean server is made outside the lock: a node closed meanwhile (a short program's exit) must not
    // wait for it.
    private void registerNow()
    {
        final MBeanServer server;
        try
        {
            server = ManagementFactory.getPlatformMBeanServer();
        }
        catch (final Exception | LinkageError ex)
        {
            LOG.log(System.Logger.Level.WARNING, "the counters of " + node + " are not readable over JMX: " + ex);
            return;
        }
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            try
            {
                final ObjectName candidate =
                    new ObjectName("io.memfabric:type=FabricNode,id=" + IDS.incrementAndGet());
                server.registerMBean(this, candidate);
                name = candidate;
            }
            catch (final Exception | LinkageError ex)
            {
                LOG.log(System.Logger.Level.WARNING, "the counters of " + node + " are not readable over JMX: " + ex);
            }
        }
    }

    /**
     * Removes the bean from the MBean server (or keeps it from being registered).
     */
    synchronized void unregister()
    {
        closed = true;
        if (name != null)
        {
            try
            {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            }
            catch (final Exception ex)
            {
                LOG.log(System.Logger.Level.DEBUG, "unregistering " + name + ": " + ex);
            }
            name = null;
        }
    }

    /**
     * @return the bean's name once registered, else {@code null}.
     */
    synchronized ObjectName name()
    {
        return name;
    }

    public Object getAttribute(final String attribute) throws AttributeNotFoundException
    {
        for (final NodeCounter counter : NodeCounter.values())
        {
            if (counter.id().equals(attribute))
            {
                return counters.get().get(counter);
            }
        }
        throw new AttributeNotFoundException("no counter " + attribute + " on " + node);
    }

    public void setAttribute(final Attribute attribute) throws AttributeNotFoundException
    {
        throw new AttributeNotFoundException("the counters of " + node + " are read-only");
    }

    public AttributeList getAttributes(final String[] attributes)
    {
        final AttributeList list = new AttributeList();
        for (final String attribute : attributes)
        {
            try
            {
                list.add(new Attribute(attribute, getAttribute(attribute)));
            }
            catch (final AttributeNotFoundException ex)
            {
                // JMX leaves unknown names out of the answer.
            }
        }
        return list;
    }

    public AttributeList setAttributes(final AttributeList attributes)
    {
        return new AttributeList();
    }

    public Object invoke(final String actionName, final Object[] params, final String[] signature)
    {
        throw new UnsupportedOperationException("the counters of " + node + " have no operations");
    }

    public MBeanInfo getMBeanInfo()
    {
        final NodeCounter[] all = NodeCounter.values();
        final MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[all.length];
        for (int i = 0; i < all.length; i++)
        {
            attributes[i] = new MBeanAttributeInfo(all[i].id(), "long", (all[i].gauge() ? "(gauge) " : "") +
                all[i].description(), true, false, false);
        }
        return new MBeanInfo(NodeCountersBean.class.getName(), "MemFabric counters of " + node, attributes, null,
            null, null);
    }
}
