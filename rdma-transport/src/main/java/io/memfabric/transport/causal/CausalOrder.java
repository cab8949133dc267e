/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.causal;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Causal delivery of a group's broadcasts at one node: a message is passed to the {@link CausalListener} only once
 * everything its sender had delivered or sent before sending it has been delivered here, so an agent never sees an
 * effect before its cause. The transport stamps each broadcast with {@link #stampForSend()}, carries the encoded
 * stamp in the frame, and feeds every arriving frame to {@link #onReceive}.
 * <p>
 * The rule (Birman, Schiper and Stephenson): a message from sender s stamped V is deliverable when V[s] is one more
 * than the count delivered from s and V[k] is at most the count delivered from k for every other node k. Links need
 * not be FIFO; copies may arrive twice. A message that is not yet deliverable is copied into a bounded hold-back
 * buffer; when the buffer is full it is refused with {@link Outcome#REJECTED_FULL} and the caller offers it again
 * later, which pushes back on the sender. That cannot deadlock: a message whose causes are all delivered is
 * delivered on arrival without taking space, and the earliest undelivered message always is such a message.
 * <p>
 * Finding what a delivery unblocks costs little: only the next message of each sender (its "head") can be
 * deliverable, so held messages are indexed by sender and sequence, and each head waits on the one node whose count
 * it still needs. A delivery from node k looks at k's next message and at the heads waiting on k, and a head's
 * check resumes where it stopped, since counts only grow. Delivery in order, with nothing held, allocates nothing.
 * <p>
 * Membership: the engine's node is always a member; other senders must be added with {@link #addPeer(int)} before
 * their messages are accepted. A stamp may name nodes this node does not know yet (their join has not reached it);
 * such messages wait until those nodes' messages arrive, or are dropped if the node is removed. Node ids are not
 * reused: a node that left and returns does so under a new id.
 * <p>
 * Single threaded: every method is called from the one transport thread. The listener may call
 * {@link #stampForSend()} (to react to a delivery) and {@link #addPeer(int)}, but must not call the other mutators.
 */
public final class CausalOrder
{
    /**
     * What became of a message offered to {@link #onReceive}.
     */
    public enum Outcome
    {
        /** Delivered now, and with it any held messages it made deliverable. */
        DELIVERED,
        /** Copied into the hold-back buffer until its causes are delivered; the caller may reuse its buffer. */
        HELD,
        /** Already delivered or already held: dropped and counted. */
        DUPLICATE,
        /** Not taken because the hold-back buffer is full; the caller must keep it and offer it again later. */
        REJECTED_FULL,
        /** Not a valid message for this group (see {@link CausalStats#rejectedInvalid()}): dropped and counted. */
        REJECTED_INVALID,
        /** Depends on messages of a node that has left which were never delivered here: can never be delivered. */
        ORPHANED
    }

    private static final byte MEMBER = 1;
    private static final byte UNKNOWN = 2;
    private static final byte DEPARTED = 3;

    /** Hold-back copies larger than this do not keep their array once delivered: they are rare, so free them. */
    private static final int RETAINED_PAYLOAD_LIMIT = 64 * 1024;
    private static final byte[] NO_BYTES = new byte[0];

    private final int selfNode;
    private final int maxHeldMessages;
    private final int maxHeldBytes;
    private final CausalListener listener;
    private final VectorClock delivered = new VectorClock();
    private final VectorClock sendStamp = new VectorClock();
    private final Int2ObjectHashMap<NodeState> nodes = new Int2ObjectHashMap<>();
    private final CausalStats stats = new CausalStats();

    private HeldMessage[] slots = new HeldMessage[0];
    private int slotCount;
    private HeldMessage freeSlots;
    private HeldMessage ready;
    private int heldMessages;
    private long heldBytes;
    private boolean delivering;

    /**
     * @param selfNode        id of this node, not negative.
     * @param maxHeldMessages most messages the hold-back buffer holds at once, 0 or more.
     * @param maxHeldBytes    most payload bytes the hold-back buffer holds at once, 0 or more.
     * @param listener        to deliver messages to.
     */
    public CausalOrder(
        final int selfNode, final int maxHeldMessages, final int maxHeldBytes, final CausalListener listener)
    {
        if (selfNode < 0 || maxHeldMessages < 0 || maxHeldBytes < 0)
        {
            throw new IllegalArgumentException("selfNode, maxHeldMessages and maxHeldBytes cannot be negative: " +
                selfNode + ", " + maxHeldMessages + ", " + maxHeldBytes);
        }
        if (null == listener)
        {
            throw new NullPointerException("listener");
        }
        this.selfNode = selfNode;
        this.maxHeldMessages = maxHeldMessages;
        this.maxHeldBytes = maxHeldBytes;
        this.listener = listener;
        nodeState(selfNode).status = MEMBER;
    }

    /**
     * @return the id of this node.
     */
    public int selfNode()
    {
        return selfNode;
    }

    /**
     * Takes the stamp for this node's next broadcast. The broadcast counts as delivered from this node from now on:
     * the caller applies it locally itself (it never comes back through {@link #onReceive}), and later stamps and
     * deliveries take it as a cause.
     *
     * @return the stamp to encode into the frame. It is a clock the engine reuses: valid until the next call, and
     *         not to be changed.
     */
    public VectorClock stampForSend()
    {
        delivered.increment(selfNode);
        return sendStamp.copyFrom(delivered);
    }

    /**
     * Offers a message that arrived from another node.
     *
     * @param sender  node that broadcast it (from the frame or the stream it came on).
     * @param stamp   its decoded stamp; not kept (copied when the message is held).
     * @param payload holding the message.
     * @param offset  of the message in payload.
     * @param length  of the message in bytes.
     * @return what became of it. Only after {@link Outcome#REJECTED_FULL} must the caller keep the message.
     * @throws IllegalStateException if called from inside the listener.
     */
    public Outcome onReceive(
        final int sender, final VectorClock stamp, final DirectBuffer payload, final int offset, final int length)
    {
        enter("onReceive");

        final NodeState source = nodes.get(sender);
        final long sequence = stamp.get(sender);
        if (sender == selfNode || null == source || UNKNOWN == source.status || 0 == sequence || length < 0)
        {
            stats.rejectedInvalid++;
            return Outcome.REJECTED_INVALID;
        }

        final long expected = delivered.get(sender) + 1;
        if (sequence < expected || (heldMessages > 0 && source.heldBySequence.containsKey(sequence)))
        {
            stats.duplicates++;
            return Outcome.DUPLICATE;
        }
        if (DEPARTED == source.status)
        {
            stats.rejectedInvalid++;
            return Outcome.REJECTED_INVALID;
        }

        boolean blocked = sequence != expected;
        for (int i = 0, size = stamp.size(); i < size; i++)
        {
            final int node = stamp.nodeAt(i);
            if (node != sender && stamp.counterAt(i) > delivered.get(node))
            {
                if (node == selfNode)
                {
                    stats.rejectedInvalid++;
                    return Outcome.REJECTED_INVALID;
                }
                final NodeState cause = nodes.get(node);
                if (null != cause && DEPARTED == cause.status && stamp.counterAt(i) > cause.finalCount)
                {
                    stats.orphaned++;
                    return Outcome.ORPHANED;
                }
                blocked = true;
            }
        }

        if (blocked)
        {
            return hold(source, sequence, expected, stamp, payload, offset, length);
        }

        delivered.set(sender, sequence);
        stats.delivered++;
        if (heldMessages > 0)
        {
            // Queue what this delivery unblocks before calling out, so a listener that throws strands nothing.
            afterDelivery(source, sequence);
        }
        callListener(sender, sequence, payload, offset, length);
        deliverReady();

        return Outcome.DELIVERED;
    }

    /**
     * Accepts messages from a node. Its count starts at what has been delivered from it, normally 0. Adding a member
     * again does nothing.
     *
     * @param node id of the peer, not negative.
     * @throws IllegalArgumentException if the node has been removed: ids are not reused.
     */
    public void addPeer(final int node)
    {
        checkNode(node);
        final NodeState state = nodeState(node);
        if (DEPARTED == state.status)
        {
            throw new IllegalArgumentException(
                "node " + node + " has left and its id cannot be reused; a returning node joins under a new id");
        }
        state.status = MEMBER;
    }

    /**
     * Removes a node from the group (a node never added may be removed too, so that messages waiting for it stop
     * waiting). No further message from it is accepted, so its final count here is what was delivered from it plus
     * the unbroken run of its messages held after that. Held messages that need more of it than that can never be
     * delivered: they are dropped and counted, and so are such messages that arrive later ({@link Outcome#ORPHANED}).
     * The rest stay held, the node's own included, and are delivered as their other causes arrive.
     *
     * @param node id of the peer, not negative, not this node.
     * @return how many held messages were dropped; 0 if the node had already been removed.
     * @throws IllegalStateException if called from inside the listener.
     */
    public int removePeer(final int node)
    {
        checkNode(node);
        if (node == selfNode)
        {
            throw new IllegalArgumentException("a node cannot remove itself: " + node);
        }
        enter("removePeer");

        final NodeState state = nodeState(node);
        if (DEPARTED == state.status)
        {
            return 0;
        }
        state.status = DEPARTED;

        // Nothing more is accepted from the node, so its last message that can still be delivered here is the end
        // of the unbroken run of its messages held after those delivered.
        long finalCount = delivered.get(node);
        while (heldMessages > 0 && state.heldBySequence.containsKey(finalCount + 1))
        {
            finalCount++;
        }
        state.finalCount = finalCount;

        int dropped = 0;
        for (int i = 0; i < slotCount; i++)
        {
            final HeldMessage message = slots[i];
            if (message.inUse && message.stamp.get(node) > finalCount)
            {
                discard(message);
                dropped++;
            }
        }
        if (dropped > 0)
        {
            stats.droppedOnLeave += dropped;
            relinkWaiting();
            deliverReady();
        }

        return dropped;
    }

    /**
     * Counts as delivered every message the clock covers, without passing them to the listener: for a node that
     * joins late and installs a state snapshot that already reflects those messages, so it waits only for what came
     * after. Held messages the clock covers are dropped as duplicates; held messages it makes deliverable are
     * delivered.
     *
     * @param through clock of the snapshot: per node, how many of its broadcasts the snapshot includes.
     * @throws IllegalArgumentException if it claims more broadcasts of this node than it has sent.
     * @throws IllegalStateException    if called from inside the listener.
     */
    public void markDelivered(final VectorClock through)
    {
        if (through.get(selfNode) > delivered.get(selfNode))
        {
            throw new IllegalArgumentException("clock " + through + " claims more broadcasts of node " + selfNode +
                " than its " + delivered.get(selfNode));
        }
        enter("markDelivered");

        delivered.mergeFrom(through);
        int covered = 0;
        for (int i = 0; i < slotCount; i++)
        {
            final HeldMessage message = slots[i];
            if (message.inUse && message.sequence <= delivered.get(message.sender))
            {
                discard(message);
                covered++;
            }
        }
        stats.duplicates += covered;
        relinkWaiting();
        deliverReady();
    }

    /**
     * @param node id.
     * @return whether messages from it are accepted: this node, and peers added and not removed.
     */
    public boolean isMember(final int node)
    {
        final NodeState state = nodes.get(node);
        return null != state && MEMBER == state.status;
    }

    /**
     * @return a copy of what has been delivered: per node, how many of its broadcasts (for this node, how many it
     *         has stamped).
     */
    public VectorClock delivered()
    {
        return delivered.copy();
    }

    /**
     * @param node id.
     * @return how many of its broadcasts have been delivered here, without allocating.
     */
    public long delivered(final int node)
    {
        return delivered.get(node);
    }

    /**
     * @return messages in the hold-back buffer.
     */
    public int heldMessages()
    {
        return heldMessages;
    }

    /**
     * @return payload bytes in the hold-back buffer.
     */
    public long heldBytes()
    {
        return heldBytes;
    }

    /**
     * @return the engine's counters, a live view.
     */
    public CausalStats stats()
    {
        return stats;
    }

    private Outcome hold(
        final NodeState source,
        final long sequence,
        final long expected,
        final VectorClock stamp,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (heldMessages >= maxHeldMessages || heldBytes + length > maxHeldBytes)
        {
            stats.rejectedFull++;
            return Outcome.REJECTED_FULL;
        }

        final HeldMessage message = acquireSlot();
        message.sender = source.node;
        message.sequence = sequence;
        message.stamp.copyFrom(stamp);
        message.scanIndex = 0;
        message.copyPayload(payload, offset, length);
        message.inUse = true;
        source.heldBySequence.put(sequence, message);

        heldMessages++;
        heldBytes += length;
        stats.held = heldMessages;
        stats.maxHeld = Math.max(stats.maxHeld, heldMessages);
        stats.maxHeldBytes = Math.max(stats.maxHeldBytes, heldBytes);

        if (sequence == expected)
        {
            // The sender's next message but a cause from elsewhere is missing: wait on that node. A later message
            // of the sender needs no index beyond its sequence; it is found when its predecessor is delivered.
            examine(message);
        }

        return Outcome.HELD;
    }

    /**
     * After the count from a node rose to sequence: its next held message, and the heads waiting on it, may now be
     * deliverable.
     */
    private void afterDelivery(final NodeState source, final long sequence)
    {
        final HeldMessage next = source.heldBySequence.get(sequence + 1);
        if (null != next)
        {
            examine(next);
        }

        HeldMessage previous = null;
        HeldMessage message = source.waiting;
        while (null != message)
        {
            final HeldMessage following = message.next;
            if (message.waitingFor <= sequence)
            {
                if (null == previous)
                {
                    source.waiting = following;
                }
                else
                {
                    previous.next = following;
                }
                message.next = null;
                message.scanIndex++;
                examine(message);
            }
            else
            {
                previous = message;
            }
            message = following;
        }
    }

    /**
     * For a head (the next message of its sender): finds the first cause still missing, from where the last check
     * stopped, and waits on its node; with none missing, queues the message for delivery.
     */
    private void examine(final HeldMessage message)
    {
        final VectorClock stamp = message.stamp;
        for (int i = message.scanIndex, size = stamp.size(); i < size; i++)
        {
            final int node = stamp.nodeAt(i);
            final long needed = stamp.counterAt(i);
            if (node != message.sender && needed > delivered.get(node))
            {
                final NodeState cause = nodeState(node);
                message.scanIndex = i;
                message.waitingFor = needed;
                message.next = cause.waiting;
                cause.waiting = message;
                return;
            }
        }
        message.scanIndex = stamp.size();
        message.next = ready;
        ready = message;
    }

    private void deliverReady()
    {
        while (null != ready)
        {
            final HeldMessage message = ready;
            ready = message.next;
            message.next = null;

            final NodeState source = nodes.get(message.sender);
            source.heldBySequence.remove(message.sequence);
            message.inUse = false;
            heldMessages--;
            heldBytes -= message.length;
            stats.held = heldMessages;

            delivered.set(message.sender, message.sequence);
            stats.delivered++;
            afterDelivery(source, message.sequence);
            try
            {
                callListener(message.sender, message.sequence, message.payload, 0, message.length);
            }
            finally
            {
                releaseSlot(message);
            }
        }
    }

    private void callListener(
        final int sender, final long sequence, final DirectBuffer payload, final int offset, final int length)
    {
        delivering = true;
        try
        {
            listener.onDeliver(sender, sequence, payload, offset, length);
        }
        finally
        {
            delivering = false;
        }
    }

    /**
     * Rebuilds the waiting lists from the held messages, after a change that is rare (a leave, a snapshot) and may
     * have removed messages from them or satisfied their causes.
     */
    private void relinkWaiting()
    {
        for (final NodeState state : nodes.values())
        {
            state.waiting = null;
        }
        for (int i = 0; i < slotCount; i++)
        {
            slots[i].next = null;
        }
        for (int i = 0; i < slotCount; i++)
        {
            final HeldMessage message = slots[i];
            if (message.inUse && message.sequence == delivered.get(message.sender) + 1)
            {
                examine(message);
            }
        }
        rebuildFreeList();
    }

    /**
     * Takes a held message out without delivering it. Waiting lists may still name it: callers relink after.
     */
    private void discard(final HeldMessage message)
    {
        nodes.get(message.sender).heldBySequence.remove(message.sequence);
        message.inUse = false;
        heldMessages--;
        heldBytes -= message.length;
        stats.held = heldMessages;
        message.trimPayload();
    }

    private HeldMessage acquireSlot()
    {
        HeldMessage message = freeSlots;
        if (null != message)
        {
            freeSlots = message.next;
            message.next = null;
            return message;
        }
        if (slotCount == slots.length)
        {
            final int capacity = Math.min(maxHeldMessages, Math.max(8, 2 * slotCount));
            slots = Arrays.copyOf(slots, Math.max(slotCount + 1, capacity));
        }
        message = new HeldMessage();
        slots[slotCount++] = message;
        return message;
    }

    private void releaseSlot(final HeldMessage message)
    {
        message.trimPayload();
        message.next = freeSlots;
        freeSlots = message;
    }

    private void rebuildFreeList()
    {
        // relinkWaiting cleared every link, the free list's included.
        freeSlots = null;
        for (int i = 0; i < slotCount; i++)
        {
            final HeldMessage message = slots[i];
            if (!message.inUse)
            {
                message.next = freeSlots;
                freeSlots = message;
            }
        }
    }

    private NodeState nodeState(final int node)
    {
        NodeState state = nodes.get(node);
        if (null == state)
        {
            state = new NodeState(node);
            nodes.put(node, state);
        }
        return state;
    }

    private void enter(final String operation)
    {
        if (delivering)
        {
            throw new IllegalStateException(operation + " cannot be called from inside CausalListener.onDeliver");
        }
        // Finish a cascade that a throwing listener cut short.
        deliverReady();
    }

    private static void checkNode(final int node)
    {
        if (node < 0)
        {
            throw new IllegalArgumentException("node ids are not negative, got " + node);
        }
    }

    /**
     * A node this engine has heard of: a member, a node named in a stamp before it joined here, or one that left.
     */
    private static final class NodeState
    {
        final int node;
        final Long2ObjectHashMap<HeldMessage> heldBySequence = new Long2ObjectHashMap<>();
        byte status = UNKNOWN;
        /** Once departed: the most of its broadcasts that can ever be delivered here. */
        long finalCount;
        /** Heads of other senders whose next missing cause is a message from this node; linked by next. */
        HeldMessage waiting;

        NodeState(final int node)
        {
            this.node = node;
        }
    }

    /**
     * A slot of the hold-back buffer. Reused: its stamp and payload arrays stay allocated between messages.
     */
    private static final class HeldMessage
    {
        final VectorClock stamp = new VectorClock();
        final UnsafeBuffer payload = new UnsafeBuffer(NO_BYTES);
        int sender;
        long sequence;
        int length;
        boolean inUse;
        /** Entries of the stamp before this one are known to be delivered. */
        int scanIndex;
        /** The count needed from the node this head waits on. */
        long waitingFor;
        /** Link in exactly one of: a waiting list, the ready stack, the free list. */
        HeldMessage next;

        void copyPayload(final DirectBuffer source, final int offset, final int length)
        {
            if (payload.capacity() < length)
            {
                payload.wrap(new byte[Math.max(length, Math.min(RETAINED_PAYLOAD_LIMIT, 2 * payload.capacity()))]);
            }
            payload.putBytes(0, source, offset, length);
            this.length = length;
        }

        void trimPayload()
        {
            if (payload.capacity() > RETAINED_PAYLOAD_LIMIT)
            {
                payload.wrap(NO_BYTES);
            }
        }
    }
}
