/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import static io.memfabric.transport.TransportConfig.Configuration.AERON_DIR_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.ENDPOINT_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.IDLE_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.IDLE_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.MAX_HELD_BYTES_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.MAX_HELD_MESSAGES_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.MAX_QUEUED_BYTES_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.MAX_TRANSFERS_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.MTU_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.MTU_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.NODE_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.PAGE_TIMEOUT_MS_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.PAGE_TIMEOUT_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.SEND_TIMEOUT_MS_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.SEND_TIMEOUT_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.STREAM_ID_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.TERM_LENGTH_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.TERM_LENGTH_PROP_NAME;
import static io.memfabric.transport.TransportConfig.Configuration.WINDOW_DEFAULT;
import static io.memfabric.transport.TransportConfig.Configuration.WINDOW_PROP_NAME;

import io.memfabric.transport.causal.CausalListener;
import io.memfabric.ErrorHandlers;
import io.memfabric.FabricConfigurationException;
import io.memfabric.IdleSetting;
import io.memfabric.SettingValues;
import io.memfabric.FabricErrorHandler;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every setting of a {@link DataPlane}, shaped like an Aeron context: a fluent accessor per setting, property names and
 * defaults in the nested {@link Configuration}, checked once by {@link #conclude()} with messages that name the
 * setting, the bad value and what to do, and a {@link FabricErrorHandler} for the errors of the node's own thread.
 * {@link #fromProperties(Properties)} reads the {@code memfabric.transport.*} settings from the properties it is given.
 */
public final class TransportConfig
{
    /**
     * The names of the data plane's settings and their defaults.
     */
    public static final class Configuration
    {
        /** This node's id, unique in its group. */
        public static final String NODE_PROP_NAME = "memfabric.transport.node";
        /** Where this node receives UDP, {@code host:port}; absent means IPC only. */
        public static final String ENDPOINT_PROP_NAME = "memfabric.transport.endpoint";
        /** An existing media driver's directory to use; absent means an embedded driver. */
        public static final String AERON_DIR_PROP_NAME = "memfabric.transport.aeron.dir";
        /** How the node's thread and its embedded driver wait: {@code sleeping}, {@code backoff}, {@code busy_spin}. */
        public static final String IDLE_PROP_NAME = "memfabric.transport.idle";
        /** UDP MTU in bytes, a multiple of 32 (1408 on real networks, up to 65504 on loopback). */
        public static final String MTU_PROP_NAME = "memfabric.transport.mtu";
        /** Term length of each publication, a power of two. */
        public static final String TERM_LENGTH_PROP_NAME = "memfabric.transport.term.length";
        /** Receiver window and UDP socket buffers in bytes (the OS caps socket buffers at net.core.rmem_max). */
        public static final String WINDOW_PROP_NAME = "memfabric.transport.window";
        /** How long a page transfer may take before it fails, in ms. */
        public static final String PAGE_TIMEOUT_PROP_NAME = "memfabric.transport.page.timeout.ms";
        /** How long a send waits for room before it fails, in ms. */
        public static final String SEND_TIMEOUT_PROP_NAME = "memfabric.transport.send.timeout.ms";

        /** Default Aeron stream id of a group. */
        public static final int STREAM_ID_DEFAULT = 4401;
        /** Default idle: pages move in bursts, so the node spins briefly before it parks. */
        public static final IdleSetting IDLE_DEFAULT = IdleSetting.BACKOFF;
        /** Default MTU. */
        public static final int MTU_DEFAULT = 8192;
        /** Default term length: 8 MiB. */
        public static final int TERM_LENGTH_DEFAULT = 8 * 1024 * 1024;
        /** Default receiver window: 1 MiB. */
        public static final int WINDOW_DEFAULT = 1024 * 1024;
        /** Default page transfer timeout. */
        public static final long PAGE_TIMEOUT_MS_DEFAULT = 10_000;
        /** Default send timeout. */
        public static final long SEND_TIMEOUT_MS_DEFAULT = 5_000;
        /** Default bound on messages held back waiting for their causal predecessors. */
        public static final int MAX_HELD_MESSAGES_DEFAULT = 16_384;
        /** Default bound on the bytes of held-back messages. */
        public static final int MAX_HELD_BYTES_DEFAULT = 64 * 1024 * 1024;
        /** Default bound on the bytes queued for one slow peer. */
        public static final int MAX_QUEUED_BYTES_DEFAULT = 16 * 1024 * 1024;
        /** Default bound on page transfers in flight. */
        public static final int MAX_TRANSFERS_DEFAULT = 64;

        private Configuration()
        {
        }
    }

    private int nodeId = -1;
    private String endpoint;
    private String aeronDirectoryName;
    private boolean launchDriver = true;
    private int streamId = STREAM_ID_DEFAULT;
    private IdleSetting idle = IDLE_DEFAULT;
    private FabricErrorHandler errorHandler;
    private boolean useAgentInvoker;
    private int mtu = MTU_DEFAULT;
    private int termLength = TERM_LENGTH_DEFAULT;
    private int receiverWindow = WINDOW_DEFAULT;
    private long pageTimeoutMs = PAGE_TIMEOUT_MS_DEFAULT;
    private long sendTimeoutMs = SEND_TIMEOUT_MS_DEFAULT;
    private int maxHeldMessages = MAX_HELD_MESSAGES_DEFAULT;
    private int maxHeldBytes = MAX_HELD_BYTES_DEFAULT;
    private int maxQueuedBytesPerPeer = MAX_QUEUED_BYTES_DEFAULT;
    private int maxTransfersInFlight = MAX_TRANSFERS_DEFAULT;
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
    public static TransportConfig fromProperties(final Properties properties)
    {
        final TransportConfig ctx = new TransportConfig();
        final String node = properties.getProperty(NODE_PROP_NAME);
        if (null != node)
        {
            ctx.nodeId(wholeInt(NODE_PROP_NAME, node));
        }
        ctx.endpoint(properties.getProperty(ENDPOINT_PROP_NAME));
        final String dir = properties.getProperty(AERON_DIR_PROP_NAME);
        if (null != dir)
        {
            ctx.aeronDirectoryName(dir).launchDriver(false);
        }
        final String idle = properties.getProperty(IDLE_PROP_NAME);
        if (null != idle)
        {
            ctx.idle(IdleSetting.parse(IDLE_PROP_NAME, idle));
        }
        ctx.mtu(wholeInt(MTU_PROP_NAME, properties.getProperty(MTU_PROP_NAME, String.valueOf(MTU_DEFAULT))));
        ctx.termLength(wholeInt(TERM_LENGTH_PROP_NAME,
            properties.getProperty(TERM_LENGTH_PROP_NAME, String.valueOf(TERM_LENGTH_DEFAULT))));
        ctx.receiverWindow(wholeInt(WINDOW_PROP_NAME,
            properties.getProperty(WINDOW_PROP_NAME, String.valueOf(WINDOW_DEFAULT))));
        ctx.pageTimeoutMs(wholeInt(PAGE_TIMEOUT_PROP_NAME,
            properties.getProperty(PAGE_TIMEOUT_PROP_NAME, String.valueOf(PAGE_TIMEOUT_MS_DEFAULT))));
        ctx.sendTimeoutMs(wholeInt(SEND_TIMEOUT_PROP_NAME,
            properties.getProperty(SEND_TIMEOUT_PROP_NAME, String.valueOf(SEND_TIMEOUT_MS_DEFAULT))));
        return ctx;
    }

    /**
     * Checks every setting and fills in what is derived (an embedded driver's directory).
     *
     * @return this.
     * @throws FabricConfigurationException naming the setting, the value and what to do.
     */
    public TransportConfig conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (nodeId < 0)
        {
            throw new FabricConfigurationException(
                NODE_PROP_NAME + " must be set to this node's id, a number >= 0 unique " +
                "in its group; it is " + nodeId);
        }
        if (null != endpoint && !endpoint.matches("[^:\\s]+:\\d{1,5}"))
        {
            throw new FabricConfigurationException(
                ENDPOINT_PROP_NAME + " must be host:port (e.g. 10.0.0.5:40100), not '" +
                endpoint + "'");
        }
        if (null == idle)
        {
            throw new FabricConfigurationException(IDLE_PROP_NAME + " is not set: give adaptive, sleeping, " +
                "backoff or busy_spin");
        }
        if (null == errorHandler)
        {
            errorHandler = ErrorHandlers.logging("data-plane-" + nodeId);
        }
        if (mtu < 1408 || mtu > 65504 || (mtu & 31) != 0)
        {
            throw new FabricConfigurationException(MTU_PROP_NAME + " must be a multiple of 32 between 1408 and 65504 " +
                "(1408 for real networks, up to 65504 on loopback); it is " + mtu);
        }
        if (termLength < 64 * 1024 || termLength > 1024 * 1024 * 1024 || Integer.bitCount(termLength) != 1)
        {
            throw new FabricConfigurationException(
                TERM_LENGTH_PROP_NAME + " must be a power of two between 64 KiB and " +
                "1 GiB; it is " + termLength);
        }
        if (receiverWindow < 64 * 1024 || receiverWindow > termLength / 2)
        {
            throw new FabricConfigurationException(
                WINDOW_PROP_NAME + " must be between 64 KiB and half the term length (" +
                termLength / 2 + "); it is " + receiverWindow);
        }
        if (pageTimeoutMs <= 0 || sendTimeoutMs <= 0)
        {
            throw new FabricConfigurationException(PAGE_TIMEOUT_PROP_NAME + " and " + SEND_TIMEOUT_PROP_NAME +
                " must be > 0 ms; they are " + pageTimeoutMs + " and " + sendTimeoutMs);
        }
        if (maxHeldMessages <= 0 || maxHeldBytes <= 0 || maxQueuedBytesPerPeer <= 0 || maxTransfersInFlight <= 0)
        {
            throw new FabricConfigurationException("buffer bounds must be > 0: held messages " + maxHeldMessages +
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
        return idle.newIdleStrategy();
    }

    private static int wholeInt(final String name, final String value)
    {
        return (int)SettingValues.wholeNumber(name, value, 0, Integer.MAX_VALUE);
    }

    private static File defaultShmRoot()
    {
        final File shm = new File("/dev/shm");
        return shm.isDirectory() && shm.canWrite() ? shm : new File(System.getProperty("java.io.tmpdir"));
    }

    /** @return this node's id. */
    public int nodeId()
    {
        return nodeId;
    }

    /** @param nodeId this node's id, unique in its group. @return this. */
    public TransportConfig nodeId(final int nodeId)
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
    public TransportConfig endpoint(final String endpoint)
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
    public TransportConfig aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    /** @return whether the node launches the media driver (true) or connects to a running one. */
    public boolean launchDriver()
    {
        return launchDriver;
    }

    /**
     * @param launchDriver launch the driver in {@link #aeronDirectoryName()} (true) or use a running one.
     * @return this.
     */
    public TransportConfig launchDriver(final boolean launchDriver)
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
    public TransportConfig streamId(final int streamId)
    {
        this.streamId = streamId;
        return this;
    }

    /** @return how the node's thread and its embedded media driver wait for work. */
    public IdleSetting idle()
    {
        return idle;
    }

    /** @param idle how the node's thread and its embedded media driver wait for work. @return this. */
    public TransportConfig idle(final IdleSetting idle)
    {
        this.idle = idle;
        return this;
    }

    /**
     * @return where errors of the node's own thread go, which have no caller to be thrown to (a listener that failed,
     * a message that could not be read); {@link ErrorHandlers#logging(String)} unless set.
     */
    public FabricErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /** @param errorHandler see {@link #errorHandler()}. @return this. */
    public TransportConfig errorHandler(final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
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
    public TransportConfig useAgentInvoker(final boolean useAgentInvoker)
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
    public TransportConfig mtu(final int mtu)
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
    public TransportConfig termLength(final int termLength)
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
    public TransportConfig receiverWindow(final int receiverWindow)
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
    public TransportConfig pageTimeoutMs(final long pageTimeoutMs)
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
    public TransportConfig sendTimeoutMs(final long sendTimeoutMs)
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
    public TransportConfig maxHeldMessages(final int maxHeldMessages)
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
    public TransportConfig maxHeldBytes(final int maxHeldBytes)
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
    public TransportConfig maxQueuedBytesPerPeer(final int maxQueuedBytesPerPeer)
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
    public TransportConfig maxTransfersInFlight(final int maxTransfersInFlight)
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
    public TransportConfig stateListener(final CausalListener stateListener)
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
    public TransportConfig messageListener(final MessageListener messageListener)
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
    public TransportConfig pageSource(final PageSource pageSource)
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
    public TransportConfig pageSink(final PageSink pageSink)
    {
        this.pageSink = pageSink;
        return this;
    }
}
