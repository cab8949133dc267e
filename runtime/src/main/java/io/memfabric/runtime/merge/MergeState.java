/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.merge;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What one JVM holds of one merging object (a CRDT): a state that merges with any other replica's, in any order and
 * any number of times, to the same result. Local changes become operations queued for the other JVMs; an operation,
 * and a whole state (a list of operations that rebuild it), apply idempotently, so a state sent again after a
 * partition, or an operation that arrives twice, changes nothing.
 * <p>
 * Thread-safe: every method takes the state's lock.
 */
public abstract class MergeState
{
    /**
     * Kind of a {@link CounterState}.
     */
    public static final byte COUNTER = 1;
    /**
     * Kind of a {@link SetState}.
     */
    public static final byte SET = 2;
    /**
     * Kind of a {@link MapState}.
     */
    public static final byte MAP = 3;

    private final int node;
    private final Outbox outbox;
    private final List<byte[]> pending = new ArrayList<>();
    private boolean queued;
    private boolean absorbed;
    private boolean held;

    /**
     * Where a state's local changes go: the node queues the object so that its operations are sent.
     */
    @FunctionalInterface
    public interface Outbox
    {
        /**
         * @param state a state with operations to send; called once until {@link #drainOperations} takes them.
         */
        void ready(MergeState state);
    }

    /**
     * @param node   the id this JVM's changes are tagged with.
     * @param outbox where changes go; {@code null} for a state that stays in this JVM.
     */
    protected MergeState(final int node, final Outbox outbox)
    {
        this.node = node;
        this.outbox = outbox;
    }

    /**
     * @param kind   {@link #COUNTER}, {@link #SET} or {@link #MAP}.
     * @param node   the id this JVM's changes are tagged with.
     * @param outbox where changes go.
     * @return an empty state of that kind.
     * @throws IllegalArgumentException for an unknown kind.
     */
    public static MergeState create(final byte kind, final int node, final Outbox outbox)
    {
        switch (kind)
        {
            case COUNTER:
                return new CounterState(node, outbox);
            case SET:
                return new SetState(node, outbox);
            case MAP:
                return new MapState(node, outbox);
            default:
                throw new IllegalArgumentException("no merging type of kind " + kind);
        }
    }

    /**
     * @return this state's kind.
     */
    public abstract byte kind();

    /**
     * @return the id this JVM's changes are tagged with.
     */
    protected final int node()
    {
        return node;
    }

    /**
     * Applies operations from another replica (or a whole state), each at most once in effect.
     *
     * @param operations as {@link #drainOperations} or {@link #wholeState} made them.
     */
    public final synchronized void apply(final byte[] operations)
    {
        final ByteBuffer in = ByteBuffer.wrap(operations);
        while (in.hasRemaining())
        {
            final int length = in.getInt();
            final ByteBuffer operation = in.slice();
            operation.limit(length);
            applyOperation(operation);
            in.position(in.position() + length);
        }
    }

    /**
     * @return the operations of this JVM's changes since the last call, framed; empty if none.
     */
    public final synchronized byte[] drainOperations()
    {
        queued = false;
        final List<byte[]> operations = new ArrayList<>(pending);
        pending.clear();
        collectPending(operations);
        return frame(operations);
    }

    /**
     * @return operations that rebuild this whole state on any replica, framed.
     */
    public final synchronized byte[] wholeState()
    {
        final List<byte[]> operations = new ArrayList<>();
        collectWhole(operations);
        return frame(operations);
    }

    /**
     * Marks this state as the one a node holds for a shared object (not one made for an object before it was
     * shared).
     *
     * @return this.
     */
    public final MergeState held()
    {
        held = true;
        return this;
    }

    /**
     * @return whether a node holds this state for a shared object.
     */
    public final boolean isHeld()
    {
        return held;
    }

    /**
     * Merges a state that was kept in this JVM before its object was shared into this one, as this JVM's changes;
     * once, however many threads find the object shared at once.
     *
     * @param local the state made before sharing.
     */
    public final void absorb(final MergeState local)
    {
        synchronized (local)
        {
            if (local.absorbed || local == this)
            {
                return;
            }
            local.absorbed = true;
            synchronized (this)
            {
                absorbLocal(local);
            }
        }
        changed();
    }

    /**
     * Adopts the changes of a state of the same kind made before sharing, as this JVM's own. Under the lock.
     *
     * @param local that state.
     */
    protected abstract void absorbLocal(MergeState local);

    /**
     * Applies one operation. Under the lock.
     *
     * @param operation its bytes.
     */
    protected abstract void applyOperation(ByteBuffer operation);

    /**
     * Adds operations for the changes made since the last drain, beyond those {@link #queue}d. Under the lock.
     *
     * @param out where they go.
     */
    protected void collectPending(final List<byte[]> out)
    {
    }

    /**
     * Adds operations that rebuild the whole state. Under the lock.
     *
     * @param out where they go.
     */
    protected abstract void collectWhole(List<byte[]> out);

    /**
     * Queues an operation of a local change to be sent. Under the lock.
     *
     * @param operation its bytes.
     */
    protected final void queue(final byte[] operation)
    {
        if (outbox != null)
        {
            pending.add(operation);
        }
    }

    /**
     * Tells the node that this state has changes to send; called after a change, outside the lock.
     */
    protected final void changed()
    {
        if (outbox == null)
        {
            return;
        }
        final boolean first;
        synchronized (this)
        {
            first = !queued;
            queued = true;
        }
        if (first)
        {
            outbox.ready(this);
        }
    }

    private static byte[] frame(final List<byte[]> operations)
    {
        int length = 0;
        for (final byte[] operation : operations)
        {
            length += 4 + operation.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(length);
        for (final byte[] operation : operations)
        {
            out.putInt(operation.length).put(operation);
        }
        return out.array();
    }
}
