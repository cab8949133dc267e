/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import io.memfabric.transport.causal.CausalListener;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every setting of a {@link DataPlane}, with defaults; {@link #conclude()} validates them once, with messages that
 * name the setting, the bad value and what to do. {@link #fromProperties(Properties)} is the only place that reads
 * the {@code memfabric.transport.*} system properties.
 */
public final class TransportContext
{
    /** This node's id, unique in its group: {@code memfabric.transport.node}. */
    public static final String NODE_PROP = "memfabric.transport.node";
    /** Where this node receives UDP, {@code host:port}; absent means IPC only: {@code memfabric.transport.endpoint}. */
    public static final String ENDPOINT_PROP = "memfabric.transport.endpoint";
    /** An existing media driver's directory to use; absent means an embedded driver: {@code memfabric.transport.aeron.dir}. */
    public static final String AERON_DIR_PROP = "memfabric.transport.aeron.dir";
    /** {@code sleeping}, {@code backoff} (default) or {@code busy_spin}: {@code memfabric.transport.idle}. */
    public static final String IDLE_PROP = "memfabric.transport.idle";
    /** UDP MTU in bytes (default 8192; up to 65504 on loopback): {@code memfabric.transport.mtu}. */
    public static final String MTU_PROP = "memfabric.transport.mtu";
    /** Term length of each publication (default 8 MiB, a power of two): {@code memfabric.transport.term.length}. */
    public static final String TERM_LENGTH_PROP = "memfabric.transport.term.length";
    /**
     * Receiver window and UDP socket buffers in bytes (default 1 MiB; the OS caps socket buffers at
     * net.core.rmem_max): {@code memfabric.transport.window}.
     */
    public static final String WINDOW_PROP = "memfabric.transport.window";
    /** How long a page transfer may take before it fails (default 10000 ms): {@code memfabric.transport.page.timeout.ms}. */
    public static final String PAGE_TIMEOUT_PROP = "memfabric.transport.page.timeout.ms";
    /** How long a send waits for room before it fails (default 5000 ms): {@code memfabric.transport.send.timeout.ms}. */
    public static final String SEND_TIMEOUT_PROP = "memfabric.transport.send.timeout.ms";

    static final int DEFAULT_STREAM_ID = 4401;
    static final int DEFAULT_MTU = 8192;
    static final int DEFAULT_TERM_LENGTH = 8 * 1024 * 1024;
    static final int DEFAULT_WINDOW = 1024 * 1024;
    static final long DEFAULT_PAGE_TIMEOUT_MS = 10_000;
    static final long DEFAULT_SEND_TIMEOUT_MS = 5_000;
    static final int DEFAULT_MAX_HELD_MESSAGES = 16_384;
    static final int DEFAULT_MAX_HELD_BYTES = 64 * 1024 * 1024;
    static final int DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;
    static final int DEFAULT_MAX_TRANSFERS = 64;

    private int nodeId = -1;
    private String endpoint;
    private String aeronDirectoryName;
    private boolean launchDriver = true;
    private int streamId = DEFAULT_STREAM_ID;
    private String idle = "backoff";
    private Supplier<IdleStrategy> idleStrategySupplier;
    private boolean useAgentInvoker;
    private int mtu = DEFAULT_MTU;
    private int termLength = DEFAULT_TERM_LENGTH;
    private int receiverWindow = DEFAULT_WINDOW;
    private long pageTimeoutMs = DEFAULT_PAGE_TIMEOUT_MS;
    private long sendTimeoutMs = DEFAULT_SEND_TIMEOUT_MS;
    private int maxHeldMessages = DEFAULT_MAX_HELD_MESSAGES;
    private int maxHeldBytes = DEFAULT_MAX_HELD_BYTES;
    private int maxQueuedBytesPerPeer = DEFAULT_MAX_QUEUED_BYTES;
    private int maxTransfersInFlight = DEFAULT_MAX_TRANSFERS;
    private CausalListener stateListener;
    private MessageListener messageListener;
    private PageSource pageSource;
    private PageSink pageSink;
    private boolean concluded;

    /**
     * Settings from {@code memfabric.transport.*} properties over the defaults.
     *
     * @param properties usually {@link System#getProperties()}.
     * @return a context to complete (listeners, page source) and conclude.
     */
    public static TransportContext fromProperties(final Properties properties)
    {
        final TransportContext ctx = new TransportContext();
        final String node = properties.getProperty(NODE_PROP);
        if (null != node)
        {
            ctx.nodeId(parseInt(NODE_PROP, node));
        }
        ctx.endpoint(properties.getProperty(ENDPOINT_PROP));
        final String dir = properties.getProperty(AERON_DIR_PROP);
        if (null != dir)
        {
            ctx.aeronDirectoryName(dir).launchDriver(false);
        }
        ctx.idle(properties.getProperty(IDLE_PROP, ctx.idle));
        ctx.mtu(parseInt(MTU_PROP, properties.getProperty(MTU_PROP, String.valueOf(DEFAULT_MTU))));
        ctx.termLength(parseInt(TERM_LENGTH_PROP,
            properties.getProperty(TERM_LENGTH_PROP, String.valueOf(DEFAULT_TERM_LENGTH))));
        ctx.receiverWindow(parseInt(WINDOW_PROP,
            properties.getProperty(WINDOW_PROP, String.valueOf(DEFAULT_WINDOW))));
        ctx.pageTimeoutMs(parseInt(PAGE_TIMEOUT_PROP,
            properties.getProperty(PAGE_TIMEOUT_PROP, String.valueOf(DEFAULT_PAGE_TIMEOUT_MS))));
        ctx.sendTimeoutMs(parseInt(SEND_TIMEOUT_PROP,
            properties.getProperty(SEND_TIMEOUT_PROP, String.valueOf(DEFAULT_SEND_TIMEOUT_MS))));
        return ctx;
    }

    /**
     * Checks every setting and fills in what is derived (an embedded driver's directory).
     *
     * @return this.
     * @throws IllegalArgumentException naming the setting, the value and what to do.
     */
    public TransportContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (nodeId < 0)
        {
            throw new IllegalArgumentException(NODE_PROP + " must be set to this node's id, a number >= 0 unique " +
                "in its group; it is " + nodeId);
        }
        if (null != endpoint && !endpoint.matches("[^:\\s]+:\\d{1,5}"))
        {
            throw new IllegalArgumentException(ENDPOINT_PROP + " must be host:port (e.g. 10.0.0.5:40100), not '" +
                endpoint + "'");
        }
        idleStrategy();
        if (mtu < 1408 || mtu > 65504 || (mtu & 31) != 0)
        {
            throw new IllegalArgumentException(MTU_PROP + " must be a multiple of 32 between 1408 and 65504 " +
                "(1408 for real networks, up to 65504 on loopback); it is " + mtu);
        }
        if (termLength < 64 * 1024 || termLength > 1024 * 1024 * 1024 || Integer.bitCount(termLength) != 1)
        {
            throw new IllegalArgumentException(TERM_LENGTH_PROP + " must be a power of two between 64 KiB and " +
                "1 GiB; it is " + termLength);
        }
        if (receiverWindow < 64 * 1024 || receiverWindow > termLength / 2)
        {
            throw new IllegalArgumentException(WINDOW_PROP + " must be between 64 KiB and half the term length (" +
                termLength / 2 + "); it is " + receiverWindow);
        }
        if (pageTimeoutMs <= 0 || sendTimeoutMs <= 0)
        {
            throw new IllegalArgumentException(PAGE_TIMEOUT_PROP + " and " + SEND_TIMEOUT_PROP +
                " must be > 0 ms; they are " + pageTimeoutMs + " and " + sendTimeoutMs);
        }
        if (maxHeldMessages <= 0 || maxHeldBytes <= 0 || maxQueuedBytesPerPeer <= 0 || maxTransfersInFlight <= 0)
        {
            throw new IllegalArgumentException("buffer bounds must be > 0: held messages " + maxHeldMessages +
                ", held bytes " + maxHeldBytes + ", queued bytes per peer " + maxQueuedBytesPerPeer +
                ", transfers in flight " + maxTransfersInFlight);
        }
        if (null == aeronDirectoryName)
        {
            aeronDirectoryName = new File(defaultShmRoot(), "memfabric-dp-" + nodeId + "-" +
                ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .getPath();
            launchDriver = true;
        }
        concluded = true;
        return this;
    }

    /**
     * @return the largest message body a single Aeron frame carries with our header: chunks of pages are this size,
     * so a chunk is never fragmented and reassembled.
     */
    public int chunkLength()
    {
        return mtu - 32 - Frame.HEADER_LENGTH;
    }

    IdleStrategy idleStrategy()
    {
        if (null != idleStrategySupplier)
        {
            return idleStrategySupplier.get();
        }
        switch (idle.toLowerCase(Locale.ROOT))
        {
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            case "backoff":
                return new BackoffIdleStrategy(64, 64, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(500));
            case "busy_spin":
                return new BusySpinIdleStrategy();
            default:
                throw new IllegalArgumentException(IDLE_PROP + " must be sleeping, backoff or busy_spin; it is '" +
                    idle + "'");
        }
    }

    private static File defaultShmRoot()
    {
        final File shm = new File("/dev/shm");
        return shm.isDirectory() && shm.canWrite() ? shm : new File(System.getProperty("java.io.tmpdir"));
    }

    private static int parseInt(final String name, final String value)
    {
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", ex);
        }
    }

    /** @return this node's id. */
    public int nodeId()
    {
        return nodeId;
    }

    /** @param nodeId this node's id, unique in its group. @return this. */
    public TransportContext nodeId(final int nodeId)
    {
        this.nodeId = nodeId;
        return this;
    }

    /** @return the UDP endpoint this node receives on, or null for IPC only. */
    public String endpoint()
    {
        return endpoint;
    }

    /** @param endpoint {@code host:port} to receive UDP on, or null for IPC only. @return this. */
    public TransportContext endpoint(final String endpoint)
    {
        this.endpoint = endpoint;
        return this;
    }

    /** @return the media driver directory. */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param aeronDirectoryName the media driver directory; nodes of one host that share a driver talk over IPC.
     * @return this.
     */
    public TransportContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    /** @return whether the node launches the media driver (true) or connects to a running one. */
    public boolean launchDriver()
    {
        return launchDriver;
    }

    /** @param launchDriver launch the driver in {@link #aeronDirectoryName()} (true) or use a running one. @return this. */
    public TransportContext launchDriver(final boolean launchDriver)
    {
        this.launchDriver = launchDriver;
        return this;
    }

    /** @return the Aeron stream id of the data plane. */
    public int streamId()
    {
        return streamId;
    }

    /** @param streamId the Aeron stream id (every node of a group uses the same). @return this. */
    public TransportContext streamId(final int streamId)
    {
        this.streamId = streamId;
        return this;
    }

    /** @return the idle strategy name. */
    public String idle()
    {
        return idle;
    }

    /** @param idle {@code sleeping}, {@code backoff} or {@code busy_spin}. @return this. */
    public TransportContext idle(final String idle)
    {
        this.idle = idle;
        return this;
    }

    /** @return the idle strategies given in code, or null to use {@link #idle()}. */
    public Supplier<IdleStrategy> idleStrategySupplier()
    {
        return idleStrategySupplier;
    }

    /**
     * @param idleStrategySupplier idle strategies for the node's thread and an embedded driver, overriding
     *                             {@link #idle()} (for embedders that tune their own).
     * @return this.
     */
    public TransportContext idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
    {
        this.idleStrategySupplier = idleStrategySupplier;
        return this;
    }

    /** @return whether the application runs the node's duty cycle ({@link DataPlane#doWork()}). */
    public boolean useAgentInvoker()
    {
        return useAgentInvoker;
    }

    /**
     * @param useAgentInvoker true: the node starts no thread, and the application calls {@link DataPlane#doWork()}
     *                        (from one thread at a time) to receive, deliver and send.
     * @return this.
     */
    public TransportContext useAgentInvoker(final boolean useAgentInvoker)
    {
        this.useAgentInvoker = useAgentInvoker;
        return this;
    }

    /** @return the UDP MTU. */
    public int mtu()
    {
        return mtu;
    }

    /** @param mtu the UDP MTU, a multiple of 32 from 1408 to 65504. @return this. */
    public TransportContext mtu(final int mtu)
    {
        this.mtu = mtu;
        return this;
    }

    /** @return the publications' term length. */
    public int termLength()
    {
        return termLength;
    }

    /** @param termLength the publications' term length, a power of two. @return this. */
    public TransportContext termLength(final int termLength)
    {
        this.termLength = termLength;
        return this;
    }

    /** @return the receiver window and socket buffer length, bytes. */
    public int receiverWindow()
    {
        return receiverWindow;
    }

    /** @param receiverWindow the receiver window and socket buffer length, bytes. @return this. */
    public TransportContext receiverWindow(final int receiverWindow)
    {
        this.receiverWindow = receiverWindow;
        return this;
    }

    /** @return how long a page transfer may take, ms. */
    public long pageTimeoutMs()
    {
        return pageTimeoutMs;
    }

    /** @param pageTimeoutMs how long a page transfer may take before it fails. @return this. */
    public TransportContext pageTimeoutMs(final long pageTimeoutMs)
    {
        this.pageTimeoutMs = pageTimeoutMs;
        return this;
    }

    /** @return how long a send waits for room, ms. */
    public long sendTimeoutMs()
    {
        return sendTimeoutMs;
    }

    /** @param sendTimeoutMs how long a send waits for room before it fails. @return this. */
    public TransportContext sendTimeoutMs(final long sendTimeoutMs)
    {
        this.sendTimeoutMs = sendTimeoutMs;
        return this;
    }

    /** @return the most causal messages held back at once. */
    public int maxHeldMessages()
    {
        return maxHeldMessages;
    }

    /** @param maxHeldMessages the most causal messages held back at once. @return this. */
    public TransportContext maxHeldMessages(final int maxHeldMessages)
    {
        this.maxHeldMessages = maxHeldMessages;
        return this;
    }

    /** @return the most bytes of causal messages held back at once. */
    public int maxHeldBytes()
    {
        return maxHeldBytes;
    }

    /** @param maxHeldBytes the most bytes of causal messages held back at once. @return this. */
    public TransportContext maxHeldBytes(final int maxHeldBytes)
    {
        this.maxHeldBytes = maxHeldBytes;
        return this;
    }

    /** @return the most bytes queued for one slow peer before senders wait. */
    public int maxQueuedBytesPerPeer()
    {
        return maxQueuedBytesPerPeer;
    }

    /** @param maxQueuedBytesPerPeer the most bytes queued for one slow peer before senders wait. @return this. */
    public TransportContext maxQueuedBytesPerPeer(final int maxQueuedBytesPerPeer)
    {
        this.maxQueuedBytesPerPeer = maxQueuedBytesPerPeer;
        return this;
    }

    /** @return the most page transfers this node serves or sends at once. */
    public int maxTransfersInFlight()
    {
        return maxTransfersInFlight;
    }

    /** @param maxTransfersInFlight the most page transfers served or sent at once. @return this. */
    public TransportContext maxTransfersInFlight(final int maxTransfersInFlight)
    {
        this.maxTransfersInFlight = maxTransfersInFlight;
        return this;
    }

    /** @return who receives causal broadcasts, in causal order. */
    public CausalListener stateListener()
    {
        return stateListener;
    }

    /** @param stateListener who receives causal broadcasts, in causal order, on the node's thread. @return this. */
    public TransportContext stateListener(final CausalListener stateListener)
    {
        this.stateListener = stateListener;
        return this;
    }

    /** @return who receives per-peer messages. */
    public MessageListener messageListener()
    {
        return messageListener;
    }

    /** @param messageListener who receives per-peer messages, in each peer's order. @return this. */
    public TransportContext messageListener(final MessageListener messageListener)
    {
        this.messageListener = messageListener;
        return this;
    }

    /** @return where pages other nodes read come from. */
    public PageSource pageSource()
    {
        return pageSource;
    }

    /** @param pageSource where pages other nodes read come from (e.g. the host's page pool). @return this. */
    public TransportContext pageSource(final PageSource pageSource)
    {
        this.pageSource = pageSource;
        return this;
    }

    /** @return where pages other nodes write go. */
    public PageSink pageSink()
    {
        return pageSink;
    }

    /** @param pageSink where pages other nodes write go (e.g. the host's page pool). @return this. */
    public TransportContext pageSink(final PageSink pageSink)
    {
        this.pageSink = pageSink;
        return this;
    }
}
