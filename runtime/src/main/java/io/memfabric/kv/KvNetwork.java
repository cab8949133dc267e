/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv;

import io.memfabric.FabricConfigurationException;
import io.memfabric.FabricException;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.RouteAddress;
import io.memfabric.consensus.cluster.SharedSecret;
import io.memfabric.transport.DataPlane;
import io.memfabric.transport.PageKey;
import io.memfabric.transport.PageRef;
import io.memfabric.transport.PoolPages;
import io.memfabric.transport.TransportConfig;
import io.memfabric.transport.pool.PagePool;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fabric-wide page index and the fetching of pages between hosts, for one {@link KvCache}.
 * <p>
 * Membership comes from the consensus cluster: the store registers as a fabric node with its data-plane endpoint, and
 * the cluster pushes the node set whenever it changes, dropping a node whose session lease ran out. The index itself
 * is not in the cluster (a page put is no consensus round trip): each node tells every peer which pages it holds
 * ({@code HAVE}: key, length, CRC32C) when it stores or fetches them, and tells a node that joins everything it
 * holds. A node that leaves the membership leaves the index with all its pages, within its session lease.
 * <p>
 * An entry may be stale (its host evicted the page since); a fetch then fails, the entry is dropped and the page
 * counts as missing. A fetched page is checked against the CRC32C its holder announced before it is published into
 * this host's pool, so a stale or wrong entry costs a recompute, never a wrong answer.
 */
final class KvNetwork implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("io.memfabric.kv");
    private static final byte HAVE = 1;
    private static final byte HAVE_END = 2;
    private static final long JOIN_SYNC_MS = 3_000;
    private static final int ENTRY_BYTES = PageKey.LENGTH + 8;
    private static final int MAX_ENTRIES_PER_MESSAGE = 8192;

    private final KvConfig config;
    private final PoolPages poolPages;
    private final ConsensusClient client;
    private final String endpoint;
    private final long nodeId;
    private final DataPlane dataPlane;
    private final ExecutorService events;
    private final Map<Integer, String> peers = new HashMap<>();
    private final ConcurrentHashMap<PageKey, ConcurrentHashMap<Integer, PageRef>> index = new ConcurrentHashMap<>();
    private final Set<PageRef> held = ConcurrentHashMap.newKeySet();
    private final LongAdder fetched = new LongAdder();
    private final LongAdder fetchFailures = new LongAdder();
    private final Set<Integer> synced = ConcurrentHashMap.newKeySet();
    private volatile FabricConsensus.Membership latest;
    private volatile boolean closed;

    private KvNetwork(final KvConfig config, final PagePool pool)
    {
        this.config = config;
        this.poolPages = new PoolPages(pool);
        final ClusterEndpoints endpoints;
        try
        {
            endpoints = ClusterEndpoints.parse(config.cluster());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new FabricConfigurationException("KvConfig.cluster: " + ex.getMessage(), ex);
        }
        final String host = config.address() != null ? config.address() :
            RouteAddress.towards(endpoints.host(0), endpoints.statusPort(0));
        final int port = config.dataPort() != 0 ? config.dataPort() : freeUdpPort(host);
        this.endpoint = host + ":" + port;
        this.events = Executors.newSingleThreadExecutor((task) ->
        {
            final Thread thread = new Thread(task, "memfabric-kv-index");
            thread.setDaemon(true);
            return thread;
        });
        final ClientConfig clientConfig = new ClientConfig()
            .endpoints(endpoints)
            .egressAddress(config.address())
            .leaseTtlMs(config.sessionMs())
            .requestTimeoutMs(config.fetchTimeoutMs())
            .secret(config.secretFile() == null ? null : SharedSecret.fromFile(config.secretFile()))
            .errorHandler(config.errorHandler());
        this.client = ConsensusClient.start(clientConfig, this::onPush);
        DataPlane plane = null;
        try
        {
            final FabricConsensus consensus = new FabricConsensus(client);
            final FabricConsensus.NodeRegistration registration = consensus.registerNode(
                "kv " + host + " pid " + ProcessHandle.current().pid(), endpoint)
                .get(config.fetchTimeoutMs() + 1_000, TimeUnit.MILLISECONDS);
            this.nodeId = registration.nodeId();
            // memfabric.transport.* tune the data plane (MTU, term length, window, idle): e.g. jumbo frames.
            plane = DataPlane.launch(TransportConfig.fromProperties(config.transportProperties())
                .nodeId(Math.toIntExact(nodeId))
                .endpoint(endpoint)
                .pageTimeoutMs(config.fetchTimeoutMs())
                .pageSource(poolPages)
                .messageListener(this::onMessage)
                .errorHandler(config.errorHandler()));
        }
        catch (final Exception ex)
        {
            CloseHelper.quietClose(plane);
            client.close();
            events.shutdownNow();
            throw new IllegalStateException("The KV store could not join the fabric at " + config.cluster() +
                " within " + config.fetchTimeoutMs() + " ms (" + ex + "); check the cluster with ./fabric cluster " +
                "status, and that its members can reach " + endpoint, ex);
        }
        this.dataPlane = plane;
        events.execute(this::applyMembership);
        awaitIndex();
    }

    // A store that just joined learns what every peer holds before its first match, or a match right after start
    // would miss pages the fabric has: each peer sends its list, then HAVE_END. Bounded: a peer that does not answer
    // in time is caught up with as its list arrives.
    private void awaitIndex()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
            Math.min(JOIN_SYNC_MS, config.fetchTimeoutMs()));
        while (System.nanoTime() - deadline < 0)
        {
            final FabricConsensus.Membership membership = latest;
            if (membership != null && membership.nodes().stream().anyMatch((node) -> node.nodeId() == nodeId))
            {
                boolean all = true;
                for (final FabricConsensus.Membership.Node node : membership.nodes())
                {
                    if (node.nodeId() != nodeId && node.dataEndpoint() != null && !node.dataEndpoint().isEmpty() &&
                        !synced.contains(Math.toIntExact(node.nodeId())))
                    {
                        all = false;
                    }
                }
                if (all)
                {
                    return;
                }
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(System.Logger.Level.INFO, "joined the fabric at " + config.cluster() + " before every peer sent its " +
            "page list; the rest arrives as they send it");
    }

    static KvNetwork join(final KvConfig config, final PagePool pool)
    {
        return new KvNetwork(config, pool);
    }

    /**
     * @return this node's id in the fabric.
     */
    long nodeId()
    {
        return nodeId;
    }

    /**
     * @return the data-plane endpoint other hosts fetch from.
     */
    String endpoint()
    {
        return endpoint;
    }

    /**
     * @return the peers this node knows now.
     */
    synchronized Set<Integer> peers()
    {
        return Set.copyOf(peers.keySet());
    }

    /**
     * @param key a page.
     * @return a peer's reference to it, or {@code null} if no peer announced it.
     */
    PageRef locate(final PageKey key)
    {
        final Map<Integer, PageRef> holders = index.get(key);
        if (holders == null)
        {
            return null;
        }
        final Iterator<PageRef> refs = holders.values().iterator();
        return refs.hasNext() ? refs.next() : null;
    }

    /**
     * Tells every peer this node holds these pages.
     *
     * @param refs pages in this host's pool; their node is ignored.
     */
    void announce(final List<PageRef> refs)
    {
        final List<PageRef> fresh = new ArrayList<>();
        for (final PageRef ref : refs)
        {
            final PageRef mine = new PageRef(Math.toIntExact(nodeId), ref.key(), ref.length(), ref.checksum());
            if (held.add(mine))
            {
                fresh.add(mine);
            }
        }
        if (!fresh.isEmpty() && !closed)
        {
            events.execute(() ->
            {
                for (final int peer : peers())
                {
                    sendHave(peer, fresh);
                }
            });
        }
    }

    /**
     * Fetches pages into this host's pool, all at once, each checked against its announced checksum.
     *
     * @param refs pages other nodes hold, in prefix order.
     * @return how many of them, from the first, are now in this host's pool.
     */
    int fetch(final List<PageRef> refs)
    {
        final List<CompletableFuture<PageRef>> reads = new ArrayList<>(refs.size());
        for (final PageRef ref : refs)
        {
            reads.add(dataPlane.read(ref, poolPages));
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.fetchTimeoutMs());
        int leading = 0;
        boolean gap = false;
        final List<PageRef> landed = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++)
        {
            final PageRef ref = refs.get(i);
            try
            {
                reads.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                fetched.increment();
                landed.add(ref);
                leading += gap ? 0 : 1;
            }
            catch (final Exception ex)
            {
                gap = true;
                fetchFailures.increment();
                forget(ref);
                LOG.log(System.Logger.Level.DEBUG, "fetching " + ref + " failed: " + ex);
            }
        }
        announce(landed);
        return leading;
    }

    /**
     * @return pages fetched from other hosts so far.
     */
    long fetched()
    {
        return fetched.sum();
    }

    /**
     * @return page fetches that failed (stale entries, lost hosts, timeouts).
     */
    long fetchFailures()
    {
        return fetchFailures.sum();
    }

    /**
     * Leaves the fabric: the cluster drops this node at once, and its peers drop its pages from their index.
     */
    public void close()
    {
        closed = true;
        events.shutdownNow();
        CloseHelper.quietClose(dataPlane);
        client.close();
    }

    private void forget(final PageRef ref)
    {
        final Map<Integer, PageRef> holders = index.get(ref.key());
        if (holders != null)
        {
            holders.remove(ref.node(), ref);
            if (holders.isEmpty())
            {
                index.remove(ref.key(), holders);
            }
        }
    }

    private void onPush(final ConsensusClient.Reply push)
    {
        final FabricConsensus.Membership membership = FabricConsensus.membership(push);
        if (membership != null && !closed)
        {
            latest = membership;
            events.execute(this::applyMembership);
        }
    }

    // On the index thread: peers follow the cluster's node set; a node that joined gets everything this one holds.
    private void applyMembership()
    {
        final FabricConsensus.Membership membership = latest;
        if (membership == null || dataPlane == null || closed)
        {
            return;
        }
        final Map<Integer, String> now = new HashMap<>();
        for (final FabricConsensus.Membership.Node node : membership.nodes())
        {
            if (node.nodeId() != nodeId && node.dataEndpoint() != null && !node.dataEndpoint().isEmpty())
            {
                now.put(Math.toIntExact(node.nodeId()), node.dataEndpoint());
            }
        }
        final List<Integer> joined = new ArrayList<>();
        synchronized (this)
        {
            for (final Iterator<Map.Entry<Integer, String>> it = peers.entrySet().iterator(); it.hasNext(); )
            {
                final Map.Entry<Integer, String> peer = it.next();
                if (!peer.getValue().equals(now.get(peer.getKey())))
                {
                    dataPlane.removePeer(peer.getKey());
                    it.remove();
                    dropPagesOf(peer.getKey());
                }
            }
            for (final Map.Entry<Integer, String> node : now.entrySet())
            {
                if (!peers.containsKey(node.getKey()))
                {
                    dataPlane.addPeer(node.getKey(), node.getValue());
                    peers.put(node.getKey(), node.getValue());
                    joined.add(node.getKey());
                }
            }
        }
        for (final int peer : joined)
        {
            sendHave(peer, List.copyOf(held));
            sendEnd(peer);
        }
    }

    private void dropPagesOf(final int node)
    {
        index.values().forEach((holders) -> holders.remove(node));
        index.entrySet().removeIf((entry) -> entry.getValue().isEmpty());
    }

    private void sendHave(final int peer, final List<PageRef> refs)
    {
        for (int from = 0; from < refs.size(); from += MAX_ENTRIES_PER_MESSAGE)
        {
            final int to = Math.min(refs.size(), from + MAX_ENTRIES_PER_MESSAGE);
            final ExpandableArrayBuffer message = new ExpandableArrayBuffer(5 + (to - from) * ENTRY_BYTES);
            message.putByte(0, HAVE);
            message.putInt(1, to - from, ByteOrder.LITTLE_ENDIAN);
            int at = 5;
            for (int i = from; i < to; i++)
            {
                final PageRef ref = refs.get(i);
                ref.key().writeTo(message, at);
                message.putInt(at + PageKey.LENGTH, ref.length(), ByteOrder.LITTLE_ENDIAN);
                message.putInt(at + PageKey.LENGTH + 4, ref.checksum(), ByteOrder.LITTLE_ENDIAN);
                at += ENTRY_BYTES;
            }
            try
            {
                dataPlane.send(peer, message, 0, at);
            }
            catch (final RuntimeException ex)
            {
                // The peer left or is not reachable: it learns what this node holds when it joins again.
                LOG.log(System.Logger.Level.DEBUG, "telling node " + peer + " of " + (to - from) + " pages: " + ex);
            }
        }
    }

    private void sendEnd(final int peer)
    {
        final ExpandableArrayBuffer message = new ExpandableArrayBuffer(1);
        message.putByte(0, HAVE_END);
        try
        {
            dataPlane.send(peer, message, 0, 1);
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "telling node " + peer + " its page list is complete: " + ex);
        }
    }

    // On the data plane's thread. Lists are taken from any node, even one this node has not yet seen join: a peer may
    // answer the membership change before this node applies it. An entry of a node that never joins fails to fetch
    // and is dropped then.
    private void onMessage(final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == 1 && buffer.getByte(offset) == HAVE_END)
        {
            synced.add(source);
            return;
        }
        if (length < 5 || buffer.getByte(offset) != HAVE)
        {
            return;
        }
        final int count = buffer.getInt(offset + 1, ByteOrder.LITTLE_ENDIAN);
        if (count < 0 || 5L + (long)count * ENTRY_BYTES != length)
        {
            config.errorHandler().onError(new FabricException(FabricException.Category.CORRUPT, "node " + source +
                " sent a page list of " + length + " bytes that does not hold " + count + " entries; ignored"));
            return;
        }
        for (int i = 0, at = offset + 5; i < count; i++, at += ENTRY_BYTES)
        {
            final PageKey key = PageKey.readFrom(buffer, at);
            final int pageLength = buffer.getInt(at + PageKey.LENGTH, ByteOrder.LITTLE_ENDIAN);
            final int checksum = buffer.getInt(at + PageKey.LENGTH + 4, ByteOrder.LITTLE_ENDIAN);
            if (pageLength > 0)
            {
                index.computeIfAbsent(key, (k) -> new ConcurrentHashMap<>())
                    .put(source, new PageRef(source, key, pageLength, checksum));
            }
        }
    }

    private static int freeUdpPort(final String host)
    {
        final String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bare), 0)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(new IOException("no free UDP port on " + host + " for the KV store's " +
                "data plane: " + ex.getMessage(), ex));
        }
    }
}
