/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * The fabric's list: what a {@code List} stored into a shared field or root becomes. Its elements live in a
 * {@link Tree} of chunks, so reading one element or iterating fetches the chunks it passes, never the whole list.
 * <p>
 * Every operation is {@code synchronized} on the list, which on a cluster is the list's fabric-wide lock: each one
 * is linearizable, as a STRONG field is. Iteration is not one operation: it reads element by element (each read
 * linearizable) and never throws {@code ConcurrentModificationException}; hold {@code synchronized (list)} around
 * it, as {@code Collections.synchronizedList} asks, for a consistent view. Inserting or removing before the end
 * moves every later element, as {@code ArrayList} does. A list copied from an unmodifiable one ({@code List.of},
 * {@code Collections.unmodifiableList}) refuses changes the same way.
 *
 * @param <E> the element type: what a shared {@code Object} field may hold.
 */
@Shared
public class FabricList<E> extends AbstractList<E> implements RandomAccess
{
    int size;
    Tree tree;
    boolean readOnly;

    /**
     * An empty list, local until it is stored into a shared field or root.
     */
    public FabricList()
    {
        tree = new Tree();
    }

    /**
     * @param source   a collection.
     * @param readOnly whether the copy refuses changes.
     * @param <E>      the element type.
     * @return a new list with its elements, in its order.
     */
    public static <E> FabricList<E> copyOf(final Collection<? extends E> source, final boolean readOnly)
    {
        final FabricList<E> list = new FabricList<>();
        for (final E element : source)
        {
            list.add(element);
        }
        list.readOnly = readOnly;
        return list;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized E get(final int index)
    {
        Objects.checkIndex(index, size);
        return (E)tree.get(index);
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized E set(final int index, final E element)
    {
        writable();
        Objects.checkIndex(index, size);
        final E old = (E)tree.get(index);
        tree.set(index, element);
        return old;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int size()
    {
        return size;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean add(final E element)
    {
        writable();
        tree.set(size, element);
        size++;
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void add(final int index, final E element)
    {
        writable();
        Objects.checkIndex(index, size + 1);
        for (int i = size; i > index; i--)
        {
            tree.set(i, tree.get(i - 1));
        }
        tree.set(index, element);
        size++;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized E remove(final int index)
    {
        writable();
        Objects.checkIndex(index, size);
        final E old = (E)tree.get(index);
        for (int i = index; i < size - 1; i++)
        {
            tree.set(i, tree.get(i + 1));
        }
        tree.set(size - 1, null);
        size--;
        return old;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean addAll(final Collection<? extends E> elements)
    {
        writable();
        final Object[] added = elements.toArray();
        for (final Object element : added)
        {
            tree.set(size, element);
            size++;
        }
        return added.length > 0;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean removeIf(final Predicate<? super E> filter)
    {
        Objects.requireNonNull(filter);
        writable();
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            @SuppressWarnings("unchecked")
            final E element = (E)tree.get(i);
            if (!filter.test(element))
            {
                if (kept != i)
                {
                    tree.set(kept, element);
                }
                kept++;
            }
        }
        final boolean removed = kept < size;
        for (int i = kept; i < size; i++)
        {
            tree.set(i, null);
        }
        size = kept;
        return removed;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void clear()
    {
        writable();
        tree.clear();
        size = 0;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int indexOf(final Object element)
    {
        for (int i = 0; i < size; i++)
        {
            if (Objects.equals(element, tree.get(i)))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int lastIndexOf(final Object element)
    {
        for (int i = size - 1; i >= 0; i--)
        {
            if (Objects.equals(element, tree.get(i)))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean contains(final Object element)
    {
        return indexOf(element) >= 0;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized Object[] toArray()
    {
        final Object[] copy = new Object[size];
        for (int i = 0; i < size; i++)
        {
            copy[i] = tree.get(i);
        }
        return copy;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized <T> T[] toArray(final T[] into)
    {
        return super.toArray(into);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean equals(final Object other)
    {
        return super.equals(other);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int hashCode()
    {
        return super.hashCode();
    }

    /**
     * {@inheritDoc}
     */
    public synchronized String toString()
    {
        return super.toString();
    }

    private void writable()
    {
        if (readOnly)
        {
            throw new UnsupportedOperationException("this fabric list was stored as an unmodifiable list");
        }
    }
}
