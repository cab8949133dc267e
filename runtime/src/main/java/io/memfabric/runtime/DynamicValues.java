/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;
import io.memfabric.collections.FabricDeque;
import io.memfabric.collections.FabricList;
import io.memfabric.collections.FabricMap;
import io.memfabric.collections.FabricSet;

import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Shared fields whose type does not fix what they hold: {@code Object} fields (the elements of the fabric's
 * collections are such fields) and fields declared with a collection interface ({@code List}, {@code Map},
 * {@code Set}, {@code Collection}, {@code Queue}, {@code Deque}, {@code BlockingQueue}, {@code BlockingDeque}).
 * <p>
 * What such a field may hold: {@code null}, a {@code String}, a boxed primitive, an enum, a value of
 * {@link ValueTypes}, an object of a shareable class, or a collection. A {@code java.util} collection stored into
 * one is <em>replaced</em> by a fabric collection with the same contents ({@link #prepare}): the field then holds the
 * {@link FabricList}, {@link FabricMap}, {@link FabricSet} or {@link FabricDeque}, and the stored collection stays
 * the caller's, local and unchanged. That is the only way a program's {@code new ArrayList<>()} can be shared:
 * the JDK's classes keep their elements in fields the agent does not rewrite.
 */
public final class DynamicValues
{
    /**
     * The collection interfaces a shared field may be declared with.
     */
    public static final List<Class<?>> COLLECTION_TYPES = List.of(
        Collection.class, List.class, Set.class, Map.class, Queue.class, Deque.class, BlockingQueue.class,
        BlockingDeque.class);

    /**
     * Their names, for the agent, which decides without loading them.
     */
    public static final List<String> COLLECTION_TYPE_NAMES = COLLECTION_TYPES.stream().map(Class::getName).toList();

    private DynamicValues()
    {
    }

    /**
     * @param type a shared field's declared type.
     * @return whether what the field holds is known only from the value: {@code Object} or a collection interface.
     */
    public static boolean isDynamic(final Class<?> type)
    {
        return type == Object.class || COLLECTION_TYPES.contains(type);
    }

    /**
     * What a field declared with {@code declared} stores when it is given {@code value}: the value itself if it can
     * be shared as it is, a fabric collection holding its elements if it is a {@code java.util} collection.
     *
     * @param declared the field's declared type (one for which {@link #isDynamic} holds).
     * @param value    the value being stored.
     * @param where    the field, for messages.
     * @return the value to store.
     * @throws FabricException (USAGE) if the value cannot be shared, naming it, the field and what may be stored.
     */
    public static Object prepare(final Class<?> declared, final Object value, final Object where)
    {
        if (value == null || value instanceof SharedInstance || isImmutableValue(value))
        {
            return value;
        }
        if (value instanceof Map || value instanceof Collection)
        {
            return copy(declared, value, where);
        }
        throw new FabricException(FabricException.Category.USAGE, "Cannot store a " + value.getClass().getName() +
            " in " + where + ": a field of type " + declared.getSimpleName() + " (and an element of a fabric " +
            "collection) holds a String, a boxed primitive, an enum, a UUID, java.time value, BigInteger or " +
            "BigDecimal, an object of a @Shared class, or a java.util collection (which becomes a fabric collection)");
    }

    /**
     * @param value a value.
     * @return whether it is one of the immutable values a dynamic field holds as they are.
     */
    public static boolean isImmutableValue(final Object value)
    {
        return value instanceof String || value instanceof Number && isBoxed(value.getClass()) ||
            value instanceof Boolean || value instanceof Character || value instanceof Enum ||
            ValueTypes.isValueType(value.getClass());
    }

    private static boolean isBoxed(final Class<?> type)
    {
        return type == Long.class || type == Integer.class || type == Short.class || type == Byte.class ||
            type == Double.class || type == Float.class;
    }

    private static Object copy(final Class<?> declared, final Object value, final Object where)
    {
        final String refusal = refusal(value);
        if (refusal != null)
        {
            throw new FabricException(FabricException.Category.USAGE, "Cannot store a " +
                value.getClass().getName() + " in " + where + ": " + refusal);
        }
        final boolean readOnly = isReadOnly(value);
        if (value instanceof Map)
        {
            return FabricMap.copyOf((Map<?, ?>)value, readOnly);
        }
        final Collection<?> source = (Collection<?>)value;
        final boolean queueField = declared == Queue.class || declared == Deque.class ||
            declared == BlockingQueue.class || declared == BlockingDeque.class;
        if (queueField || !(value instanceof List) && !(value instanceof Set) && value instanceof Queue)
        {
            final int bound = value instanceof BlockingQueue ? boundOf((BlockingQueue<?>)value) : Integer.MAX_VALUE;
            return FabricDeque.copyOf(source, bound);
        }
        if (value instanceof Set)
        {
            return FabricSet.copyOf(source, readOnly);
        }
        return FabricList.copyOf(source, readOnly);
    }

    private static int boundOf(final BlockingQueue<?> queue)
    {
        final long bound = (long)queue.remainingCapacity() + queue.size();
        return bound >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int)bound;
    }

    // Collections whose meaning a fabric collection would silently lose.
    private static String refusal(final Object value)
    {
        final String name = value.getClass().getName();
        if (value instanceof SortedMap || value instanceof SortedSet)
        {
            return "a sorted collection cannot be shared yet (a fabric map or set keeps insertion order, not sort " +
                "order); store a HashMap or LinkedHashMap (HashSet, LinkedHashSet) and sort when you read";
        }
        if (value instanceof PriorityQueue || value instanceof PriorityBlockingQueue || value instanceof DelayQueue)
        {
            return "a priority queue cannot be shared yet (a fabric queue is first in, first out); store an " +
                "ArrayDeque or a LinkedBlockingQueue";
        }
        if (value instanceof SynchronousQueue)
        {
            return "a SynchronousQueue holds nothing to share; store a LinkedBlockingQueue";
        }
        if (value instanceof IdentityHashMap || value instanceof WeakHashMap)
        {
            return "its keys are compared by identity or held weakly, which no other JVM can do; store a HashMap";
        }
        if (!name.startsWith("java.util."))
        {
            return "only java.util collections are copied into fabric collections (the class of another would be " +
                "lost); make it a @Shared class, or store a java.util collection";
        }
        return null;
    }

    private static boolean isReadOnly(final Object value)
    {
        final String name = value.getClass().getName();
        return name.startsWith("java.util.ImmutableCollections$") ||
            name.startsWith("java.util.Collections$Unmodifiable") || name.startsWith("java.util.Collections$Empty") ||
            name.startsWith("java.util.Collections$Singleton");
    }
}
