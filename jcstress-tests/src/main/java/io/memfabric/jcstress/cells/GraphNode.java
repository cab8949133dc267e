/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress.cells;

import io.memfabric.annotations.Shared;

/**
 * A node of a linked chain, for publication tests.
 */
@Shared
public class GraphNode
{
    public int value;
    public GraphNode next;

    /**
     * @param length how many nodes.
     * @return a new unshared chain whose values are 1 to {@code length}.
     */
    public static GraphNode chain(final int length)
    {
        GraphNode head = null;
        for (int i = length; i >= 1; i--)
        {
            final GraphNode node = new GraphNode();
            node.value = i;
            node.next = head;
            head = node;
        }
        return head;
    }

    /**
     * @param head a chain, or {@code null}.
     * @return the sum of its values (0 for none).
     */
    public static int sum(final GraphNode head)
    {
        int sum = 0;
        for (GraphNode node = head; node != null; node = node.next)
        {
            sum += node.value;
        }
        return sum;
    }
}
