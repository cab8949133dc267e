/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;

/**
 * The fabric's set: what a {@code Set} stored into a shared field or root becomes. The keys of a {@link FabricMap}
 * (so elements follow a map's rules for keys, and iterate in the order they were added); each operation is one
 * operation of that map, linearizable.
 *
 * @param <E> the element type.
 */
@Shared
public class FabricSet<E> extends AbstractSet<E>
{
    FabricMap<E, Boolean> map;
    boolean readOnly;

    /**
     * An empty set, local until it is stored into a shared field or root.
     */
    public FabricSet()
    {
        map = new FabricMap<>();
    }

    /**
     * @param source   a collection.
     * @param readOnly whether the copy refuses changes.
     * @param <E>      the element type.
     * @return a new set with its elements.
     */
    public static <E> FabricSet<E> copyOf(final Collection<? extends E> source, final boolean readOnly)
    {
        final FabricSet<E> set = new FabricSet<>();
        for (final E element : source)
        {
            set.add(element);
        }
        set.readOnly = readOnly;
        return set;
    }

    /**
     * {@inheritDoc}
     */
    public boolean add(final E element)
    {
        writable();
        return map.putIfAbsent(element, Boolean.TRUE) == null;
    }

    /**
     * {@inheritDoc}
     */
    public boolean remove(final Object element)
    {
        writable();
        return map.remove(element) != null;
    }

    /**
     * {@inheritDoc}
     */
    public boolean contains(final Object element)
    {
        return map.containsKey(element);
    }

    /**
     * {@inheritDoc}
     */
    public int size()
    {
        return map.size();
    }

    /**
     * {@inheritDoc}
     */
    public boolean isEmpty()
    {
        return map.isEmpty();
    }

    /**
     * {@inheritDoc}
     */
    public void clear()
    {
        writable();
        map.clear();
    }

    /**
     * {@inheritDoc}
     */
    public Iterator<E> iterator()
    {
        final Iterator<E> keys = map.keySet().iterator();
        return new Iterator<>()
        {
            public boolean hasNext()
            {
                return keys.hasNext();
            }

            public E next()
            {
                return keys.next();
            }

            public void remove()
            {
                writable();
                keys.remove();
            }
        };
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        synchronized (map)
        {
            return super.toString();
        }
    }

    private void writable()
    {
        if (readOnly)
        {
            throw new UnsupportedOperationException("this fabric set was stored as an unmodifiable set");
        }
    }
}
