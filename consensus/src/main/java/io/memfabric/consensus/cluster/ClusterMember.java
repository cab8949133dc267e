/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.memfabric.consensus.wire.Wire;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One member of the consensus cluster in this process: a media driver, an archive, the consensus module and the
 * service container running the given service, plus a small TCP status responder that tells
 * {@code ./fabric cluster status} the member's role. Closing it stops everything and, for a clean start, removes its
 * driver directory.
 */
public final class ClusterMember implements AutoCloseable
{
    private static final String LOG_CHANNEL = "aeron:udp?term-length=1m";
    private static final String INGRESS_CHANNEL = "aeron:udp?term-length=1m";

    private final MemberConfig config;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final ClusteredService service;
    private final ServerSocket statusSocket;
    private final Thread statusThread;
    private volatile boolean terminated;

    private ClusterMember(final MemberConfig config, final Supplier<ClusteredService> service)
    {
        this.config = config;
        final int id = config.memberId();
        final ClusterEndpoints endpoints = config.endpoints();
        final File clusterDir = new File(config.dir(), "cluster");
        final File archiveDir = new File(config.dir(), "archive");
        final Supplier<IdleStrategy> idle = config.idle().supplier();
        // Where this member receives what it replicates from another member's archive: on its own address, which
        // the others reach (never localhost, unless the whole cluster is local).
        final String replicationChannel = "aeron:udp?endpoint=" + endpoints.host(id) + ":0";

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(config.aeronDir())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            .asyncExecutorIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(config.aeronDir())
            .archiveId(id)
            .archiveDir(archiveDir)
            .controlChannel("aeron:udp?endpoint=" + endpoints.archive(id))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel(replicationChannel)
            .recordingEventsEnabled(false)
            .segmentFileLength(8 * 1024 * 1024)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle::get)
            .deleteArchiveOnStart(config.cleanStart());
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .aeronDirectoryName(config.aeronDir())
            .controlRequestChannel("aeron:ipc?term-length=64k")
            .controlResponseChannel("aeron:ipc?term-length=64k");
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .aeronDirectoryName(config.aeronDir())
            .clusterMemberId(id)
            .clusterMembers(endpoints.aeronClusterMembers())
            .clusterDir(clusterDir)
            .ingressChannel(INGRESS_CHANNEL)
            .logChannel(LOG_CHANNEL)
            .replicationChannel(replicationChannel)
            .archiveContext(archiveClient.clone())
            .idleStrategySupplier(idle::get)
            .leaderHeartbeatTimeoutNs(config.leaderHeartbeatTimeoutNs())
            .leaderHeartbeatIntervalNs(config.leaderHeartbeatIntervalNs())
            .electionTimeoutNs(config.electionTimeoutNs())
            .startupCanvassTimeoutNs(config.startupCanvassTimeoutNs())
            .sessionTimeoutNs(config.sessionTimeoutNs())
            .appVersion(Wire.APP_VERSION)
            .terminationHook(() -> terminated = true)
            .deleteDirOnStart(config.cleanStart());

        this.service = service.get();
        ClusteredMediaDriver launched = null;
        ClusteredServiceContainer launchedContainer = null;
        try
        {
            if (config.secretFile() != null)
            {
                final SharedSecret secret = SharedSecret.fromFile(config.secretFile().toPath());
                consensusContext.authenticatorSupplier(() -> new SharedSecretAuthenticator(secret));
            }
            launched = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            launchedContainer = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(config.aeronDir())
                .clusterDir(clusterDir)
                .archiveContext(archiveClient.clone())
                .clusteredService(this.service)
                .appVersion(Wire.APP_VERSION)
                .idleStrategySupplier(idle::get)
                .terminationHook(() -> terminated = true));
            this.statusSocket = new ServerSocket();
            statusSocket.setReuseAddress(true);
            statusSocket.bind(new InetSocketAddress(InetAddress.getByName(endpoints.host(id)),
                endpoints.statusPort(id)));
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(launchedContainer, launched);
            throw new IllegalStateException("member " + id + " could not start: " + ex, ex);
        }
        this.driver = launched;
        this.container = launchedContainer;
        this.statusThread = new Thread(this::serveStatus, "memfabric-member-" + id + "-status");
        statusThread.setDaemon(true);
        statusThread.start();
    }

    /**
     * Starts a member.
     *
     * @param config  concluded settings.
     * @param service creates the service the member runs.
     * @return the running member.
     */
    public static ClusterMember launch(final MemberConfig config, final Supplier<ClusteredService> service)
    {
        return new ClusterMember(config.conclude(), service);
    }

    /**
     * @return the member's id.
     */
    public int memberId()
    {
        return config.memberId();
    }

    /**
     * @return the member's current role.
     */
    public Cluster.Role role()
    {
        final AtomicCounter counter = driver.consensusModule().context().clusterNodeRoleCounter();
        return counter == null || counter.isClosed() ? Cluster.Role.FOLLOWER : Cluster.Role.get(counter);
    }

    /**
     * @return the member's media driver directory.
     */
    public String aeronDirectory()
    {
        return config.aeronDir();
    }

    /**
     * @return the service this member runs.
     */
    public ClusteredService service()
    {
        return service;
    }

    /**
     * Asks the cluster to take a snapshot (every member writes one); only meaningful on the leader.
     *
     * @return whether the request was accepted (another control action may be in progress).
     */
    public boolean requestSnapshot()
    {
        return ClusterControl.ToggleState.SNAPSHOT.toggle(driver.consensusModule().context().controlToggleCounter());
    }

    /**
     * @return whether the cluster asked this member to terminate.
     */
    public boolean isTerminated()
    {
        return terminated;
    }

    /**
     * @return one line: {@code member <id> <ingress endpoint> pid <pid> [cluster <cluster id>] <ROLE>}
     * ({@link MemberStatus}).
     */
    public String statusLine()
    {
        return MemberStatus.line(config.memberId(), config.endpoints().ingress(config.memberId()),
            ProcessHandle.current().pid(), config.clusterId(), role().name());
    }

    /**
     * Stops the member: service container first, then consensus module, archive and driver.
     */
    public void close()
    {
        CloseHelper.quietClose(statusSocket);
        CloseHelper.closeAll(container, driver);
        if (config.cleanStart())
        {
            IoUtil.delete(new File(config.aeronDir()), true);
        }
    }

    private void serveStatus()
    {
        while (!statusSocket.isClosed())
        {
            try (Socket socket = statusSocket.accept(); OutputStream out = socket.getOutputStream())
            {
                out.write((statusLine() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            catch (final IOException | RuntimeException ex)
            {
                if (statusSocket.isClosed())
                {
                    return;
                }
            }
        }
    }
}
