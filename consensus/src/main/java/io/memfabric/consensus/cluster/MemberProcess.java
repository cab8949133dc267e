/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a cluster member as its own JVM, with the class path of this one and the JDK access Aeron needs, so the user
 * types no JVM flag. Used by {@code ./fabric cluster start} and by tests that kill members for real.
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
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemberMain.class.getName());
        command.add("--id");
        command.add(Integer.toString(memberId));
        command.add("--members");
        command.add(endpoints.clientSetting());
        command.add("--dir");
        command.add(dir.getAbsolutePath());
        if (clean)
        {
            command.add("--clean");
        }
        if (aeronDir != null)
        {
            command.add("--aeron-dir");
            command.add(aeronDir.getAbsolutePath());
        }
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
}
