/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;
import io.memfabric.runtime.merge.MapState;
import io.memfabric.runtime.merge.MergeBinding;
import io.memfabric.runtime.merge.MergeState;
import io.memfabric.runtime.merge.Values;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A map every JVM changes locally and that merges, last writer wins per key (by hybrid logical clock, ties broken by
 * node id): replicas converge once they have heard from each other, after a partition too. Keys and values are
 * values: strings, boxed primitives, enum constants; a {@code null} value is refused ({@link #remove} removes).
 * Reads are local and may lag other JVMs' changes. Iteration is over a snapshot, sorted by the keys' text.
 * Thread-safe.
 * <p>
 * Store it in a shared field or root to share it; what it held before is kept.
 *
 * @param <K> the key type.
 * @param <V> the value type.
 */
@Shared
public class ReplicatedMap<K, V> extends AbstractMap<K, V>
{
    private transient volatile MapState state;

    /**
     * An empty map, local until it is stored into a shared field or root.
     */
    public ReplicatedMap()
    {
    }

    @SuppressWarnings("unchecked")
    public V put(final K key, final V value)
    {
        final String before = state().put(Values.encode(key, "a key of a ReplicatedMap"),
            Values.encode(value, "a value of a ReplicatedMap"));
        return before == null ? null : (V)Values.decode(before, loader());
    }

    @SuppressWarnings("unchecked")
    public V get(final Object key)
    {
        final String value = state().get(Values.encode(key, "a key of a ReplicatedMap"));
        return value == null ? null : (V)Values.decode(value, loader());
    }

    public boolean containsKey(final Object key)
    {
        return get(key) != null;
    }

    @SuppressWarnings("unchecked")
    public V remove(final Object key)
    {
        final String before = state().put(Values.encode(key, "a key of a ReplicatedMap"), null);
        return before == null ? null : (V)Values.decode(before, loader());
    }

    public Set<Map.Entry<K, V>> entrySet()
    {
        final List<Map.Entry<K, V>> entries = new ArrayList<>();
        for (final Map.Entry<String, String> entry : state().entries().entrySet())
        {
            entries.add(new SnapshotEntry(entry.getKey(), entry.getValue()));
        }
        return new AbstractSet<>()
        {
            public Iterator<Map.Entry<K, V>> iterator()
            {
                final Iterator<Map.Entry<K, V>> snapshot = entries.iterator();
                return new Iterator<>()
                {
                    private Map.Entry<K, V> last;

                    public boolean hasNext()
                    {
                        return snapshot.hasNext();
                    }

                    public Map.Entry<K, V> next()
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
                        ReplicatedMap.this.remove(last.getKey());
                        last = null;
                    }
                };
            }

            public int size()
            {
                return entries.size();
            }
        };
    }

    private ClassLoader loader()
    {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ReplicatedMap.class.getClassLoader();
    }

    private MapState state()
    {
        final MapState current = state;
        if (current != null && current.isHeld())
        {
            return current;
        }
        final MapState bound = (MapState)MergeBinding.bind(this, current, MergeState.MAP);
        state = bound;
        return bound;
    }

    // An entry of a snapshot; setValue puts into the map.
    private final class SnapshotEntry extends AbstractMap.SimpleEntry<K, V>
    {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("unchecked")
        SnapshotEntry(final String key, final String value)
        {
            super((K)Values.decode(key, loader()), (V)Values.decode(value, loader()));
        }

        public V setValue(final V value)
        {
            ReplicatedMap.this.put(getKey(), value);
            return super.setValue(value);
        }
    }
}
