package apps.model;

import io.memfabric.annotations.Shared;

/** A bounded shared queue of numbers, a linked list of shared nodes, guarded by its own monitor. */
@Shared
public class Queue
{
    private Node head;
    private Node tail;
    private int size;
    private final int capacity;

    public Queue()
    {
        this(8);
    }

    public Queue(final int capacity)
    {
        this.capacity = capacity;
    }

    public synchronized void put(final long value) throws InterruptedException
    {
        while (size == capacity)
        {
            wait();
        }
        final Node node = new Node();
        node.value = value;
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

    public synchronized long take() throws InterruptedException
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
        notifyAll();
        return node.value;
    }

    @Shared
    public static class Node
    {
        long value;
        Node next;
    }
}
