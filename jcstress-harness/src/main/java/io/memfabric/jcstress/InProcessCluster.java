/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress;

import io.memfabric.IdleSetting;
import io.memfabric.consensus.FabricClusteredService;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterMember;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.cluster.PortCheck;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A consensus cluster whose members run inside this JVM, on loopback ports nobody else uses, with their directories
 * under {@code /dev/shm} (deleted at exit, and those of dead JVMs at the next start). JCStress forks a JVM per test, so
 * each test gets a fresh cluster.
 * <p>
 * Settings: {@value #MEMBERS_PROP_NAME} (default {@value #MEMBERS_DEFAULT}); the members wait for work as
 * {@code memfabric.idle} says ({@link #idle()}), like the nodes.
 */
final class InProcessCluster
{
    /**
     * How many members the cluster has.
     */
    static final String MEMBERS_PROP_NAME = "memfabric.test.jcstress.members";

    /**
     * Default of {@link #MEMBERS_PROP_NAME}: a real Raft majority.
     */
    static final int MEMBERS_DEFAULT = 3;

    private static final String DIR_PREFIX = "memfabric-jcstress-";
    private static final int LAUNCH_ATTEMPTS = 5;

    private final ClusterMember[] members;
    private final ClusterEndpoints endpoints;
    private final File dir;
    private final List<AutoCloseable> nodes = new CopyOnWriteArrayList<>();

    private InProcessCluster(final ClusterMember[] members, final ClusterEndpoints endpoints, final File dir)
    {
        this.members = members;
        this.endpoints = endpoints;
        this.dir = dir;
    }

    static InProcessCluster start()
    {
        final int size = Integer.getInteger(MEMBERS_PROP_NAME, MEMBERS_DEFAULT);
        if (size != 1 && size != 3 && size != 5)
        {
            throw new IllegalArgumentException(MEMBERS_PROP_NAME + "=" + size + ": give 1, 3 or 5 members");
        }
        final IdleSetting idle = idle();
        final File root = shmRoot();
        removeDeadRuns(root);
        RuntimeException last = null;
        for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++)
        {
            final File dir = new File(root, DIR_PREFIX + ProcessHandle.current().pid() + "-" + attempt);
            final ClusterEndpoints endpoints = ClusterEndpoints.local("localhost", freeBasePort(size), size);
            final ClusterMember[] members = new ClusterMember[size];
            try
            {
                for (int id = 0; id < size; id++)
                {
                    final int memberId = id;
                    members[id] = ClusterMember.launch(new MemberConfig()
                        .memberId(id)
                        .endpoints(endpoints)
                        .dir(new File(dir, "member-" + id))
                        .aeronDir(new File(dir, "aeron-" + id).getAbsolutePath())
                        .idle(idle)
                        .cleanStart(true), () -> new FabricClusteredService(memberId));
                }
                final InProcessCluster cluster = new InProcessCluster(members, endpoints, dir);
                cluster.closeAtExit();
                return cluster;
            }
            catch (final RuntimeException ex)
            {
                // Most likely a port taken between the check and the bind by another forked JVM: try other ports.
                last = ex;
                close(members);
                delete(dir);
            }
        }
        throw new IllegalStateException("could not start an in-process cluster of " + size + " member(s) in " +
            LAUNCH_ATTEMPTS + " attempts", last);
    }

    /**
     * @return how the members and the nodes wait for work: {@code memfabric.idle}, {@code backoff} by default (a
     * round trip of about 1 ms instead of 8 ms with {@code sleeping}, so about three times the samples per second).
     */
    static IdleSetting idle()
    {
        return IdleSetting.parse("memfabric.idle", System.getProperty("memfabric.idle", "backoff"));
    }

    String clientSetting()
    {
        return endpoints.clientSetting();
    }

    /**
     * Has a node (or another client) closed before the members when the JVM exits.
     *
     * @param node a fabric or client connected to this cluster.
     */
    void attach(final AutoCloseable node)
    {
        nodes.add(node);
    }

    // At exit: the nodes, then the members, then the directories.
    private void closeAtExit()
    {
        exitAfterMainThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            for (final AutoCloseable node : nodes)
            {
                try
                {
                    node.close();
                }
                catch (final Exception ignore)
                {
                    // Exiting anyway; the members go next.
                }
            }
            close(members);
            delete(dir);
        }, "memfabric-jcstress-cluster-stop"));
    }

    // Aeron's threads are not daemons, so the members would keep the JVM up after JCStress's main thread has sent its
    // results and returned; end it then, as it would end without the cluster (the shutdown hook closes everything).
    private static void exitAfterMainThread()
    {
        Thread main = null;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if ("main".equals(thread.getName()) && thread.getThreadGroup() != null &&
                "main".equals(thread.getThreadGroup().getName()))
            {
                main = thread;
            }
        }
        if (main == null)
        {
            return;
        }
        final Thread awaited = main;
        final Thread watcher = new Thread(() ->
        {
            try
            {
                awaited.join();
                System.exit(0);
            }
            catch (final InterruptedException ignore)
            {
                // The JVM is going down some other way.
            }
        }, "memfabric-jcstress-exit");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void close(final ClusterMember[] members)
    {
        for (final ClusterMember member : members)
        {
            if (member != null)
            {
                try
                {
                    member.close();
                }
                catch (final RuntimeException ignore)
                {
                    // Closing the rest matters more.
                }
            }
        }
    }

    private static File shmRoot()
    {
        final File shm = new File("/dev/shm");
        return shm.isDirectory() && shm.canWrite() ? shm : new File(System.getProperty("java.io.tmpdir"));
    }

    // A forked JVM killed by JCStress (a timeout) leaves its directory behind: remove those of processes gone.
    private static void removeDeadRuns(final File root)
    {
        final File[] runs = root.listFiles((parent, name) -> name.startsWith(DIR_PREFIX));
        if (runs == null)
        {
            return;
        }
        for (final File run : runs)
        {
            final String rest = run.getName().substring(DIR_PREFIX.length());
            final int dash = rest.indexOf('-');
            try
            {
                final long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                if (ProcessHandle.of(pid).isEmpty())
                {
                    delete(run);
                }
            }
            catch (final NumberFormatException ignore)
            {
                // Not ours.
            }
        }
    }

    private static void delete(final File dir)
    {
        if (!dir.exists())
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir.toPath()))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static int freeBasePort(final int members)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            final int base = 20_000 + ThreadLocalRandom.current().nextInt(300) * 100;
            if (PortCheck.allFree(ClusterEndpoints.local("localhost", base, members)))
            {
                return base;
            }
        }
        throw new IllegalStateException("no free block of loopback ports for an in-process cluster");
    }
}
