/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.causal;

import io.memfabric.transport.causal.CausalOrder.Outcome;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded simulations of a group broadcasting over a network that delays every copy of every message by its own
 * random time (so copies overtake each other, between the same pair of nodes too) and sends some twice. Nodes
 * broadcast on their own and in reaction to what they deliver, so causal chains run across nodes. An oracle records
 * each message's true causal past (everything its sender had sent or delivered before it) and checks every delivery
 * against it.
 */
class CausalDeliverySimulationTest
{
    private static final int SEEDS = 200;
    private static final int MESSAGES_PER_RUN = 300;

    @Test
    void everyNodeDeliversEveryMessageOnceAndNeverBeforeItsCauses()
    {
        final Totals totals = new Totals();
        for (int seed = 1; seed <= SEEDS; seed++)
        {
            runSeed(seed, 10_000, 1 << 20, totals);
        }

        assertTrue(totals.maxHeld > 1, "the network should reorder enough to hold messages back");
        assertTrue(totals.duplicates > 0, "the network should duplicate some messages");
        assertEquals(0, totals.rejectedFull);
    }

    @Test
    void aTinyHoldBackBufferPushesBackAndStillDeliversExactlyOnce()
    {
        final Totals totals = new Totals();
        for (int seed = 1; seed <= SEEDS / 4; seed++)
        {
            runSeed(seed, 2, 64, totals);
        }

        assertTrue(totals.rejectedFull > 0, "a buffer of two messages should fill up");
        assertTrue(totals.maxHeld <= 2);
    }

    private static void runSeed(final long seed, final int maxHeldMessages, final int maxHeldBytes, final Totals totals)
    {
        final Simulation simulation = new Simulation(seed, maxHeldMessages, maxHeldBytes);
        try
        {
            simulation.run();
            simulation.checkEnd();
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError("seed " + seed + " (" + simulation.describe() + "): " + ex.getMessage(), ex);
        }
        simulation.addTo(totals);
    }

    static final class Totals
    {
        long duplicates;
        long rejectedFull;
        int maxHeld;
    }

    static final class Simulation
    {
        private static final int MAX_DELAY = 40;
        private static final double SEND_CHANCE = 0.08;
        private static final double REACT_CHANCE = 0.2;
        private static final double DUPLICATE_CHANCE = 0.05;
        private static final int MAX_TICKS = 100_000;

        final Random random;
        final int maxHeldMessages;
        final int maxHeldBytes;
        final List<Node> nodes = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();
        final PriorityQueue<Arrival> network = new PriorityQueue<>();
        long time;
        long arrivals;

        Simulation(final long seed, final int maxHeldMessages, final int maxHeldBytes)
        {
            random = new Random(seed);
            this.maxHeldMessages = maxHeldMessages;
            this.maxHeldBytes = maxHeldBytes;

            // Sparse ids, as real node ids are.
            final int count = 3 + random.nextInt(4);
            final BitSet ids = new BitSet();
            while (ids.cardinality() < count)
            {
                ids.set(random.nextInt(100));
            }
            for (int id = ids.nextSetBit(0); id >= 0; id = ids.nextSetBit(id + 1))
            {
                nodes.add(new Node(this, nodes.size(), id));
            }
            for (final Node node : nodes)
            {
                for (final Node peer : nodes)
                {
                    node.order.addPeer(peer.id);
                }
            }
        }

        String describe()
        {
            final StringBuilder builder = new StringBuilder().append(nodes.size()).append(" nodes");
            for (final Node node : nodes)
            {
                builder.append(' ').append(node.id);
            }
            return builder.append(", hold-back ").append(maxHeldMessages).append(" messages / ").append(maxHeldBytes)
                .append(" bytes, tick ").append(time).append(", ").append(messages.size()).append(" sent").toString();
        }

        void run()
        {
            while (messages.size() < MESSAGES_PER_RUN || !network.isEmpty())
            {
                time++;
                if (time > MAX_TICKS)
                {
                    throw new AssertionError("no progress: " + network.size() + " copies still in flight");
                }
                for (final Node node : nodes)
                {
                    if (random.nextDouble() < SEND_CHANCE)
                    {
                        maybeBroadcast(node);
                    }
                }
                while (!network.isEmpty() && network.peek().time <= time)
                {
                    deliverCopy(network.poll());
                }
            }
        }

        void maybeBroadcast(final Node sender)
        {
            if (messages.size() >= MESSAGES_PER_RUN)
            {
                return;
            }
            final Message message = new Message(messages.size(), sender.index);
            messages.add(message);

            final VectorClock stamp = sender.order.stampForSend();
            message.sequence = stamp.get(sender.id);
            message.history = (BitSet)sender.seen.clone();
            sender.seen.set(message.id);

            final int bodyLength = 4 + random.nextInt(24);
            message.frame = new UnsafeBuffer(new byte[stamp.encodedLength() + bodyLength]);
            message.payloadOffset = stamp.encode(message.frame, 0);
            message.frame.putInt(message.payloadOffset, message.id);
            for (int i = 4; i < bodyLength; i++)
            {
                message.frame.putByte(message.payloadOffset + i, (byte)random.nextInt());
            }

            for (final Node receiver : nodes)
            {
                if (receiver != sender)
                {
                    send(message, receiver);
                    if (random.nextDouble() < DUPLICATE_CHANCE)
                    {
                        send(message, receiver);
                    }
                }
            }
        }

        void send(final Message message, final Node receiver)
        {
            network.add(new Arrival(time + 1 + random.nextInt(MAX_DELAY), arrivals++, message, receiver.index));
        }

        void deliverCopy(final Arrival arrival)
        {
            final Node receiver = nodes.get(arrival.receiver);
            final Message message = arrival.message;
            final UnsafeBuffer frame = message.frame;

            // Through the wire format, as the transport will do it.
            final int stampLength = VectorClock.decode(frame, 0, frame.capacity(), receiver.stamp);
            final Outcome outcome = receiver.order.onReceive(
                nodes.get(message.sender).id, receiver.stamp, frame, stampLength, frame.capacity() - stampLength);

            switch (outcome)
            {
                case DELIVERED:
                case HELD:
                case DUPLICATE:
                    break;

                case REJECTED_FULL:
                    // The transport keeps the message and offers it again later.
                    network.add(new Arrival(time + 1 + random.nextInt(MAX_DELAY / 4), arrivals++, message,
                        receiver.index));
                    break;

                default:
                    throw new AssertionError("message " + message + " at node " + receiver.id + ": " + outcome);
            }
        }

        void onDeliver(
            final Node receiver,
            final int sender,
            final long sequence,
            final DirectBuffer payload,
            final int offset,
            final int length)
        {
            final int id = payload.getInt(offset);
            final Message message = messages.get(id);
            final String where = "node " + receiver.id + " delivering " + message;

            assertEquals(nodes.get(message.sender).id, sender, where);
            assertEquals(message.sequence, sequence, where);
            assertEquals(message.frame.capacity() - message.payloadOffset, length, where);
            for (int i = 0; i < length; i++)
            {
                assertEquals(message.frame.getByte(message.payloadOffset + i), payload.getByte(offset + i), where);
            }
            if (receiver.seen.get(id))
            {
                throw new AssertionError(where + ": delivered twice");
            }
            final BitSet missing = (BitSet)message.history.clone();
            missing.andNot(receiver.seen);
            if (!missing.isEmpty())
            {
                throw new AssertionError(where + " before its causes " + missing);
            }
            receiver.seen.set(id);

            if (random.nextDouble() < REACT_CHANCE)
            {
                maybeBroadcast(receiver);
            }
        }

        void checkEnd()
        {
            for (final Node node : nodes)
            {
                int fromOthers = 0;
                for (final Message message : messages)
                {
                    if (message.sender != node.index)
                    {
                        fromOthers++;
                        assertTrue(node.seen.get(message.id), "node " + node.id + " never delivered " + message);
                    }
                }
                for (final Node peer : nodes)
                {
                    assertEquals(peer.order.delivered(peer.id), node.order.delivered(peer.id),
                        "node " + node.id + "'s count for " + peer.id);
                }
                final CausalStats stats = node.order.stats();
                assertEquals(fromOthers, stats.delivered(), "deliveries at node " + node.id);
                assertEquals(0, node.order.heldMessages(), "held at node " + node.id + " at the end");
                assertEquals(0, node.order.heldBytes(), "held bytes at node " + node.id + " at the end");
                assertEquals(0, stats.rejectedInvalid() + stats.orphaned() + stats.droppedOnLeave(), stats.toString());
                assertTrue(stats.maxHeld() <= maxHeldMessages, stats.toString());
            }
        }

        void addTo(final Totals totals)
        {
            for (final Node node : nodes)
            {
                final CausalStats stats = node.order.stats();
                totals.duplicates += stats.duplicates();
                totals.rejectedFull += stats.rejectedFull();
                totals.maxHeld = Math.max(totals.maxHeld, stats.maxHeld());
            }
        }
    }

    static final class Node
    {
        final int index;
        final int id;
        final CausalOrder order;
        /** The oracle's view: messages this node has sent or delivered. */
        final BitSet seen = new BitSet();
        final VectorClock stamp = new VectorClock();

        Node(final Simulation simulation, final int index, final int id)
        {
            this.index = index;
            this.id = id;
            order = new CausalOrder(id, simulation.maxHeldMessages, simulation.maxHeldBytes,
                (sender, sequence, payload, offset, length) ->
                simulation.onDeliver(this, sender, sequence, payload, offset, length));
        }
    }

    static final class Message
    {
        final int id;
        final int sender;
        long sequence;
        /** Messages the sender had sent or delivered before sending this one: its causal past. */
        BitSet history;
        UnsafeBuffer frame;
        int payloadOffset;

        Message(final int id, final int sender)
        {
            this.id = id;
            this.sender = sender;
        }

        @Override
        public String toString()
        {
            return "message " + id + " (sender index " + sender + " #" + sequence + ")";
        }
    }

    static final class Arrival implements Comparable<Arrival>
    {
        final long time;
        final long order;
        final Message message;
        final int receiver;

        Arrival(final long time, final long order, final Message message, final int receiver)
        {
            this.time = time;
            this.order = order;
            this.message = message;
            this.receiver = receiver;
        }

        @Override
        public int compareTo(final Arrival other)
        {
            return time != other.time ? Long.compare(time, other.time) : Long.compare(order, other.order);
        }
    }
}
