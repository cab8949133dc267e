/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./fabric cluster stop [--dir D]}: stops the cluster {@code cluster start} runs from a directory, found
 * through its {@link PidFile}: the launcher first (SIGTERM; it stops its members as on Ctrl-C), then any member still
 * running (SIGTERM, then SIGKILL after a bound). Says what it stopped; processes recorded there that are gone, or
 * whose pids now belong to other processes, are left alone.
 */
public final class ClusterStop
{
    /**
     * Default time a process has to stop after SIGTERM before it gets SIGKILL.
     */
    public static final long TIMEOUT_MS_DEFAULT = 15_000;

    /**
     * The command's usage, printed for {@code --help} and after a bad argument.
     */
    public static final String USAGE =
        "Usage: ./fabric cluster stop [--dir D] [--timeout-ms " + TIMEOUT_MS_DEFAULT + "]\n" +
        "\n" +
        "Stops the cluster './fabric cluster start' runs from directory D (default " + ClusterLauncher.DIR_DEFAULT +
        "),\n" +
        "found through D/" + PidFile.FILE_NAME + ": the launcher and every member get SIGTERM, and SIGKILL if they\n" +
        "have not stopped within --timeout-ms. Prints what it stopped. Exits 1 if no cluster was started in D.\n" +
        "\n" +
        "  --dir D            the directory given to cluster start\n" +
        "  --timeout-ms MS    how long each process has to stop after SIGTERM\n" +
        "  --help             print this and exit\n";

    private ClusterStop()
    {
    }

    /**
     * @param args the options above.
     */
    public static void main(final String[] args)
    {
        final File dir;
        final long timeoutMs;
        try
        {
            final CommandLine line = CommandLine.parse("cluster stop", args, Set.of("--dir", "--timeout-ms"),
                Set.of());
            if (line.help())
            {
                CommandLine.exitWithUsage(USAGE);
            }
            dir = new File(line.get("--dir", ClusterLauncher.DIR_DEFAULT)).getAbsoluteFile();
            timeoutMs = line.number("--timeout-ms", TIMEOUT_MS_DEFAULT, 0, 600_000);
        }
        catch (final IllegalArgumentException ex)
        {
            CommandLine.exitWithUsageError(ex.getMessage(), USAGE);
            return;
        }

        final PidFile pids;
        try
        {
            pids = PidFile.read(dir.toPath());
        }
        catch (final IOException ex)
        {
            System.err.println("fabric: cluster stop: " + ex.getMessage());
            System.exit(1);
            return;
        }
        if (pids == null)
        {
            System.err.println("fabric: cluster stop: no cluster was started in " + dir + " (it has no " +
                PidFile.FILE_NAME + "), or it has been stopped already");
            System.exit(1);
            return;
        }

        // Which processes are ours is decided before any is stopped: the launcher stops its members itself.
        final Optional<ProcessHandle> launcher = pids.launcher().live();
        final Map<Integer, ProcessHandle> members = new TreeMap<>();
        pids.members().forEach((id, entry) -> entry.live().ifPresent((process) -> members.put(id, process)));

        // The launcher first: a member stopped under it would be reported by it as a failure.
        int stopped = 0;
        if (launcher.isPresent())
        {
            stopped += stop("launcher", launcher.get(), timeoutMs + ClusterLauncher.STOP_GRACE_MS);
        }
        for (final Map.Entry<Integer, ProcessHandle> member : members.entrySet())
        {
            if (!member.getValue().isAlive())
            {
                System.out.println("stopped member " + member.getKey() + " (pid " + member.getValue().pid() +
                    ", by its launcher)");
                stopped++;
            }
            else
            {
                stopped += stop("member " + member.getKey(), member.getValue(), timeoutMs);
            }
        }
        try
        {
            Files.deleteIfExists(pids.file());
        }
        catch (final IOException ex)
        {
            System.err.println("fabric: cluster stop: could not delete " + pids.file() + ": " + ex.getMessage());
        }
        System.out.println(stopped == 0 ? "nothing of cluster " + pids.clusterId() + " was running in " + dir :
            "cluster " + pids.clusterId() + " in " + dir + " is stopped");
        System.exit(0);
    }

    /**
     * @return 1: the process is stopped.
     */
    private static int stop(final String name, final ProcessHandle process, final long timeoutMs)
    {
        process.destroy();
        if (awaitExit(process, timeoutMs))
        {
            System.out.println("stopped " + name + " (pid " + process.pid() + ", SIGTERM)");
            return 1;
        }
        process.destroyForcibly();
        awaitExit(process, timeoutMs);
        System.out.println("killed " + name + " (pid " + process.pid() + "): it did not stop within " + timeoutMs +
            " ms of SIGTERM");
        return 1;
    }

    private static boolean awaitExit(final ProcessHandle process, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (process.isAlive())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
