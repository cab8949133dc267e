/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.FabricConfigurationException;
import io.memfabric.consensus.cluster.MemberProcess;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The demo ({@code ./fabric demo}): a swarm of agents, each a JVM of its own, sharing one task board through a local
 * 3-member consensus cluster. This launcher starts the cluster's member processes and waits for a leader, then a
 * planner JVM and the agent JVMs ({@link SwarmProcess}, each with {@code -javaagent:fabric.jar} and
 * {@code -Dmemfabric.cluster=...}), and shows what every one of them prints. When they have ended it starts a last
 * JVM that reads what they left on the fabric and checks it ({@link SwarmCheck}), prints the checks, then stops every
 * process it started and deletes the cluster's directory; it does that also when something fails or it is
 * interrupted (Ctrl-C). Exits 0 only if every check passed.
 * <p>
 * The launcher shares nothing itself, so it runs without the agent; it needs {@code fabric.jar} on its class path,
 * for the cluster's members: {@code java -cp memfabric-samples.jar:fabric.jar io.memfabric.samples.demo.ClusterDemo}.
 * The cluster listens on loopback from base port {@value #PORT_DEFAULT}, away from {@code ./fabric cluster start}'s
 * 20000; {@code --port} moves it.
 */
public final class ClusterDemo
{
    static final int MEMBERS = 3;
    static final int PORT_DEFAULT = 24000;
    static final int AGENTS_DEFAULT = 3;
    static final int WAVES_DEFAULT = 3;
    static final int TASKS_PER_WAVE_DEFAULT = 10;
    static final long WAVE_PAUSE_MILLIS = 1_000;
    static final int THINK_SCALE = 10;
    static final long LEADER_TIMEOUT_MS = 30_000;
    static final long SWARM_TIMEOUT_MS = 120_000;
    static final long CHECK_TIMEOUT_MS = 60_000;
    static final String USAGE = String.join(System.lineSeparator(),
        "usage: ./fabric demo [options]      a swarm of agent JVMs sharing a task board through a local cluster",
        "       ./fabric demo --embedded     the swarm as threads of one JVM, on the embedded fabric",
        "options:",
        "  --agents N          agent JVMs (default " + AGENTS_DEFAULT + ")",
        "  --waves N           waves of tasks the planner posts (default " + WAVES_DEFAULT + ")",
        "  --tasks-per-wave N  tasks per wave (default " + TASKS_PER_WAVE_DEFAULT + ")",
        "  --port P            the cluster's base port (default " + PORT_DEFAULT + "): member i uses P + 100 i and " +
            "the 5 ports after it",
        "  --dir D             where the cluster's temporary directory goes (default the system's); removed at " +
            "the end");

    private static final List<String> OPTIONS = List.of("--agents", "--waves", "--tasks-per-wave", "--port", "--dir");

    // JVMs of the swarm are small and short-lived, and share two cores with three members.
    private static final List<String> SWARM_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xmx128m");

    private final int agents;
    private final int waves;
    private final int tasksPerWave;
    private final int port;
    private final File parentDir;
    private final File agentJar;
    private final File samplesPath;
    private final List<ChildProcess> children = new ArrayList<>();
    private File dir;
    private LocalCluster cluster;
    private boolean stopped;

    private ClusterDemo(
        final int agents,
        final int waves,
        final int tasksPerWave,
        final int port,
        final File parentDir,
        final File agentJar,
        final File samplesPath)
    {
        this.agents = agents;
        this.waves = waves;
        this.tasksPerWave = tasksPerWave;
        this.port = port;
        this.parentDir = parentDir;
        this.agentJar = agentJar;
        this.samplesPath = samplesPath;
    }

    /**
     * @param args the options in {@link #USAGE}.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final ClusterDemo demo = parse(args);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> demo.stop("Interrupted"), "memfabric-demo-stop"));
        boolean passed;
        try
        {
            passed = demo.run();
        }
        catch (final IOException | RuntimeException ex)
        {
            if (!demo.isStopped())
            {
                System.out.println("The demo failed: " + ex);
                ex.printStackTrace(System.out);
            }
            passed = false;
        }
        final boolean cleanedUp = demo.stop("Done");
        System.exit(passed && cleanedUp ? 0 : 1);
    }

    private static ClusterDemo parse(final String[] args)
    {
        int agents = AGENTS_DEFAULT;
        int waves = WAVES_DEFAULT;
        int tasksPerWave = TASKS_PER_WAVE_DEFAULT;
        int port = PORT_DEFAULT;
        File parentDir = new File(System.getProperty("java.io.tmpdir"));
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String option = args[i];
                if ("--help".equals(option) || "-h".equals(option))
                {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (!OPTIONS.contains(option))
                {
                    throw new IllegalArgumentException("unknown option '" + option + "'");
                }
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                final String value = args[++i];
                switch (option)
                {
                    case "--agents":
                        agents = number(option, value, 1, 9);
                        break;
                    case "--waves":
                        waves = number(option, value, 1, 100);
                        break;
                    case "--tasks-per-wave":
                        tasksPerWave = number(option, value, 1, 1000);
                        break;
                    case "--port":
                        port = number(option, value, 1024, 65535 - 100 * MEMBERS);
                        break;
                    case "--dir":
                        parentDir = new File(value);
                        break;
                    default:
                        throw new IllegalStateException("option " + option + " is not handled");
                }
            }
            return new ClusterDemo(agents, waves, tasksPerWave, port, parentDir.getAbsoluteFile(),
                jarOf(MemberProcess.class, true), jarOf(ClusterDemo.class, false));
        }
        catch (final NoClassDefFoundError ex)
        {
            System.err.println("fabric: the demo's launcher needs fabric.jar on its class path, for the cluster: " +
                "java -cp samples/target/memfabric-samples.jar:javaagent/target/fabric.jar " +
                ClusterDemo.class.getName() + " (or run ./fabric demo)");
            System.exit(2);
        }
        catch (final IllegalArgumentException | FabricConfigurationException ex)
        {
            System.err.println("fabric: demo: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
        return null;
    }

    private boolean run() throws IOException, InterruptedException
    {
        final int tasks = waves * tasksPerWave;
        System.out.println("MemFabric demo: " + agents + " agent JVMs share one task board through a " + MEMBERS +
            "-member consensus cluster");
        final int busyPort = LocalCluster.portInUse(port, MEMBERS);
        if (busyPort != 0)
        {
            System.out.println("Port " + busyPort + " is in use: the demo's cluster needs ports " + port + "-" +
                (port + 100 * (MEMBERS - 1) + 5) + " on loopback (another ./fabric demo running?). Give another " +
                "base port with --port.");
            return false;
        }

        final long startNs = System.nanoTime();
        startCluster();
        final String leader = cluster.awaitLeader(LEADER_TIMEOUT_MS);
        if (isStopped())
        {
            return false;
        }
        final Check clusterCheck = leader != null ?
            new Check(true, "the cluster elected a leader (" + leader + ") " + secondsSince(startNs) + " s after " +
            "its members started") :
            new Check(false, "the cluster elected no leader within " + LEADER_TIMEOUT_MS / 1000 + " s; the " +
            "members' logs end with:\n" + cluster.logTails(15));
        Check swarmCheck = new Check(false, "the swarm did not run: the cluster is not up");
        Check checkerCheck = new Check(false, "the checker did not run: the cluster is not up");
        final List<String> checks = new ArrayList<>();
        if (clusterCheck.passed())
        {
            System.out.println("          " + leader);
            System.out.println();
            final long swarmStartNs = System.nanoTime();
            swarmCheck = awaitSwarm(startSwarm(tasks));
            if (isStopped())
            {
                return false;
            }
            System.out.println();
            System.out.println("The swarm ran " + secondsSince(swarmStartNs) + " s. A new JVM joins the fabric to " +
                "check what it left there:");
            checkerCheck = runChecker(tasks, checks);
        }

        final Checklist checklist = new Checklist(System.out);
        System.out.println();
        System.out.println("== Checks (" + secondsSince(startNs) + " s) ==");
        checklist.check(clusterCheck.passed(), clusterCheck.what());
        checklist.check(swarmCheck.passed(), swarmCheck.what());
        for (final String line : checks)
        {
            checklist.relay(line);
        }
        checklist.check(checkerCheck.passed(), checkerCheck.what());
        System.out.println();
        return checklist.printVerdict();
    }

    private synchronized void startCluster() throws IOException
    {
        if (stopped)
        {
            throw new IllegalStateException("the demo is stopping");
        }
        dir = Files.createTempDirectory(Files.createDirectories(parentDir.toPath()), "memfabric-demo-").toFile();
        cluster = LocalCluster.start(new File(dir, "cluster"), port, MEMBERS);
        System.out.println("cluster:  " + MEMBERS + " members on " + cluster.endpoints().clientSetting() +
            " (base port " + port + ", --port to change), in " + dir);
        final StringBuilder pids = new StringBuilder();
        for (int id = 0; id < MEMBERS; id++)
        {
            pids.append(id == 0 ? "" : ", ").append("member ").append(id).append(" pid ")
                .append(cluster.members().get(id).pid());
        }
        System.out.println("          " + pids);
    }

    private List<ChildProcess> startSwarm(final int tasks) throws IOException
    {
        System.out.println("swarm:    a planner and " + agents + " agents, each a JVM of its own:");
        System.out.println("          java -javaagent:" + agentJar.getName() + " -Dmemfabric.cluster=" +
            cluster.endpoints().clientSetting() + " -cp " + samplesPath.getName() + " " +
            SwarmProcess.class.getName() + " agent agent-1 ...");
        System.out.println("          The planner waits for the agents to sign in on " + SwarmProcess.BOARD_URI +
            ", then posts " + tasks + " tasks in " + waves + " waves;");
        System.out.println("          agents take them under synchronized (board), and board.wait() when there is " +
            "none.");
        System.out.println();
        final List<ChildProcess> swarm = new ArrayList<>();
        swarm.add(startSwarmProcess(Planner.NAME, line -> relay(Planner.NAME, line), Planner.NAME,
            Integer.toString(agents), Integer.toString(waves), Integer.toString(tasksPerWave),
            Long.toString(WAVE_PAUSE_MILLIS)));
        for (int i = 1; i <= agents; i++)
        {
            final String name = "agent-" + i;
            swarm.add(startSwarmProcess(name, line -> relay(name, line), SwarmProcess.AGENT_ROLE, name,
                Integer.toString(THINK_SCALE)));
        }
        return swarm;
    }

    // Waits until every process of the swarm has ended; when one fails, or time is up, stops the others, which would
    // otherwise wait for it.
    private Check awaitSwarm(final List<ChildProcess> swarm) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWARM_TIMEOUT_MS);
        final List<String> failures = new ArrayList<>();
        while (failures.isEmpty())
        {
            boolean running = false;
            for (final ChildProcess process : swarm)
            {
                if (process.isAlive())
                {
                    running = true;
                }
                else if (process.exitValue() != 0)
                {
                    failures.add(process.name() + " (pid " + process.pid() + ") exited " + process.exitValue());
                }
            }
            if (!running)
            {
                break;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                failures.add("still running after " + SWARM_TIMEOUT_MS / 1000 + " s");
                break;
            }
            Thread.sleep(50);
        }
        for (final ChildProcess process : swarm)
        {
            if (!failures.isEmpty() && process.isAlive())
            {
                failures.add("stopped " + process.name() + " (pid " + process.pid() + ")");
                process.stop();
            }
        }
        for (final ChildProcess process : swarm)
        {
            process.awaitStopped();
        }

        final StringBuilder pids = new StringBuilder();
        for (final ChildProcess process : swarm)
        {
            pids.append(pids.length() == 0 ? "" : ", ").append(process.name()).append(' ').append(process.pid());
        }
        return failures.isEmpty() ?
            new Check(true, "the planner and " + agents + " agents ran as " + swarm.size() + " JVMs (" + pids +
            ") and each exited 0") :
            new Check(false, "the swarm failed: " + String.join("; ", failures));
    }

    // Runs the checker JVM, keeping the check lines it prints for the launcher's list of checks.
    private Check runChecker(final int tasks, final List<String> checks) throws IOException, InterruptedException
    {
        final ChildProcess checker = startSwarmProcess(SwarmCheck.NAME, line ->
        {
            if (Checklist.isCheck(line))
            {
                checks.add(line);
            }
            else
            {
                relay(SwarmCheck.NAME, line);
            }
        }, SwarmCheck.NAME, Integer.toString(agents), Integer.toString(tasks));
        final boolean ended = checker.await(CHECK_TIMEOUT_MS);
        return new Check(ended && checker.exitValue() == 0, "the checker JVM (pid " + checker.pid() + ") read the " +
            "board from the cluster and " + (ended ? "exited " + checker.exitValue() :
            "was still running after " + CHECK_TIMEOUT_MS / 1000 + " s"));
    }

    private synchronized ChildProcess startSwarmProcess(
        final String name, final Consumer<String> lines, final String... args) throws IOException
    {
        if (stopped)
        {
            throw new IllegalStateException("the demo is stopping");
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SWARM_JVM_FLAGS);
        command.add("-javaagent:" + agentJar.getAbsolutePath());
        command.add("-Dmemfabric.cluster=" + cluster.endpoints().clientSetting());
        // The media driver of the JVM's cluster client keeps its files there rather than in /dev/shm, so a process
        // that is killed leaves nothing outside the demo's directory.
        command.add("-Daeron.dir=" + new File(dir, "aeron-" + name).getAbsolutePath());
        command.add("-cp");
        command.add(samplesPath.getAbsolutePath());
        command.add(SwarmProcess.class.getName());
        command.addAll(List.of(args));
        final ChildProcess process = ChildProcess.start(name, command, lines);
        children.add(process);
        return process;
    }

    private static void relay(final String name, final String line)
    {
        final String prefix = "[" + name + "]";
        System.out.println(line.isEmpty() || line.startsWith(prefix) ? line : prefix + " " + line);
    }

    private synchronized boolean isStopped()
    {
        return stopped;
    }

    /**
     * Stops every process the demo started and deletes its directory; once, whoever calls it first (the main
     * thread, or the shutdown hook on Ctrl-C).
     *
     * @param why what the line saying so starts with.
     * @return whether everything stopped and the directory is gone.
     */
    private synchronized boolean stop(final String why)
    {
        if (stopped)
        {
            return true;
        }
        stopped = true;
        int running = 0;
        boolean ended = true;
        // The swarm's JVMs first, so that they do not see the cluster go away.
        for (final ChildProcess child : children)
        {
            running += child.isAlive() ? 1 : 0;
            child.stop();
        }
        for (final ChildProcess child : children)
        {
            ended &= child.awaitStopped();
        }
        if (cluster != null)
        {
            ended &= cluster.stop();
        }
        final boolean removed = dir == null || delete(dir.toPath());
        if (dir != null)
        {
            System.out.println(why + ": stopped the cluster's " + MEMBERS + " members" + (running == 0 ? "" : " and " +
                running + " JVMs still running") + (ended ? "" : " (some did not end!)") + "; " +
                (removed ? "removed " : "could not remove ") + dir);
        }
        return ended && removed;
    }

    private static boolean delete(final Path root)
    {
        if (!Files.exists(root))
        {
            return true;
        }
        final ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.delete(path);
                }
                catch (final IOException ex)
                {
                    failed.add(path + ": " + ex);
                }
            });
        }
        catch (final IOException ex)
        {
            failed.add(root + ": " + ex);
        }
        failed.forEach(failure -> System.out.println("could not delete " + failure));
        return failed.isEmpty();
    }

    private static int number(final String option, final String value, final int min, final int max)
    {
        try
        {
            final int number = Integer.parseInt(value);
            if (number >= min && number <= max)
            {
                return number;
            }
        }
        catch (final NumberFormatException ex)
        {
            // Said below.
        }
        throw new IllegalArgumentException(option + " is '" + value + "'; give a whole number from " + min + " to " +
            max);
    }

    // Where a class was loaded from: the jar (or, for the samples, a directory of classes) that other JVMs need.
    private static File jarOf(final Class<?> type, final boolean mustBeJar)
    {
        final CodeSource source = type.getProtectionDomain().getCodeSource();
        try
        {
            final File file = source == null ? null : new File(source.getLocation().toURI());
            if (file == null || (mustBeJar && !file.isFile()))
            {
                throw new IllegalArgumentException(type.getName() + " was not loaded from a jar (" + file + "); " +
                    "run the demo with javaagent/target/fabric.jar on the class path: ./fabric demo");
            }
            return file;
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("cannot tell where " + type.getName() + " was loaded from: " + ex);
        }
    }

    private static String secondsSince(final long startNs)
    {
        return String.format("%.1f", (System.nanoTime() - startNs) / 1e9);
    }

    private record Check(boolean passed, String what)
    {
    }
}
