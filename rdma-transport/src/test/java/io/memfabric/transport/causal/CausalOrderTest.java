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

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.memfabric.transport.causal.VectorClockTest.clock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CausalOrderTest
{
    private static final int SELF = 1;

    private final Recorder recorder = new Recorder();

    @Test
    void messagesArrivingInCausalOrderAreDeliveredAtOnce()
    {
        final CausalOrder order = engine(16, 1024, 7, 42);

        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "a"));
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 2), "b"));
        assertEquals(Outcome.DELIVERED, receive(order, 42, clock(7, 2, 42, 1), "c"));

        assertEquals(List.of("7#1:a", "7#2:b", "42#1:c"), recorder.deliveries);
        assertEquals(clock(7, 2, 42, 1), order.delivered());
        assertEquals(0, order.heldMessages());
        assertEquals(3, order.stats().delivered());
    }

    @Test
    void messageIsHeldUntilItsCauseFromAnotherSenderArrives()
    {
        final CausalOrder order = engine(16, 1024, 7, 42);

        assertEquals(Outcome.HELD, receive(order, 42, clock(7, 1, 42, 1), "effect"));
        assertEquals(List.of(), recorder.deliveries);
        assertEquals(1, order.heldMessages());
        assertEquals(6, order.heldBytes());

        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "cause"));
        assertEquals(List.of("7#1:cause", "42#1:effect"), recorder.deliveries);
        assertEquals(0, order.heldMessages());
        assertEquals(0, order.heldBytes());
        assertEquals(1, order.stats().maxHeld());
    }

    @Test
    void aSendersMessagesAreDeliveredInSequenceWhenTheyArriveReversed()
    {
        final CausalOrder order = engine(16, 1024, 7);

        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 3), "c"));
        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 2), "b"));
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "a"));

        assertEquals(List.of("7#1:a", "7#2:b", "7#3:c"), recorder.deliveries);
    }

    @Test
    void concurrentMessagesAreDeliveredInArrivalOrder()
    {
        final CausalOrder order = engine(16, 1024, 7, 42);

        assertEquals(Outcome.DELIVERED, receive(order, 42, clock(42, 1), "x"));
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "y"));

        assertEquals(List.of("42#1:x", "7#1:y"), recorder.deliveries);
    }

    @Test
    void aLongChainArrivingBackwardsIsDeliveredWithoutDeepRecursion()
    {
        final int length = 50_000;
        final CausalOrder order = engine(length, length, 7, 42);

        // Messages alternate between two senders, each answering the one before, and arrive last first.
        for (int i = length; i >= 1; i--)
        {
            final int sender = 0 == i % 2 ? 42 : 7;
            final VectorClock stamp = clock(7, (i + 1) / 2, 42, i / 2);
            assertEquals(i == 1 ? Outcome.DELIVERED : Outcome.HELD, receive(order, sender, stamp, "m"));
        }

        assertEquals(length, recorder.deliveries.size());
        assertEquals("7#1:m", recorder.deliveries.get(0));
        assertEquals("42#1:m", recorder.deliveries.get(1));
        assertEquals("42#" + (length / 2) + ":m", recorder.deliveries.get(length - 1));
        assertEquals(0, order.heldMessages());
    }

    @Test
    void duplicatesOfDeliveredAndOfHeldMessagesAreDroppedAndCounted()
    {
        final CausalOrder order = engine(16, 1024, 7);

        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 2), "b"));
        assertEquals(Outcome.DUPLICATE, receive(order, 7, clock(7, 2), "b"));
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "a"));
        assertEquals(Outcome.DUPLICATE, receive(order, 7, clock(7, 1), "a"));
        assertEquals(Outcome.DUPLICATE, receive(order, 7, clock(7, 2), "b"));

        assertEquals(List.of("7#1:a", "7#2:b"), recorder.deliveries);
        assertEquals(3, order.stats().duplicates());
        assertEquals(2, order.stats().delivered());
    }

    @Test
    void aFullHoldBackBufferRefusesUntilDeliveriesMakeRoom()
    {
        final CausalOrder order = engine(2, 1024, 7);

        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 2), "b"));
        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 3), "c"));
        assertEquals(Outcome.REJECTED_FULL, receive(order, 7, clock(7, 4), "d"));
        assertEquals(1, order.stats().rejectedFull());

        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "a"));
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 4), "d"));

        assertEquals(List.of("7#1:a", "7#2:b", "7#3:c", "7#4:d"), recorder.deliveries);
        assertEquals(2, order.stats().maxHeld());
    }

    @Test
    void theByteLimitRefusesAMessageThatWouldNotFit()
    {
        final CausalOrder order = engine(16, 10, 7);

        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 2), "12345678"));
        assertEquals(Outcome.REJECTED_FULL, receive(order, 7, clock(7, 3), "123"));
        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 3), "12"));
        assertEquals(10, order.heldBytes());
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "1234567890abc"));

        assertEquals(3, recorder.deliveries.size());
        assertEquals(10, order.stats().maxHeldBytes());
    }

    @Test
    void aMessageWhoseCausesAreDeliveredNeedsNoRoomEvenWhenTheBufferIsFull()
    {
        final CausalOrder order = engine(0, 0, 7, 42);

        assertEquals(Outcome.REJECTED_FULL, receive(order, 42, clock(7, 1, 42, 1), "effect"));
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "cause"));
        assertEquals(Outcome.DELIVERED, receive(order, 42, clock(7, 1, 42, 1), "effect"));
    }

    @Test
    void messagesThatCannotBelongToTheGroupAreRefused()
    {
        final CausalOrder order = engine(16, 1024, 7);

        assertEquals(Outcome.REJECTED_INVALID, receive(order, 99, clock(99, 1), "stranger"));
        assertEquals(Outcome.REJECTED_INVALID, receive(order, SELF, clock(SELF, 1), "own"));
        assertEquals(Outcome.REJECTED_INVALID, receive(order, 7, clock(42, 1), "no entry for its sender"));
        assertEquals(Outcome.REJECTED_INVALID, receive(order, 7, clock(SELF, 1, 7, 1), "claims an unsent message"));

        assertEquals(4, order.stats().rejectedInvalid());
        assertEquals(0, order.heldMessages());
        assertEquals(List.of(), recorder.deliveries);
    }

    @Test
    void removingAPeerDropsOnlyWhatCanNeverBeDelivered()
    {
        final CausalOrder order = engine(16, 1024, 7, 42, 50);
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "7a"));

        // 7#2 is lost with its sender: everything that saw it must go.
        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 3), "7c"));
        assertEquals(Outcome.HELD, receive(order, 42, clock(7, 2, 42, 1), "42a"));
        assertEquals(Outcome.HELD, receive(order, 42, clock(7, 2, 42, 2), "42b"));
        // 50#2 saw only what was delivered here: it waits for 50#1 alone.
        assertEquals(Outcome.HELD, receive(order, 50, clock(7, 1, 50, 2), "50b"));

        assertEquals(3, order.removePeer(7));
        assertEquals(1, order.heldMessages());
        assertEquals(3, order.stats().droppedOnLeave());
        assertFalse(order.isMember(7));

        assertEquals(Outcome.ORPHANED, receive(order, 42, clock(7, 2, 42, 3), "42c"));
        assertEquals(Outcome.REJECTED_INVALID, receive(order, 7, clock(7, 2), "7b"));
        assertEquals(Outcome.DELIVERED, receive(order, 50, clock(7, 1, 50, 1), "50a"));

        assertEquals(List.of("7#1:7a", "50#1:50a", "50#2:50b"), recorder.deliveries);
        assertEquals(0, order.heldMessages());
        assertEquals(0, order.heldBytes());
        assertEquals(1, order.stats().orphaned());
        assertEquals(0, order.removePeer(7));
        assertThrows(IllegalArgumentException.class, () -> order.addPeer(7));
        assertThrows(IllegalArgumentException.class, () -> order.removePeer(SELF));
    }

    @Test
    void aDepartedPeersHeldMessagesAreStillDeliveredWhenTheirCausesArrive()
    {
        final CausalOrder order = engine(16, 1024, 7, 42, 50);

        // 7's first message waits on 50, which waits on 42; 42b saw a second message of 7 that never came.
        assertEquals(Outcome.HELD, receive(order, 50, clock(42, 1, 50, 1), "50a"));
        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 1, 50, 1), "7a"));
        assertEquals(Outcome.HELD, receive(order, 42, clock(7, 2, 42, 2), "42b"));

        assertEquals(1, order.removePeer(7));
        assertEquals(Outcome.DUPLICATE, receive(order, 7, clock(7, 1, 50, 1), "7a"));
        assertEquals(Outcome.REJECTED_INVALID, receive(order, 7, clock(7, 2, 50, 1), "7b"));
        assertEquals(Outcome.HELD, receive(order, 50, clock(7, 1, 42, 1, 50, 2), "50b"));
        assertEquals(Outcome.DELIVERED, receive(order, 42, clock(42, 1), "42a"));

        assertEquals(List.of("42#1:42a", "50#1:50a", "7#1:7a", "50#2:50b"), recorder.deliveries);
        assertEquals(0, order.heldMessages());
    }

    @Test
    void aLateJoiningPeerIsDeliveredFromItsFirstMessage()
    {
        final CausalOrder order = engine(16, 1024, 7);
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "before"));

        // 7 has heard from 99 before this node learned that 99 joined.
        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 2, 99, 1), "reply"));
        assertEquals(Outcome.REJECTED_INVALID, receive(order, 99, clock(7, 1, 99, 1), "hello"));

        order.addPeer(99);
        assertTrue(order.isMember(99));
        assertEquals(0, order.delivered(99));
        assertEquals(Outcome.DELIVERED, receive(order, 99, clock(7, 1, 99, 1), "hello"));

        assertEquals(List.of("7#1:before", "99#1:hello", "7#2:reply"), recorder.deliveries);
    }

    @Test
    void aNodeNeverAddedCanBeRemovedToReleaseMessagesWaitingForIt()
    {
        final CausalOrder order = engine(16, 1024, 7);

        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 1, 99, 1), "reply"));
        assertEquals(1, order.removePeer(99));
        assertEquals(0, order.heldMessages());
    }

    @Test
    void aLateJoinerWaitsOnlyForWhatItsSnapshotDoesNotCover()
    {
        final CausalOrder joiner = new CausalOrder(99, 16, 1024, recorder);
        joiner.addPeer(1);
        joiner.addPeer(7);

        assertEquals(Outcome.HELD, receive(joiner, 7, clock(1, 3, 7, 5), "after"));
        assertEquals(Outcome.HELD, receive(joiner, 7, clock(1, 3, 7, 4), "in snapshot"));

        joiner.markDelivered(clock(1, 3, 7, 4));

        assertEquals(List.of("7#5:after"), recorder.deliveries);
        assertEquals(clock(1, 3, 7, 5), joiner.delivered());
        assertEquals(1, joiner.stats().duplicates());
        assertEquals(0, joiner.heldMessages());
        assertEquals(Outcome.DUPLICATE, receive(joiner, 1, clock(1, 2), "in snapshot"));
        assertEquals(Outcome.DELIVERED, receive(joiner, 1, clock(1, 4, 7, 5), "next"));
        assertThrows(IllegalArgumentException.class, () -> joiner.markDelivered(clock(99, 1)));
    }

    @Test
    void ownBroadcastsCountAsDeliveredFromSelf()
    {
        final CausalOrder order = engine(16, 1024, 7);

        final VectorClock first = order.stampForSend();
        assertEquals(clock(SELF, 1), first);
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(SELF, 1, 7, 1), "answer"));

        final VectorClock second = order.stampForSend();
        assertSame(first, second, "the engine reuses its stamp");
        assertEquals(clock(SELF, 2, 7, 1), second);
        assertEquals(2, order.delivered(SELF));
        assertEquals(1, order.stats().delivered(), "own broadcasts are not counted as deliveries");
    }

    @Test
    void aReactionStampedInsideTheListenerCarriesTheMessageBeingDelivered()
    {
        final List<VectorClock> reactions = new ArrayList<>();
        final CausalOrder[] holder = new CausalOrder[1];
        final CausalOrder order = new CausalOrder(SELF, 16, 1024,
            (sender, sequence, payload, offset, length) -> reactions.add(holder[0].stampForSend().copy()));
        holder[0] = order;
        order.addPeer(7);

        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 2), "b"));
        assertEquals(Outcome.DELIVERED, receive(order, 7, clock(7, 1), "a"));

        assertEquals(List.of(clock(SELF, 1, 7, 1), clock(SELF, 2, 7, 2)), reactions);
    }

    @Test
    void theListenerCannotReenterTheEngine()
    {
        final CausalOrder[] holder = new CausalOrder[1];
        final CausalOrder order = new CausalOrder(SELF, 16, 1024,
            (sender, sequence, payload, offset, length) -> holder[0].onReceive(7, clock(7, 9), payload, 0, 0));
        holder[0] = order;
        order.addPeer(7);

        assertThrows(IllegalStateException.class, () -> receive(order, 7, clock(7, 1), "a"));
        assertEquals(1, order.delivered(7));
    }

    @Test
    void aListenerThatThrowsStrandsNoHeldMessage()
    {
        final List<String> seen = new ArrayList<>();
        final CausalOrder order = new CausalOrder(SELF, 16, 1024,
            (sender, sequence, payload, offset, length) ->
            {
                seen.add(sender + "#" + sequence);
                if (1 == sequence)
                {
                    throw new IllegalStateException("listener failed");
                }
            });
        order.addPeer(7);

        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 2), "b"));
        assertEquals(Outcome.HELD, receive(order, 7, clock(7, 3), "c"));
        assertThrows(IllegalStateException.class, () -> receive(order, 7, clock(7, 1), "a"));
        assertEquals(List.of("7#1"), seen);
        assertEquals(1, order.delivered(7));

        assertEquals(Outcome.DUPLICATE, receive(order, 7, clock(7, 1), "a"));
        assertEquals(List.of("7#1", "7#2", "7#3"), seen);
        assertEquals(0, order.heldMessages());
    }

    @Test
    void aHeldMessageIsACopyOfTheCallersBytes()
    {
        final CausalOrder order = engine(16, 1024, 7);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[16]);
        frame.putStringWithoutLengthAscii(4, "held");

        assertEquals(Outcome.HELD, order.onReceive(7, clock(7, 2), frame, 4, 4));
        frame.putStringWithoutLengthAscii(4, "junk");
        assertEquals(Outcome.DELIVERED, order.onReceive(7, clock(7, 1), frame, 4, 4));

        assertEquals(List.of("7#1:junk", "7#2:held"), recorder.deliveries);
    }

    @Test
    void deliveringInOrderAllocatesNothing()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final long[] deliveries = new long[1];
        final CausalOrder order = new CausalOrder(SELF, 64, 4096,
            (sender, sequence, payload, offset, length) -> deliveries[0]++);
        order.addPeer(7);
        order.addPeer(42);
        order.addPeer(50);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);
        final VectorClock stamp = new VectorClock();
        final int[] peers = {7, 42, 50};

        // Warm up, and grow every array and map once, including the hold-back slots and their payload copies.
        deliverRounds(order, stamp, payload, peers, 20_000);
        final long thread = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(thread);
        deliverRounds(order, stamp, payload, peers, 20_000);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertEquals(0, allocated, "bytes allocated over 120,000 deliveries");
        assertEquals(120_000, deliveries[0]);
        assertEquals(0, order.heldMessages());
    }

    /**
     * Each round, every peer sends one message answering all before it; they arrive last sender first, so two of
     * the three are held and released by the third.
     */
    private static void deliverRounds(
        final CausalOrder order, final VectorClock stamp, final UnsafeBuffer payload, final int[] peers,
        final int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            final long base = order.delivered(peers[0]);
            for (int i = peers.length - 1; i >= 0; i--)
            {
                for (int j = 0; j < peers.length; j++)
                {
                    stamp.set(peers[j], base + (j <= i ? 1 : 0));
                }
                order.onReceive(peers[i], stamp, payload, 0, payload.capacity());
            }
        }
    }

    private CausalOrder engine(final int maxHeldMessages, final int maxHeldBytes, final int... peers)
    {
        final CausalOrder order = new CausalOrder(SELF, maxHeldMessages, maxHeldBytes, recorder);
        for (final int peer : peers)
        {
            order.addPeer(peer);
        }
        return order;
    }

    private static Outcome receive(
        final CausalOrder order, final int sender, final VectorClock stamp, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 3]);
        buffer.putBytes(3, bytes);
        return order.onReceive(sender, stamp, buffer, 3, bytes.length);
    }

    private static final class Recorder implements CausalListener
    {
        final List<String> deliveries = new ArrayList<>();

        @Override
        public void onDeliver(
            final int sender, final long sequence, final DirectBuffer payload, final int offset, final int length)
        {
            deliveries.add(sender + "#" + sequence + ":" + payload.getStringWithoutLengthUtf8(offset, length));
        }
    }
}
