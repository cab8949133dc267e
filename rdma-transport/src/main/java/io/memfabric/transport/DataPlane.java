/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.memfabric.FabricException;
import io.memfabric.transport.TransportStats.Counter;
import io.memfabric.transport.causal.CausalListener;
import io.memfabric.transport.causal.CausalOrder;
import io.memfabric.transport.causal.CausalStats;
import io.memfabric.transport.causal.MalformedStampException;
import io.memfabric.transport.causal.VectorClock;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * One node of the data plane: per-peer reliable ordered streams over Aeron (UDP between hosts, IPC between nodes that
 * share a media driver), causal broadcast to the group, and one-sided style page reads and writes.
 * <p>
 * Aeron gives each peer's stream reliability and order (loss is repaired by NAK and retransmit). On top, every frame
 * carries a header with its length and a CRC32C, checked before anything trusts it; broadcasts carry a vector clock
 * and are held back until their causes are delivered ({@link CausalOrder}); pages move as chunks that each fit one
 * Aeron frame, several transfers in flight, and the reader checks the whole page against its checksum before the
 * read completes.
 * <p>
 * Threads: one duty-cycle agent ({@code memfabric-dp-<node>}) polls the subscriptions, delivers to the listeners,
 * serves page reads and sends chunks; callers send messages and requests from their own threads. Listeners run on
 * the agent's thread and must not block it. With {@link TransportConfig#useAgentInvoker(boolean)} there is no such
 * thread: the application runs the duty cycle with {@link #doWork()}.
 */
public final class DataPlane implements PageTransport, AutoCloseable
{

    private static final String IPC = "ipc";
    private static final int FRAGMENT_LIMIT = 64;
    private static final int WRITE_FLAG = 1;
    private static final int ERROR_NOT_FOUND = 1;
    private static final int ERROR_LENGTH_MISMATCH = 2;
    private static final int ERROR_CHECKSUM_MISMATCH = 3;
    private static final int ERROR_REFUSED = 4;
    private static final long TIMEOUT_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final ThreadFactory DAEMON_THREADS = task ->
    {
        final Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    };

    private final TransportConfig ctx;
    private final int self;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Map<Integer, Peer> peers = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private final CausalOrder causal;
    private final VectorClock receivedStamp = new VectorClock();
    // Double-buffered under the send lock: the causal order fills one while the agent hands the other out.
    private DeliveryBatch deliveries = new DeliveryBatch();
    private DeliveryBatch delivering = new DeliveryBatch();
    private final TransportStats stats = new TransportStats();
    private final AtomicLong transferIds = new AtomicLong();
    private final Map<Long, PendingRead> pendingReads = new ConcurrentHashMap<>();
    private final Map<Long, Outbound> awaitingAck = new ConcurrentHashMap<>();
    private final ManyToOneConcurrentArrayQueue<Outbound> newOutbound = new ManyToOneConcurrentArrayQueue<>(4096);
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(4096);
    private final CRC32C sendCrc = new CRC32C();
    // The sequence number of the broadcast sealBroadcast wrote last (under the send lock).
    private long sealedSequence;
    private final AgentRunner runner;
    private final AgentInvoker invoker;
    private volatile Thread agentThread;
    private volatile boolean closed;

    private DataPlane(final TransportConfig ctx)
    {
        this.ctx = ctx;
        this.self = ctx.nodeId();
        this.causal = new CausalOrder(self, ctx.maxHeldMessages(), ctx.maxHeldBytes(),
            (sender, sequence, buffer, offset, length) -> deliveries.add(sender, sequence, buffer, offset, length));

        MediaDriver launched = null;
        Aeron client = null;
        try
        {
            if (ctx.launchDriver())
            {
                launched = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(ctx.aeronDirectoryName())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(ctx.idleStrategy())
                    .asyncExecutorIdleStrategy(ctx.idleStrategy())
                    .termBufferSparseFile(true)
                    .initialWindowLength(ctx.receiverWindow())
                    .socketRcvbufLength(ctx.receiverWindow())
                    .socketSndbufLength(ctx.receiverWindow())
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .sharedThreadFactory(DAEMON_THREADS)
                    .sharedNetworkThreadFactory(DAEMON_THREADS)
                    .conductorThreadFactory(DAEMON_THREADS)
                    .senderThreadFactory(DAEMON_THREADS)
                    .receiverThreadFactory(DAEMON_THREADS)
                    .asyncExecutorThreadFactory(DAEMON_THREADS));
            }
            // Daemon threads throughout: a node never keeps its JVM alive after the application's own threads end.
            client = Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())
                .threadFactory(DAEMON_THREADS)
                .errorHandler(ctx.errorHandler()::onError));
            if (null != ctx.endpoint())
            {
                subscriptions.add(client.addSubscription(
                    "aeron:udp?endpoint=" + ctx.endpoint() + "|rcv-wnd=" + ctx.receiverWindow() + "|so-rcvbuf=" +
                    ctx.receiverWindow(), ctx.streamId()));
            }
            subscriptions.add(client.addSubscription("aeron:ipc", ipcStream(self)));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(client, launched);
            if (ctx.launchDriver())
            {
                IoUtil.delete(new File(ctx.aeronDirectoryName()), true);
            }
            throw new TransportException(FabricException.Category.CONFIGURATION, "node " + self +
                " could not start its data plane on " + (null == ctx.endpoint() ? "IPC" : ctx.endpoint()) +
                " (driver dir " + ctx.aeronDirectoryName() + "): " + ex.getMessage() +
                ". Check that the port is free and the directory writable.", ex);
        }
        this.driver = launched;
        this.aeron = client;
        if (ctx.useAgentInvoker())
        {
            this.runner = null;
            this.invoker = new AgentInvoker(this::onAgentError, null, new Worker());
            invoker.start();
        }
        else
        {
            this.invoker = null;
            this.runner = new AgentRunner(ctx.idleStrategy(), this::onAgentError, null, new Worker());
            AgentRunner.startOnThread(runner, DAEMON_THREADS);
        }
    }

    /**
     * Starts a node.
     *
     * @param ctx its settings; concluded here.
     * @return the running node.
     * @throws TransportException if it cannot start (port taken, driver directory not writable).
     */
    public static DataPlane launch(final TransportConfig ctx)
    {
        return new DataPlane(ctx.conclude());
    }

    /**
     * @return this node's id.
     */
    public int nodeId()
    {
        return self;
    }

    /**
     * @return the settings the node runs with.
     */
    public TransportConfig context()
    {
        return ctx;
    }

    /**
     * Adds a peer: this node can then send to it, read its pages, and deliver its broadcasts. Both nodes add each
     * other; frames from a node not added yet wait in its stream (back-pressure) until it is. A node id that was
     * removed cannot be added again: a restarted node joins under a new id.
     *
     * @param node     the peer's id.
     * @param endpoint its UDP endpoint {@code host:port}, or {@code ipc} if it shares this node's media driver.
     */
    public void addPeer(final int node, final String endpoint)
    {
        if (node == self)
        {
            throw new IllegalArgumentException("node " + self + " cannot add itself as a peer");
        }
        final String channel;
        final int stream;
        if (IPC.equals(endpoint))
        {
            channel = "aeron:ipc?term-length=" + ctx.termLength() + "|mtu=" + ctx.mtu();
            stream = ipcStream(node);
        }
        else if (null != endpoint && endpoint.matches("[^:\\s]+:\\d{1,5}"))
        {
            channel = "aeron:udp?endpoint=" + endpoint + "|mtu=" + ctx.mtu() + "|term-length=" + ctx.termLength();
            stream = ctx.streamId();
        }
        else
        {
            throw new IllegalArgumentException("peer " + node + ": endpoint must be host:port or 'ipc', not '" +
                endpoint + "'");
        }
        synchronized (sendLock)
        {
            if (peers.containsKey(node))
            {
                throw new IllegalStateException("peer " + node + " is already added");
            }
            // Before the publication: the causal order refuses a node id that left (its counters would restart and
            // its messages be dropped as duplicates), and nothing must be half added when it does.
            causal.addPeer(node);
            final Publication publication = aeron.addPublication(channel, stream);
            peers.put(node, new Peer(node, endpoint, publication));
        }
    }

    /**
     * Removes a peer: transfers with it fail, and broadcasts held back for messages it will never send are dropped
     * (counted in {@link #causalStats()}).
     *
     * @param node the peer's id.
     * @return whether it was a peer.
     */
    public boolean removePeer(final int node)
    {
        final Peer peer;
        synchronized (sendLock)
        {
            peer = peers.remove(node);
            if (null == peer)
            {
                return false;
            }
            causal.removePeer(node);
        }
        peer.closed = true;
        failReadsFrom(node, new PageTransferException(PageTransferException.Reason.UNKNOWN_PEER,
            "peer " + node + " was removed while a page read from it was in flight"));
        CloseHelper.quietClose(peer.publication);
        return true;
    }

    /**
     * @return how many broadcasts of each node this node has delivered (its own sends included): a copy.
     */
    public VectorClock delivered()
    {
        synchronized (sendLock)
        {
            return causal.delivered();
        }
    }

    /**
     * Joins a running group from a snapshot: the caller has installed state that already reflects every broadcast
     * up to {@code through} (e.g. a peer's {@link #delivered()} taken with the snapshot), so those are marked
     * delivered here and only later broadcasts are awaited and delivered. Without it, a node that joins late would
     * hold back every later broadcast waiting for the ones sent before it joined.
     *
     * @param through what the snapshot reflects.
     */
    public void markDelivered(final VectorClock through)
    {
        synchronized (sendLock)
        {
            causal.markDelivered(through);
        }
    }

    /**
     * @return the ids of the current peers.
     */
    public Set<Integer> peers()
    {
        return new TreeSet<>(peers.keySet());
    }

    /**
     * Broadcasts a state message to every peer, stamped with this node's vector clock; each peer delivers it after
     * everything this node had delivered or sent before it. The sender applies its own message itself: it is not
     * delivered back.
     *
     * @param payload the message.
     * @param offset  where it starts.
     * @param length  its length.
     * @return the message's sequence number from this node (1, 2, ...).
     * @throws TransportException if a peer's queue stays full for memfabric.transport.send.timeout.ms.
     */
    public long broadcast(final DirectBuffer payload, final int offset, final int length)
    {
        checkOpen();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.sendTimeoutMs());
        synchronized (sendLock)
        {
            awaitRoom(null, length + 1024, deadline);
            final int frameLength = sealBroadcast(payload, offset, length);
            for (final Peer peer : peers.values())
            {
                sendOrQueue(peer, sendBuffer, frameLength);
            }
            stats.increment(Counter.STATE_SENT);
            return sealedSequence;
        }
    }

    /**
     * Broadcasts like {@link #broadcast}, but never waits for a peer: one whose queue is over
     * memfabric.transport.max.queued.bytes misses the message (counted as {@code STATE_SKIPPED}) and holds back
     * this node's later broadcasts until the caller makes it catch up another way (a state it installs, then
     * {@link #markDelivered}). For a sender that must not stall every peer on one that is cut off.
     *
     * @param payload the message.
     * @param offset  where it starts.
     * @param length  its length.
     * @return the message's sequence number from this node (1, 2, ...).
     */
    public long broadcastSkippingFull(final DirectBuffer payload, final int offset, final int length)
    {
        checkOpen();
        synchronized (sendLock)
        {
            final int frameLength = sealBroadcast(payload, offset, length);
            for (final Peer peer : peers.values())
            {
                if (peer.queuedBytes + frameLength > ctx.maxQueuedBytesPerPeer())
                {
                    stats.increment(Counter.STATE_SKIPPED);
                    continue;
                }
                sendOrQueue(peer, sendBuffer, frameLength);
            }
            stats.increment(Counter.STATE_SENT);
            return sealedSequence;
        }
    }

    /**
     * Stamps a broadcast with this node's vector clock and writes it, sealed, into the send buffer; its sequence
     * number goes to {@link #sealedSequence}. The length is checked before the stamp is taken: a message refused for
     * its length must not use up a sequence number that no peer would then ever receive. Callers hold the send lock.
     *
     * @return the frame's length.
     */
    private int sealBroadcast(final DirectBuffer payload, final int offset, final int length)
    {
        // The stamp has the clock's entries, and this node's own if the clock has none yet: one entry at most more.
        checkMessageLength(Frame.HEADER_LENGTH + causal.delivered().encodedLength() + VectorClock.ENTRY_LENGTH +
            length);
        final VectorClock stamp = causal.stampForSend();
        sealedSequence = stamp.get(self);
        final int stampLength = stamp.encodedLength();
        final int frameLength = Frame.HEADER_LENGTH + stampLength + length;
        Frame.writeHeader(sendBuffer, 0, Frame.STATE, frameLength, self, sealedSequence, 0);
        stamp.encode(sendBuffer, Frame.HEADER_LENGTH);
        sendBuffer.putBytes(Frame.HEADER_LENGTH + stampLength, payload, offset, length);
        Frame.seal(sendBuffer, 0, sendCrc);
        return frameLength;
    }

    /**
     * Sends a message to one peer; the peer's listener gets this node's messages once each, in order.
     *
     * @param node    the peer.
     * @param payload the message.
     * @param offset  where it starts.
     * @param length  its length.
     * @throws TransportException if the peer is unknown or its queue stays full for the send timeout.
     */
    public void send(final int node, final DirectBuffer payload, final int offset, final int length)
    {
        checkOpen();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.sendTimeoutMs());
        synchronized (sendLock)
        {
            final Peer peer = peer(node);
            awaitRoom(peer, length + Frame.HEADER_LENGTH, deadline);
            final int frameLength = Frame.HEADER_LENGTH + length;
            checkMessageLength(frameLength);
            Frame.writeHeader(sendBuffer, 0, Frame.DIRECT, frameLength, self, ++peer.directSequence, 0);
            sendBuffer.putBytes(Frame.HEADER_LENGTH, payload, offset, length);
            Frame.seal(sendBuffer, 0, sendCrc);
            sendOrQueue(peer, sendBuffer, frameLength);
            stats.increment(Counter.MESSAGES_SENT);
        }
    }

    /**
     * Sends a message to one peer like {@link #send}, but never waits: if the peer's queue is over
     * memfabric.transport.max.queued.bytes, or the peer is unknown, nothing is sent.
     *
     * @param node    the peer.
     * @param payload the message.
     * @param offset  where it starts.
     * @param length  its length.
     * @return whether it was sent (or queued to be).
     */
    public boolean trySend(final int node, final DirectBuffer payload, final int offset, final int length)
    {
        checkOpen();
        synchronized (sendLock)
        {
            final Peer peer = peers.get(node);
            final int frameLength = Frame.HEADER_LENGTH + length;
            if (null == peer || peer.queuedBytes + frameLength > ctx.maxQueuedBytesPerPeer())
            {
                return false;
            }
            checkMessageLength(frameLength);
            Frame.writeHeader(sendBuffer, 0, Frame.DIRECT, frameLength, self, ++peer.directSequence, 0);
            sendBuffer.putBytes(Frame.HEADER_LENGTH, payload, offset, length);
            Frame.seal(sendBuffer, 0, sendCrc);
            sendOrQueue(peer, sendBuffer, frameLength);
            stats.increment(Counter.MESSAGES_SENT);
            return true;
        }
    }

    @Override
    public CompletableFuture<PageRef> read(final PageRef ref, final MutableDirectBuffer dst, final int offset)
    {
        if (dst.capacity() - offset < ref.length())
        {
            throw new IllegalArgumentException("page " + ref.key() + " is " + ref.length() + " bytes; the buffer has " +
                (dst.capacity() - offset) + " from offset " + offset);
        }
        return startRead(ref, dst, offset, null);
    }

    @Override
    public CompletableFuture<PageRef> read(final PageRef ref, final PageSink sink)
    {
        final PageSink.Landing landing = sink.create(ref.key(), ref.length());
        if (null == landing)
        {
            return CompletableFuture.failedFuture(new PageTransferException(PageTransferException.Reason.REFUSED,
                "the local sink refused page " + ref.key() + " (" + ref.length() + " bytes): it is full or closed"));
        }
        return startRead(ref, landing.buffer(), 0, landing);
    }

    @Override
    public CompletableFuture<PageRef> write(
        final int node, final PageKey key, final DirectBuffer src, final int offset, final int length)
    {
        final CompletableFuture<PageRef> result = new CompletableFuture<>();
        if (closed)
        {
            result.completeExceptionally(closedException());
            return result;
        }
        final Peer peer = peers.get(node);
        if (null == peer)
        {
            result.completeExceptionally(unknownPeer(node));
            return result;
        }
        final int checksum = Frame.checksum(src, offset, length, new CRC32C());
        final Outbound outbound = new Outbound(peer, transferIds.incrementAndGet(), WRITE_FLAG, src, offset, length,
            null, deadline());
        outbound.key = key;
        outbound.checksum = checksum;
        outbound.result = result;
        if (!newOutbound.offer(outbound))
        {
            result.completeExceptionally(new TransportException(FabricException.Category.LIMIT, "node " + self +
                " has too many page writes queued (4096); wait for some to complete"));
        }
        return result;
    }

    /**
     * Runs one duty cycle on the calling thread: receive, deliver, send chunks, expire. Only for a node started with
     * {@link TransportConfig#useAgentInvoker(boolean)}, which has no thread of its own: the application calls this
     * from one thread at a time, e.g. while it waits for a read, saving a thread hand-off on every page.
     *
     * @return the amount of work done (0 when idle).
     */
    public int doWork()
    {
        if (null == invoker)
        {
            throw new IllegalStateException("node " + self + " runs its own thread; doWork() is for nodes started " +
                "with useAgentInvoker(true)");
        }
        return invoker.invoke();
    }

    /**
     * @return what this node counted.
     */
    public TransportStats stats()
    {
        return stats;
    }

    /**
     * @return what the causal delivery counted (held back, duplicates, dropped on leave).
     */
    public CausalStats causalStats()
    {
        synchronized (sendLock)
        {
            return causal.stats();
        }
    }

    /**
     * Stops the node: transfers in flight fail with {@link PageTransferException.Reason#CLOSED}, the media driver
     * it launched stops and its directory is deleted.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietCloseAll(runner, invoker);
        final PageTransferException ex = closedException();
        for (final PendingRead read : pendingReads.values())
        {
            read.fail(ex);
        }
        pendingReads.clear();
        for (final Outbound outbound : awaitingAck.values())
        {
            outbound.fail(ex);
        }
        awaitingAck.clear();
        Outbound queued;
        while (null != (queued = newOutbound.poll()))
        {
            queued.fail(ex);
        }
        CloseHelper.quietCloseAll(aeron, driver);
    }

    private CompletableFuture<PageRef> startRead(
        final PageRef ref, final MutableDirectBuffer dst, final int offset, final PageSink.Landing landing)
    {
        final PendingRead read = new PendingRead(ref, dst, offset, landing, deadline());
        if (closed)
        {
            read.fail(closedException());
            return read.result;
        }
        final Peer peer = peers.get(ref.node());
        if (null == peer)
        {
            read.fail(unknownPeer(ref.node()));
            return read.result;
        }
        final long id = transferIds.incrementAndGet();
        pendingReads.put(id, read);
        final UnsafeBuffer request = new UnsafeBuffer(new byte[Frame.HEADER_LENGTH + Frame.PAGE_REQUEST_BODY_LENGTH]);
        Frame.writeHeader(request, 0, Frame.PAGE_READ, request.capacity(), self, id, 0);
        writePageRequest(request, ref.key(), ref.length(), ref.checksum());
        Frame.seal(request, 0, new CRC32C());
        final long sendDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.sendTimeoutMs());
        synchronized (sendLock)
        {
            try
            {
                awaitRoom(peer, request.capacity(), sendDeadline);
                sendOrQueue(peer, request, request.capacity());
            }
            catch (final TransportException ex)
            {
                pendingReads.remove(id);
                read.fail(ex);
            }
        }
        return read.result;
    }

    private static void writePageRequest(
        final MutableDirectBuffer buffer, final PageKey key, final int length, final int checksum)
    {
        key.writeTo(buffer, Frame.HEADER_LENGTH);
        buffer.putInt(Frame.HEADER_LENGTH + PageKey.LENGTH, length, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(Frame.HEADER_LENGTH + PageKey.LENGTH + 4, checksum, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Offers a sealed frame to a peer now if nothing is queued for it and the publication takes it, else queues a
     * copy for the agent to send in order. Callers hold the send lock.
     */
    private void sendOrQueue(final Peer peer, final DirectBuffer frame, final int length)
    {
        if (peer.queue.isEmpty())
        {
            final long result = peer.publication.offer(frame, 0, length);
            if (result > 0)
            {
                return;
            }
            if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
            {
                stats.increment(Counter.BACK_PRESSURE);
            }
        }
        final byte[] copy = new byte[length];
        frame.getBytes(0, copy);
        peer.queue.addLast(copy);
        peer.queuedBytes += length;
    }

    /**
     * Waits, holding the send lock only between checks, until the peer (or every peer) has room for a message.
     */
    private void awaitRoom(final Peer only, final int length, final long deadlineNs)
    {
        while (true)
        {
            Peer full = null;
            if (null != only)
            {
                full = only.queuedBytes + length > ctx.maxQueuedBytesPerPeer() ? only : null;
            }
            else
            {
                for (final Peer peer : peers.values())
                {
                    if (peer.queuedBytes + length > ctx.maxQueuedBytesPerPeer())
                    {
                        full = peer;
                        break;
                    }
                }
            }
            if (null == full)
            {
                return;
            }
            if (System.nanoTime() - deadlineNs > 0 || null != invoker || Thread.currentThread() == agentThread)
            {
                throw new TransportException(FabricException.Category.UNAVAILABLE, "peer " + full.node + " (" +
                    full.endpoint + ") is not taking messages: " + full.queuedBytes + " bytes queued for it (limit " +
                    ctx.maxQueuedBytesPerPeer() + ") after " + ctx.sendTimeoutMs() + " ms. Check that it runs and " +
                    "is reachable, or remove it.");
            }
            try
            {
                sendLock.wait(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new TransportException(FabricException.Category.INTERRUPTED,
                    "interrupted while waiting for room to send to peer " + full.node, ex);
            }
        }
    }

    private void checkMessageLength(final int frameLength)
    {
        final int max = Math.min(ctx.termLength() / 8, 16 * 1024 * 1024);
        if (frameLength > max)
        {
            throw new IllegalArgumentException("a message of " + frameLength + " bytes (with headers) exceeds the " +
                "data plane's maximum of " + max + " bytes (term length / 8); send it as a page instead");
        }
    }

    private Peer peer(final int node)
    {
        final Peer peer = peers.get(node);
        if (null == peer)
        {
            throw unknownPeer(node);
        }
        return peer;
    }

    private PageTransferException unknownPeer(final int node)
    {
        return new PageTransferException(PageTransferException.Reason.UNKNOWN_PEER, "node " + node +
            " is not a peer of node " + self + "; add it with addPeer(" + node + ", endpoint) first");
    }

    private PageTransferException closedException()
    {
        return new PageTransferException(PageTransferException.Reason.CLOSED, "the data plane of node " + self +
            " is closed");
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw closedException();
        }
    }

    private long deadline()
    {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.pageTimeoutMs());
    }

    private int ipcStream(final int node)
    {
        return ctx.streamId() + 1 + node;
    }

    private void failReadsFrom(final int node, final PageTransferException ex)
    {
        for (final Iterator<Map.Entry<Long, PendingRead>> it = pendingReads.entrySet().iterator(); it.hasNext(); )
        {
            final PendingRead read = it.next().getValue();
            if (read.ref.node() == node)
            {
                it.remove();
                read.fail(ex);
            }
        }
        for (final Iterator<Map.Entry<Long, Outbound>> it = awaitingAck.entrySet().iterator(); it.hasNext(); )
        {
            final Outbound outbound = it.next().getValue();
            if (outbound.peer.node == node)
            {
                it.remove();
                outbound.fail(ex);
            }
        }
    }

    private void onAgentError(final Throwable error)
    {
        stats.increment(Counter.AGENT_ERRORS);
        ctx.errorHandler().onError(error);
    }

    /**
     * The duty cycle: receive, send what is queued, move page chunks, expire what timed out.
     */
    private final class Worker implements Agent, ControlledFragmentHandler
    {
        private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
        private final CRC32C receiveCrc = new CRC32C();
        private final CRC32C chunkCrc = new CRC32C();
        private final BufferClaim claim = new BufferClaim();
        private final ArrayDeque<Outbound> waiting = new ArrayDeque<>();
        private final List<Outbound> active = new ArrayList<>();
        private final Map<Long, Inbound> inbound = new HashMap<>();
        private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[1024]);
        private long nextTimeoutCheckNs;

        @Override
        public void onStart()
        {
            agentThread = Thread.currentThread();
        }

        @Override
        public String roleName()
        {
            return "memfabric-dp-" + self;
        }

        @Override
        public int doWork()
        {
            int work = 0;
            for (int i = 0, n = subscriptions.size(); i < n; i++)
            {
                work += subscriptions.get(i).controlledPoll(assembler, FRAGMENT_LIMIT);
            }
            work += deliver();
            work += drainQueues();
            Outbound outbound;
            while (null != (outbound = newOutbound.poll()))
            {
                waiting.addLast(outbound);
                work++;
            }
            while (!waiting.isEmpty() && active.size() < ctx.maxTransfersInFlight())
            {
                active.add(waiting.pollFirst());
            }
            for (int i = 0; i < active.size(); i++)
            {
                final Outbound transfer = active.get(i);
                work += sendChunks(transfer);
                if (transfer.done)
                {
                    active.remove(i--);
                }
            }
            final long now = System.nanoTime();
            if (now - nextTimeoutCheckNs > 0)
            {
                nextTimeoutCheckNs = now + TIMEOUT_CHECK_INTERVAL_NS;
                expire(now);
            }
            return work;
        }

        @Override
        public void onClose()
        {
            for (final Outbound transfer : active)
            {
                transfer.fail(closedException());
            }
            for (final Outbound transfer : waiting)
            {
                transfer.fail(closedException());
            }
            for (final Inbound in : inbound.values())
            {
                in.landing.close();
            }
            inbound.clear();
            CloseHelper.quietCloseAll(subscriptions);
        }

        @Override
        public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final int check = Frame.check(buffer, offset, length, receiveCrc);
            if (Frame.OK != check)
            {
                stats.increment(rejection(check));
                return Action.CONTINUE;
            }
            final int source = Frame.source(buffer, offset);
            final Peer peer = peers.get(source);
            if (null == peer)
            {
                // A node that added us before we added it: its frames wait in its stream until we do.
                return Action.ABORT;
            }
            stats.increment(Counter.FRAMES_RECEIVED);
            switch (Frame.type(buffer, offset))
            {
                case Frame.STATE:
                    return onState(source, buffer, offset, length);
                case Frame.DIRECT:
                    stats.increment(Counter.MESSAGES_DELIVERED);
                    final MessageListener listener = ctx.messageListener();
                    if (null != listener)
                    {
                        listener.onMessage(source, buffer, offset + Frame.HEADER_LENGTH,
                            length - Frame.HEADER_LENGTH);
                    }
                    return Action.CONTINUE;
                case Frame.PAGE_READ:
                    onPageRead(peer, buffer, offset, length);
                    return Action.CONTINUE;
                case Frame.PAGE_CHUNK:
                    onChunk(source, buffer, offset, length);
                    return Action.CONTINUE;
                case Frame.PAGE_ERROR:
                    onPageError(source, buffer, offset, length);
                    return Action.CONTINUE;
                case Frame.PAGE_WRITE:
                    onPageWrite(peer, buffer, offset, length);
                    return Action.CONTINUE;
                case Frame.PAGE_WRITE_ACK:
                    onWriteAck(Frame.correlation(buffer, offset));
                    return Action.CONTINUE;
                default:
                    return Action.CONTINUE;
            }
        }

        private Action onState(final int source, final DirectBuffer buffer, final int offset, final int length)
        {
            final int bodyOffset = offset + Frame.HEADER_LENGTH;
            final int limit = offset + length;
            synchronized (sendLock)
            {
                final int stampLength;
                try
                {
                    stampLength = VectorClock.decode(buffer, bodyOffset, limit, receivedStamp);
                }
                catch (final MalformedStampException ex)
                {
                    stats.increment(Counter.FRAMES_REJECTED_BODY);
                    return Action.CONTINUE;
                }
                final int payloadOffset = bodyOffset + stampLength;
                switch (causal.onReceive(source, receivedStamp, buffer, payloadOffset, limit - payloadOffset))
                {
                    case DUPLICATE:
                        stats.increment(Counter.STATE_DUPLICATES);
                        return Action.CONTINUE;
                    case REJECTED_FULL:
                        stats.increment(Counter.STATE_HOLD_BACK_FULL);
                        return Action.ABORT;
                    case REJECTED_INVALID:
                        stats.increment(Counter.FRAMES_REJECTED_BODY);
                        return Action.CONTINUE;
                    case ORPHANED:
                        stats.increment(Counter.STATE_ORPHANED);
                        return Action.CONTINUE;
                    default:
                        return Action.CONTINUE;
                }
            }
        }

        private void onPageRead(final Peer peer, final DirectBuffer buffer, final int offset, final int length)
        {
            final long id = Frame.correlation(buffer, offset);
            if (length != Frame.HEADER_LENGTH + Frame.PAGE_REQUEST_BODY_LENGTH)
            {
                stats.increment(Counter.FRAMES_REJECTED_BODY);
                return;
            }
            final PageKey key = PageKey.readFrom(buffer, offset + Frame.HEADER_LENGTH);
            final int wanted = buffer.getInt(offset + Frame.HEADER_LENGTH + PageKey.LENGTH, ByteOrder.LITTLE_ENDIAN);
            final PageSource source = ctx.pageSource();
            final PageSource.Page page = null == source ? null : source.open(key);
            if (null == page)
            {
                sendError(peer, id, 0, ERROR_NOT_FOUND, "node " + self + " does not have page " + key);
                return;
            }
            if (page.length() != wanted)
            {
                sendError(peer, id, 0, ERROR_LENGTH_MISMATCH, "page " + key + " on node " + self + " is " +
                    page.length() + " bytes, the reference says " + wanted);
                page.close();
                return;
            }
            final Outbound reply = new Outbound(peer, id, 0, page.buffer(), 0, page.length(), page, deadline());
            waiting.addLast(reply);
        }

        private void onPageWrite(final Peer peer, final DirectBuffer buffer, final int offset, final int length)
        {
            final long id = Frame.correlation(buffer, offset);
            if (length != Frame.HEADER_LENGTH + Frame.PAGE_REQUEST_BODY_LENGTH)
            {
                stats.increment(Counter.FRAMES_REJECTED_BODY);
                return;
            }
            final PageKey key = PageKey.readFrom(buffer, offset + Frame.HEADER_LENGTH);
            final int pageLength = buffer.getInt(offset + Frame.HEADER_LENGTH + PageKey.LENGTH,
                ByteOrder.LITTLE_ENDIAN);
            final int checksum = buffer.getInt(offset + Frame.HEADER_LENGTH + PageKey.LENGTH + 4,
                ByteOrder.LITTLE_ENDIAN);
            final PageSink sink = ctx.pageSink();
            PageSink.Landing landing = null;
            try
            {
                landing = null == sink || pageLength <= 0 ? null : sink.create(key, pageLength);
            }
            catch (final RuntimeException ex)
            {
                landing = null;
            }
            if (null == landing)
            {
                sendError(peer, id, WRITE_FLAG, ERROR_REFUSED, "node " + self + " refused page " + key + " (" +
                    pageLength + " bytes): " + (null == sink ? "it has no page sink" : "its sink is full"));
                return;
            }
            inbound.put(inboundKey(peer.node, id), new Inbound(peer, id, key, pageLength, checksum, landing,
                deadline()));
        }

        private void onChunk(final int source, final DirectBuffer buffer, final int offset, final int length)
        {
            final long id = Frame.correlation(buffer, offset);
            final int pageOffset = Frame.aux(buffer, offset);
            final int bytes = length - Frame.HEADER_LENGTH;
            final boolean write = (buffer.getByte(offset + Frame.FLAGS_OFFSET) & WRITE_FLAG) != 0;
            if (write)
            {
                final long key = inboundKey(source, id);
                final Inbound in = inbound.get(key);
                if (null == in || pageOffset != in.received || pageOffset + bytes > in.length)
                {
                    stats.increment(Counter.PAGE_CHUNKS_DROPPED);
                    return;
                }
                in.landing.buffer().putBytes(pageOffset, buffer, offset + Frame.HEADER_LENGTH, bytes);
                Frame.update(in.crc, buffer, offset + Frame.HEADER_LENGTH, bytes);
                in.received += bytes;
                stats.add(Counter.PAGE_BYTES_RECEIVED, bytes);
                if (in.received == in.length)
                {
                    inbound.remove(key);
                    completeInbound(in);
                }
                return;
            }
            final PendingRead read = pendingReads.get(id);
            if (null == read || read.ref.node() != source || pageOffset != read.received ||
                pageOffset + bytes > read.ref.length())
            {
                stats.increment(Counter.PAGE_CHUNKS_DROPPED);
                return;
            }
            read.dst.putBytes(read.dstOffset + pageOffset, buffer, offset + Frame.HEADER_LENGTH, bytes);
            Frame.update(read.crc, buffer, offset + Frame.HEADER_LENGTH, bytes);
            read.received += bytes;
            stats.add(Counter.PAGE_BYTES_RECEIVED, bytes);
            if (read.received == read.ref.length())
            {
                pendingReads.remove(id);
                final int actual = (int)read.crc.getValue();
                if (actual != read.ref.checksum())
                {
                    stats.increment(Counter.PAGE_CHECKSUM_FAILURES);
                    read.fail(new PageTransferException(PageTransferException.Reason.CHECKSUM_MISMATCH,
                        "page " + read.ref.key() + " from node " + source + " arrived with CRC32C " +
                        Integer.toHexString(actual) + ", the reference says " +
                        Integer.toHexString(read.ref.checksum()) + "; the bytes were discarded"));
                    return;
                }
                if (null != read.landing)
                {
                    try
                    {
                        read.landing.commit(actual);
                    }
                    catch (final RuntimeException ex)
                    {
                        read.fail(new PageTransferException(PageTransferException.Reason.REFUSED,
                            "page " + read.ref.key() + " arrived intact but the local sink did not take it: " +
                            ex.getMessage()));
                        return;
                    }
                }
                stats.increment(Counter.PAGES_READ);
                read.result.complete(read.ref);
            }
        }

        private void completeInbound(final Inbound in)
        {
            final int actual = (int)in.crc.getValue();
            if (actual != in.checksum)
            {
                stats.increment(Counter.PAGE_CHECKSUM_FAILURES);
                stats.increment(Counter.PAGE_TRANSFER_FAILURES);
                in.landing.close();
                sendError(in.peer, in.id, WRITE_FLAG, ERROR_CHECKSUM_MISMATCH, "page " + in.key +
                    " arrived at node " + self + " with CRC32C " + Integer.toHexString(actual) + ", expected " +
                    Integer.toHexString(in.checksum) + "; discarded");
                return;
            }
            try
            {
                in.landing.commit(actual);
            }
            catch (final RuntimeException ex)
            {
                in.landing.close();
                sendError(in.peer, in.id, WRITE_FLAG, ERROR_REFUSED, "node " + self + " could not store page " +
                    in.key + ": " + ex.getMessage());
                return;
            }
            stats.increment(Counter.PAGES_RECEIVED);
            controlBuffer.setMemory(0, Frame.HEADER_LENGTH, (byte)0);
            Frame.writeHeader(controlBuffer, 0, Frame.PAGE_WRITE_ACK, Frame.HEADER_LENGTH, self, in.id, 0);
            Frame.seal(controlBuffer, 0, chunkCrc);
            sendControl(in.peer, Frame.HEADER_LENGTH);
        }

        private void onPageError(final int source, final DirectBuffer buffer, final int offset, final int length)
        {
            final long id = Frame.correlation(buffer, offset);
            final boolean write = (buffer.getByte(offset + Frame.FLAGS_OFFSET) & WRITE_FLAG) != 0;
            if (length < Frame.HEADER_LENGTH + 4)
            {
                stats.increment(Counter.FRAMES_REJECTED_BODY);
                return;
            }
            final int code = buffer.getInt(offset + Frame.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
            final String reason = buffer.getStringWithoutLengthUtf8(offset + Frame.HEADER_LENGTH + 4,
                length - Frame.HEADER_LENGTH - 4);
            final PageTransferException ex = new PageTransferException(reasonOf(code), reason);
            stats.increment(Counter.PAGE_TRANSFER_FAILURES);
            if (write)
            {
                final Outbound outbound = awaitingAck.remove(id);
                if (null != outbound && outbound.peer.node == source)
                {
                    outbound.fail(ex);
                }
                else
                {
                    for (final Outbound transfer : active)
                    {
                        if (transfer.id == id && transfer.peer.node == source)
                        {
                            transfer.fail(ex);
                        }
                    }
                }
                return;
            }
            final PendingRead read = pendingReads.get(id);
            if (null != read && read.ref.node() == source)
            {
                pendingReads.remove(id);
                read.fail(ex);
            }
        }

        private void onWriteAck(final long id)
        {
            final Outbound outbound = awaitingAck.remove(id);
            if (null != outbound)
            {
                stats.increment(Counter.PAGES_WRITTEN);
                outbound.result.complete(new PageRef(outbound.peer.node, outbound.key, outbound.length,
                    outbound.checksum));
            }
        }

        /**
         * Sends as many chunks of a transfer as the publication takes now.
         */
        private int sendChunks(final Outbound transfer)
        {
            if (transfer.peer.closed)
            {
                transfer.fail(unknownPeer(transfer.peer.node));
                return 1;
            }
            final Publication publication = transfer.peer.publication;
            int work = 0;
            if (WRITE_FLAG == transfer.flags && !transfer.announced)
            {
                controlBuffer.setMemory(0, Frame.HEADER_LENGTH + Frame.PAGE_REQUEST_BODY_LENGTH, (byte)0);
                Frame.writeHeader(controlBuffer, 0, Frame.PAGE_WRITE,
                    Frame.HEADER_LENGTH + Frame.PAGE_REQUEST_BODY_LENGTH, self, transfer.id, 0);
                writePageRequest(controlBuffer, transfer.key, transfer.length, transfer.checksum);
                Frame.seal(controlBuffer, 0, chunkCrc);
                final long result = publication.offer(controlBuffer, 0,
                    Frame.HEADER_LENGTH + Frame.PAGE_REQUEST_BODY_LENGTH);
                if (result < 0)
                {
                    return checkOfferFailure(transfer, result);
                }
                transfer.announced = true;
                awaitingAck.put(transfer.id, transfer);
                work++;
            }
            final int chunkLength = ctx.chunkLength();
            while (transfer.sent < transfer.length && !transfer.done)
            {
                final int bytes = Math.min(chunkLength, transfer.length - transfer.sent);
                final long result = publication.tryClaim(Frame.HEADER_LENGTH + bytes, claim);
                if (result < 0)
                {
                    return work + checkOfferFailure(transfer, result);
                }
                final MutableDirectBuffer out = claim.buffer();
                final int at = claim.offset();
                Frame.writeHeader(out, at, Frame.PAGE_CHUNK, Frame.HEADER_LENGTH + bytes, self, transfer.id,
                    transfer.sent);
                out.putByte(at + Frame.FLAGS_OFFSET, (byte)transfer.flags);
                out.putBytes(at + Frame.HEADER_LENGTH, transfer.src, transfer.srcOffset + transfer.sent, bytes);
                Frame.seal(out, at, chunkCrc);
                claim.commit();
                transfer.sent += bytes;
                stats.add(Counter.PAGE_BYTES_SENT, bytes);
                work++;
            }
            if (transfer.sent == transfer.length && !transfer.done)
            {
                transfer.done = true;
                if (WRITE_FLAG != transfer.flags)
                {
                    stats.increment(Counter.PAGES_SERVED);
                    transfer.release();
                }
            }
            return work;
        }

        private int checkOfferFailure(final Outbound transfer, final long result)
        {
            if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
            {
                stats.increment(Counter.BACK_PRESSURE);
                return 0;
            }
            if (Publication.NOT_CONNECTED == result && System.nanoTime() - transfer.deadlineNs < 0)
            {
                return 0;
            }
            transfer.fail(new PageTransferException(PageTransferException.Reason.UNKNOWN_PEER, "node " + self +
                " cannot reach peer " + transfer.peer.node + " at " + transfer.peer.endpoint + " (" +
                Publication.errorString(result) + ")"));
            return 1;
        }

        private void sendError(final Peer peer, final long id, final int flags, final int code, final String reason)
        {
            final byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            final int length = Frame.HEADER_LENGTH + 4 + Math.min(text.length, controlBuffer.capacity() -
                Frame.HEADER_LENGTH - 4);
            Frame.writeHeader(controlBuffer, 0, Frame.PAGE_ERROR, length, self, id, 0);
            controlBuffer.putByte(Frame.FLAGS_OFFSET, (byte)flags);
            controlBuffer.putInt(Frame.HEADER_LENGTH, code, ByteOrder.LITTLE_ENDIAN);
            controlBuffer.putBytes(Frame.HEADER_LENGTH + 4, text, 0, length - Frame.HEADER_LENGTH - 4);
            Frame.seal(controlBuffer, 0, chunkCrc);
            sendControl(peer, length);
        }

        private void sendControl(final Peer peer, final int length)
        {
            synchronized (sendLock)
            {
                sendOrQueue(peer, controlBuffer, length);
            }
        }

        /**
         * Hands what the causal order released to the listener, outside the send lock, so a listener may take its own
         * locks and broadcast without risking a lock-order deadlock with senders.
         */
        private int deliver()
        {
            synchronized (sendLock)
            {
                if (deliveries.isEmpty())
                {
                    return 0;
                }
                final DeliveryBatch full = deliveries;
                deliveries = delivering;
                delivering = full;
            }
            final CausalListener listener = ctx.stateListener();
            final int count = delivering.size();
            for (int i = 0; i < count; i++)
            {
                stats.increment(Counter.STATE_DELIVERED);
                if (null != listener)
                {
                    delivering.deliverTo(i, listener);
                }
            }
            delivering.clear();
            return count;
        }

        private int drainQueues()
        {
            int work = 0;
            boolean freed = false;
            synchronized (sendLock)
            {
                for (final Peer peer : peers.values())
                {
                    byte[] frame;
                    while (null != (frame = peer.queue.peekFirst()))
                    {
                        final long result = peer.publication.offer(new UnsafeBuffer(frame), 0, frame.length);
                        if (result < 0)
                        {
                            break;
                        }
                        peer.queue.pollFirst();
                        peer.queuedBytes -= frame.length;
                        freed = true;
                        work++;
                    }
                }
                if (freed)
                {
                    sendLock.notifyAll();
                }
            }
            return work;
        }

        private void expire(final long now)
        {
            for (final Iterator<Map.Entry<Long, PendingRead>> it = pendingReads.entrySet().iterator(); it.hasNext(); )
            {
                final PendingRead read = it.next().getValue();
                if (now - read.deadlineNs > 0)
                {
                    it.remove();
                    stats.increment(Counter.PAGE_TRANSFER_FAILURES);
                    read.fail(new PageTransferException(PageTransferException.Reason.TIMEOUT, "page " +
                        read.ref.key() + " from node " + read.ref.node() + " did not arrive within " +
                        ctx.pageTimeoutMs() + " ms (" + read.received + " of " + read.ref.length() +
                        " bytes came); check that the node runs and is reachable"));
                }
            }
            for (final Iterator<Map.Entry<Long, Outbound>> it = awaitingAck.entrySet().iterator(); it.hasNext(); )
            {
                final Outbound outbound = it.next().getValue();
                if (now - outbound.deadlineNs > 0)
                {
                    it.remove();
                    stats.increment(Counter.PAGE_TRANSFER_FAILURES);
                    outbound.fail(new PageTransferException(PageTransferException.Reason.TIMEOUT, "node " +
                        outbound.peer.node + " did not acknowledge page " + outbound.key + " within " +
                        ctx.pageTimeoutMs() + " ms"));
                }
            }
            for (int i = 0; i < active.size(); i++)
            {
                final Outbound transfer = active.get(i);
                if (now - transfer.deadlineNs > 0)
                {
                    active.remove(i--);
                    stats.increment(Counter.PAGE_TRANSFER_FAILURES);
                    transfer.fail(new PageTransferException(PageTransferException.Reason.TIMEOUT, "sending page " +
                        "bytes to node " + transfer.peer.node + " took longer than " + ctx.pageTimeoutMs() + " ms"));
                }
            }
            for (final Iterator<Map.Entry<Long, Inbound>> it = inbound.entrySet().iterator(); it.hasNext(); )
            {
                final Inbound in = it.next().getValue();
                if (now - in.deadlineNs > 0 || in.peer.closed)
                {
                    it.remove();
                    stats.increment(Counter.PAGE_TRANSFER_FAILURES);
                    in.landing.close();
                }
            }
        }

        private Counter rejection(final int check)
        {
            switch (check)
            {
                case Frame.BAD_MAGIC:
                    return Counter.FRAMES_REJECTED_MAGIC;
                case Frame.BAD_LENGTH:
                    return Counter.FRAMES_REJECTED_LENGTH;
                case Frame.BAD_CHECKSUM:
                    return Counter.FRAMES_REJECTED_CHECKSUM;
                default:
                    return Counter.FRAMES_REJECTED_TYPE;
            }
        }
    }

    private static long inboundKey(final int node, final long id)
    {
        return ((long)node << 40) ^ id;
    }

    private static PageTransferException.Reason reasonOf(final int code)
    {
        switch (code)
        {
            case ERROR_NOT_FOUND:
                return PageTransferException.Reason.NOT_FOUND;
            case ERROR_LENGTH_MISMATCH:
                return PageTransferException.Reason.LENGTH_MISMATCH;
            case ERROR_CHECKSUM_MISMATCH:
                return PageTransferException.Reason.CHECKSUM_MISMATCH;
            default:
                return PageTransferException.Reason.REFUSED;
        }
    }

    /**
     * A peer: its publication, and the frames queued for it while the publication was back-pressured.
     */
    private static final class Peer
    {
        final int node;
        final String endpoint;
        final Publication publication;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        long queuedBytes;
        long directSequence;
        volatile boolean closed;

        Peer(final int node, final String endpoint, final Publication publication)
        {
            this.node = node;
            this.endpoint = endpoint;
            this.publication = publication;
        }
    }

    /**
     * A page read this node asked for, filled in by the agent as chunks arrive.
     */
    private static final class PendingRead
    {
        final PageRef ref;
        final MutableDirectBuffer dst;
        final int dstOffset;
        final PageSink.Landing landing;
        final long deadlineNs;
        final CRC32C crc = new CRC32C();
        final CompletableFuture<PageRef> result = new CompletableFuture<>();
        int received;

        PendingRead(
            final PageRef ref,
            final MutableDirectBuffer dst,
            final int dstOffset,
            final PageSink.Landing landing,
            final long deadlineNs)
        {
            this.ref = ref;
            this.dst = dst;
            this.dstOffset = dstOffset;
            this.landing = landing;
            this.deadlineNs = deadlineNs;
        }

        void fail(final Throwable ex)
        {
            if (null != landing)
            {
                landing.close();
            }
            result.completeExceptionally(ex);
        }
    }

    /**
     * Page bytes this node sends: a page it serves, or one it writes to a peer.
     */
    private static final class Outbound
    {
        final Peer peer;
        final long id;
        final int flags;
        final DirectBuffer src;
        final int srcOffset;
        final int length;
        final PageSource.Page page;
        final long deadlineNs;
        PageKey key;
        int checksum;
        CompletableFuture<PageRef> result;
        boolean announced;
        boolean done;
        int sent;

        Outbound(
            final Peer peer,
            final long id,
            final int flags,
            final DirectBuffer src,
            final int srcOffset,
            final int length,
            final PageSource.Page page,
            final long deadlineNs)
        {
            this.peer = peer;
            this.id = id;
            this.flags = flags;
            this.src = src;
            this.srcOffset = srcOffset;
            this.length = length;
            this.page = page;
            this.deadlineNs = deadlineNs;
        }

        void release()
        {
            if (null != page)
            {
                page.close();
            }
        }

        void fail(final Throwable ex)
        {
            done = true;
            release();
            if (null != result)
            {
                result.completeExceptionally(ex);
            }
        }
    }

    /**
     * A page another node is writing into this node's sink.
     */
    private static final class Inbound
    {
        final Peer peer;
        final long id;
        final PageKey key;
        final int length;
        final int checksum;
        final PageSink.Landing landing;
        final long deadlineNs;
        final CRC32C crc = new CRC32C();
        int received;

        Inbound(
            final Peer peer,
            final long id,
            final PageKey key,
            final int length,
            final int checksum,
            final PageSink.Landing landing,
            final long deadlineNs)
        {
            this.peer = peer;
            this.id = id;
            this.key = key;
            this.length = length;
            this.checksum = checksum;
            this.landing = landing;
            this.deadlineNs = deadlineNs;
        }
    }
}
