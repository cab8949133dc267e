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
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The client of the consensus cluster: asynchronous request/response with correlation by request id.
 * <p>
 * One thread owns the {@link AeronCluster} (which is not thread-safe): it sends what callers queued, polls replies,
 * resends requests left unanswered for {@link ClientConfig#resendIntervalMs()} (the service applies each request
 * id once and answers a repeat from its cache), reconnects to the new leader or a new session after a failover
 * (binding the new session to this client's id again), keeps the client's lease alive, and fails a request that
 * stays unanswered past {@link ClientConfig#requestTimeoutMs()} with a {@link ConsensusTimeoutException}. Callers
 * never block inside the client; they wait on the returned futures, with a bound, or on a {@link Call}.
 * <p>
 * Two ways to send: {@link #send} returns a future (and allocates a copy of the request, its tracking and the
 * future); {@link #call} copies the request into the calling thread's {@link Call}, a slot reused by its every call,
 * and the caller waits on that slot for a primitive result ({@link LongReplyDecoder}), so a thread that waits for
 * each of its requests in turn allocates nothing per request. Messages that get no answer ({@link #post}) are copied
 * into pooled slots.
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

    // The pause before a request refused as OWNED goes again: the owner needs about one round trip to flush.
    private static final long OWNED_RETRY_FIRST_NS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final long OWNED_RETRY_MAX_NS = TimeUnit.MILLISECONDS.toNanos(20);
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
    // Pooled slots for messages without an answer; beyond this many in the client at once, more are made.
    private static final int SPARE_ONE_WAYS = 256;
    private static final long NO_SUBJECT = Long.MIN_VALUE;

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
    private final ThreadLocal<Call> calls = ThreadLocal.withInitial(Call::new);
    private final ManyToManyConcurrentArrayQueue<OneWay> spareOneWays =
        new ManyToManyConcurrentArrayQueue<>(SPARE_ONE_WAYS);
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
                .sharedIdleStrategy(config.idle().newIdleStrategy())
                .asyncExecutorIdleStrategy(config.idle().newIdleStrategy())
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
            connected = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(aeronDir)
                .threadFactory(DAEMON_THREADS)
                .errorHandler(config.errorHandler()::onError));
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
     * @return the Aeron directory of the media driver this client uses (its own embedded one unless
     * {@link ClientConfig#aeronDir} named another), which other Aeron users of the JVM can share; {@code null} for a
     * client without a driver.
     */
    public String aeronDirectoryName()
    {
        return aeronDir;
    }

    /**
     * @return this client's id, stable across reconnects.
     */
    public long clientId()
    {
        return config.clientId();
    }

    /**
     * @return how long a request waits for its reply before it fails, unless its sender gives another bound.
     */
    public long requestTimeoutMs()
    {
        return config.requestTimeoutMs();
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
        final Async pending = new Async(decoder);
        pending.prepare(requestId, what, NO_SUBJECT, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        if (length <= MAX_REQUEST_LENGTH)
        {
            // A copy the client keeps to resend until the request is answered.
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            pending.buffer = new UnsafeBuffer(copy);
            pending.length = length;
        }
        submit(pending, length);
        return (CompletableFuture<T>)pending.future;
    }

    /**
     * Sends an encoded request from the calling thread's {@link Call}, whose reply {@code decoder} decodes in place
     * to a number, on the client thread; the caller then waits on the call ({@link Call#join()},
     * {@link Call#await(long)}) and takes its {@link Call#value()}. The call fails as a future of {@link #send} would:
     * with what the decoder throws, with a {@link ConsensusTimeoutException} after {@code timeoutMs}, or when the
     * client is refused or closed.
     * <p>
     * A thread has one call slot per client, reused by its next call once this one is done or
     * {@link Call#abandon abandoned}: with the request copied into the slot's buffer and the result a primitive, a
     * thread that waits for each of its requests in turn allocates nothing per request. The slot is valid until the
     * thread's next call; a thread that calls again while its call is still out gets a new slot.
     *
     * @param requestId the id encoded in the request.
     * @param what      a name for messages, e.g. "LOCK_ACQUIRE lock ", followed by {@code subject} unless that is
     *                  {@link Long#MIN_VALUE}; made into a string only if the call fails.
     * @param subject   what the request is about, e.g. the lock's id, or {@link Long#MIN_VALUE} for nothing.
     * @param buffer    the encoded request.
     * @param offset    where it starts.
     * @param length    its length.
     * @param timeoutMs how long to wait for the reply.
     * @param decoder   makes the result of the reply.
     * @return the calling thread's call, sent.
     */
    public Call call(
        final long requestId,
        final String what,
        final long subject,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long timeoutMs,
        final LongReplyDecoder decoder)
    {
        Call call = calls.get();
        if (!call.isFree())
        {
            call = new Call();
            calls.set(call);
        }
        call.prepare(requestId, what, subject, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        call.start(decoder);
        if (length <= MAX_REQUEST_LENGTH)
        {
            call.buffer.putBytes(0, buffer, offset, length);
            call.length = length;
        }
        submit(call, length);
        return call;
    }

    // Queues a request for the client thread, or fails it at once.
    private void submit(final Pending pending, final int length)
    {
        requestsSent.incrementAndGet();
        counters.increment(NodeCounter.REQUESTS);
        if (length > MAX_REQUEST_LENGTH)
        {
            pending.fail(new IllegalArgumentException(pending.describe() + " is " + length + " bytes, " +
                "more than the " + MAX_REQUEST_LENGTH + " bytes the cluster takes in one message"));
        }
        else if (refused != null)
        {
            pending.fail(refused);
        }
        else if (!running)
        {
            pending.fail(new IllegalStateException("the consensus client is closed"));
        }
        else if (!submissions.offer(pending))
        {
            pending.fail(new IllegalStateException("the consensus client has " +
                QUEUE_CAPACITY + " requests queued already; wait for replies before sending more"));
        }
    }

    /**
     * Sends an encoded message that gets no answer (an invalidation acknowledgement): it is offered until a
     * publication accepts it, once, and not tracked after that. It is copied into a pooled slot: posting allocates
     * nothing while the client holds fewer than a few hundred posts not yet offered.
     *
     * @param buffer the encoded message.
     * @param offset where it starts.
     * @param length its length.
     */
    public void post(final DirectBuffer buffer, final int offset, final int length)
    {
        OneWay pending = spareOneWays.poll();
        if (pending == null)
        {
            pending = new OneWay(spareOneWays);
        }
        pending.prepare(-nextRequestId(), "one-way", NO_SUBJECT,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs()));
        pending.buffer.putBytes(0, buffer, offset, length);
        pending.length = length;
        if (running && !submissions.offer(pending))
        {
            pending.recycle();
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
        final IdleStrategy idle = config.idle().newIdleStrategy();
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
            config.errorHandler().onError(ex);
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
            pending.fail(cause);
            return;
        }
        // Tracked before it is offered, so nothing that goes wrong while offering can lose its caller.
        if (!pending.oneWay)
        {
            inFlight.put(pending.requestId, pending);
        }
        pending.sentNs = cluster != null && !cluster.isClosed() && offer(pending) ? System.nanoTime() : 0;
        if (pending.oneWay)
        {
            if (pending.sentNs == 0)
            {
                inFlight.put(pending.requestId, pending);
            }
            else
            {
                pending.succeed();
            }
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
            if (pending.notBeforeNs != 0)
            {
                // Refused as OWNED: sent again once its pause is over.
                if (now - pending.notBeforeNs < 0)
                {
                    continue;
                }
                pending.notBeforeNs = 0;
                pending.sentNs = 0;
            }
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
        // Posts are done once a publication took them.
        for (final Iterator<Pending> i = inFlight.values().iterator(); i.hasNext(); )
        {
            final Pending pending = i.next();
            if (pending.oneWay && pending.sentNs != 0)
            {
                i.remove();
                pending.succeed();
            }
        }
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
            pending.fail(new ConsensusTimeoutException("No reply from the cluster at " +
                config.endpoints().clientSetting() + " to " + pending.describe() + " (request " + pending.requestId +
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
        return offer(pending.buffer, 0, pending.length);
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
            pending.fail(cause);
        }
        inFlight.clear();
        submissions.drain(pending -> pending.fail(cause));
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
            final ConsensusException.Reason reason = ConsensusException.reasonOf(reply.decode(errorDecoder).codeRaw());
            if (reason == ConsensusException.Reason.OWNED && retryOwned(inFlight.get(reply.requestId())))
            {
                return;
            }
            if (reason == ConsensusException.Reason.NOT_CONNECTED)
            {
                connectAgain = true;
            }
            else if (reason == ConsensusException.Reason.MALFORMED ||
                reason == ConsensusException.Reason.UNKNOWN_REQUEST ||
                reason == ConsensusException.Reason.UNSUPPORTED_VERSION)
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
                push(reply);
            }
        }
        else
        {
            push(reply);
        }
    }

    // Another client owns what the request touches and was asked to flush it: the request goes again under a new id
    // after a short pause, longer at each refusal, until it is answered otherwise or its deadline passes. A request
    // the client keeps no copy of (too long) fails with OWNED instead.
    private boolean retryOwned(final Pending pending)
    {
        if (pending == null || pending.buffer == null || pending.oneWay)
        {
            return false;
        }
        inFlight.remove(pending.requestId);
        final long requestId = nextRequestId();
        pending.buffer.putLong(Wire.HEADER_LENGTH + Long.BYTES, requestId, LITTLE_ENDIAN);
        pending.requestId = requestId;
        pending.notBeforeNs = System.nanoTime() +
            Math.min(OWNED_RETRY_MAX_NS, OWNED_RETRY_FIRST_NS << Math.min(pending.ownedRetries, 8));
        pending.ownedRetries++;
        inFlight.put(requestId, pending);
        counters.increment(NodeCounter.OWNED_RETRIES);
        return true;
    }

    // A listener that fails on one push must not stop the thread that serves every request of this JVM.
    private void push(final Reply reply)
    {
        try
        {
            pushes.accept(reply);
        }
        catch (final RuntimeException ex)
        {
            config.errorHandler().onError(ex);
        }
    }

    // The reply is decoded before anything waiting on the request runs, while it is in the receive buffer.
    private void complete(final Pending pending, final Reply reply)
    {
        try
        {
            pending.decode(reply);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            // A length or a count in the reply points past its end.
            counters.increment(NodeCounter.MALFORMED);
            pending.fail(new IllegalStateException("malformed reply (template " + reply.templateId() + ") to " +
                pending.describe() + " (request " + pending.requestId + "): " + ex.getMessage(), ex));
            return;
        }
        catch (final RuntimeException ex)
        {
            pending.fail(ex);
            return;
        }
        pending.succeed();
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
            final Runnable handler = config.newLeaderHandler();
            if (handler != null)
            {
                try
                {
                    handler.run();
                }
                catch (final RuntimeException ex)
                {
                    config.errorHandler().onError(ex);
                }
            }
        }
    }

    /**
     * A request the client thread tracks until it is answered (resending it meanwhile) or fails: its copy, its name
     * for messages and how its caller learns the outcome.
     */
    abstract static class Pending
    {
        long requestId;
        String what;
        long subject;
        MutableDirectBuffer buffer;
        int length;
        long deadlineNs;
        long sentNs;
        boolean oneWay;
        // Refused as OWNED: how often, and when it may go again (0: not waiting for that).
        int ownedRetries;
        long notBeforeNs;

        void prepare(final long requestId, final String what, final long subject, final long deadlineNs)
        {
            this.requestId = requestId;
            this.what = what;
            this.subject = subject;
            this.deadlineNs = deadlineNs;
            this.sentNs = 0;
            this.ownedRetries = 0;
            this.notBeforeNs = 0;
        }

        String describe()
        {
            return subject == NO_SUBJECT ? what : what + subject;
        }

        // On the client thread, while the reply is in the receive buffer; throws to fail the request.
        abstract void decode(Reply reply);

        // After decode, or once a post was offered: the request is done and no longer tracked.
        abstract void succeed();

        abstract void fail(RuntimeException cause);
    }

    // A request of send: its future completes with what its decoder makes of the reply.
    private static final class Async extends Pending
    {
        final ReplyDecoder<?> decoder;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        Object result;

        Async(final ReplyDecoder<?> decoder)
        {
            this.decoder = decoder;
        }

        void decode(final Reply reply)
        {
            result = decoder.decode(reply);
        }

        void succeed()
        {
            future.complete(result);
        }

        void fail(final RuntimeException cause)
        {
            future.completeExceptionally(cause);
        }
    }

    // A message of post, in a slot that goes back to the pool once it was offered (or dropped).
    private static final class OneWay extends Pending
    {
        private final ManyToManyConcurrentArrayQueue<OneWay> spares;

        OneWay(final ManyToManyConcurrentArrayQueue<OneWay> spares)
        {
            this.spares = spares;
            buffer = new ExpandableArrayBuffer(64);
            oneWay = true;
        }

        void decode(final Reply reply)
        {
        }

        void succeed()
        {
            recycle();
        }

        void fail(final RuntimeException cause)
        {
            recycle();
        }

        void recycle()
        {
            spares.offer(this);
        }
    }

    /**
     * A request of {@link #call}: a slot of the calling thread's, reused by its next call, that holds the request's
     * copy and, once done, its result as a number or its failure. The caller waits for it with {@link #join()} or
     * {@link #await(long)}, or gives up on it with {@link #abandon}.
     */
    public static final class Call extends Pending
    {
        private static final int FREE = 0;
        private static final int WAITING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;
        private static final AtomicIntegerFieldUpdater<Call> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Call.class, "state");

        private volatile int state = FREE;
        private LongReplyDecoder decoder;
        private Thread waiter;
        private long value;
        private RuntimeException failure;
        private LongConsumer late;

        Call()
        {
            buffer = new ExpandableArrayBuffer(128);
        }

        // Whether the slot may take the next call: not out, not abandoned to the client thread.
        boolean isFree()
        {
            final int current = state;
            return current == FREE || current == DONE;
        }

        void start(final LongReplyDecoder decoder)
        {
            this.decoder = decoder;
            this.waiter = Thread.currentThread();
            this.failure = null;
            this.late = null;
            this.value = 0;
            state = WAITING;
        }

        void decode(final Reply reply)
        {
            value = decoder.decode(reply);
        }

        void succeed()
        {
            finish(null);
        }

        void fail(final RuntimeException cause)
        {
            finish(cause);
        }

        private void finish(final RuntimeException cause)
        {
            failure = cause;
            final Thread thread = waiter;
            if (STATE.compareAndSet(this, WAITING, DONE))
            {
                // From here on the caller may reuse the slot.
                LockSupport.unpark(thread);
            }
            else if (cause == null && late != null)
            {
                runLate();
            }
        }

        private void runLate()
        {
            try
            {
                late.accept(value);
            }
            catch (final RuntimeException ignore)
            {
                // Nobody waits for it any more: as a dependent of a future that failed, the failure goes nowhere.
            }
        }

        /**
         * @return whether the reply came (or the call failed).
         */
        public boolean isDone()
        {
            return state == DONE;
        }

        /**
         * Waits for the reply, parked, at most {@code timeoutNs}; an interrupt does not end the wait, and the
         * thread's interrupt status is kept.
         *
         * @param timeoutNs the longest wait.
         * @return whether the call is done.
         * @throws IllegalStateException if the call was abandoned.
         */
        public boolean await(final long timeoutNs)
        {
            if (state == ABANDONED)
            {
                throw new IllegalStateException("the call was abandoned");
            }
            final long deadlineNs = System.nanoTime() + timeoutNs;
            boolean interrupted = false;
            while (state == WAITING)
            {
                final long remainingNs = deadlineNs - System.nanoTime();
                if (remainingNs <= 0)
                {
                    break;
                }
                LockSupport.parkNanos(this, remainingNs);
                if (Thread.interrupted())
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
            return state == DONE;
        }

        /**
         * Waits for the reply (the client fails the call after its timeout) and returns its result.
         *
         * @return what the call's decoder made of the reply.
         * @throws RuntimeException what the call failed with: a {@link ConsensusException} for an error reply, a
         *                          {@link ConsensusTimeoutException}, a {@link ClusterRefusedException}, a
         *                          {@link ClusterVersionException}, an {@link IllegalStateException} (the client
         *                          closed, or a malformed reply) or an {@link IllegalArgumentException}.
         */
        public long join()
        {
            await(Long.MAX_VALUE);
            return value();
        }

        /**
         * @return what the call's decoder made of the reply.
         * @throws RuntimeException what the call failed with (see {@link #join()}).
         * @throws IllegalStateException if the call is not done.
         */
        public long value()
        {
            if (state != DONE)
            {
                throw new IllegalStateException("the call is not done");
            }
            if (failure != null)
            {
                throw failure;
            }
            return value;
        }

        /**
         * Gives up waiting: the slot stays with the client thread until the call ends, and the calling thread's next
         * call gets a new slot.
         *
         * @param late given the result if the call still succeeds (on the client thread, or on this thread if it
         *             succeeded already), e.g. to release a lock granted after all; {@code null} for nothing.
         */
        public void abandon(final LongConsumer late)
        {
            this.late = late;
            if (!STATE.compareAndSet(this, WAITING, ABANDONED) && state == DONE && failure == null && late != null)
            {
                runLate();
            }
        }
    }

    /**
     * Makes the result of a {@link #call} from its reply, on the client thread, while the reply is in the receive
     * buffer: a number, so that nothing is allocated for it.
     */
    @FunctionalInterface
    public interface LongReplyDecoder
    {
        /**
         * @param reply the reply: valid only during the call.
         * @return the call's result.
         * @throws RuntimeException to fail the call with, e.g. a {@link ConsensusException} for an ERROR reply.
         */
        long decode(Reply reply);
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
