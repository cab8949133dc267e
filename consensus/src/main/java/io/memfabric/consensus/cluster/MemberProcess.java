/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.memfabric.IdleSetting;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a cluster member as its own JVM, with the class path of this one and the JDK access Aeron needs, so the user
 * types no JVM flag. Used by {@code ./fabric cluster start} and by tests that kill members for real. A member started
 * here stops when the process that started it dies ({@code --parent-pid}), so none is left behind holding its ports.
 */
public final class MemberProcess
{
    /**
     * JDK access Aeron and Agrona need on JDK 17+.
     */
    public static final List<String> JVM_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.util.zip=ALL-UNNAMED",
        "-XX:+UseSerialGC",
        "-Xmx256m");

    private MemberProcess()
    {
    }

    /**
     * @param memberId  the member.
     * @param endpoints the cluster.
     * @param dir       the member's directory.
     * @param clean     whether it starts from nothing.
     * @param log       where its output goes; {@code null} to inherit this process's.
     * @return the started process.
     * @throws IOException if it cannot be started.
     */
    public static Process start(
        final int memberId, final ClusterEndpoints endpoints, final File dir, final boolean clean, final File log)
        throws IOException
    {
        return start(memberId, endpoints, dir, clean, log, null);
    }

    /**
     * As {@link #start(int, ClusterEndpoints, File, boolean, File)}, with the media driver's directory given: tests
     * that kill members put it under their own directory, so nothing is left in /dev/shm.
     *
     * @param memberId  the member.
     * @param endpoints the cluster.
     * @param dir       the member's directory.
     * @param clean     whether it starts from nothing.
     * @param log       where its output goes; {@code null} to inherit this process's.
     * @param aeronDir  the media driver's directory, or {@code null} for the default under /dev/shm.
     * @return the started process.
     * @throws IOException if it cannot be started.
     */
    public static Process start(
        final int memberId,
        final ClusterEndpoints endpoints,
        final File dir,
        final boolean clean,
        final File log,
        final File aeronDir)
        throws IOException
    {
        return start(new MemberConfig()
            .memberId(memberId)
            .endpoints(endpoints)
            .dir(dir)
            .cleanStart(clean)
            .aeronDir(aeronDir == null ? null : aeronDir.getAbsolutePath())
            .parentPid(ProcessHandle.current().pid()), log);
    }

    /**
     * Starts a member with the given settings. Give it this process's pid as {@link MemberConfig#parentPid()} (the
     * other overloads do) so that it stops when this process dies, however it dies.
     *
     * @param config the member's settings; its idle strategy and timeouts are passed on only when they are not the
     *               defaults, so the member's own defaults apply.
     * @param log    where its output goes; {@code null} to inherit this process's.
     * @return the started process.
     * @throws IOException if it cannot be started.
     */
    public static Process start(final MemberConfig config, final File log) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemberMain.class.getName());
        command.add("--id");
        command.add(Integer.toString(config.memberId()));
        command.add("--members");
        command.add(config.endpoints().clientSetting());
        command.add("--dir");
        command.add(config.dir().getAbsolutePath());
        if (config.cleanStart())
        {
            command.add("--clean");
        }
        if (config.aeronDir() != null)
        {
            command.add("--aeron-dir");
            command.add(new File(config.aeronDir()).getAbsolutePath());
        }
        if (config.clusterId() != null)
        {
            command.add("--cluster-id");
            command.add(config.clusterId());
        }
        if (config.secretFile() != null)
        {
            command.add("--secret-file");
            command.add(config.secretFile().getAbsolutePath());
        }
        if (config.parentPid() != MemberConfig.Configuration.NO_PARENT)
        {
            command.add("--parent-pid");
            command.add(Long.toString(config.parentPid()));
        }
        if (config.idle() != MemberConfig.Configuration.IDLE_DEFAULT)
        {
            command.add(MemberConfig.Configuration.IDLE_OPTION);
            command.add(config.idle().settingName());
        }
        option(command, MemberConfig.Configuration.HEARTBEAT_TIMEOUT_OPTION, config.leaderHeartbeatTimeoutMs(),
            MemberConfig.Configuration.LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT);
        option(command, MemberConfig.Configuration.HEARTBEAT_INTERVAL_OPTION, config.leaderHeartbeatIntervalMs(),
            MemberConfig.Configuration.LEADER_HEARTBEAT_INTERVAL_MS_DEFAULT);
        option(command, MemberConfig.Configuration.ELECTION_TIMEOUT_OPTION, config.electionTimeoutMs(),
            MemberConfig.Configuration.ELECTION_TIMEOUT_MS_DEFAULT);
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (log == null)
        {
            builder.inheritIO();
        }
        else
        {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        }
        return builder.start();
    }

    private static void option(final List<String> command, final String name, final long value, final long fallback)
    {
        if (value != fallback)
        {
            command.add(name);
            command.add(Long.toString(value));
        }
    }
}
