/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

import java.util.AbstractList;
import java.util.List;

/**
 * A fixed-length array the fabric shares: what a shared field declared as an array of references ({@code String[]},
 * {@code Long[]}, an array of a {@code @Shared} class) is declared as instead. Java arrays cannot be shared: an
 * element store in code the agent does not rewrite ({@code java.util.Arrays}, {@code System.arraycopy}, any JDK
 * method handed the array) would change a local copy only, silently.
 * <p>
 * Each element is a shared field of its own, in a tree of chunks built when the array is made, so an element read
 * or write means what it means for a field: STRONG, linearizable per element, read from a leased local copy, written
 * through (or, under a lock this JVM keeps, written back); a read fetches the element's chunk, not the array.
 * Like a Java array, it takes no lock: make several elements change together under {@code synchronized}.
 *
 * @param <E> what an element holds: anything a shared {@code Object} field holds.
 */
@Shared
public final class FabricArray<E>
{
    final int length;
    final Tree tree;

    private FabricArray()
    {
        length = 0;
        tree = null;
    }

    /**
     * @param length the number of elements, all {@code null} to start with.
     */
    public FabricArray(final int length)
    {
        if (length < 0)
        {
            throw new NegativeArraySizeException(Integer.toString(length));
        }
        this.length = length;
        this.tree = new Tree();
        tree.allocate(length);
    }

    /**
     * @param values the elements; copied.
     * @param <E>    the element type.
     * @return a new array holding them.
     */
    @SafeVarargs
    public static <E> FabricArray<E> of(final E... values)
    {
        final FabricArray<E> array = new FabricArray<>(values.length);
        for (int i = 0; i < values.length; i++)
        {
            array.set(i, values[i]);
        }
        return array;
    }

    /**
     * @return the number of elements.
     */
    public int length()
    {
        return length;
    }

    /**
     * @param index an index.
     * @return the element.
     * @throws ArrayIndexOutOfBoundsException if the index is outside the array.
     */
    @SuppressWarnings("unchecked")
    public E get(final int index)
    {
        check(index, length);
        return (E)tree.get(index);
    }

    /**
     * @param index an index.
     * @param value the new element.
     * @throws ArrayIndexOutOfBoundsException if the index is outside the array.
     */
    public void set(final int index, final E value)
    {
        check(index, length);
        tree.set(index, value);
    }

    /**
     * @return a fixed-size list view: reads and writes go to this array.
     */
    public List<E> asList()
    {
        return new AbstractList<>()
        {
            public E get(final int index)
            {
                return FabricArray.this.get(index);
            }

            public E set(final int index, final E value)
            {
                final E old = FabricArray.this.get(index);
                FabricArray.this.set(index, value);
                return old;
            }

            public int size()
            {
                return length;
            }
        };
    }

    /**
     * @return the elements, for messages.
     */
    public String toString()
    {
        return asList().toString();
    }

    static void check(final int index, final int length)
    {
        if (index < 0 || index >= length)
        {
            throw new ArrayIndexOutOfBoundsException("Index " + index + " out of bounds for length " + length);
        }
    }
}
