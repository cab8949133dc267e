/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The fabric's map: what a {@code Map} stored into a shared field or root becomes. A hash table whose buckets live
 * in a {@link Tree} of chunks and whose entries are shared objects linked in insertion order, so a lookup fetches
 * one bucket's chunk and entries, and iteration walks the entries (in the order their keys were first put, as
 * {@code LinkedHashMap} does), never the whole map at once.
 * <p>
 * Every operation, {@code merge}, {@code compute} and the other read-modify-write methods included, is
 * {@code synchronized} on the map, which on a cluster is the map's fabric-wide lock: each one is linearizable, and
 * the function a {@code compute} is given runs under that lock. Iteration reads entry by entry (each step
 * linearizable) and never throws {@code ConcurrentModificationException}; hold {@code synchronized (map)} around it
 * for a consistent view. A map copied from an unmodifiable one refuses changes.
 * <p>
 * Keys must mean the same in every JVM: a key's hash is computed as every JVM computes it (a {@code String}, a boxed
 * primitive, a {@code UUID} or other JDK value by {@code hashCode()}, an enum by its name, a record from its
 * components), and an object whose class keeps {@code Object}'s identity {@code hashCode} is refused as a key.
 *
 * @param <K> the key type.
 * @param <V> the value type.
 */
@Shared
public class FabricMap<K, V> extends AbstractMap<K, V>
{
    private static final int FIRST_BUCKETS = 16;
    private static final ClassValue<Boolean> VALUE_HASHED = new ClassValue<>()
    {
        protected Boolean computeValue(final Class<?> type)
        {
            try
            {
                final Method hash = type.getMethod("hashCode");
                final Method equals = type.getMethod("equals", Object.class);
                return hash.getDeclaringClass() != Object.class && equals.getDeclaringClass() != Object.class;
            }
            catch (final NoSuchMethodException ex)
            {
                return false;
            }
        }
    };

    int size;
    int buckets;
    Tree table;
    Entry first;
    Entry last;
    boolean readOnly;

    /**
     * An empty map, local until it is stored into a shared field or root.
     */
    public FabricMap()
    {
        table = new Tree();
    }

    /**
     * @param source   a map.
     * @param readOnly whether the copy refuses changes.
     * @param <K>      the key type.
     * @param <V>      the value type.
     * @return a new map with its entries, in its iteration order.
     */
    public static <K, V> FabricMap<K, V> copyOf(final Map<? extends K, ? extends V> source, final boolean readOnly)
    {
        final FabricMap<K, V> map = new FabricMap<>();
        for (final Map.Entry<? extends K, ? extends V> entry : source.entrySet())
        {
            map.put(entry.getKey(), entry.getValue());
        }
        map.readOnly = readOnly;
        return map;
    }

    /**
     * One mapping: a shared object, in its bucket's chain ({@code next}) and in insertion order
     * ({@code before}, {@code after}).
     */
    @Shared
    static final class Entry
    {
        Object key;
        Object value;
        int hash;
        Entry next;
        Entry before;
        Entry after;
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
    public synchronized boolean isEmpty()
    {
        return size == 0;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean containsKey(final Object key)
    {
        return find(key, hash(key)) != null;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean containsValue(final Object value)
    {
        for (Entry e = first; e != null; e = e.after)
        {
            if (Objects.equals(value, e.value))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized V get(final Object key)
    {
        final Entry e = find(key, hash(key));
        return e == null ? null : (V)e.value;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized V getOrDefault(final Object key, final V otherwise)
    {
        final Entry e = find(key, hash(key));
        return e == null ? otherwise : (V)e.value;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized V put(final K key, final V value)
    {
        writable();
        final int hash = hash(key);
        final Entry found = find(key, hash);
        if (found != null)
        {
            final V old = (V)found.value;
            found.value = value;
            return old;
        }
        insert(key, value, hash);
        return null;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized V remove(final Object key)
    {
        writable();
        final Entry removed = unlink(key, hash(key));
        return removed == null ? null : (V)removed.value;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void putAll(final Map<? extends K, ? extends V> entries)
    {
        writable();
        for (final Map.Entry<? extends K, ? extends V> entry : entries.entrySet())
        {
            put(entry.getKey(), entry.getValue());
        }
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void clear()
    {
        writable();
        table = new Tree();
        buckets = 0;
        first = null;
        last = null;
        size = 0;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized V putIfAbsent(final K key, final V value)
    {
        writable();
        final int hash = hash(key);
        final Entry found = find(key, hash);
        if (found != null && found.value != null)
        {
            return (V)found.value;
        }
        if (found != null)
        {
            found.value = value;
        }
        else
        {
            insert(key, value, hash);
        }
        return null;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean remove(final Object key, final Object value)
    {
        writable();
        final int hash = hash(key);
        final Entry found = find(key, hash);
        if (found == null || !Objects.equals(found.value, value))
        {
            return false;
        }
        unlink(key, hash);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean replace(final K key, final V expected, final V value)
    {
        writable();
        final Entry found = find(key, hash(key));
        if (found == null || !Objects.equals(found.value, expected))
        {
            return false;
        }
        found.value = value;
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized V replace(final K key, final V value)
    {
        writable();
        final Entry found = find(key, hash(key));
        if (found == null)
        {
            return null;
        }
        final V old = (V)found.value;
        found.value = value;
        return old;
    }

    // The read-modify-write methods run Map's own definitions under the map's lock, and answer the value as the map
    // holds it (a List a function returned is held as a fabric list: the caller gets that one).

    /**
     * {@inheritDoc}
     */
    public synchronized V computeIfAbsent(final K key, final Function<? super K, ? extends V> function)
    {
        writable();
        super.computeIfAbsent(key, function);
        return get(key);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized V computeIfPresent(
        final K key, final BiFunction<? super K, ? super V, ? extends V> function)
    {
        writable();
        super.computeIfPresent(key, function);
        return get(key);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized V compute(final K key, final BiFunction<? super K, ? super V, ? extends V> function)
    {
        writable();
        super.compute(key, function);
        return get(key);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized V merge(
        final K key, final V value, final BiFunction<? super V, ? super V, ? extends V> function)
    {
        writable();
        super.merge(key, value, function);
        return get(key);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void replaceAll(final BiFunction<? super K, ? super V, ? extends V> function)
    {
        writable();
        super.replaceAll(function);
    }

    /**
     * {@inheritDoc}
     */
    public Set<Map.Entry<K, V>> entrySet()
    {
        return new EntryView();
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

    /**
     * The hash every JVM computes for a key.
     *
     * @param key a key.
     * @return its hash.
     * @throws IllegalArgumentException if the key's class hashes by identity, which differs between JVMs.
     */
    static int hash(final Object key)
    {
        if (key == null)
        {
            return 0;
        }
        final int h = stableHash(key);
        return h ^ (h >>> 16);
    }

    private static int stableHash(final Object key)
    {
        if (key instanceof Enum)
        {
            return ((Enum<?>)key).name().hashCode();
        }
        final Class<?> type = key.getClass();
        if (type.isRecord())
        {
            int h = 0;
            for (final RecordComponent component : type.getRecordComponents())
            {
                final Object value;
                try
                {
                    final Method accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    value = accessor.invoke(key);
                }
                catch (final ReflectiveOperationException | RuntimeException ex)
                {
                    throw new IllegalArgumentException("Cannot hash record key " + type.getName() + ": " + ex, ex);
                }
                h = 31 * h + (value == null ? 0 : stableHash(value));
            }
            return h;
        }
        if (!VALUE_HASHED.get(type))
        {
            throw new IllegalArgumentException("A " + type.getName() + " cannot be a key of a fabric map or " +
                "an element of a fabric set: its class compares by identity (it keeps Object's equals and " +
                "hashCode), which no other JVM can reproduce; use a String, a boxed number, an enum, a UUID, a " +
                "record, or override equals and hashCode from the object's shared fields");
        }
        return key.hashCode();
    }

    private Entry find(final Object key, final int hash)
    {
        if (buckets == 0)
        {
            return null;
        }
        for (Entry e = (Entry)table.get(hash & (buckets - 1)); e != null; e = e.next)
        {
            if (e.hash == hash && Objects.equals(key, e.key))
            {
                return e;
            }
        }
        return null;
    }

    private void insert(final Object key, final Object value, final int hash)
    {
        if (buckets == 0)
        {
            buckets = FIRST_BUCKETS;
        }
        final int bucket = hash & (buckets - 1);
        final Entry added = new Entry();
        added.key = key;
        added.value = value;
        added.hash = hash;
        added.next = (Entry)table.get(bucket);
        added.before = last;
        // Storing the entry publishes it (its key and value with it) when the map is shared.
        table.set(bucket, added);
        if (last == null)
        {
            first = added;
        }
        else
        {
            last.after = added;
        }
        last = added;
        size++;
        if (size > buckets - (buckets >>> 2))
        {
            resize(buckets * 2);
        }
    }

    private void resize(final int newBuckets)
    {
        final Tree grown = new Tree();
        for (Entry e = first; e != null; e = e.after)
        {
            final int bucket = e.hash & (newBuckets - 1);
            e.next = (Entry)grown.get(bucket);
            grown.set(bucket, e);
        }
        table = grown;
        buckets = newBuckets;
    }

    private Entry unlink(final Object key, final int hash)
    {
        if (buckets == 0)
        {
            return null;
        }
        final int bucket = hash & (buckets - 1);
        Entry previous = null;
        for (Entry e = (Entry)table.get(bucket); e != null; previous = e, e = e.next)
        {
            if (e.hash == hash && Objects.equals(key, e.key))
            {
                if (previous == null)
                {
                    table.set(bucket, e.next);
                }
                else
                {
                    previous.next = e.next;
                }
                final Entry before = e.before;
                final Entry after = e.after;
                if (before == null)
                {
                    first = after;
                }
                else
                {
                    before.after = after;
                }
                if (after == null)
                {
                    last = before;
                }
                else
                {
                    after.before = before;
                }
                size--;
                return e;
            }
        }
        return null;
    }

    private void writable()
    {
        if (readOnly)
        {
            throw new UnsupportedOperationException("this fabric map was stored as an unmodifiable map");
        }
    }

    private final class EntryView extends AbstractSet<Map.Entry<K, V>>
    {
        public Iterator<Map.Entry<K, V>> iterator()
        {
            return new EntryIterator();
        }

        public int size()
        {
            return FabricMap.this.size();
        }

        public void clear()
        {
            FabricMap.this.clear();
        }
    }

    // Walks the entries in insertion order, one step under the map's lock at a time. An entry removed meanwhile
    // keeps its link to the one after it, so the walk goes on.
    private final class EntryIterator implements Iterator<Map.Entry<K, V>>
    {
        private Entry next;
        private Object lastKey;
        private boolean canRemove;

        EntryIterator()
        {
            synchronized (FabricMap.this)
            {
                next = first;
            }
        }

        public boolean hasNext()
        {
            return next != null;
        }

        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next()
        {
            synchronized (FabricMap.this)
            {
                final Entry e = next;
                if (e == null)
                {
                    throw new NoSuchElementException();
                }
                next = e.after;
                lastKey = e.key;
                canRemove = true;
                return new View((K)e.key, (V)e.value);
            }
        }

        public void remove()
        {
            if (!canRemove)
            {
                throw new IllegalStateException("next() was not called, or remove() was called already");
            }
            canRemove = false;
            FabricMap.this.remove(lastKey);
        }
    }

    // An entry as the iterator saw it; setValue writes through to the map.
    private final class View extends AbstractMap.SimpleEntry<K, V>
    {
        private static final long serialVersionUID = 1L;

        View(final K key, final V value)
        {
            super(key, value);
        }

        public V setValue(final V value)
        {
            FabricMap.this.put(getKey(), value);
            return super.setValue(value);
        }
    }
}
