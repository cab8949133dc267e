/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.aeron.security.AuthenticationException;
import io.aeron.security.CredentialsSupplier;
import io.aeron.security.NullCredentialsSupplier;
import io.memfabric.consensus.protocol.ConnectEncoder;
import io.memfabric.consensus.protocol.ConnectedDecoder;
import io.memfabric.consensus.protocol.DisconnectEncoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.KeepaliveEncoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.stat.CounterSet;
import io.memfabric.consensus.stat.NodeCounter;
import io.memfabric.consensus.wire.Wire;
import io.aeron.CommonContext;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The client of the consensus cluster: asynchronous request/response with correlation by request id.
 * <p>
 * One thread owns the {@link AeronCluster} (which is not thread-safe): it sends what callers queued, polls replies,
 * resends requests left unanswered for {@link ClientConfig#resendIntervalMs()} (the service applies each request
 * id once and answers a repeat from its cache), reconnects to the new leader or a new session after a failover
 * (binding the new session to this client's id again), keeps the client's lease alive, and fails a request that
 * stays unanswered past {@link ClientConfig#requestTimeoutMs()} with a {@link ConsensusTimeoutException}. Callers
 * never block inside the client; they wait on the returned futures, with a bound.
 * <p>
 * Replies are decoded where they arrive, on the client thread, by the {@link ReplyDecoder} each request names. A
 * cluster that speaks wire version 1 (an older MemFabric) cannot understand this client: the first message of that
 * version it sends fails every request, then and from then on, with a {@link ClusterVersionException}.
 */
public final class ConsensusClient implements AutoCloseable
{
    /**
     * The longest request the cluster takes: its ingress and log carry messages of at most an eighth of their 1 MiB
     * terms, less the cluster's own session header; larger data must be split by the caller.
     */
    public static final int MAX_REQUEST_LENGTH = 120 * 1024;

    private static final int QUEUE_CAPACITY = 4096;
    // At most half the service's deduplication window (1024) in flight, so a resent request is always still in the
    // window and never answered DUPLICATE_TOO_OLD; more wait in the queue.
    private static final int MAX_IN_FLIGHT = 512;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long DISCONNECT_WAIT_MS = 2_000;
    // Wire version 1's ERROR: templateId 113, then requestId i64, code i32, message as an i32 length and UTF-8.
    private static final int LEGACY_ERROR_TEMPLATE_ID = 113;
    private static final int LEGACY_ERROR_CODE_OFFSET = Wire.HEADER_LENGTH + Long.BYTES;
    private static final int LEGACY_ERROR_TEXT_OFFSET = LEGACY_ERROR_CODE_OFFSET + 2 * Integer.BYTES;
    private static final ReplyDecoder<Reply> COPY = Reply::copy;

    private final ClientConfig config;
    private static final ThreadFactory DAEMON_THREADS = task ->
    {
        final Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    };

    private final MediaDriver driver;
    private final Aeron aeron;
    private final String aeronDir;
    private final ManyToOneConcurrentArrayQueue<Pending> submissions =
        new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final Long2ObjectHashMap<Pending> inFlight = new Long2ObjectHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong requestsSent = new AtomicLong();
    private final Consumer<Reply> pushes;
    private final Thread agent;
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectEncoder connect = new ConnectEncoder();
    private final KeepaliveEncoder keepalive = new KeepaliveEncoder();
    private final ErrorDecoder errorDecoder = new ErrorDecoder();
    private final Reply reply = new Reply();
    private final Consumer<Pending> submitter = this::submit;
    private volatile boolean running = true;
    private volatile boolean connected;
    private AeronCluster cluster;
    private long lastKeepaliveNs;
    private boolean newLeader;
    private volatile boolean connectAgain;
    // Why the cluster cannot serve this client at all (a ClusterRefusedException or a ClusterVersionException).
    private volatile RuntimeException refused;
    private final CredentialsSupplier credentials;
    private volatile long leaderChanges;
    private volatile long lastLeaderChangeNs;
    private volatile long lastHeardNs = System.nanoTime();
    private long reconnects;
    private final CounterSet<NodeCounter> counters;

    private ConsensusClient(final ClientConfig config, final Consumer<Reply> pushes)
    {
        this.config = config;
        this.pushes = pushes;
        this.credentials = credentials(config);
        if (config.aeronDir() == null)
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(embeddedDriverDir(config.clientId()))
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(config.idle().supplier().get())
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .sharedThreadFactory(DAEMON_THREADS)
                .sharedNetworkThreadFactory(DAEMON_THREADS)
                .conductorThreadFactory(DAEMON_THREADS)
                .senderThreadFactory(DAEMON_THREADS)
                .receiverThreadFactory(DAEMON_THREADS)
                .asyncExecutorThreadFactory(DAEMON_THREADS));
            aeronDir = driver.aeronDirectoryName();
        }
        else
        {
            driver = null;
            aeronDir = config.aeronDir();
        }
        // One Aeron client for every session this client opens, with daemon threads like the driver's: a program
        // whose last thread of its own ends exits, and the agent's shutdown hook then leaves the cluster cleanly.
        Aeron connected = null;
        try
        {
            connected = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir).threadFactory(DAEMON_THREADS));
            // The node's counters live in its media driver's CnC file, where ./fabric stat finds them.
            counters = CounterSet.inAeron(connected, NodeCounter.class, CounterSet.SCOPE_NODE, config.clientId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(connected, driver);
            throw ex;
        }
        aeron = connected;
        agent = new Thread(this::run, "memfabric-consensus-client-" + Long.toHexString(config.clientId()));
        agent.setDaemon(true);
        agent.start();
    }

    /**
     * A client without a cluster, media driver, Aeron client or thread, for tests of what it makes of the messages
     * given to {@link #onEgress}.
     *
     * @param config   settings (an egress channel given, so that no route is looked up).
     * @param pushes   receives the pushes.
     * @param counters the node's counters.
     */
    ConsensusClient(final ClientConfig config, final Consumer<Reply> pushes, final CounterSet<NodeCounter> counters)
    {
        this.config = config.conclude();
        this.pushes = pushes;
        this.credentials = credentials(config);
        this.counters = counters;
        driver = null;
        aeron = null;
        aeronDir = null;
        agent = null;
    }

    private static CredentialsSupplier credentials(final ClientConfig config)
    {
        return config.secret() == null ? new NullCredentialsSupplier() : new CredentialsSupplier()
        {
            public byte[] encodedCredentials()
            {
                return new byte[0];
            }

            public byte[] onChallenge(final byte[] challenge)
            {
                return config.secret().answer(challenge);
            }
        };
    }

    // Named after the process, so an operator (and ./fabric stat) can tell whose it is; -Daeron.dir names another.
    private static String embeddedDriverDir(final long clientId)
    {
        final String configured = System.getProperty(CommonContext.AERON_DIR_PROP_NAME);
        if (configured != null)
        {
            return configured;
        }
        final File parent = new File(CommonContext.AERON_DIR_PROP_DEFAULT).getParentFile();
        return new File(parent, "memfabric-" + ProcessHandle.current().pid() + "-" + Long.toHexString(clientId))
            .getAbsolutePath();
    }

    /**
     * Starts a client; it connects in the background and retries until closed.
     *
     * @param config  settings.
     * @param pushes  receives messages the cluster pushes unasked (invalidations, membership), on the client thread,
     *                each valid only during the call ({@link Reply#copy()} keeps one).
     * @return the client.
     */
    public static ConsensusClient start(final ClientConfig config, final Consumer<Reply> pushes)
    {
        return new ConsensusClient(config.conclude(), pushes);
    }

    /**
     * @return {@link System#nanoTime()} when the last message from the cluster arrived (keepalive answers included),
     * or when the client started.
     */
    public long lastHeardNs()
    {
        return lastHeardNs;
    }

    /**
     * @return this client's id, stable across reconnects.
     */
    public long clientId()
    {
        return config.clientId();
    }

    /**
     * @return this node's counters: the client counts requests, retries, failovers, reconnects and malformed
     * messages; the layer above counts the rest.
     */
    public CounterSet<NodeCounter> counters()
    {
        return counters;
    }

    /**
     * @return a new request id; ids increase, as the service's deduplication requires.
     */
    public long nextRequestId()
    {
        return requestIds.incrementAndGet();
    }

    /**
     * @return how many requests callers sent through this client (resends not counted).
     */
    public long requestsSent()
    {
        return requestsSent.get();
    }

    /**
     * @return whether a session with the cluster is open now.
     */
    public boolean isConnected()
    {
        return connected;
    }

    /**
     * @return how many times the client opened a new session after losing one.
     */
    public long reconnects()
    {
        return reconnects;
    }

    /**
     * @return how many times the cluster told this client of a new leader.
     */
    public long leaderChanges()
    {
        return leaderChanges;
    }

    /**
     * @return {@link System#nanoTime()} when the client last heard of a new leader.
     */
    public long lastLeaderChangeNs()
    {
        return lastLeaderChangeNs;
    }

    /**
     * Sends an encoded request; the future completes with a copy of its reply (or of an error reply), or fails with
     * {@link ConsensusTimeoutException} after the request timeout.
     *
     * @param requestId the id encoded in the request.
     * @param what      a name for messages, e.g. "LOCK_ACQUIRE lock 7".
     * @param buffer    the encoded request.
     * @param offset    where it starts.
     * @param length    its length.
     * @return the reply.
     */
    public CompletableFuture<Reply> send(
        final long requestId, final String what, final DirectBuffer buffer, final int offset, final int length)
    {
        return send(requestId, what, buffer, offset, length, config.requestTimeoutMs(), COPY);
    }

    /**
     * Sends an encoded request whose reply {@code decoder} decodes in place, on the client thread; the future
     * completes with what it returns, or fails with what it throws (a {@link ConsensusException} for an error
     * reply, say), or with {@link ConsensusTimeoutException} after the request timeout.
     *
     * @param requestId the id encoded in the request.
     * @param what      a name for messages, e.g. "LOCK_ACQUIRE lock 7".
     * @param buffer    the encoded request.
     * @param offset    where it starts.
     * @param length    its length.
     * @param decoder   makes the result of the reply.
     * @param <T>       the result's type.
     * @return the result.
     */
    public <T> CompletableFuture<T> send(
        final long requestId,
        final String what,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final ReplyDecoder<T> decoder)
    {
        return send(requestId, what, buffer, offset, length, config.requestTimeoutMs(), decoder);
    }

    /**
     * As {@link #send(long, String, DirectBuffer, int, int)} with its own bound, for requests that may wait long in
     * the cluster (a lock acquisition with a long wait).
     *
     * @param requestId the id encoded in the request.
     * @param what      a name for messages.
     * @param buffer    the encoded request.
     * @param offset    where it starts.
     * @param length    its length.
     * @param timeoutMs how long to wait for the reply.
     * @return the reply.
     */
    public CompletableFuture<Reply> send(
        final long requestId,
        final String what,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long timeoutMs)
    {
        return send(requestId, what, buffer, offset, length, timeoutMs, COPY);
    }

    /**
     * As {@link #send(long, String, DirectBuffer, int, int, ReplyDecoder)} with its own bound, for requests that may
     * wait long in the cluster (a lock acquisition with a long wait).
     *
     * @param requestId the id encoded in the request.
     * @param what      a name for messages.
     * @param buffer    the encoded request.
     * @param offset    where it starts.
     * @param length    its length.
     * @param timeoutMs how long to wait for the reply.
     * @param decoder   makes the result of the reply.
     * @param <T>       the result's type.
     * @return the result.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> send(
        final long requestId,
        final String what,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long timeoutMs,
        final ReplyDecoder<T> decoder)
    {
        // A copy the client keeps to resend until the request is answered.
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final Pending pending = new Pending(requestId, what, copy,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), decoder);
        requestsSent.incrementAndGet();
        counters.increment(NodeCounter.REQUESTS);
        if (length > MAX_REQUEST_LENGTH)
        {
            pending.future.completeExceptionally(new IllegalArgumentException(what + " is " + length + " bytes, " +
                "more than the " + MAX_REQUEST_LENGTH + " bytes the cluster takes in one message"));
        }
        else if (refused != null)
        {
            pending.future.completeExceptionally(refused);
        }
        else if (!running)
        {
            pending.future.completeExceptionally(new IllegalStateException("the consensus client is closed"));
        }
        else if (!submissions.offer(pending))
        {
            pending.future.completeExceptionally(new IllegalStateException("the consensus client has " +
                QUEUE_CAPACITY + " requests queued already; wait for replies before sending more"));
        }
        return (CompletableFuture<T>)pending.future;
    }

    /**
     * Sends an encoded message that gets no answer (an invalidation acknowledgement): it is offered until a
     * publication accepts it, once, and not tracked after that.
     *
     * @param buffer the encoded message.
     * @param offset where it starts.
     * @param length its length.
     */
    public void post(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final Pending pending = new Pending(-nextRequestId(), "one-way", copy,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs()), COPY);
        pending.oneWay = true;
        if (running && !submissions.offer(pending))
        {
            throw new IllegalStateException("the consensus client has " + QUEUE_CAPACITY + " requests queued already");
        }
    }

    /**
     * Releases this client's lease in the cluster (so its locks go to the next waiters at once, not when the lease
     * runs out), then stops the client thread, closes the session and the embedded driver, and fails what is still
     * pending.
     */
    public void close()
    {
        if (running && connected)
        {
            final long requestId = nextRequestId();
            // Once per client, on the closing thread: encoders of its own, not the client thread's.
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
            final DisconnectEncoder disconnect = new DisconnectEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .clientId(config.clientId()).requestId(requestId);
            try
            {
                send(requestId, "DISCONNECT", buffer, 0, Wire.length(disconnect), DISCONNECT_WAIT_MS)
                    .get(DISCONNECT_WAIT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final Exception ignore)
            {
                // The cluster is unreachable: the lease runs out on its own.
            }
        }
        running = false;
        try
        {
            if (agent != null)
            {
                agent.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        counters.close();
        CloseHelper.quietCloseAll(aeron, driver);
    }

    private void run()
    {
        final IdleStrategy idle = config.idle().supplier().get();
        final Listener listener = new Listener();
        try
        {
            while (running)
            {
                int work = 0;
                if ((cluster == null || cluster.isClosed()) && refused == null)
                {
                    connect(listener);
                }
                work += drainSubmissions();
                if (cluster != null && !cluster.isClosed())
                {
                    work += cluster.pollEgress();
                }
                leaveIfRefused();
                work += resendAndExpire();
                reconnectIfForgotten();
                keepAlive();
                idle.idle(work);
            }
        }
        catch (final Throwable ex)
        {
            failAll(new IllegalStateException("the consensus client thread failed: " + ex, ex));
        }
        finally
        {
            connected(false);
            CloseHelper.quietClose(cluster);
            failAll(new IllegalStateException("the consensus client was closed"));
        }
    }

    private void connect(final Listener listener)
    {
        if (cluster != null)
        {
            CloseHelper.quietClose(cluster);
            cluster = null;
            connected(false);
            reconnects++;
            counters.increment(NodeCounter.RECONNECTS);
        }
        try
        {
            cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeron(aeron)
                .ownsAeronClient(false)
                .aeronDirectoryName(aeronDir)
                .egressListener(listener)
                .ingressChannel("aeron:udp?term-length=1m")
                .ingressEndpoints(config.endpoints().aeronIngressEndpoints())
                .egressChannel(config.egressChannel())
                .credentialsSupplier(credentials)
                .messageTimeoutNs(CONNECT_TIMEOUT_NS));
        }
        catch (final AuthenticationException ex)
        {
            // Wrong or missing secret: retrying cannot help. Fail what waits, and everything sent from now on.
            cluster = null;
            refuse(new ClusterRefusedException("the cluster at " + config.endpoints().clientSetting() +
                " refused this client: " + (config.secret() == null ? "it sent no secret, and the members require one" :
                "the secret it proved is not the members'") + " (" + ex.getMessage() + ")"));
            return;
        }
        catch (final RuntimeException ex)
        {
            cluster = null;
            expire(System.nanoTime());
            return;
        }
        sendConnect();
        connected(true);
        lastKeepaliveNs = System.nanoTime();
        final long now = System.nanoTime();
        for (final Pending pending : inFlight.values())
        {
            counters.increment(NodeCounter.RETRIES);
            pending.sentNs = offer(pending) ? now : 0;
        }
    }

    private void sendConnect()
    {
        connect.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .clientId(config.clientId())
            .requestId(nextRequestId())
            .leaseTtlMs(config.leaseTtlMs());
        offer(sendBuffer, 0, Wire.length(connect));
    }

    private void refuse(final RuntimeException cause)
    {
        refused = cause;
        failAll(cause);
    }

    // Refused while a session is open (the cluster speaks another wire version): nothing more to say to it.
    private void leaveIfRefused()
    {
        if (refused != null && cluster != null)
        {
            CloseHelper.quietClose(cluster);
            cluster = null;
            connected(false);
        }
    }

    private void connected(final boolean connected)
    {
        this.connected = connected;
        counters.set(NodeCounter.CONNECTED, connected ? 1 : 0);
    }

    // Moves what callers queued in flight and offers it; package-private for tests, which have no client thread.
    int drainSubmissions()
    {
        final int room = MAX_IN_FLIGHT - inFlight.size();
        if (room <= 0)
        {
            return 0;
        }
        return submissions.drain(submitter, room);
    }

    private void submit(final Pending pending)
    {
        final RuntimeException cause = refused;
        if (cause != null)
        {
            // Queued while the client was being refused, after the queue was emptied.
            pending.future.completeExceptionally(cause);
            return;
        }
        // Tracked before it is offered, so nothing that goes wrong while offering can lose its future.
        if (!pending.oneWay)
        {
            inFlight.put(pending.requestId, pending);
        }
        pending.sentNs = cluster != null && !cluster.isClosed() && offer(pending) ? System.nanoTime() : 0;
        if (pending.oneWay && pending.sentNs == 0)
        {
            inFlight.put(pending.requestId, pending);
        }
    }

    private int resendAndExpire()
    {
        if (inFlight.isEmpty())
        {
            newLeader = false;
            return 0;
        }
        final long now = System.nanoTime();
        final long resendNs = newLeader ? 0 : TimeUnit.MILLISECONDS.toNanos(config.resendIntervalMs());
        newLeader = false;
        int resent = 0;
        for (final Pending pending : inFlight.values())
        {
            // A request not yet accepted by a publication (sentNs == 0) is retried every cycle; one accepted is
            // resent only after the resend interval, or at once when a new leader was announced.
            if ((pending.sentNs == 0 || now - pending.sentNs >= resendNs) && cluster != null && !cluster.isClosed())
            {
                if (pending.sentNs != 0 && !pending.oneWay)
                {
                    counters.increment(NodeCounter.RETRIES);
                }
                pending.sentNs = offer(pending) ? now : 0;
                resent++;
            }
        }
        inFlight.values().removeIf(pending -> pending.oneWay && pending.sentNs != 0);
        return resent + expire(now);
    }

    private int expire(final long now)
    {
        List<Pending> expired = null;
        for (final Pending pending : inFlight.values())
        {
            if (now - pending.deadlineNs >= 0)
            {
                if (expired == null)
                {
                    expired = new ArrayList<>();
                }
                expired.add(pending);
            }
        }
        if (expired == null)
        {
            return 0;
        }
        for (final Pending pending : expired)
        {
            inFlight.remove(pending.requestId);
            pending.future.completeExceptionally(new ConsensusTimeoutException("No reply from the cluster at " +
                config.endpoints().clientSetting() + " to " + pending.what + " (request " + pending.requestId +
                ") in time" + (connected ? "" : "; no session with the cluster is open (is it running? does it " +
                "have a leader? see ./fabric cluster status)")));
        }
        return expired.size();
    }

    // The cluster answered NOT_CONNECTED: it let this client's lease run out (the process was paused, or cut off)
    // while the session stayed open. Connect again on the same session; the CONNECTED answer says resumed=false.
    private void reconnectIfForgotten()
    {
        if (connectAgain && cluster != null && !cluster.isClosed())
        {
            connectAgain = false;
            sendConnect();
            lastKeepaliveNs = System.nanoTime();
        }
    }

    private void keepAlive()
    {
        if (cluster == null || cluster.isClosed())
        {
            return;
        }
        final long now = System.nanoTime();
        if (now - lastKeepaliveNs >= TimeUnit.MILLISECONDS.toNanos(Math.max(1, config.leaseTtlMs() / 4)))
        {
            keepalive.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                .clientId(config.clientId())
                .requestId(nextRequestId());
            offer(sendBuffer, 0, Wire.length(keepalive));
            cluster.sendKeepAlive();
            lastKeepaliveNs = now;
        }
    }

    private boolean offer(final Pending pending)
    {
        return offer(pending.buffer, 0, pending.bytes.length);
    }

    private boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        // No egress polling here: callers may be iterating the in-flight requests that replies remove. A refused
        // offer is retried on the next duty cycle.
        try
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (cluster.offer(buffer, offset, length) > 0)
                {
                    return true;
                }
            }
        }
        catch (final RuntimeException ex)
        {
            // E.g. a session closing under us: the request stays tracked and is resent or expires in time.
            return false;
        }
        return false;
    }

    private void failAll(final RuntimeException cause)
    {
        for (final Pending pending : inFlight.values())
        {
            pending.future.completeExceptionally(cause);
        }
        inFlight.clear();
        submissions.drain(pending -> pending.future.completeExceptionally(cause));
    }

    /**
     * What the client makes of a message from the cluster, on the client thread (or a test's).
     *
     * @param buffer holds the message.
     * @param offset where it starts.
     * @param length its length.
     */
    void onEgress(final DirectBuffer buffer, final int offset, final int length)
    {
        lastHeardNs = System.nanoTime();
        if (Wire.isLegacy(buffer, offset, length))
        {
            onLegacy(buffer, offset, length);
            return;
        }
        if (!Wire.isCurrent(buffer, offset, length) || length < Wire.HEADER_LENGTH + Long.BYTES)
        {
            // Every message from the service has a header of this schema and a first long (a request id, an object
            // id); a version newer than this client's is read as far as this client knows it.
            counters.increment(NodeCounter.MALFORMED);
            return;
        }
        reply.wrap(buffer, offset, length);
        if (reply.templateId() == ErrorDecoder.TEMPLATE_ID)
        {
            if (reply.blockLength() < ErrorDecoder.BLOCK_LENGTH)
            {
                counters.increment(NodeCounter.MALFORMED);
                return;
            }
            final int code = reply.decode(errorDecoder).codeRaw();
            if (code == ErrorCode.NOT_CONNECTED.value())
            {
                connectAgain = true;
            }
            else if (code == ErrorCode.MALFORMED.value() || code == ErrorCode.UNKNOWN_TEMPLATE.value() ||
                code == ErrorCode.UNSUPPORTED_VERSION.value())
            {
                // The cluster could not read what this node sent.
                counters.increment(NodeCounter.MALFORMED);
            }
        }
        if (reply.isResponse())
        {
            final Pending pending = inFlight.remove(reply.requestId());
            if (pending != null)
            {
                complete(pending, reply);
            }
            else if (reply.templateId() == ConnectedDecoder.TEMPLATE_ID)
            {
                // The answer to the client's own CONNECT: whether the cluster still knew this client (its
                // locks and leases intact) matters to the layer above, which gets it as a push.
                pushes.accept(reply);
            }
        }
        else
        {
            pushes.accept(reply);
        }
    }

    // The reply is decoded before anything waiting on the future runs, while it is in the receive buffer.
    private void complete(final Pending pending, final Reply reply)
    {
        final Object result;
        try
        {
            result = pending.decoder.decode(reply);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            // A length or a count in the reply points past its end.
            counters.increment(NodeCounter.MALFORMED);
            pending.future.completeExceptionally(new IllegalStateException("malformed reply (template " +
                reply.templateId() + ") to " + pending.what + " (request " + pending.requestId + "): " +
                ex.getMessage(), ex));
            return;
        }
        catch (final RuntimeException ex)
        {
            pending.future.completeExceptionally(ex);
            return;
        }
        pending.future.complete(result);
    }

    // A message of wire version 1: the cluster's members run an older MemFabric, which cannot read this client's
    // messages (it answers them with ERRORs of its own version). Nothing can succeed until they are upgraded.
    private void onLegacy(final DirectBuffer buffer, final int offset, final int length)
    {
        if (refused != null)
        {
            return;
        }
        final String answer = legacyError(buffer, offset, length);
        refuse(new ClusterVersionException("the cluster at " + config.endpoints().clientSetting() +
            " speaks MemFabric wire version " + Wire.LEGACY_VERSION + " and this client wire version " +
            Wire.VERSION + ": upgrade the cluster's members (see consensus/PROTOCOL.md, Upgrading)" +
            (answer == null ? "" : "; it answered " + answer)));
    }

    /**
     * @param buffer holds a message of wire version 1.
     * @param offset where it starts.
     * @param length its length.
     * @return the code and text of the ERROR it is, or {@code null} if it is no ERROR.
     */
    private static String legacyError(final DirectBuffer buffer, final int offset, final int length)
    {
        if ((buffer.getShort(offset, LITTLE_ENDIAN) & 0xFFFF) != LEGACY_ERROR_TEMPLATE_ID ||
            length < LEGACY_ERROR_TEXT_OFFSET)
        {
            return null;
        }
        final int code = buffer.getInt(offset + LEGACY_ERROR_CODE_OFFSET, LITTLE_ENDIAN);
        final int textLength = buffer.getInt(offset + LEGACY_ERROR_CODE_OFFSET + Integer.BYTES, LITTLE_ENDIAN);
        final String text = textLength >= 0 && textLength <= length - LEGACY_ERROR_TEXT_OFFSET ?
            buffer.getStringWithoutLengthUtf8(offset + LEGACY_ERROR_TEXT_OFFSET, textLength) : "(unreadable text)";
        return "ERROR " + ConsensusException.codeName(code) + ": " + text;
    }

    private final class Listener implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            onEgress(buffer, offset, length);
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            // What was in flight went to the old leader and may be lost: send it to the new one now rather than at
            // the next resend interval. The service applies each request id once.
            newLeader = true;
            leaderChanges++;
            counters.increment(NodeCounter.FAILOVERS);
            lastLeaderChangeNs = System.nanoTime();
        }
    }

    private static final class Pending
    {
        final long requestId;
        final String what;
        final byte[] bytes;
        final UnsafeBuffer buffer;
        final long deadlineNs;
        final ReplyDecoder<?> decoder;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        long sentNs;
        boolean oneWay;

        Pending(
            final long requestId,
            final String what,
            final byte[] bytes,
            final long deadlineNs,
            final ReplyDecoder<?> decoder)
        {
            this.requestId = requestId;
            this.what = what;
            this.bytes = bytes;
            this.buffer = new UnsafeBuffer(bytes);
            this.deadlineNs = deadlineNs;
            this.decoder = decoder;
        }
    }

    /**
     * Makes the result of a request from its reply, on the client thread, while the reply is in the receive buffer.
     *
     * @param <T> the result's type.
     */
    @FunctionalInterface
    public interface ReplyDecoder<T>
    {
        /**
         * @param reply the reply: valid only during the call ({@link Reply#copy()} keeps it).
         * @return the result the request's future completes with.
         * @throws RuntimeException to fail the request's future with, e.g. a {@link ConsensusException} for an
         *                          ERROR reply.
         */
        T decode(Reply reply);
    }

    /**
     * A message from the cluster. The client hands pushes and {@link ReplyDecoder}s a view of its receive buffer,
     * valid only during the call; {@link #copy()} makes one to keep.
     */
    public static final class Reply
    {
        private final UnsafeBuffer buffer;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();

        Reply()
        {
            this(new UnsafeBuffer());
        }

        private Reply(final UnsafeBuffer buffer)
        {
            this.buffer = buffer;
            header.wrap(buffer, 0);
        }

        Reply wrap(final DirectBuffer source, final int offset, final int length)
        {
            buffer.wrap(source, offset, length);
            header.wrap(buffer, 0);
            return this;
        }

        static Reply copyOf(final DirectBuffer source, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            source.getBytes(offset, bytes);
            return new Reply(new UnsafeBuffer(bytes));
        }

        /**
         * @return a copy of this message, valid for good.
         */
        public Reply copy()
        {
            return copyOf(buffer, 0, buffer.capacity());
        }

        /**
         * @return the message's template id.
         */
        public int templateId()
        {
            return header.templateId();
        }

        /**
         * @return the wire version it was written with (it may be newer than this client's).
         */
        public int version()
        {
            return header.version();
        }

        /**
         * @return the length of its root block (longer than this client knows in a newer version).
         */
        public int blockLength()
        {
            return header.blockLength();
        }

        /**
         * @return whether it answers a request (else it is a push).
         */
        public boolean isResponse()
        {
            // Responses are templates 101-199 and start their body with the request id; pushes are 201 and up.
            final int templateId = templateId();
            return templateId > 100 && templateId < 200;
        }

        /**
         * @return the request id it answers.
         */
        public long requestId()
        {
            return buffer.getLong(Wire.HEADER_LENGTH, LITTLE_ENDIAN);
        }

        /**
         * @return the whole message, header first, at offset 0.
         */
        public DirectBuffer buffer()
        {
            return buffer;
        }

        /**
         * Wraps a decoder around the message's body, with the block length and version of its header.
         *
         * @param decoder a decoder of the message's template.
         * @param <D>     its type.
         * @return the decoder, wrapped.
         * @throws IllegalStateException if the message is another template's, or its block is too short.
         */
        public <D extends MessageDecoderFlyweight> D decode(final D decoder)
        {
            if (templateId() != decoder.sbeTemplateId())
            {
                throw new IllegalStateException("unexpected reply template " + templateId() + " (expected " +
                    decoder.sbeTemplateId() + ")");
            }
            // A message of this client's version or a newer one holds at least every field this client knows.
            if (version() >= Wire.VERSION && blockLength() < decoder.sbeBlockLength())
            {
                throw new IllegalStateException("malformed reply: template " + templateId() + " with a block of " +
                    blockLength() + " bytes, less than the " + decoder.sbeBlockLength() + " of its fields");
            }
            decoder.wrap(buffer, Wire.HEADER_LENGTH, blockLength(), version());
            return decoder;
        }
    }
}
