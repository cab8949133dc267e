/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.SettingValues;
import io.memfabric.FabricConfigurationException;
import io.memfabric.transport.pool.PoolConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./fabric kv serve}: runs the Redis-protocol front in the foreground until SIGTERM or Ctrl-C.
 */
public final class RespServerMain
{
    /** Exit status of a bad argument, as most Unix tools. */
    static final int USAGE_EXIT_STATUS = 2;

    static final String USAGE =
        "Usage: ./fabric kv serve [--port 6380] [--bind 127.0.0.1] [--pool-file PATH] [--pool-bytes 256m]\n" +
        "                         [--slot-bytes 256k] [--disk-dir DIR] [--max-value-bytes 512m]\n" +
        "                         [--max-clients 10000] [--io-threads 1]\n" +
        "\n" +
        "Serves MemFabric's KV-cache store over the Redis protocol (RESP2), so any Redis client stores and reads\n" +
        "values that live in this host's page pool: redis-cli -p 6380 SET k v. Runs until SIGTERM or Ctrl-C.\n" +
        "It has no authentication: keep it on loopback (the default) or a network you control.\n" +
        "\n" +
        "  --port N             TCP port (default 6380, so it never collides with a redis-server on 6379)\n" +
        "  --bind ADDR          address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)\n" +
        "  --pool-file PATH     the page pool file, ending in .pool (default /dev/shm/memfabric/pages.pool, or\n" +
        "                       -Dmemfabric.pool.dir and -Dmemfabric.pool.name); every JVM of the host may map it\n" +
        "  --pool-bytes N       bytes of values the pool holds in memory, e.g. 256m or 4g (default 256m); the least\n" +
        "                       recently used values are evicted beyond it; must match other JVMs on the same file\n" +
        "  --slot-bytes N       the pool's unit of allocation (default 256k): each value takes at least one slot;\n" +
        "                       must match other JVMs on the same file\n" +
        "  --disk-dir DIR       keep evicted values on disk there and bring them back when read (default: dropped)\n" +
        "  --max-value-bytes N  largest value accepted (default 512m)\n" +
        "  --max-clients N      most clients connected at once (default 10000)\n" +
        "  --io-threads N       selector threads (default 1)\n" +
        "\n" +
        "Sizes take k, m or g (binary). System properties memfabric.resp.* and memfabric.pool.* give defaults.\n";

    private RespServerMain()
    {
    }

    /**
     * @param args the command line.
     * @throws InterruptedException if interrupted while serving.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final RespConfig config;
        try
        {
            config = parse(args);
            if (null == config)
            {
                System.out.print(USAGE);
                System.out.flush();
                System.exit(0);
                return;
            }
            config.conclude();
        }
        catch (final IllegalArgumentException | FabricConfigurationException ex)
        {
            final PrintStream err = System.err;
            err.println("fabric: kv serve: " + ex.getMessage());
            err.println();
            err.print(USAGE);
            err.flush();
            System.exit(USAGE_EXIT_STATUS);
            return;
        }

        final RespServer server;
        try
        {
            server = RespServer.start(config);
        }
        catch (final RuntimeException ex)
        {
            // The port is taken, the pool file has another geometry, the file system is full: each says what to do.
            System.err.println("fabric: kv serve: " + ex.getMessage());
            System.exit(1);
            return;
        }

        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            server.close();
            System.out.println("memfabric kv: stopped");
            System.out.flush();
            stopped.countDown();
        }, "memfabric-resp-shutdown"));
        System.out.println("memfabric kv: RESP front listening on " + hostPort(server) + " (redis-cli -h " +
            server.address().getAddress().getHostAddress() + " -p " + server.port() + "), values in page pool " +
            config.poolConfig().file() + " (" + config.poolConfig().capacityBytes() + " bytes)");
        System.out.flush();
        stopped.await();
    }

    /**
     * @param args the command line.
     * @return the settings it gives, or null if usage was asked for (--help, -h).
     * @throws IllegalArgumentException naming the first bad argument.
     */
    static RespConfig parse(final String[] args)
    {
        for (final String arg : args)
        {
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                return null;
            }
        }
        final RespConfig config = RespConfig.fromProperties(System.getProperties());
        final PoolConfig pool = config.poolConfig();
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            if (!option.startsWith("--") || !isOption(option))
            {
                throw new IllegalArgumentException("unknown " + (option.startsWith("-") ? "option" : "argument") +
                    " '" + option + "'; it takes --port --bind --pool-file --pool-bytes --slot-bytes --disk-dir " +
                    "--max-value-bytes --max-clients --io-threads --help");
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(option + " needs a value");
            }
            final String value = args[++i];
            switch (option)
            {
                case "--port":
                    config.port((int)SettingValues.wholeNumber(option, value, 0, 65_535));
                    break;
                case "--bind":
                    config.bindAddress(value);
                    break;
                case "--pool-file":
                    poolFile(pool, value);
                    break;
                case "--pool-bytes":
                    pool.capacityBytes(SettingValues.size(option, value));
                    break;
                case "--slot-bytes":
                    final long slot = SettingValues.size(option, value);
                    if (slot > Integer.MAX_VALUE)
                    {
                        throw new IllegalArgumentException(option + "=" + value + " is larger than 1g");
                    }
                    pool.slotBytes((int)slot);
                    break;
                case "--disk-dir":
                    pool.diskTierDirectory(Path.of(value));
                    break;
                case "--max-value-bytes":
                    config.maxValueBytes(SettingValues.size(option, value));
                    break;
                case "--max-clients":
                    config.maxClients((int)SettingValues.wholeNumber(option, value, 0, Integer.MAX_VALUE));
                    break;
                case "--io-threads":
                    config.ioThreads((int)SettingValues.wholeNumber(
                        option, value, 0, RespConfig.Configuration.IO_THREADS_MAX));
                    break;
                default:
                    throw new IllegalStateException(option);
            }
        }
        return config;
    }

    private static boolean isOption(final String option)
    {
        switch (option)
        {
            case "--port":
            case "--bind":
            case "--pool-file":
            case "--pool-bytes":
            case "--slot-bytes":
            case "--disk-dir":
            case "--max-value-bytes":
            case "--max-clients":
            case "--io-threads":
                return true;
            default:
                return false;
        }
    }

    private static void poolFile(final PoolConfig pool, final String value)
    {
        final Path file = Path.of(value).toAbsolutePath();
        final String name = String.valueOf(file.getFileName());
        if (!name.endsWith(".pool") || name.length() == ".pool".length())
        {
            throw new IllegalArgumentException("--pool-file " + value + " must name a file ending in .pool, e.g. " +
                "/dev/shm/memfabric/pages.pool");
        }
        pool.directory(file.getParent()).name(name.substring(0, name.length() - ".pool".length()));
    }

    private static String hostPort(final RespServer server)
    {
        return server.address().getAddress().getHostAddress() + ":" + server.port();
    }
}
