/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code redis-cli} and {@code redis-benchmark} (Debian package redis-tools, which {@code .ci/run} installs
 * when it runs as root) against the front. Without them the tests skip, saying so.
 */
@Timeout(300)
class RespRedisToolsTest
{
    @Test
    void redisCliAnswersPingSetGetAndPrintsRedisErrors() throws Exception
    {
        final Path cli = tool("redis-cli");
        try (RespTestServer server = RespTestServer.start("redis-cli"))
        {
            final String port = Integer.toString(server.port());
            assertEquals("PONG\n", run(cli, "-p", port, "PING").output);
            assertEquals("OK\n", run(cli, "-p", port, "SET", "greeting", "hello world").output);
            assertEquals("hello world\n", run(cli, "-p", port, "GET", "greeting").output);
            assertEquals("\n", run(cli, "-p", port, "GET", "missing").output);
            // redis-cli prints an error and an empty line, for redis-server as for us.
            assertEquals("ERR unknown command 'foo', with args beginning with: 'bar' \n\n",
                run(cli, "-p", port, "foo", "bar").output);
            assertEquals("ERR wrong number of arguments for 'get' command\n\n",
                run(cli, "-p", port, "GET").output);
            assertTrue(run(cli, "-p", port, "INFO", "keyspace").output.contains("db0:keys=1"));

            // A 4 MB value through redis-cli -x (the value from standard input), read back byte for byte.
            final byte[] value = new byte[4 * 1024 * 1024];
            new Random(5).nextBytes(value);
            final Path in = server.dir.resolve("value.bin");
            Files.write(in, value);
            assertEquals("OK\n", run(in, cli, "-p", port, "-x", "SET", "big").output);
            final Result get = run(cli, "-p", port, "--raw", "GET", "big");
            final byte[] got = get.bytes;
            assertArrayEquals(value, Arrays.copyOf(got, got.length - 1), "the value and the newline redis-cli adds");
        }
    }

    @Test
    void redisBenchmarkCompletesWithoutErrors() throws Exception
    {
        final Path benchmark = tool("redis-benchmark");
        try (RespTestServer server = RespTestServer.start("redis-benchmark"))
        {
            final Result result = run(benchmark, "-p", Integer.toString(server.port()), "-t", "set,get",
                "-n", "20000", "-d", "4096", "-P", "16", "-q");
            assertEquals(0, result.exitCode, result.output);
            final String output = result.output.replace('\r', '\n');
            assertTrue(output.contains("SET: ") && output.contains("GET: "), output);
            assertTrue(output.contains("requests per second"), output);
            assertFalse(output.toLowerCase().contains("error"), output);
            assertFalse(output.contains("WARNING"), "redis-benchmark read our CONFIG replies: " + output);
            assertTrue(server.store().stats().hits() > 0);
            assertEquals(0, server.server.stats().errorReplies(), "no command was refused");
        }
    }

    /**
     * @return the tool on the PATH (or in /usr/bin); skips the test, saying why, if it is not installed.
     */
    static Path tool(final String name)
    {
        final List<String> dirs = new ArrayList<>(Arrays.asList(
            System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        for (final String dir : dirs)
        {
            if (!dir.isEmpty())
            {
                final Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        assumeTrue(false, name + " is not installed (Debian: apt-get install redis-tools; .ci/run installs it when " +
            "run as root): skipping the test with the real Redis tools");
        return null;
    }

    static Result run(final Path tool, final String... args) throws IOException, InterruptedException
    {
        return run(null, tool, args);
    }

    static Result run(final Path stdin, final Path tool, final String... args)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(Arrays.asList(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null)
        {
            builder.redirectInput(stdin.toFile());
        }
        final Process process = builder.start();
        try
        {
            final byte[] bytes = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS))
            {
                throw new AssertionError(command + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), bytes);
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    /**
     * A tool's exit code and output.
     */
    static final class Result
    {
        final int exitCode;
        final byte[] bytes;
        final String output;

        Result(final int exitCode, final byte[] bytes)
        {
            this.exitCode = exitCode;
            this.bytes = bytes;
            this.output = new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
