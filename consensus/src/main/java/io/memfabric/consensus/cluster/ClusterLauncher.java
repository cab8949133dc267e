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
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT;
import static io.memfabric.consensus.cluster.MemberConfig.Configuration.TIMEOUT_MS_MAX;

import io.memfabric.FabricConfigurationException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./fabric cluster start}: starts member processes on localhost and stays in the foreground while they run.
 * It checks every port first and starts nothing if one is taken; records its processes in the cluster directory's
 * {@link PidFile} for {@code cluster stop}; fails at once, naming the member, its exit status and its log, when a
 * member dies; and its members stop by themselves when it dies, even by SIGKILL ({@link ParentWatch}). Stopping it
 * (Ctrl-C, SIGTERM, {@code cluster stop}) stops every member.
 */
public final class ClusterLauncher
{
    /**
     * Default number of members.
     */
    public static final int MEMBERS_DEFAULT = 3;
    /**
     * Default base port of member 0.
     */
    public static final int PORT_DEFAULT = 20000;
    /**
     * Default cluster directory.
     */
    public static final String DIR_DEFAULT = "target/cluster";
    /**
     * How long the members have to elect a leader.
     */
    public static final long LEADER_WAIT_MS = 30_000;
    /**
     * How long a member has to stop after SIGTERM before it is killed.
     */
    public static final long STOP_GRACE_MS = 10_000;
    /**
     * The name of each member's log file in its directory.
     */
    public static final String LOG_NAME = "member.log";

    /**
     * The command's usage, printed for {@code --help} and after a bad argument.
     */
    public static final String USAGE =
        "Usage: ./fabric cluster start [--members 3] [--dir D] [--port 20000] [--clean] [timeouts]\n" +
        "\n" +
        "Starts a local cluster, one process per member, in the foreground; prints each member's pid and log, the\n" +
        "cluster id, the leader and the memfabric.cluster=... line to give clients. Ctrl-C, SIGTERM or\n" +
        "'./fabric cluster stop --dir D' stops every member; the members also stop if this process is killed.\n" +
        "Fails before starting anything if a port is taken, and at once if a member dies (exit status 1).\n" +
        "\n" +
        "  --members N        how many members, 1 to 9 (default " + MEMBERS_DEFAULT + "; 3 or 5 survive one or " +
        "two failures)\n" +
        "  --dir D            the cluster's directory: member-<id>/ (state and member.log), cluster-id,\n" +
        "                     cluster.pid (default " + DIR_DEFAULT + ")\n" +
        "  --port P           member 0's base port; member i uses P + 100 i and the 5 ports after it (default " +
        PORT_DEFAULT + ")\n" +
        "  --clean            discard the members' log and snapshots; without it a restarted cluster recovers\n" +
        "  --secret-file F    admit only clients that prove the secret in F (give them memfabric.secret.file=F)\n" +
        "  " + HEARTBEAT_TIMEOUT_OPTION + " MS, " + HEARTBEAT_INTERVAL_OPTION +
        " MS, " + ELECTION_TIMEOUT_OPTION + " MS\n" +
        "                     the members' timeouts (defaults " + LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT +
        ", " + LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT + ", " + ELECTION_TIMEOUT_MS_DEFAULT +
        "; see ./fabric member start --help)\n" +
        "  --help             print this and exit\n";

    private final int members;
    private final File dir;
    private final int port;
    private final MemberConfig template;
    private final ClusterEndpoints endpoints;
    private final List<Process> processes = new ArrayList<>();
    private volatile boolean stopping;
    private PidFile pidFile;

    private ClusterLauncher(final int members, final File dir, final int port, final MemberConfig template)
    {
        this.members = members;
        this.dir = dir;
        this.port = port;
        this.template = template;
        this.endpoints = ClusterEndpoints.local("localhost", port, members);
    }

    /**
     * @param args the options above.
     * @throws Exception if interrupted.
     */
    public static void main(final String[] args) throws Exception
    {
        final ClusterLauncher launcher;
        try
        {
            final CommandLine line = CommandLine.parse("cluster start", args,
                Set.of("--members", "--dir", "--port", "--secret-file", HEARTBEAT_TIMEOUT_OPTION,
                HEARTBEAT_INTERVAL_OPTION, ELECTION_TIMEOUT_OPTION),
                Set.of("--clean"));
            if (line.help())
            {
                CommandLine.exitWithUsage(USAGE);
            }
            final int members = (int)line.number("--members", MEMBERS_DEFAULT, 1, 9);
            final int port = (int)line.number("--port", PORT_DEFAULT, 1024,
                65_535 - 100L * (members - 1) - ClusterEndpoints.PORTS_PER_MEMBER + 1);
            final File dir = new File(line.get("--dir", DIR_DEFAULT)).getAbsoluteFile();
            final MemberConfig template = new MemberConfig()
                .cleanStart(line.flag("--clean"))
                .secretFile(line.get("--secret-file", null) == null ? null :
                    new File(line.get("--secret-file", null)).getAbsoluteFile())
                .leaderHeartbeatTimeoutMs(line.number(HEARTBEAT_TIMEOUT_OPTION,
                    LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT, 1, TIMEOUT_MS_MAX))
                .leaderHeartbeatIntervalMs(line.number(HEARTBEAT_INTERVAL_OPTION,
                    LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT, 1, TIMEOUT_MS_MAX))
                .electionTimeoutMs(line.number(ELECTION_TIMEOUT_OPTION,
                    ELECTION_TIMEOUT_MS_DEFAULT, 1, TIMEOUT_MS_MAX));
            launcher = new ClusterLauncher(members, dir, port, template);
            // Checks the timeouts now, rather than in each member after the ports are taken.
            launcher.memberConfig(0, "check").conclude();
        }
        catch (final IllegalArgumentException | FabricConfigurationException ex)
        {
            CommandLine.exitWithUsageError(ex.getMessage(), USAGE);
            return;
        }
        System.exit(launcher.run());
    }

    private MemberConfig memberConfig(final int id, final String clusterId)
    {
        return new MemberConfig()
            .memberId(id)
            .endpoints(endpoints)
            .dir(new File(dir, "member-" + id))
            .cleanStart(template.cleanStart())
            .secretFile(template.secretFile())
            .clusterId(clusterId)
            .parentPid(ProcessHandle.current().pid())
            .leaderHeartbeatTimeoutMs(template.leaderHeartbeatTimeoutMs())
            .leaderHeartbeatIntervalMs(template.leaderHeartbeatIntervalMs())
            .electionTimeoutMs(template.electionTimeoutMs());
    }

    private int run() throws IOException, InterruptedException
    {
        final String running = alreadyRunning();
        if (running != null)
        {
            System.err.println("fabric: cluster start: " + running + "; nothing was started. Stop it with " +
                "./fabric cluster stop --dir " + dir + ", or give another --dir");
            return 1;
        }
        final PortCheck.TakenPort taken = PortCheck.firstTaken(endpoints);
        if (taken != null)
        {
            final int free = PortCheck.freeFirstPort("localhost", port, members);
            System.err.println("fabric: cluster start: " + taken + " is in use by another process; nothing was " +
                "started. Stop what holds it (if it is a cluster started with --dir D: ./fabric cluster stop " +
                "--dir D), or use other ports with --port" + (free == 0 ? "" : " (e.g. --port " + free + ", free " +
                "now)"));
            return 1;
        }

        final String clusterId;
        try
        {
            clusterId = ClusterId.claim(dir.toPath(), null);
        }
        catch (final FabricConfigurationException ex)
        {
            System.err.println("fabric: cluster start: " + ex.getMessage());
            return 1;
        }
        pidFile = new PidFile(dir.toPath(), clusterId, endpoints.clientSetting(),
            PidFile.Entry.of(ProcessHandle.current()));
        pidFile.write();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "memfabric-cluster-stop"));

        System.out.println("cluster " + clusterId + " in " + dir + " (pids in " + pidFile.file() + ")");
        for (int id = 0; id < members; id++)
        {
            final MemberConfig config = memberConfig(id, clusterId).conclude();
            Files.createDirectories(config.dir().toPath());
            final Process process;
            synchronized (processes)
            {
                if (stopping)
                {
                    return 1;
                }
                process = MemberProcess.start(config, logOf(id));
                processes.add(process);
            }
            pidFile.addMember(id, process.toHandle());
            System.out.println("member " + id + " pid " + process.pid() + " log " + logOf(id));
        }
        System.out.flush();

        final MemberStatus leader = awaitLeader(clusterId);
        if (leader == null)
        {
            return 1;
        }
        System.out.println(leader);
        System.out.println("memfabric.cluster=" + endpoints.clientSetting());
        System.out.println("The cluster runs until this command is stopped (Ctrl-C, or ./fabric cluster stop --dir " +
            dir + ").");
        System.out.flush();
        return watch();
    }

    private String alreadyRunning() throws IOException
    {
        final PidFile existing = PidFile.read(dir.toPath());
        if (existing == null)
        {
            return null;
        }
        if (existing.launcher().live().isPresent())
        {
            return "a cluster already runs from " + dir + " (launcher pid " + existing.launcher().pid + ")";
        }
        for (final var member : existing.members().entrySet())
        {
            if (member.getValue().live().isPresent())
            {
                return "member " + member.getKey() + " of the cluster last started from " + dir + " still runs " +
                    "(pid " + member.getValue().pid + ")";
            }
        }
        return null;
    }

    private MemberStatus awaitLeader(final String clusterId) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MS);
        while (System.nanoTime() < deadline)
        {
            if (reportDeadMember("before a leader was elected"))
            {
                return null;
            }
            final List<MemberStatus> statuses = ClusterStatus.probe(endpoints);
            final String strangers = ClusterStatus.strangers(statuses, clusterId, "this cluster's");
            if (strangers != null)
            {
                System.err.println("fabric: cluster start: " + strangers);
                return null;
            }
            for (final MemberStatus status : statuses)
            {
                if (status.isLeader())
                {
                    return status;
                }
            }
            Thread.sleep(100);
        }
        System.err.println("fabric: cluster start: no leader was elected within " + LEADER_WAIT_MS / 1000 +
            " s; see the member logs " + dir + "/member-*/" + LOG_NAME);
        return null;
    }

    private int watch() throws InterruptedException
    {
        final CompletableFuture<?>[] exits = new CompletableFuture<?>[processes.size()];
        for (int id = 0; id < exits.length; id++)
        {
            exits[id] = processes.get(id).onExit();
        }
        try
        {
            CompletableFuture.anyOf(exits).get();
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException(ex);
        }
        return reportDeadMember("while the cluster was running") ? 1 : 0;
    }

    /**
     * Reports the first member that has exited, unless this launcher is stopping (and so stopped it).
     */
    private boolean reportDeadMember(final String when) throws InterruptedException
    {
        for (int id = 0; id < processes.size(); id++)
        {
            final Process process = processes.get(id);
            if (!process.isAlive())
            {
                // Ctrl-C reaches the members too (one process group); give our own shutdown a moment to begin, so
                // a member stopped by it is not reported as a failure.
                Thread.sleep(500);
                if (stopping)
                {
                    return false;
                }
                System.err.println("fabric: cluster start: member " + id + " (pid " + process.pid() + ") exited " +
                    "with status " + describe(process.exitValue()) + " " + when + "; its log is " + logOf(id) +
                    tail(logOf(id)) + "\nStopping the other members.");
                System.err.flush();
                return true;
            }
        }
        return false;
    }

    private File logOf(final int id)
    {
        return new File(new File(dir, "member-" + id), LOG_NAME);
    }

    private static String describe(final int status)
    {
        switch (status)
        {
            case 128 + 9:
                return status + " (SIGKILL)";
            case 128 + 15:
                return status + " (SIGTERM)";
            case 128 + 2:
                return status + " (SIGINT)";
            case 128 + 6:
                return status + " (SIGABRT: the JVM crashed)";
            default:
                return Integer.toString(status);
        }
    }

    private static String tail(final File log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
            final StringBuilder tail = new StringBuilder(lines.isEmpty() ? "" : ", which ends:");
            for (final String line : lines.subList(Math.max(0, lines.size() - 8), lines.size()))
            {
                tail.append("\n  | ").append(line);
            }
            return tail.toString();
        }
        catch (final IOException ex)
        {
            return " (unreadable: " + ex.getMessage() + ")";
        }
    }

    private void stopAll()
    {
        final List<Process> started;
        synchronized (processes)
        {
            stopping = true;
            started = List.copyOf(processes);
        }
        for (final Process process : started)
        {
            process.destroy();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
        for (int id = 0; id < started.size(); id++)
        {
            final Process process = started.get(id);
            try
            {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                {
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
                    System.out.println("member " + id + " (pid " + process.pid() + ") did not stop within " +
                        STOP_GRACE_MS / 1000 + " s of SIGTERM; killed it (SIGKILL)");
                }
                else
                {
                    System.out.println("stopped member " + id + " (pid " + process.pid() + ")");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        System.out.flush();
        if (pidFile != null)
        {
            pidFile.deleteIfOf(ProcessHandle.current().pid());
        }
    }
}
