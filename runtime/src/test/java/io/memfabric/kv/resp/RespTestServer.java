/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.transport.pool.PoolConfig;
import org.agrona.concurrent.CachedEpochClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A RESP front for one test: a free port chosen by the OS, its own pool file under {@code target/resp-tests/}, and a
 * clock the test moves by hand. Closing it stops the server and deletes the pool file.
 */
final class RespTestServer implements AutoCloseable
{
    static final long POOL_BYTES = 64L * 1024 * 1024;
    static final int SLOT_BYTES = 64 * 1024;

    final Path dir;
    final CachedEpochClock clock = new CachedEpochClock();
    final RespServer server;

    private RespTestServer(final String name, final Consumer<RespConfig> settings)
    {
        clock.update(System.currentTimeMillis());
        dir = directory(name);
        final RespConfig config = new RespConfig()
            .port(0)
            .epochClock(clock)
            .poolConfig(poolConfig(dir, POOL_BYTES, SLOT_BYTES));
        settings.accept(config);
        server = RespServer.start(config);
    }

    static RespTestServer start(final String name)
    {
        return new RespTestServer(name, (config) -> {});
    }

    static RespTestServer start(final String name, final Consumer<RespConfig> settings)
    {
        return new RespTestServer(name, settings);
    }

    static PoolConfig poolConfig(final Path dir, final long capacity, final int slot)
    {
        return new PoolConfig().directory(dir).name("resp").capacityBytes(capacity).slotBytes(slot);
    }

    /**
     * @return a fresh directory for one test under target/resp-tests.
     */
    static Path directory(final String name)
    {
        try
        {
            final Path root = Files.createDirectories(Path.of("target", "resp-tests"));
            return Files.createTempDirectory(root, name + "-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void delete(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    int port()
    {
        return server.port();
    }

    PoolRespStore store()
    {
        return (PoolRespStore)server.store();
    }

    RespTestClient client() throws IOException
    {
        return new RespTestClient(port());
    }

    void advanceMs(final long ms)
    {
        clock.advance(ms);
    }

    @Override
    public void close()
    {
        try
        {
            server.close();
        }
        finally
        {
            delete(dir);
        }
    }
}
