/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.instance.BuildInfoProvider;
import com.hazelcast.collection.IQueue;
import com.hazelcast.map.IMap;
import com.hazelcast.transaction.TransactionalMap;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The main class of a Hazelcast client JVM of the suite: a smart client (it routes each key to its owner, the
 * default) of a {@link HazelcastMember} cluster, doing one operation at a time.
 * <ul>
 *     <li>{@code map}: {@code IMap.get} and {@code IMap.put} of an 8-byte {@code Long} value.</li>
 *     <li>{@code cp}: {@code FencedLock.lock()} + {@code unlock()} on the CP subsystem.</li>
 * </ul>
 * An operation that fails is reported as {@code ABSENT <metric> <why>}.
 * <p>
 * Arguments: {@code map|cp <clusterName> <port,port,...> <sizes>}.
 */
public final class HazelcastProbe
{
    private static final String NAME = "strong";
    private static final long CONNECT_TIMEOUT_MS = 60_000;

    // Held, so the level set on it is not lost when the logger is collected.
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

    private HazelcastProbe()
    {
    }

    /**
     * @param args the arguments above.
     */
    public static void main(final String[] args)
    {
        final String kind = args[0];
        final SampleSizes sizes = SampleSizes.parse(args, 3);
        HAZELCAST_LOGGER.setLevel(Level.WARNING);

        final ClientConfig config = new ClientConfig();
        config.setClusterName(args[1]);
        config.setProperty("hazelcast.logging.type", "jdk");
        // Give up, rather than retry for ever, if the cluster cannot be reached.
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
            .setClusterConnectTimeoutMillis(CONNECT_TIMEOUT_MS);
        for (final String port : args[2].split(","))
        {
            config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        }

        final HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        System.out.println("Hazelcast client " + BuildInfoProvider.getBuildInfo().getVersion() + " connected to " +
            client.getCluster().getMembers().size() + " members");
        try
        {
            if ("map".equals(kind))
            {
                mapOps(client, sizes);
            }
            else if ("queue0".equals(kind) || "queue1".equals(kind))
            {
                queueHandoffs(client, "queue1".equals(kind), sizes);
            }
            else if ("tx".equals(kind))
            {
                transactions(client, sizes);
            }
            else if ("pncounter".equals(kind))
            {
                pnCounter(client, sizes);
            }
            else if ("notify".equals(kind))
            {
                notifySends(client, sizes);
            }
            else if ("listen".equals(kind))
            {
                listen(client, sizes);
            }
            else
            {
                fencedLocks(client, sizes);
            }
        }
        finally
        {
            client.shutdown();
        }
        System.out.flush();
        System.exit(0);
    }

    private static void mapOps(final HazelcastInstance client, final SampleSizes sizes)
    {
        final IMap<Long, Long> map = client.getMap(NAME);
        final Long key = 1L;
        // Boxed once, so the measurement is of the map, not of boxing.
        final Long[] values = new Long[8];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = 100L + i;
        }
        map.put(key, values[0]);

        final OpLatencies gets = new OpLatencies("imap_get");
        final OpLatencies puts = new OpLatencies("imap_put");
        long sum = 0;
        for (int i = 0, n = sizes.roundTrips(); i < n; i++)
        {
            final long start = System.nanoTime();
            sum += map.get(key);
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                gets.record(elapsed);
            }
        }
        for (int i = 0, n = sizes.roundTrips(); i < n; i++)
        {
            final long start = System.nanoTime();
            map.put(key, values[i & 7]);
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                puts.record(elapsed);
            }
        }
        if (sum != values[0] * sizes.roundTrips() || !values[(sizes.roundTrips() - 1) & 7].equals(map.get(key)))
        {
            throw new IllegalStateException("map " + NAME + " did not read back what was put");
        }
        gets.report();
        puts.report();
    }

    // The hand-off of an element through an IQueue between two client JVMs: side 0 offers on one queue and takes
    // the answer side 1 puts on another; a hand-off is half of that round trip.
    private static void queueHandoffs(final HazelcastInstance client, final boolean echo, final SampleSizes sizes)
    {
        final IQueue<Long> there = client.getQueue(NAME + "-there");
        final IQueue<Long> back = client.getQueue(NAME + "-back");
        final OpLatencies handoffs = new OpLatencies("iqueue_handoff");
        try
        {
            for (long i = 0, n = sizes.roundTrips(); i < n; i++)
            {
                if (echo)
                {
                    back.put(there.take());
                    continue;
                }
                final long start = System.nanoTime();
                there.put(i);
                final long answer = back.take();
                final long elapsed = System.nanoTime() - start;
                if (answer != i)
                {
                    throw new IllegalStateException("element " + i + " came back as " + answer);
                }
                if (i >= sizes.warmup())
                {
                    handoffs.record(elapsed, 2);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing off", ex);
        }
        if (!echo)
        {
            handoffs.report();
        }
    }

    // A transaction over three map entries, as an agent moves an amount between two accounts and counts it: read
    // all three for update, write all three, commit (Hazelcast's two-phase transaction, the default).
    // What the models suite's fabric counter probes do: increment one PN-counter (Hazelcast's CRDT counter), as
    // fast as one client thread can, from each of several client JVMs at once.
    private static void pnCounter(final HazelcastInstance client, final SampleSizes sizes)
    {
        final com.hazelcast.crdt.pncounter.PNCounter counter = client.getPNCounter(NAME + "-pncounter");
        final int increments = sizes.readSamples();
        for (int i = 0; i < sizes.warmup(); i++)
        {
            counter.incrementAndGet();
        }
        final long start = System.nanoTime();
        for (int i = 0; i < increments; i++)
        {
            counter.incrementAndGet();
        }
        final long elapsed = System.nanoTime() - start;
        System.out.printf("incremented %d times in %.1f ms; the counter reads %d%n", increments, elapsed / 1e6,
            counter.get());
        ProbeOutput.figure("pncounter_increment", (double)elapsed / increments, "ns");
    }

    // The models suite's notification figure: one client puts its send time under one key every millisecond (after
    // the listeners registered: a ready key), another's entry listener times each update against the shared clock.
    private static void notifySends(final HazelcastInstance client, final SampleSizes sizes)
    {
        final IMap<String, Long> map = client.getMap(NAME + "-notify");
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (map.get("ready") == null && System.nanoTime() - deadline < 0)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        final int total = sizes.warmup() + sizes.samples();
        for (int i = 0; i < total; i++)
        {
            map.set("sent", System.nanoTime());
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        map.set("end", (long)total);
        System.out.println("put " + total + " send times");
    }

    private static void listen(final HazelcastInstance client, final SampleSizes sizes)
    {
        final IMap<String, Long> map = client.getMap(NAME + "-notify");
        final OpLatencies latencies = new OpLatencies("hz_entry_listener");
        final java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
        final int[] seen = new int[1];
        map.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<String, Long>)event ->
        {
            final long now = System.nanoTime();
            if ("sent".equals(event.getKey()))
            {
                if (++seen[0] > sizes.warmup())
                {
                    latencies.record(now - event.getValue());
                }
            }
            else if ("end".equals(event.getKey()))
            {
                end.countDown();
            }
        }, true);
        map.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<String, Long>)event ->
        {
            if ("end".equals(event.getKey()))
            {
                end.countDown();
            }
        }, true);
        map.set("sent", 0L);
        map.set("ready", 1L);
        try
        {
            if (!end.await(5, java.util.concurrent.TimeUnit.MINUTES))
            {
                throw new IllegalStateException("the end did not arrive in 5 minutes (" + seen[0] + " events)");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        System.out.println("heard " + seen[0] + " updates");
        latencies.report();
    }

    private static void transactions(final HazelcastInstance client, final SampleSizes sizes)
    {
        final IMap<Long, Long> map = client.getMap(NAME + "-tx");
        map.put(1L, 1_000_000L);
        map.put(2L, 0L);
        map.put(3L, 0L);
        final OpLatencies transactions = new OpLatencies("hz_tx");
        for (int i = 0, n = sizes.roundTrips(); i < n; i++)
        {
            final long start = System.nanoTime();
            client.executeTransaction(context ->
            {
                final TransactionalMap<Long, Long> accounts = context.getMap(NAME + "-tx");
                final long from = accounts.getForUpdate(1L);
                final long to = accounts.getForUpdate(2L);
                final long moves = accounts.getForUpdate(3L);
                accounts.put(1L, from - 1);
                accounts.put(2L, to + 1);
                accounts.put(3L, moves + 1);
                return null;
            });
            final long elapsed = System.nanoTime() - start;
            if (i >= sizes.warmup())
            {
                transactions.record(elapsed);
            }
        }
        if (map.get(1L) + map.get(2L) != 1_000_000L || map.get(3L) != sizes.roundTrips())
        {
            throw new IllegalStateException("the transactions did not keep the total: " + map.getAll(
                java.util.Set.of(1L, 2L, 3L)));
        }
        transactions.report();
    }

    private static void fencedLocks(final HazelcastInstance client, final SampleSizes sizes)
    {
        try
        {
            final FencedLock lock = client.getCPSubsystem().getLock(NAME);
            final OpLatencies pairs = new OpLatencies("fencedlock");
            for (int i = 0, n = sizes.roundTrips(); i < n; i++)
            {
                final long start = System.nanoTime();
                lock.lock();
                lock.unlock();
                final long elapsed = System.nanoTime() - start;
                if (i >= sizes.warmup())
                {
                    pairs.record(elapsed);
                }
            }
            System.out.println("FencedLock " + NAME + " fence after the last lock: " + lock.lockAndGetFence());
            lock.unlock();
            pairs.report();

            // What a synchronized increment of a shared field is in Hazelcast: lock, put, unlock.
            final IMap<Long, Long> map = client.getMap(NAME);
            final OpLatencies guarded = new OpLatencies("fencedlock_put");
            for (int i = 0, n = sizes.roundTrips(); i < n; i++)
            {
                final long start = System.nanoTime();
                lock.lock();
                try
                {
                    map.put(1L, (long)i);
                }
                finally
                {
                    lock.unlock();
                }
                final long elapsed = System.nanoTime() - start;
                if (i >= sizes.warmup())
                {
                    guarded.record(elapsed);
                }
            }
            guarded.report();
        }
        catch (final RuntimeException ex)
        {
            ex.printStackTrace(System.out);
            ProbeOutput.absent("fencedlock", "Hazelcast " + BuildInfoProvider.getBuildInfo().getVersion() +
                " FencedLock failed: " + ProbeOutput.describe(ex));
        }
    }
}
