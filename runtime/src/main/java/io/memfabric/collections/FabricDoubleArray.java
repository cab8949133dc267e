/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

/**
 * A fixed-length array of {@code double} the fabric shares: what a shared field declared as {@code double[]} is declared as
 * instead (see {@link FabricArray} for why a Java array cannot be shared, and what an element read or write means).
 * Elements start at {@code 0.0}.
 */
@Shared
public final class FabricDoubleArray
{
    final int length;
    final Tree tree;

    private FabricDoubleArray()
    {
        length = 0;
        tree = null;
    }

    /**
     * @param length the number of elements, all {@code 0.0} to start with.
     */
    public FabricDoubleArray(final int length)
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
     * @return a new array holding them.
     */
    public static FabricDoubleArray of(final double... values)
    {
        final FabricDoubleArray array = new FabricDoubleArray(values.length);
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
    public double get(final int index)
    {
        FabricArray.check(index, length);
        final Object value = tree.get(index);
        return value == null ? 0.0 : (Double)value;
    }

    /**
     * @param index an index.
     * @param value the new element.
     * @throws ArrayIndexOutOfBoundsException if the index is outside the array.
     */
    public void set(final int index, final double value)
    {
        FabricArray.check(index, length);
        tree.set(index, value);
    }

    /**
     * @return a copy of the elements as a Java array, read one by one.
     */
    public double[] toArray()
    {
        final double[] copy = new double[length];
        for (int i = 0; i < length; i++)
        {
            copy[i] = get(i);
        }
        return copy;
    }

    /**
     * @return the elements, for messages.
     */
    public String toString()
    {
        return java.util.Arrays.toString(toArray());
    }
}
