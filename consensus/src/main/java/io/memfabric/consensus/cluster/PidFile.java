/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What {@code cluster start} writes in its cluster's directory ({@value #FILE_NAME}) while the cluster runs: the
 * launcher's and each member's process, the cluster's id and its members' endpoints, so that {@code cluster stop} and
 * {@code cluster status --dir} find the cluster from its directory alone. A process is recorded with its start time
 * as well as its pid, so a pid reused by an unrelated process after ours died is never taken for ours.
 */
final class PidFile
{
    /**
     * The file's name in the cluster's directory.
     */
    static final String FILE_NAME = "cluster.pid";

    private static final String LAUNCHER = "launcher";
    private static final String MEMBER_PREFIX = "member.";
    private static final String CLUSTER = "cluster";
    private static final String CLUSTER_ID = "cluster.id";

    /**
     * A process as recorded: its pid and when it started (0 if unknown).
     */
    static final class Entry
    {
        final long pid;
        final long startMillis;

        Entry(final long pid, final long startMillis)
        {
            this.pid = pid;
            this.startMillis = startMillis;
        }

        static Entry of(final ProcessHandle process)
        {
            return new Entry(process.pid(), process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        }

        /**
         * @return the process, if it still runs and is the one recorded (not another that got its pid).
         */
        Optional<ProcessHandle> live()
        {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter((process) -> startMillis == 0 ||
                process.info().startInstant().map(Instant::toEpochMilli).orElse(startMillis) == startMillis);
        }

        public String toString()
        {
            return pid + " " + startMillis;
        }

        static Entry parse(final String text)
        {
            final String[] parts = text.trim().split(" ");
            return new Entry(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0);
        }
    }

    private final Path dir;
    private final String clusterId;
    private final String cluster;
    private final Entry launcher;
    private final Map<Integer, Entry> members = new TreeMap<>();

    PidFile(final Path dir, final String clusterId, final String cluster, final Entry launcher)
    {
        this.dir = dir;
        this.clusterId = clusterId;
        this.cluster = cluster;
        this.launcher = launcher;
    }

    /**
     * @param dir a cluster's directory.
     * @return what it records, or {@code null} if no cluster was started there (or it was stopped).
     * @throws IOException if the file cannot be read or is damaged.
     */
    static PidFile read(final Path dir) throws IOException
    {
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        try
        {
            final PidFile pids = new PidFile(dir, properties.getProperty(CLUSTER_ID),
                properties.getProperty(CLUSTER), Entry.parse(properties.getProperty(LAUNCHER)));
            for (final String name : properties.stringPropertyNames())
            {
                if (name.startsWith(MEMBER_PREFIX))
                {
                    pids.members.put(Integer.parseInt(name.substring(MEMBER_PREFIX.length())),
                        Entry.parse(properties.getProperty(name)));
                }
            }
            return pids;
        }
        catch (final RuntimeException ex)
        {
            throw new IOException(file + " is damaged (" + ex + "); delete it if no cluster runs from " + dir, ex);
        }
    }

    /**
     * Records a started member and rewrites the file, so that a launcher killed half-way leaves a true record.
     *
     * @param memberId the member.
     * @param process  its process.
     * @throws IOException if the file cannot be written.
     */
    void addMember(final int memberId, final ProcessHandle process) throws IOException
    {
        members.put(memberId, Entry.of(process));
        write();
    }

    /**
     * Writes the file (atomically: a reader never sees half of it).
     *
     * @throws IOException if it cannot be written.
     */
    void write() throws IOException
    {
        final Properties properties = new Properties();
        properties.setProperty(CLUSTER_ID, clusterId);
        properties.setProperty(CLUSTER, cluster);
        properties.setProperty(LAUNCHER, launcher.toString());
        members.forEach((id, entry) -> properties.setProperty(MEMBER_PREFIX + id, entry.toString()));
        final Path temp = dir.resolve(FILE_NAME + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8))
        {
            properties.store(writer, "written by ./fabric cluster start, read by ./fabric cluster stop and status " +
                "--dir; pid and start time (ms) of each process");
        }
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Deletes the file if it still records the given launcher (a later launcher may have replaced it).
     *
     * @param launcherPid the launcher whose record it should be.
     */
    void deleteIfOf(final long launcherPid)
    {
        try
        {
            final PidFile current = read(dir);
            if (current != null && current.launcher.pid == launcherPid)
            {
                Files.deleteIfExists(dir.resolve(FILE_NAME));
            }
        }
        catch (final IOException ex)
        {
            // Nothing to do: a stale record is detected as such by whoever reads it (its processes are gone).
        }
    }

    Path file()
    {
        return dir.resolve(FILE_NAME);
    }

    String clusterId()
    {
        return clusterId;
    }

    String cluster()
    {
        return cluster;
    }

    Entry launcher()
    {
        return launcher;
    }

    Map<Integer, Entry> members()
    {
        return members;
    }
}
