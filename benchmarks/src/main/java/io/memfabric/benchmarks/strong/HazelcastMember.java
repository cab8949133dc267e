/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.strong;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;

import java.util.concurrent.TimeUnit;

/**
 * The main class of a Hazelcast member JVM of the suite: one member of a cluster on loopback that joins the others
 * by TCP/IP at the ports given (no multicast, no auto-detection, no phone-home), with the CP subsystem on all members
 * when asked. Prints {@code READY <version>} once every member has joined (and CP discovery is done), or
 * {@code REFUSED <why>} and exits with {@link #REFUSED_STATUS} if Hazelcast will not start with this configuration
 * (5.5+ refuses the CP subsystem without an Enterprise license). Runs until SIGTERM, when Hazelcast's shutdown hook
 * terminates the member.
 * <p>
 * Runs on the Hazelcast of its class path: benchmarks.jar's, or the CP peers' (see the {@code strong} suite).
 * <p>
 * Arguments: {@code <clusterName> <port,port,...> <index> <cpMemberCount>}, {@code 0} for no CP subsystem.
 */
public final class HazelcastMember
{
    /**
     * Exit status when Hazelcast refuses the configuration.
     */
    static final int REFUSED_STATUS = 3;

    private static final long JOIN_WAIT_S = 120;

    private HazelcastMember()
    {
    }

    /**
     * @param args the arguments above.
     * @throws InterruptedException if interrupted while waiting for the others.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final String clusterName = args[0];
        final String[] ports = args[1].split(",");
        final int index = Integer.parseInt(args[2]);
        final int cpMembers = Integer.parseInt(args[3]);
        final String version = BuildInfoProvider.getBuildInfo().getVersion();

        final HazelcastInstance member;
        try
        {
            member = Hazelcast.newHazelcastInstance(config(clusterName, ports, index, cpMembers));
        }
        catch (final RuntimeException ex)
        {
            ex.printStackTrace(System.out);
            System.out.println(ProbeOutput.REFUSED + " Hazelcast " + version + " refused to start" +
                (cpMembers > 0 ? " with the CP subsystem (" + cpMembers + " CP members)" : "") + ": " +
                ProbeOutput.describe(ex));
            System.out.flush();
            System.exit(REFUSED_STATUS);
            return;
        }

        final String notReady = awaitOthers(member, ports.length, cpMembers);
        if (null != notReady)
        {
            System.out.println("member " + index + ": " + notReady);
            System.out.flush();
            // Hazelcast's threads would keep a member that is of no use running.
            System.exit(1);
        }
        System.out.println(ProbeOutput.READY + " " + version + " member " + index + " of " + ports.length +
            (cpMembers > 0 ? ", CP subsystem on " + cpMembers + " members" : ""));
        System.out.flush();
        // Hazelcast's threads keep the JVM running until SIGTERM.
    }

    /**
     * @return {@code null} once every member has joined (and CP discovery is done), else what did not happen.
     */
    private static String awaitOthers(final HazelcastInstance member, final int members, final int cpMembers)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_WAIT_S);
        while (member.getCluster().getMembers().size() < members)
        {
            if (System.nanoTime() - deadline > 0)
            {
                return "only " + member.getCluster().getMembers().size() + " of " + members + " members joined in " +
                    JOIN_WAIT_S + " s";
            }
            Thread.sleep(50);
        }
        if (cpMembers > 0 && !member.getCPSubsystem().getCPSubsystemManagementService()
            .awaitUntilDiscoveryCompleted(JOIN_WAIT_S, TimeUnit.SECONDS))
        {
            return "CP discovery did not complete in " + JOIN_WAIT_S + " s";
        }
        return null;
    }

    private static Config config(final String clusterName, final String[] ports, final int index, final int cpMembers)
    {
        final Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.shutdownhook.policy", "TERMINATE");

        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(Integer.parseInt(ports[index])).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (final String port : ports)
        {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }

        if (cpMembers > 0)
        {
            config.getCPSubsystemConfig().setCPMemberCount(cpMembers);
        }
        return config;
    }
}
