/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import io.memfabric.FabricConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./fabric kv serve}'s main: its options, --help, bad arguments (exit 2), and a real process that serves and
 * stops cleanly on SIGTERM.
 */
@Timeout(120)
class RespServerMainTest
{
    private static final Pattern LISTENING = Pattern.compile("RESP front listening on 127\\.0\\.0\\.1:(\\d+) .*");

    @Test
    void optionsSetTheServerAndPool()
    {
        final RespConfig config = RespServerMain.parse(new String[]{"--port", "7000", "--bind", "0.0.0.0",
            "--pool-file", "/tmp/x/kv.pool", "--pool-bytes", "1g", "--slot-bytes", "64k", "--disk-dir", "/tmp/d",
            "--max-value-bytes", "8m", "--max-clients", "5", "--io-threads", "2"});
        assertEquals(7000, config.port());
        assertEquals("0.0.0.0", config.bindAddress());
        assertEquals(Path.of("/tmp/x"), config.poolConfig().directory());
        assertEquals("kv", config.poolConfig().name());
        assertEquals(1L << 30, config.poolConfig().capacityBytes());
        assertEquals(64 * 1024, config.poolConfig().slotBytes());
        assertEquals(Path.of("/tmp/d"), config.poolConfig().diskTierDirectory());
        assertEquals(8L << 20, config.maxValueBytes());
        assertEquals(5, config.maxClients());
        assertEquals(2, config.ioThreads());
        assertNull(RespServerMain.parse(new String[]{"--port", "1", "--help"}));

        assertEquals("unknown option '--nope'; it takes --port --bind --pool-file --pool-bytes --slot-bytes " +
            "--disk-dir --max-value-bytes --max-clients --io-threads --help",
            assertThrows(IllegalArgumentException.class, () -> RespServerMain.parse(new String[]{"--nope"}))
                .getMessage());
        assertEquals("--port needs a value",
            assertThrows(IllegalArgumentException.class, () -> RespServerMain.parse(new String[]{"--port"}))
                .getMessage());
        assertEquals("--pool-file kv.txt must name a file ending in .pool, e.g. /dev/shm/memfabric/pages.pool",
            assertThrows(IllegalArgumentException.class,
                () -> RespServerMain.parse(new String[]{"--pool-file", "kv.txt"})).getMessage());
        assertTrue(assertThrows(FabricConfigurationException.class,
            () -> RespServerMain.parse(new String[]{"--port", "70000"})).getMessage()
            .startsWith("--port='70000' is not a whole number from 0 to 65535"));
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception
    {
        final Finished help = runToEnd("--help");
        assertEquals(0, help.exitCode);
        assertTrue(help.stdout.startsWith("Usage: ./fabric kv serve"), help.stdout);
    }

    @Test
    void aBadArgumentPrintsWhatAndUsageAndExitsTwo() throws Exception
    {
        final Finished bad = runToEnd("--pool-bytes", "lots");
        assertEquals(2, bad.exitCode);
        assertTrue(bad.stderr.startsWith("fabric: kv serve: --pool-bytes='lots' is not a size"), bad.stderr);
        assertTrue(bad.stderr.contains("Usage: ./fabric kv serve"), bad.stderr);
        final Finished extra = runToEnd("serve");
        assertEquals(2, extra.exitCode);
        assertTrue(extra.stderr.startsWith("fabric: kv serve: unknown argument 'serve'"), extra.stderr);
    }

    @Test
    void servesUntilSigtermAndStopsCleanly() throws Exception
    {
        final Path dir = RespTestServer.directory("main");
        try
        {
            final Process process = start("--port", "0", "--pool-file", dir.resolve("kv.pool").toString(),
                "--pool-bytes", "16m", "--slot-bytes", "64k");
            try
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                final String line = out.readLine();
                final Matcher listening = LISTENING.matcher(String.valueOf(line));
                assertTrue(listening.find(), "first line: " + line);
                final int port = Integer.parseInt(listening.group(1));
                try (RespTestClient client = new RespTestClient(port))
                {
                    assertEquals("+OK\r\n", client.call("SET", "k", "v"));
                    assertEquals("$1\r\nv\r\n", client.call("GET", "k"));
                }

                // SIGTERM, without Process.destroy() closing our end of its output.
                assertTrue(process.toHandle().destroy());
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM");
                assertEquals("memfabric kv: stopped", out.readLine());
                assertEquals(143, process.exitValue(), "128 + SIGTERM, as a JVM ends on SIGTERM after its hooks");
            }
            finally
            {
                process.destroyForcibly();
            }
        }
        finally
        {
            RespTestServer.delete(dir);
        }
    }

    @Test
    void aPortInUseExitsOneSayingSo() throws Exception
    {
        try (RespTestServer server = RespTestServer.start("main-port-in-use"))
        {
            final Path dir = RespTestServer.directory("main-port-in-use-2");
            try
            {
                final Finished taken = runToEnd("--port", Integer.toString(server.port()), "--pool-file",
                    dir.resolve("kv.pool").toString(), "--pool-bytes", "1m", "--slot-bytes", "64k");
                assertEquals(1, taken.exitCode);
                assertTrue(taken.stderr.startsWith("fabric: kv serve: cannot listen on 127.0.0.1:" + server.port()),
                    taken.stderr);
            }
            finally
            {
                RespTestServer.delete(dir);
            }
        }
    }

    private static Process start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The flags ./fabric passes to members (MEMBER_JVM_FLAGS), as ./fabric kv serve does.
        command.addAll(List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens=java.base/java.util.zip=ALL-UNNAMED",
            "-XX:+UseSerialGC", "-Xmx256m"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RespServerMain.class.getName());
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).start();
    }

    private static Finished runToEnd(final String... args) throws Exception
    {
        final Process process = start(args);
        try
        {
            final byte[] stdout = process.getInputStream().readAllBytes();
            final byte[] stderr = process.getErrorStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            return new Finished(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private record Finished(int exitCode, String stdout, String stderr)
    {
    }
}
