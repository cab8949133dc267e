/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.FabricChange;
import io.memfabric.FabricChangeListener;
import io.memfabric.FabricErrorHandler;
import io.memfabric.FabricException;
import io.memfabric.FabricSubscription;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.runtime.SharedClassLayout;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The subscriptions of a JVM ({@code Fabric.subscribe}): the engine reports every write from elsewhere that it
 * applied (the journal's position of its batch with it), and every value a state it installed changed; each
 * subscription to the object gets them on one thread, {@code memfabric-subscriptions}, in that order.
 * <p>
 * With a journal, a subscription's position (the journal index of the last change handed to its listener) is saved
 * under its name, at most every {@value #SAVE_EVERY_MS} ms and when it closes; subscribing again under the name first
 * replays, from the journal, the changes applied after that position. Saved late, a position replays a change twice
 * (at least once: a change carries its stamp), never skips one.
 */
final class Subscriptions implements AutoCloseable
{
    private static final long SAVE_EVERY_MS = 100;

    private final Journal journal;
    private final Replicas.Host host;
    private final java.util.function.BiFunction<Long, Integer, Replicas.Entry> current;
    private final FabricErrorHandler errors;
    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(task ->
    {
        final Thread thread = new Thread(task, "memfabric-subscriptions");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, List<Subscription>> byObject = new ConcurrentHashMap<>();
    private final Map<String, Subscription> byName = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Subscriptions(
        final Journal journal, final Replicas.Host host, final FabricErrorHandler errors,
        final java.util.function.BiFunction<Long, Integer, Replicas.Entry> current)
    {
        this.journal = journal;
        this.host = host;
        this.current = current;
        this.errors = errors;
    }

    /**
     * @return whether no subscription is open: the engine then reports nothing.
     */
    boolean isEmpty()
    {
        return byObject.isEmpty();
    }

    /**
     * Opens a subscription; with a journal and a saved position under its name, first replays what was applied
     * after it.
     *
     * @param name     its name.
     * @param objectId the object.
     * @param target   this JVM's copy.
     * @param slots    the replicated slots it covers, or {@code null} for a merging object.
     * @param listener gets the changes.
     * @return the subscription.
     */
    FabricSubscription open(
        final String name, final long objectId, final Object target, final boolean[] slots,
        final FabricChangeListener listener)
    {
        final Subscription subscription = new Subscription(name, objectId, target, slots, listener);
        if (byName.putIfAbsent(name, subscription) != null)
        {
            throw new IllegalArgumentException("a subscription named '" + name + "' is open in this JVM already; " +
                "close it first, or give this one another name");
        }
        final long[] saved = subscription.readPosition();
        if (saved != null)
        {
            dispatch.execute(() ->
            {
                subscription.stamp = saved[1];
                replay(subscription, saved[0]);
                catchUp(subscription);
            });
        }
        else if (journal != null)
        {
            // A position from the start, so a JVM that stops before the first change still resumes from here.
            dispatch.execute(() ->
            {
                subscription.position = journal.lastIndex();
                subscription.stamp = subscription.latestStamp();
                subscription.savePosition();
            });
        }
        byObject.computeIfAbsent(objectId, id -> new CopyOnWriteArrayList<>()).add(subscription);
        return subscription;
    }

    // Changes this JVM applied after the position, from its journal: they may not have reached the listener before
    // the JVM stopped.
    private void replay(final Subscription subscription, final long after)
    {
        journal.read(after, excerpt ->
        {
            if (excerpt.kind() == Journal.OWN || excerpt.index() <= after)
            {
                return;
            }
            final UnsafeBuffer batch = new UnsafeBuffer(excerpt.batch());
            final int count = batch.getInt(1, ByteOrder.LITTLE_ENDIAN);
            int at = 5;
            for (int i = 0; i < count; i++)
            {
                final Replicas.Entry entry = Replicas.Entry.decode(batch, at);
                at += entry.length;
                if (entry.objectId == subscription.objectId && subscription.covers(entry.slot))
                {
                    if (excerpt.kind() == Journal.INSTALLED)
                    {
                        subscription.gap("this JVM installed node " + excerpt.node() + "'s state (it joined, " +
                            "restarted or was cut off): writes before its latest value may be missing");
                    }
                    subscription.deliver(entry, true, excerpt.index());
                }
            }
        });
    }

    // After a restart: a field whose value is newer than anything handed over or replayed changed while the
    // subscription was not running, and this JVM has only the latest value (from a peer's state), not the writes.
    private void catchUp(final Subscription subscription)
    {
        if (subscription.slots == null)
        {
            subscription.gap("changes made while subscription '" + subscription.name + "' was not running may be " +
                "missing; read the object for its state");
            return;
        }
        for (int slot = 0; slot < subscription.slots.length; slot++)
        {
            if (!subscription.slots[slot])
            {
                continue;
            }
            final Replicas.Entry latest = current.apply(subscription.objectId, slot);
            if (latest != null && latest.stamp > subscription.stamp)
            {
                subscription.gap("writes made while subscription '" + subscription.name + "' was not running " +
                    "may be missing: this JVM has the field's latest value, from another JVM's state");
                subscription.deliver(latest, false, 0);
            }
        }
    }

    /**
     * A write from elsewhere won and was applied (on the thread that applied it).
     *
     * @param entry    the write.
     * @param position the journal index of its batch, or 0.
     */
    void applied(final Replicas.Entry entry, final long position)
    {
        final List<Subscription> subscriptions = byObject.get(entry.objectId);
        if (subscriptions == null)
        {
            return;
        }
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.covers(entry.slot))
            {
                dispatch.execute(() -> subscription.deliver(entry, false, position));
            }
        }
    }

    /**
     * A state from a peer changed a value: the writes between the last one applied here and it are unknown.
     *
     * @param entry the value the state held, which won.
     * @param peer  the node that sent the state.
     */
    void installed(final Replicas.Entry entry, final int peer)
    {
        final List<Subscription> subscriptions = byObject.get(entry.objectId);
        if (subscriptions == null)
        {
            return;
        }
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.covers(entry.slot))
            {
                dispatch.execute(() ->
                {
                    subscription.gap("this JVM installed node " + peer + "'s state (it joined late, restarted or " +
                        "was cut off): writes before its latest value may be missing");
                    subscription.deliver(entry, false, 0);
                });
            }
        }
    }

    public void close()
    {
        // Each saves its position on the dispatch thread, after what it was handed.
        for (final Subscription subscription : byName.values())
        {
            subscription.close();
        }
        closed = true;
        dispatch.shutdown();
        try
        {
            dispatch.awaitTermination(1, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private final class Subscription implements FabricSubscription
    {
        private final String name;
        private final long objectId;
        private final Object target;
        private final boolean[] slots;
        private final FabricChangeListener listener;
        private volatile boolean open = true;
        // On the dispatch thread: the last journal position and the highest stamp handed over.
        private long position;
        private long stamp;
        private long savedAtNs;

        Subscription(final String name, final long objectId, final Object target, final boolean[] slots,
            final FabricChangeListener listener)
        {
            this.name = name;
            this.objectId = objectId;
            this.target = target;
            this.slots = slots;
            this.listener = listener;
        }

        boolean covers(final int slot)
        {
            return slots == null ? slot == Replicas.MERGE_SLOT : slot < slots.length && slots[slot];
        }

        void deliver(final Replicas.Entry entry, final boolean replayed, final long at)
        {
            if (!open)
            {
                return;
            }
            String field = null;
            Object value = null;
            if (slots != null)
            {
                final SharedClassLayout.Slot slot = SharedClassLayout.of(target.getClass()).slot(entry.slot);
                field = slot.name();
                value = decode(slot, entry.value);
            }
            try
            {
                listener.onChange(new FabricChange(target, field, value, entry.origin, entry.stamp, replayed, at));
            }
            catch (final RuntimeException ex)
            {
                errors.onError(new FabricException(FabricException.Category.USAGE, "the listener of subscription '" +
                    name + "' threw on a change of " + target.getClass().getName() + "." + field + ": " + ex, ex));
            }
            stamp = Math.max(stamp, entry.stamp);
            if (at > position)
            {
                position = at;
                if (System.nanoTime() - savedAtNs > TimeUnit.MILLISECONDS.toNanos(SAVE_EVERY_MS))
                {
                    savePosition();
                }
            }
        }

        private Object decode(final SharedClassLayout.Slot slot, final SlotValue value)
        {
            try
            {
                return host.decode(target, slot, value);
            }
            catch (final RuntimeException ex)
            {
                errors.onError(new FabricException(FabricException.Category.UNAVAILABLE, "subscription '" + name +
                    "' could not read the value of " + slot + ": " + ex, ex));
                return null;
            }
        }

        void gap(final String why)
        {
            if (!open)
            {
                return;
            }
            try
            {
                listener.onGap(target, why);
            }
            catch (final RuntimeException ex)
            {
                errors.onError(new FabricException(FabricException.Category.USAGE, "the listener of subscription '" +
                    name + "' threw on a gap: " + ex, ex));
            }
        }

        private Path positionFile()
        {
            return journal.dir().resolve("subscriptions").resolve(name + ".position");
        }

        // The highest stamp of the fields covered, as this JVM holds them now.
        long latestStamp()
        {
            long latest = 0;
            for (int slot = 0; slots != null && slot < slots.length; slot++)
            {
                final Replicas.Entry entry = slots[slot] ? current.apply(objectId, slot) : null;
                latest = entry == null ? latest : Math.max(latest, entry.stamp);
            }
            return latest;
        }

        // The journal position and the highest stamp handed over, or null if none was saved.
        long[] readPosition()
        {
            if (journal == null || !Files.exists(positionFile()))
            {
                return null;
            }
            try
            {
                final String[] parts = Files.readString(positionFile(), StandardCharsets.US_ASCII).trim().split(" ");
                return new long[]{ Long.parseLong(parts[0]), Long.parseLong(parts[1]) };
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new IllegalStateException("cannot read the position of subscription '" + name + "' from " +
                    positionFile() + ": " + ex.getMessage() + "; delete the file to start from now", ex);
            }
        }

        // Written to a new file then moved over the old one: a crash leaves one or the other, whole.
        void savePosition()
        {
            savedAtNs = System.nanoTime();
            if (journal == null)
            {
                return;
            }
            try
            {
                final Path file = positionFile();
                Files.createDirectories(file.getParent());
                final Path next = file.resolveSibling(name + ".position.next");
                Files.writeString(next, position + " " + stamp, StandardCharsets.US_ASCII);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final IOException ex)
            {
                errors.onError(new FabricException(FabricException.Category.UNAVAILABLE, "cannot save the position " +
                    "of subscription '" + name + "': " + ex.getMessage() + "; after a restart it may replay " +
                    "changes it handed over already", new UncheckedIOException(ex)));
            }
        }

        public String name()
        {
            return name;
        }

        public void close()
        {
            if (!open)
            {
                return;
            }
            open = false;
            final List<Subscription> subscriptions = byObject.get(objectId);
            if (subscriptions != null)
            {
                subscriptions.remove(this);
                if (subscriptions.isEmpty())
                {
                    byObject.remove(objectId, subscriptions);
                }
            }
            byName.remove(name, this);
            if (!closed)
            {
                dispatch.execute(this::savePosition);
            }
        }
    }
}
