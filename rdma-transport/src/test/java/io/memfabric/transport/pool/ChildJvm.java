/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real second JVM running {@link PoolChild} on the test class path, with the JDK access Agrona needs (the
 * {@code memfabric.test.argLine} flags of the root pom) and the pool settings as system properties. Its output is
 * read line by line; closing it kills it.
 */
final class ChildJvm implements AutoCloseable
{
    /** The flags of {@code memfabric.test.argLine} in the root pom.xml. */
    static final List<String> JVM_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.util.zip=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final List<String> command;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

    private ChildJvm(final Process process, final List<String> command)
    {
        this.process = process;
        this.command = command;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread reader = new Thread(this::readOutput, "child-jvm-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param config the pool the child opens.
     * @param args   its mode and arguments, see {@link PoolChild}.
     * @return the running child.
     * @throws IOException if it cannot be started.
     */
    static ChildJvm start(final PoolConfig config, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-Xmx128m");
        command.add("-D" + PoolConfig.Configuration.DIR_PROP_NAME + "=" + config.directory());
        command.add("-D" + PoolConfig.Configuration.NAME_PROP_NAME + "=" + config.name());
        command.add("-D" + PoolConfig.Configuration.CAPACITY_PROP_NAME + "=" + config.capacityBytes());
        command.add("-D" + PoolConfig.Configuration.SLOT_PROP_NAME + "=" + config.slotBytes());
        command.add("-D" + PoolConfig.Configuration.LEASE_MS_PROP_NAME + "=" + config.leaseMs());
        if (config.diskTierDirectory() != null)
        {
            command.add("-D" + PoolConfig.Configuration.DISK_DIR_PROP_NAME + "=" + config.diskTierDirectory());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PoolChild.class.getName());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildJvm(process, command);
    }

    /**
     * @param prefix  of the line wanted.
     * @param seconds to wait at most.
     * @return the next line starting with prefix; lines before it are skipped.
     */
    String await(final String prefix, final long seconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true)
        {
            final String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (null == line)
            {
                throw new AssertionError("child JVM printed no '" + prefix + "' within " + seconds + " s" +
                    describe());
            }
            if (EOF.equals(line))
            {
                lines.add(EOF);
                throw new AssertionError("child JVM ended without printing '" + prefix + "'" + describe());
            }
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    void send(final String line) throws IOException
    {
        stdin.write(line + "\n");
        stdin.flush();
    }

    int awaitExit(final long seconds) throws InterruptedException
    {
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
        {
            throw new AssertionError("child JVM did not exit within " + seconds + " s" + describe());
        }
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL (what {@link Process#destroyForcibly()} sends on Linux) and reaps it.
     */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new AssertionError("child JVM " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    long pid()
    {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            kill();
        }
    }

    private String describe()
    {
        synchronized (transcript)
        {
            return ": " + String.join(" ", command) + "\n--- output ---\n" + String.join("\n", transcript);
        }
    }

    private void readOutput()
    {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                transcript.add(line);
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The child was killed; what it printed is in the transcript.
        }
        lines.add(EOF);
    }
}
