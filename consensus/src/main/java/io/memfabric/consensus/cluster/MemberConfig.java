/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.File;
import java.util.concurrent.TimeUnit;

import io.memfabric.FabricErrorHandler;

import io.memfabric.ErrorHandlers;
import io.memfabric.FabricConfigurationException;
import io.memfabric.IdleSetting;

/**
 * Settings of one cluster member, shaped like an Aeron context: a fluent accessor per setting, option names and
 * defaults in the nested {@link Configuration}, checked once by {@link #conclude()}, and a {@link FabricErrorHandler}.
 * <p>
 * The defaults suit agents on shared hosts, not Aeron's production defaults: a 700 ms leader heartbeat timeout and a
 * 300 ms election timeout (Aeron's are 10 s and 1 s) so a new leader serves well within 2 s of a leader's death; the
 * price is that a leader paused for longer than 700 ms (a long GC pause, a starved CPU) loses its leadership, which
 * clients ride out by resending. Sleeping idle strategies let three members and their clients fit on two cores;
 * busy-spin is an opt-in for hosts with cores to spare.
 */
public final class MemberConfig
{
    /**
     * The names of the member's options and the defaults of its settings.
     */
    public static final class Configuration
    {
        /**
         * Default leader heartbeat timeout: after this long without a heartbeat, followers elect a new leader.
         */
        public static final long LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT = 700;
        /**
         * Default leader heartbeat interval.
         */
        public static final long LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT = 100;
        /**
         * Default election timeout.
         */
        public static final long ELECTION_TIMEOUT_MS_DEFAULT = 300;
        /**
         * Default time members wait for each other at start.
         */
        public static final long STARTUP_CANVASS_TIMEOUT_MS_DEFAULT = 2000;
        /**
         * Default time after which the cluster closes a silent client session.
         */
        public static final long SESSION_TIMEOUT_MS_DEFAULT = 5000;
        /**
         * Default of how members wait for work: frugal, for shared cores.
         */
        public static final IdleSetting IDLE_DEFAULT = IdleSetting.ADAPTIVE;

        /**
         * Member option setting the leader heartbeat timeout, in ms.
         */
        public static final String HEARTBEAT_TIMEOUT_OPTION = "--heartbeat-timeout-ms";
        /**
         * Member option setting the leader heartbeat interval, in ms.
         */
        public static final String HEARTBEAT_INTERVAL_OPTION = "--heartbeat-interval-ms";
        /**
         * Member option setting the election timeout, in ms.
         */
        public static final String ELECTION_TIMEOUT_OPTION = "--election-timeout-ms";
        /**
         * Member option setting how the member waits for work: {@code sleeping}, {@code backoff} or {@code busy_spin}.
         */
        public static final String IDLE_OPTION = "--idle";
        /**
         * The largest timeout the options accept: beyond a minute a dead leader would go unnoticed for too long to be
         * anything but a mistake.
         */
        public static final long TIMEOUT_MS_MAX = 60_000;

        /**
         * No parent to watch.
         */
        public static final long NO_PARENT = -1;

        private Configuration()
        {
        }
    }

    private int memberId = -1;
    private ClusterEndpoints endpoints;
    private File dir;
    private boolean cleanStart;
    private IdleSetting idle = Configuration.IDLE_DEFAULT;
    private long leaderHeartbeatTimeoutMs = Configuration.LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT;
    private long leaderHeartbeatIntervalMs = Configuration.LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT;
    private long electionTimeoutMs = Configuration.ELECTION_TIMEOUT_MS_DEFAULT;
    private long startupCanvassTimeoutMs = Configuration.STARTUP_CANVASS_TIMEOUT_MS_DEFAULT;
    private long sessionTimeoutMs = Configuration.SESSION_TIMEOUT_MS_DEFAULT;
    private String aeronDir;
    private String clusterId;
    private long parentPid = Configuration.NO_PARENT;
    private File secretFile;
    private FabricErrorHandler errorHandler;

    /**
     * Checks the settings and derives the rest.
     *
     * @return this.
     * @throws FabricConfigurationException naming the first bad setting.
     */
    public MemberConfig conclude()
    {
        if (endpoints == null)
        {
            throw new FabricConfigurationException("no cluster members given (--members host:port,host:port,...)");
        }
        if (memberId < 0 || memberId >= endpoints.size())
        {
            throw new FabricConfigurationException("member id " + memberId + " is not one of the " + endpoints.size() +
                " members (0.." + (endpoints.size() - 1) + ")");
        }
        if (dir == null)
        {
            throw new FabricConfigurationException("no member directory given (--dir path)");
        }
        if (leaderHeartbeatIntervalMs < 1 || electionTimeoutMs < 1)
        {
            throw new FabricConfigurationException("the leader heartbeat interval (" + leaderHeartbeatIntervalMs +
                " ms) and the election timeout (" + electionTimeoutMs + " ms) must be at least 1 ms");
        }
        if (clusterId != null)
        {
            ClusterId.check(clusterId);
        }
        if (leaderHeartbeatIntervalMs * 3 > leaderHeartbeatTimeoutMs)
        {
            throw new FabricConfigurationException("the leader heartbeat interval (" + leaderHeartbeatIntervalMs +
                " ms) must be at most a third of its timeout (" + leaderHeartbeatTimeoutMs + " ms)");
        }
        if (idle == null)
        {
            throw new FabricConfigurationException("idle is not set: give adaptive, sleeping, backoff or busy_spin (" +
                Configuration.IDLE_OPTION + ")");
        }
        if (aeronDir == null)
        {
            aeronDir = defaultAeronDir();
        }
        if (errorHandler == null)
        {
            errorHandler = ErrorHandlers.logging("member-" + memberId);
        }
        if (secretFile != null)
        {
            SharedSecret.fromFile(secretFile.toPath());
        }
        return this;
    }

    /**
     * @return the file holding the secret clients must prove to connect, or {@code null}: any client that reaches
     * the member's ingress may connect.
     */
    public File secretFile()
    {
        return secretFile;
    }

    /**
     * @param secretFile see {@link #secretFile()}.
     * @return this.
     */
    public MemberConfig secretFile(final File secretFile)
    {
        this.secretFile = secretFile;
        return this;
    }

    private String defaultAeronDir()
    {
        final File shm = new File("/dev/shm");
        final String name = "memfabric-member-" + memberId + "-" +
            Integer.toHexString(dir.getAbsolutePath().hashCode());
        return (shm.isDirectory() ? new File(shm, name) : new File(dir, "aeron")).getAbsolutePath();
    }

    public int memberId()
    {
        return memberId;
    }

    public MemberConfig memberId(final int memberId)
    {
        this.memberId = memberId;
        return this;
    }

    public ClusterEndpoints endpoints()
    {
        return endpoints;
    }

    public MemberConfig endpoints(final ClusterEndpoints endpoints)
    {
        this.endpoints = endpoints;
        return this;
    }

    public File dir()
    {
        return dir;
    }

    public MemberConfig dir(final File dir)
    {
        this.dir = dir;
        return this;
    }

    /**
     * @return whether the member deletes its cluster log, archive and snapshots at start.
     */
    public boolean cleanStart()
    {
        return cleanStart;
    }

    public MemberConfig cleanStart(final boolean cleanStart)
    {
        this.cleanStart = cleanStart;
        return this;
    }

    /**
     * @return how the member's agents and its media driver wait for work.
     */
    public IdleSetting idle()
    {
        return idle;
    }

    public MemberConfig idle(final IdleSetting idle)
    {
        this.idle = idle;
        return this;
    }

    /**
     * @return where the member's own errors go: a request the service failed on (answered INTERNAL on every
     * replica), a failure of its status endpoint. Aeron's components (driver, archive, consensus module, service
     * container) keep theirs in the error log of the member's media driver, which {@code AeronStat}'s error reader
     * and {@code fabric stat} show. {@link ErrorHandlers#logging(String)} unless set.
     */
    public FabricErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler see {@link #errorHandler()}.
     * @return this.
     */
    public MemberConfig errorHandler(final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    public long leaderHeartbeatTimeoutMs()
    {
        return leaderHeartbeatTimeoutMs;
    }

    public long leaderHeartbeatTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(leaderHeartbeatTimeoutMs);
    }

    public MemberConfig leaderHeartbeatTimeoutMs(final long ms)
    {
        this.leaderHeartbeatTimeoutMs = ms;
        return this;
    }

    public long leaderHeartbeatIntervalMs()
    {
        return leaderHeartbeatIntervalMs;
    }

    public long leaderHeartbeatIntervalNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(leaderHeartbeatIntervalMs);
    }

    public MemberConfig leaderHeartbeatIntervalMs(final long ms)
    {
        this.leaderHeartbeatIntervalMs = ms;
        return this;
    }

    public long electionTimeoutMs()
    {
        return electionTimeoutMs;
    }

    public long electionTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(electionTimeoutMs);
    }

    public MemberConfig electionTimeoutMs(final long ms)
    {
        this.electionTimeoutMs = ms;
        return this;
    }

    public long startupCanvassTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(startupCanvassTimeoutMs);
    }

    public MemberConfig startupCanvassTimeoutMs(final long ms)
    {
        this.startupCanvassTimeoutMs = ms;
        return this;
    }

    public long sessionTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMs);
    }

    public MemberConfig sessionTimeoutMs(final long ms)
    {
        this.sessionTimeoutMs = ms;
        return this;
    }

    /**
     * @return the media driver directory; under /dev/shm by default.
     */
    public String aeronDir()
    {
        return aeronDir;
    }

    public MemberConfig aeronDir(final String aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    /**
     * @return the id of the cluster this member belongs to, which it reports to {@code cluster status}; {@code null}
     * when none was given (a member inside a test JVM).
     */
    public String clusterId()
    {
        return clusterId;
    }

    public MemberConfig clusterId(final String clusterId)
    {
        this.clusterId = clusterId;
        return this;
    }

    /**
     * @return the pid of the process that started this member, which the member outlives by at most about a second,
     * or {@link Configuration#NO_PARENT}.
     */
    public long parentPid()
    {
        return parentPid;
    }

    public MemberConfig parentPid(final long parentPid)
    {
        this.parentPid = parentPid;
        return this;
    }
}
