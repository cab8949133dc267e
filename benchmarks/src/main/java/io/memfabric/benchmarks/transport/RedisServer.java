/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import io.memfabric.benchmarks.FreePorts;
import io.memfabric.benchmarks.RunScope;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server the {@code transport} suite starts for itself, in the harness JVM: on a free loopback port, with
 * no persistence (no RDB snapshots, no append-only file), its directory and log in the run's directory, owned by
 * the run's {@link RunScope} so it is stopped however the run ends.
 */
public final class RedisServer implements AutoCloseable
{
    /**
     * What to do when there is no Redis.
     */
    public static final String INSTALL_HINT = "install it with 'apt-get install redis-server' (Debian's Redis 7) or put " +
        "redis-server on the PATH";

    private static final Path DEBIAN_BINARY = Paths.get("/usr/bin/redis-server");
    private static final long READY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(15);

    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(final Process process, final int port, final Path log)
    {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @return {@code /usr/bin/redis-server}, else a {@code redis-server} on the PATH, else {@code null}.
     */
    public static Path findBinary()
    {
        if (Files.isExecutable(DEBIAN_BINARY))
        {
            return DEBIAN_BINARY;
        }
        final String path = System.getenv("PATH");
        if (null != path)
        {
            for (final String dir : path.split(File.pathSeparator))
            {
                final Path candidate = Paths.get(dir, "redis-server");
                if (!dir.isEmpty() && Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * Starts a server and waits until it answers {@code PING}.
     *
     * @param binary redis-server.
     * @param dir    its working directory and log; created if missing.
     * @param scope  the run's scope, which owns the process.
     * @return the running server.
     * @throws IOException          if it cannot be started or does not answer in time; its log is in the message.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static RedisServer start(final Path binary, final Path dir, final RunScope scope)
        throws IOException, InterruptedException
    {
        Files.createDirectories(dir);
        final int port = FreePorts.block(21_000, 29_000, 1, 1, 1);
        final Path log = dir.resolve("redis.log");
        final Process process = scope.own(new ProcessBuilder(binary.toString(),
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--protected-mode", "no",
            "--save", "",
            "--appendonly", "no",
            "--dir", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start());
        final RedisServer server = new RedisServer(process, port, log);
        try
        {
            server.awaitReady();
            return server;
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            server.close();
            throw ex;
        }
    }

    /**
     * @return the port it listens on, on 127.0.0.1.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return its version, as {@code INFO server} tells it.
     * @throws IOException if it cannot be asked.
     */
    public String version() throws IOException
    {
        try (RespClient client = RespClient.connect("127.0.0.1", port))
        {
            client.sendCommand("INFO", "server");
            final ByteBuffer info = ByteBuffer.allocate(64 * 1024);
            final int length = client.readBulk(info);
            final String text = new String(info.array(), 0, length, StandardCharsets.US_ASCII);
            for (final String line : text.split("\r\n"))
            {
                if (line.startsWith("redis_version:"))
                {
                    return line.substring("redis_version:".length());
                }
            }
            return "unknown";
        }
    }

    /**
     * Stops the server (SIGTERM; it saves nothing).
     */
    public void close()
    {
        RunScope.stop(List.of(process));
    }

    private void awaitReady() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + READY_TIMEOUT_NS;
        IOException last = null;
        while (System.nanoTime() - deadline < 0)
        {
            if (!process.isAlive())
            {
                throw new IOException("redis-server exited with status " + process.exitValue() + "; its log: " +
                    tail());
            }
            try (RespClient client = RespClient.connect("127.0.0.1", port))
            {
                client.sendCommand("PING");
                if ("PONG".equals(client.readSimple()))
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                last = ex;
            }
            Thread.sleep(20);
        }
        throw new IOException("redis-server did not answer PING on port " + port + " within 15 s (" + last +
            "); its log: " + tail());
    }

    private String tail() throws IOException
    {
        if (!Files.isRegularFile(log))
        {
            return "(no log)";
        }
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }
}
