/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;
import io.memfabric.runtime.merge.MergeBinding;
import io.memfabric.runtime.merge.MergeState;
import io.memfabric.runtime.merge.SetState;
import io.memfabric.runtime.merge.Values;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A set every JVM changes locally and that merges, add-wins: an element added in one JVM while another removes it
 * (without having seen that add) stays; replicas converge once they have heard from each other, after a partition
 * too. Elements are values: strings, boxed primitives, enum constants. Reads are local and may lag other JVMs'
 * changes. Iteration is over a snapshot, sorted by the elements' text. Thread-safe.
 * <p>
 * Store it in a shared field or root to share it; what it held before is kept.
 *
 * @param <E> the element type.
 */
@Shared
public class ReplicatedSet<E> extends AbstractSet<E>
{
    private transient volatile SetState state;

    /**
     * An empty set, local until it is stored into a shared field or root.
     */
    public ReplicatedSet()
    {
    }

    public boolean add(final E element)
    {
        return state().add(Values.encode(element, "an element of a ReplicatedSet"));
    }

    public boolean remove(final Object element)
    {
        return state().remove(Values.encode(element, "an element of a ReplicatedSet"));
    }

    public boolean contains(final Object element)
    {
        return state().contains(Values.encode(element, "an element of a ReplicatedSet"));
    }

    public int size()
    {
        return state().size();
    }

    @SuppressWarnings("unchecked")
    public Iterator<E> iterator()
    {
        final List<E> elements = new ArrayList<>();
        for (final String text : state().elements())
        {
            elements.add((E)Values.decode(text, loader()));
        }
        final Iterator<E> snapshot = elements.iterator();
        return new Iterator<>()
        {
            private E last;

            public boolean hasNext()
            {
                return snapshot.hasNext();
            }

            public E next()
            {
                last = snapshot.next();
                return last;
            }

            public void remove()
            {
                if (last == null)
                {
                    throw new IllegalStateException("next() first");
                }
                ReplicatedSet.this.remove(last);
                last = null;
            }
        };
    }

    private ClassLoader loader()
    {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ReplicatedSet.class.getClassLoader();
    }

    private SetState state()
    {
        final SetState current = state;
        if (current != null && current.isHeld())
        {
            return current;
        }
        final SetState bound = (SetState)MergeBinding.bind(this, current, MergeState.SET);
        state = bound;
        return bound;
    }
}
