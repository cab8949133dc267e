/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import static io.memfabric.consensus.cluster.MemberConfig.Configuration.ELECTION_TIMEOUT_MS_DEFAULT;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.ELECTION_TIMEOUT_OPTION;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.HEARTBEAT_INTERVAL_OPTION;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.HEARTBEAT_TIMEOUT_OPTION;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.IDLE_DEFAULT;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.IDLE_OPTION;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.NO_PARENT;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.TIMEOUT_MS_MAX;

import io.memfabric.IdleSetting;
import io.memfabric.FabricConfigurationException;
import io.memfabric.consensus.FabricClusteredService;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./fabric member start}: runs one cluster member in the foreground until it is stopped (SIGINT/SIGTERM), the
 * cluster terminates it, or the process named by {@code --parent-pid} is no longer its parent. The media driver's
 * directory is under /dev/shm unless {@code --aeron-dir} names one.
 */
public final class MemberMain
{
    /**
     * The command's usage, printed for {@code --help} and after a bad argument.
     */
    public static final String USAGE =
        "Usage: ./fabric member start --id N --members host:port,... --dir D [options]\n" +
        "\n" +
        "Runs one cluster member in the foreground until it gets SIGINT or SIGTERM.\n" +
        "\n" +
        "  --id N                     this member's index in --members (0, 1, 2...)\n" +
        "  --members host:port,...    every member's base port, in id order; the same list on every member\n" +
        "  --dir D                    this member's directory: its log, snapshots and cluster id\n" +
        "  --cluster-id ID            the cluster's name, reported to 'cluster status'; give every member the\n" +
        "                             same one. Default: the id stored in --dir, else a new one stored there.\n" +
        "                             A directory that holds another cluster's id is refused.\n" +
        "  --clean                    discard the member's log and snapshots first\n" +
        "  --idle adaptive|sleeping|backoff|busy_spin\n" +
        "                             how the member waits for work (default adaptive: 20 us parks while\n" +
        "                             requests flow, up to 2 ms at rest; sleeping: 1 ms always)\n" +
        "  " + HEARTBEAT_TIMEOUT_OPTION + " MS    a leader silent this long is replaced (default " +
        LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT + ")\n" +
        "  " + HEARTBEAT_INTERVAL_OPTION + " MS   how often the leader sends heartbeats (default " +
        LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT + "; at most a third of the timeout)\n" +
        "  " + ELECTION_TIMEOUT_OPTION + " MS     how long an election round waits for votes " +
        "(default " + ELECTION_TIMEOUT_MS_DEFAULT + ")\n" +
        "  --aeron-dir PATH           the media driver's directory (default under /dev/shm)\n" +
        "  --secret-file PATH         admit only clients that prove the secret in this file (memfabric.secret or\n" +
        "                             memfabric.secret.file on the client); the same file on every member\n" +
        "  --parent-pid PID           stop within about a second once process PID is no longer this member's\n" +
        "                             parent ('cluster start' passes its own pid)\n" +
        "  --help                     print this and exit\n";

    private MemberMain()
    {
    }

    private static File secretFile(final String path)
    {
        return path == null ? null : new File(path).getAbsoluteFile();
    }

    /**
     * @param args the options above.
     */
    public static void main(final String[] args)
    {
        MemberConfig config = null;
        try
        {
            final CommandLine line = CommandLine.parse("member start", args,
                Set.of("--id", "--members", "--dir", "--idle", "--aeron-dir", "--cluster-id", "--parent-pid",
                "--secret-file",
                HEARTBEAT_TIMEOUT_OPTION, HEARTBEAT_INTERVAL_OPTION,
                ELECTION_TIMEOUT_OPTION),
                Set.of("--clean"));
            if (line.help())
            {
                CommandLine.exitWithUsage(USAGE);
            }
            config = new MemberConfig()
                .memberId(line.integer("--id", -1))
                .endpoints(ClusterEndpoints.parse(line.required("--members")))
                .dir(new File(line.required("--dir")))
                .cleanStart(line.flag("--clean"))
                .idle(IdleSetting.parse(IDLE_OPTION, line.get(
                    IDLE_OPTION, IDLE_DEFAULT.settingName())))
                .aeronDir(line.get("--aeron-dir", null))
                .clusterId(line.get("--cluster-id", null))
                .secretFile(secretFile(line.get("--secret-file", null)))
                .parentPid(line.number("--parent-pid", NO_PARENT, NO_PARENT,
                    Long.MAX_VALUE))
                .leaderHeartbeatTimeoutMs(line.number(HEARTBEAT_TIMEOUT_OPTION,
                    LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT, 1, TIMEOUT_MS_MAX))
                .leaderHeartbeatIntervalMs(line.number(HEARTBEAT_INTERVAL_OPTION,
                    LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT, 1, TIMEOUT_MS_MAX))
                .electionTimeoutMs(line.number(ELECTION_TIMEOUT_OPTION,
                    ELECTION_TIMEOUT_MS_DEFAULT, 1, TIMEOUT_MS_MAX))
                .conclude();
            config.clusterId(ClusterId.claim(config.dir().toPath(), config.clusterId()));
        }
        catch (final IllegalArgumentException | FabricConfigurationException ex)
        {
            CommandLine.exitWithUsageError(ex.getMessage(), USAGE);
            return;
        }
        catch (final IOException ex)
        {
            System.err.println("fabric: member start: " + ex.getMessage());
            System.exit(1);
            return;
        }

        final String name = "member " + config.memberId();
        if (config.parentPid() != NO_PARENT && !ParentWatch.isParent(config.parentPid()))
        {
            System.err.println("fabric: " + name + ": pid " + config.parentPid() + " (--parent-pid) is not this " +
                "process's parent; it has exited, or the pid is wrong");
            System.exit(1);
            return;
        }

        // The barrier is closed last: its shutdown hook waits for that before the JVM may exit, so the exit status is
        // set only once it is closed.
        int status = 0;
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            if (config.parentPid() != NO_PARENT)
            {
                ParentWatch.start(config.parentPid(), name, barrier::signal);
            }
            final int memberId = config.memberId();
            final MemberConfig member = config;
            try (ClusterMember running = ClusterMember.launch(config,
                () -> new FabricClusteredService(memberId, member.errorHandler())))
            {
                System.out.println(name + " started: " + config.endpoints().ingress(config.memberId()) +
                    ", cluster " + config.clusterId() + ", pid " + ProcessHandle.current().pid() + ", dir " +
                    config.dir().getAbsolutePath());
                System.out.flush();
                barrier.await();
                System.out.println(name + " stopping");
            }
            catch (final IllegalStateException ex)
            {
                // A member that cannot start (a port taken since it was checked, a damaged log) says why in one line
                // of its log and exits non-zero, which the launcher reports.
                System.err.println("fabric: " + ex.getMessage());
                ex.printStackTrace();
                status = 1;
            }
        }
        if (status != 0)
        {
            System.exit(status);
        }
    }

}
