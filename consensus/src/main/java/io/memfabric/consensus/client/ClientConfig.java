/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricErrorHandler;

import io.memfabric.ErrorHandlers;
import io.memfabric.FabricConfigurationException;
import io.memfabric.IdleSetting;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.RouteAddress;
import io.memfabric.consensus.cluster.SharedSecret;

/**
 * Settings of a {@link ConsensusClient}, shaped like an Aeron context: a fluent accessor per setting, names and
 * defaults in the nested {@link Configuration}, checked once by {@link #conclude()}, and a {@link FabricErrorHandler}
 * for the errors of the client's own thread. Nothing here reads system properties: the fabric's configuration ({@code
 * FabricConfig}) fills these settings from {@code memfabric.*}.
 */
public final class ClientConfig
{
    /**
     * The defaults of the client's settings.
     */
    public static final class Configuration
    {
        /**
         * Default bound on waiting for a reply before a request fails with {@link ConsensusTimeoutException}.
         */
        public static final long REQUEST_TIMEOUT_MS_DEFAULT = 10_000;

        /**
         * Default time after which an unanswered request is sent again (the service applies it once).
         */
        public static final long RESEND_INTERVAL_MS_DEFAULT = 500;

        /**
         * Default client lease: the cluster releases this client's locks when it has not heard from it for this long.
         */
        public static final long LEASE_TTL_MS_DEFAULT = 5_000;

        /**
         * Default of how the client's thread and its embedded driver wait for work.
         */
        public static final IdleSetting IDLE_DEFAULT = IdleSetting.ADAPTIVE;

        private Configuration()
        {
        }
    }

    private ClusterEndpoints endpoints;
    private String egressChannel;
    private String egressAddress;
    private SharedSecret secret;
    private String aeronDir;
    private long requestTimeoutMs = Configuration.REQUEST_TIMEOUT_MS_DEFAULT;
    private long resendIntervalMs = Configuration.RESEND_INTERVAL_MS_DEFAULT;
    private long leaseTtlMs = Configuration.LEASE_TTL_MS_DEFAULT;
    private long clientId;
    private IdleSetting idle = Configuration.IDLE_DEFAULT;
    private FabricErrorHandler errorHandler;
    private Runnable newLeaderHandler;

    /**
     * Checks the settings and derives the rest; calling it again checks again and changes nothing derived.
     *
     * @return this.
     * @throws FabricConfigurationException naming the first bad setting.
     */
    public ClientConfig conclude()
    {
        if (endpoints == null)
        {
            throw new FabricConfigurationException("no cluster endpoints given: set the members' client endpoints " +
                "(memfabric.cluster=host:port,host:port,host:port)");
        }
        if (requestTimeoutMs <= 0 || resendIntervalMs <= 0 || leaseTtlMs <= 0)
        {
            throw new FabricConfigurationException("timeouts must be positive: requestTimeoutMs=" + requestTimeoutMs +
                " resendIntervalMs=" + resendIntervalMs + " leaseTtlMs=" + leaseTtlMs);
        }
        if (idle == null)
        {
            throw new FabricConfigurationException("idle is not set: give adaptive, sleeping, backoff or busy_spin");
        }
        if (errorHandler == null)
        {
            errorHandler = ErrorHandlers.logging("consensus-client");
        }
        if (clientId == 0)
        {
            clientId = newClientId();
        }
        if (egressChannel == null)
        {
            // Replies must come back across hosts: receive on the address that routes to the cluster, never on
            // localhost unless the cluster is local.
            final String host = egressAddress != null ? egressAddress :
                RouteAddress.towards(endpoints.host(0), endpoints.statusPort(0));
            egressChannel = "aeron:udp?endpoint=" + host + ":0";
        }
        return this;
    }

    private static long newClientId()
    {
        final java.security.SecureRandom random = new java.security.SecureRandom();
        long id;
        do
        {
            id = random.nextLong() & Long.MAX_VALUE;
        }
        while (id == 0);
        return id;
    }

    public ClusterEndpoints endpoints()
    {
        return endpoints;
    }

    public ClientConfig endpoints(final ClusterEndpoints endpoints)
    {
        this.endpoints = endpoints;
        return this;
    }

    /**
     * @return the channel the cluster replies on; by default an ephemeral UDP port on the local address that routes to
     * the cluster (see {@link #egressAddress()}).
     */
    public String egressChannel()
    {
        return egressChannel;
    }

    public ClientConfig egressChannel(final String egressChannel)
    {
        this.egressChannel = egressChannel;
        return this;
    }

    /**
     * @return the local address the cluster is asked to answer on, or {@code null} to take the one that routes to
     * the cluster.
     */
    public String egressAddress()
    {
        return egressAddress;
    }

    /**
     * @param egressAddress the local address (no port) the cluster should answer on; {@code null} for the one that
     *                      routes to the cluster.
     * @return this.
     */
    public ClientConfig egressAddress(final String egressAddress)
    {
        this.egressAddress = egressAddress;
        return this;
    }

    /**
     * @return the secret this client proves to the members, or {@code null} to send none.
     */
    public SharedSecret secret()
    {
        return secret;
    }

    /**
     * @param secret what to prove when the members ask (they do when started with --secret-file).
     * @return this.
     */
    public ClientConfig secret(final SharedSecret secret)
    {
        this.secret = secret;
        return this;
    }

    /**
     * @return the directory of an existing media driver, or {@code null} to embed one.
     */
    public String aeronDir()
    {
        return aeronDir;
    }

    public ClientConfig aeronDir(final String aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    public long requestTimeoutMs()
    {
        return requestTimeoutMs;
    }

    public ClientConfig requestTimeoutMs(final long ms)
    {
        this.requestTimeoutMs = ms;
        return this;
    }

    public long resendIntervalMs()
    {
        return resendIntervalMs;
    }

    public ClientConfig resendIntervalMs(final long ms)
    {
        this.resendIntervalMs = ms;
        return this;
    }

    public long leaseTtlMs()
    {
        return leaseTtlMs;
    }

    public ClientConfig leaseTtlMs(final long ms)
    {
        this.leaseTtlMs = ms;
        return this;
    }

    /**
     * @return how the client's thread and its embedded driver wait for work; match the members' setting.
     */
    public IdleSetting idle()
    {
        return idle;
    }

    public ClientConfig idle(final IdleSetting idle)
    {
        this.idle = idle;
        return this;
    }

    /**
     * @return where errors of the client's own thread and of its embedded media driver go, which have no caller to be
     * thrown to (a push that cannot be read, a failed poll); {@link ErrorHandlers#logging(String)} unless set.
     */
    public FabricErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler see {@link #errorHandler()}.
     * @return this.
     */
    public ClientConfig errorHandler(final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * @return what runs on the client thread when the cluster announces a new leader (pushes the old leader sent just
     * before it failed may be lost), or {@code null}. It must not wait for the cluster.
     */
    public Runnable newLeaderHandler()
    {
        return newLeaderHandler;
    }

    /**
     * @param handler see {@link #newLeaderHandler()}.
     * @return this.
     */
    public ClientConfig newLeaderHandler(final Runnable handler)
    {
        this.newLeaderHandler = handler;
        return this;
    }

    /**
     * @return the client's id: stable across reconnects, random unless set.
     */
    public long clientId()
    {
        return clientId;
    }

    public ClientConfig clientId(final long clientId)
    {
        this.clientId = clientId;
        return this;
    }
}
