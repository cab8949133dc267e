/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.programs;

import io.memfabric.annotations.Shared;

/**
 * A bounded FIFO buffer between producer and consumer threads of several JVMs, guarded by its own monitor.
 */
@Shared
public class Buffer
{
    static final int CAPACITY = 4;

    Node head;
    Node tail;
    int size;
    long consumedSum;
    int consumed;

    void put(final int index) throws InterruptedException
    {
        synchronized (this)
        {
            while (size == CAPACITY)
            {
                wait();
            }
            final Node node = new Node(index, null, null);
            if (tail == null)
            {
                head = node;
            }
            else
            {
                tail.next = node;
            }
            tail = node;
            size++;
            notifyAll();
        }
    }

    int take() throws InterruptedException
    {
        synchronized (this)
        {
            while (size == 0)
            {
                wait();
            }
            final Node node = head;
            head = node.next;
            if (head == null)
            {
                tail = null;
            }
            size--;
            consumed++;
            consumedSum += node.index;
            notifyAll();
            return node.index;
        }
    }
}
