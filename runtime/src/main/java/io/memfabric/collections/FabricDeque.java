/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.collections;

import io.memfabric.annotations.Shared;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The fabric's queue: what a {@code Queue}, {@code Deque}, {@code BlockingQueue} or {@code BlockingDeque} stored into
 * a shared field or root becomes. A ring of slots in a {@link Tree} of chunks (it grows by doubling, moving only
 * the part that wrapped), with an optional bound copied from a bounded {@code BlockingQueue}.
 * <p>
 * Every operation is {@code synchronized} on the queue, which on a cluster is its fabric-wide lock, so each is
 * linearizable and an element is taken by exactly one taker in the whole fabric. {@code take} and {@code put} (and
 * the timed {@code poll} and {@code offer}) wait on the queue's monitor, which is fabric-wide: a taker in one JVM
 * is woken by an offer in another. Offers notify only when someone waits (the queue counts its waiters), so an
 * offer costs no extra round trip when nobody waits. Like {@code ArrayDeque} (and unlike {@code LinkedList}) it
 * refuses {@code null} elements, since {@code poll} answers {@code null} for "empty".
 *
 * @param <E> the element type.
 */
@Shared
public class FabricDeque<E> extends AbstractQueue<E> implements BlockingDeque<E>
{
    private static final int FIRST_CAPACITY = 16;

    int head;
    int count;
    int capacity;
    int bound;
    int waiters;
    Tree ring;

    /**
     * An empty, unbounded queue, local until it is stored into a shared field or root.
     */
    public FabricDeque()
    {
        this(Integer.MAX_VALUE);
    }

    /**
     * @param bound the most elements it holds; offers wait (or fail) beyond it.
     */
    public FabricDeque(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("a queue's bound must be positive, not " + bound);
        }
        this.bound = bound;
        ring = new Tree();
    }

    /**
     * @param source a collection.
     * @param bound  the most elements the queue holds.
     * @param <E>    the element type.
     * @return a new queue with its elements, first element at the head.
     */
    public static <E> FabricDeque<E> copyOf(final Collection<? extends E> source, final int bound)
    {
        final FabricDeque<E> deque = new FabricDeque<>(Math.max(bound, Math.max(1, source.size())));
        for (final E element : source)
        {
            deque.addLast(element);
        }
        return deque;
    }

    // ----- the primitives: everything else is made of them -----

    /**
     * {@inheritDoc}
     */
    public synchronized boolean offerFirst(final E element)
    {
        Objects.requireNonNull(element, "a fabric queue holds no null elements");
        if (count >= bound)
        {
            return false;
        }
        growIfFull();
        head = (head - 1) & (capacity - 1);
        ring.set(head, element);
        count++;
        wake();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean offerLast(final E element)
    {
        Objects.requireNonNull(element, "a fabric queue holds no null elements");
        if (count >= bound)
        {
            return false;
        }
        growIfFull();
        ring.set((head + count) & (capacity - 1), element);
        count++;
        wake();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized E pollFirst()
    {
        if (count == 0)
        {
            return null;
        }
        final E element = (E)ring.get(head);
        ring.set(head, null);
        head = (head + 1) & (capacity - 1);
        count--;
        wake();
        return element;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized E pollLast()
    {
        if (count == 0)
        {
            return null;
        }
        final int at = (head + count - 1) & (capacity - 1);
        final E element = (E)ring.get(at);
        ring.set(at, null);
        count--;
        wake();
        return element;
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized E peekFirst()
    {
        return count == 0 ? null : (E)ring.get(head);
    }

    /**
     * {@inheritDoc}
     */
    @SuppressWarnings("unchecked")
    public synchronized E peekLast()
    {
        return count == 0 ? null : (E)ring.get((head + count - 1) & (capacity - 1));
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int size()
    {
        return count;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int remainingCapacity()
    {
        return bound - count;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void clear()
    {
        ring.clear();
        head = 0;
        count = 0;
        capacity = 0;
        wake();
    }

    // ----- blocking -----

    /**
     * {@inheritDoc}
     */
    public synchronized E takeFirst() throws InterruptedException
    {
        while (count == 0)
        {
            await(0);
        }
        return pollFirst();
    }

    /**
     * {@inheritDoc}
     */
    public synchronized E takeLast() throws InterruptedException
    {
        while (count == 0)
        {
            await(0);
        }
        return pollLast();
    }

    /**
     * {@inheritDoc}
     */
    public synchronized E pollFirst(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return awaitElement(unit.toNanos(timeout)) ? pollFirst() : null;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized E pollLast(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return awaitElement(unit.toNanos(timeout)) ? pollLast() : null;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void putFirst(final E element) throws InterruptedException
    {
        Objects.requireNonNull(element, "a fabric queue holds no null elements");
        while (count >= bound)
        {
            await(0);
        }
        offerFirst(element);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void putLast(final E element) throws InterruptedException
    {
        Objects.requireNonNull(element, "a fabric queue holds no null elements");
        while (count >= bound)
        {
            await(0);
        }
        offerLast(element);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean offerFirst(final E element, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        Objects.requireNonNull(element, "a fabric queue holds no null elements");
        return awaitRoom(unit.toNanos(timeout)) && offerFirst(element);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean offerLast(final E element, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        Objects.requireNonNull(element, "a fabric queue holds no null elements");
        return awaitRoom(unit.toNanos(timeout)) && offerLast(element);
    }

    // ----- the rest of Queue, Deque, BlockingQueue and BlockingDeque, in terms of the above -----

    /**
     * {@inheritDoc}
     */
    public void addFirst(final E element)
    {
        if (!offerFirst(element))
        {
            throw new IllegalStateException("the fabric queue is full (" + bound + " elements)");
        }
    }

    /**
     * {@inheritDoc}
     */
    public void addLast(final E element)
    {
        if (!offerLast(element))
        {
            throw new IllegalStateException("the fabric queue is full (" + bound + " elements)");
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean add(final E element)
    {
        addLast(element);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean offer(final E element)
    {
        return offerLast(element);
    }

    /**
     * {@inheritDoc}
     */
    public void put(final E element) throws InterruptedException
    {
        putLast(element);
    }

    /**
     * {@inheritDoc}
     */
    public boolean offer(final E element, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return offerLast(element, timeout, unit);
    }

    /**
     * {@inheritDoc}
     */
    public E take() throws InterruptedException
    {
        return takeFirst();
    }

    /**
     * {@inheritDoc}
     */
    public E poll(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return pollFirst(timeout, unit);
    }

    /**
     * {@inheritDoc}
     */
    public E poll()
    {
        return pollFirst();
    }

    /**
     * {@inheritDoc}
     */
    public E peek()
    {
        return peekFirst();
    }

    /**
     * {@inheritDoc}
     */
    public E removeFirst()
    {
        final E element = pollFirst();
        if (element == null)
        {
            throw new NoSuchElementException("the fabric queue is empty");
        }
        return element;
    }

    /**
     * {@inheritDoc}
     */
    public E removeLast()
    {
        final E element = pollLast();
        if (element == null)
        {
            throw new NoSuchElementException("the fabric queue is empty");
        }
        return element;
    }

    /**
     * {@inheritDoc}
     */
    public E getFirst()
    {
        final E element = peekFirst();
        if (element == null)
        {
            throw new NoSuchElementException("the fabric queue is empty");
        }
        return element;
    }

    /**
     * {@inheritDoc}
     */
    public E getLast()
    {
        final E element = peekLast();
        if (element == null)
        {
            throw new NoSuchElementException("the fabric queue is empty");
        }
        return element;
    }

    /**
     * {@inheritDoc}
     */
    public void push(final E element)
    {
        addFirst(element);
    }

    /**
     * {@inheritDoc}
     */
    public E pop()
    {
        return removeFirst();
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean removeFirstOccurrence(final Object element)
    {
        for (int i = 0; i < count; i++)
        {
            if (Objects.equals(element, at(i)))
            {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean removeLastOccurrence(final Object element)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            if (Objects.equals(element, at(i)))
            {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     */
    public boolean remove(final Object element)
    {
        return removeFirstOccurrence(element);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized boolean contains(final Object element)
    {
        for (int i = 0; i < count; i++)
        {
            if (Objects.equals(element, at(i)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     */
    public int drainTo(final Collection<? super E> into)
    {
        return drainTo(into, Integer.MAX_VALUE);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized int drainTo(final Collection<? super E> into, final int most)
    {
        if (into == this)
        {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int drained = 0;
        while (drained < most && count > 0)
        {
            into.add(pollFirst());
            drained++;
        }
        return drained;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized Object[] toArray()
    {
        final Object[] copy = new Object[count];
        for (int i = 0; i < count; i++)
        {
            copy[i] = at(i);
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
    public synchronized String toString()
    {
        return super.toString();
    }

    /**
     * {@inheritDoc}
     */
    public Iterator<E> iterator()
    {
        return new Walk(false);
    }

    /**
     * {@inheritDoc}
     */
    public Iterator<E> descendingIterator()
    {
        return new Walk(true);
    }

    private Object at(final int index)
    {
        return ring.get((head + index) & (capacity - 1));
    }

    private void removeAt(final int index)
    {
        for (int i = index; i < count - 1; i++)
        {
            ring.set((head + i) & (capacity - 1), at(i + 1));
        }
        ring.set((head + count - 1) & (capacity - 1), null);
        count--;
        wake();
    }

    // A full ring doubles; the part that wrapped round to the start moves past the old end, the rest stays.
    private void growIfFull()
    {
        if (capacity == 0)
        {
            capacity = FIRST_CAPACITY;
            head = 0;
            return;
        }
        if (count < capacity)
        {
            return;
        }
        for (int i = 0; i < head; i++)
        {
            ring.set(capacity + i, ring.get(i));
            ring.set(i, null);
        }
        capacity *= 2;
    }

    // Waits, under the queue's lock, until it holds an element or the time is up; whether it holds one.
    private boolean awaitElement(final long nanos) throws InterruptedException
    {
        final long deadline = System.nanoTime() + nanos;
        while (count == 0)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                return false;
            }
            await(left);
        }
        return true;
    }

    // Waits, under the queue's lock, until it has room or the time is up; whether it has room.
    private boolean awaitRoom(final long nanos) throws InterruptedException
    {
        final long deadline = System.nanoTime() + nanos;
        while (count >= bound)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                return false;
            }
            await(left);
        }
        return true;
    }

    private void await(final long nanos) throws InterruptedException
    {
        waiters++;
        try
        {
            if (nanos == 0)
            {
                wait();
            }
            else
            {
                wait(Math.max(1, nanos / 1_000_000), 0);
            }
        }
        finally
        {
            waiters--;
        }
    }

    private void wake()
    {
        if (waiters > 0)
        {
            notifyAll();
        }
    }

    // Walks by position, one step under the queue's lock at a time; not a snapshot.
    private final class Walk implements Iterator<E>
    {
        private final boolean descending;
        private int taken;
        private Object last;

        Walk(final boolean descending)
        {
            this.descending = descending;
        }

        public boolean hasNext()
        {
            synchronized (FabricDeque.this)
            {
                return taken < count;
            }
        }

        @SuppressWarnings("unchecked")
        public E next()
        {
            synchronized (FabricDeque.this)
            {
                if (taken >= count)
                {
                    throw new NoSuchElementException();
                }
                last = at(descending ? count - 1 - taken : taken);
                taken++;
                return (E)last;
            }
        }

        public void remove()
        {
            if (last == null)
            {
                throw new IllegalStateException("next() was not called, or remove() was called already");
            }
            synchronized (FabricDeque.this)
            {
                if (descending ? removeLastOccurrence(last) : removeFirstOccurrence(last))
                {
                    taken--;
                }
            }
            last = null;
        }
    }
}
