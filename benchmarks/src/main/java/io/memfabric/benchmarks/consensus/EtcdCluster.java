/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.benchmarks.FreePorts;
import io.memfabric.benchmarks.RunScope;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 3-member etcd cluster on loopback, started by the suite with its own data directories and ports and stopped at
 * the end: the peer MemFabric's locks and writes are compared with. Uses the {@code etcd} binary on the PATH
 * (Debian: {@code apt-get install etcd-server etcd-client}).
 */
final class EtcdCluster implements AutoCloseable
{
    /**
     * What to tell a user who has no etcd.
     */
    static final String INSTALL_HINT = "install it with: apt-get install etcd-server etcd-client";

    private static final int MEMBERS = 3;
    private static final long READY_WAIT_MS = 60_000;
    private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)\"?");
    private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)\"?");

    private final List<Process> processes = new ArrayList<>();
    private final List<String> clientUrls = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
    private String leaderUrl;

    private EtcdCluster()
    {
    }

    /**
     * @return the etcd binary: {@code etcd} on the PATH, else {@code /usr/bin/etcd}; {@code null} if there is none.
     */
    static Path findBinary()
    {
        final String path = System.getenv("PATH");
        if (null != path)
        {
            for (final String dir : path.split(File.pathSeparator))
            {
                final Path candidate = Paths.get(dir, "etcd");
                if (Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        final Path debian = Paths.get("/usr/bin/etcd");
        return Files.isExecutable(debian) ? debian : null;
    }

    /**
     * Starts the members and waits until they serve and one leads.
     *
     * @param binary   the etcd binary.
     * @param logDir   where the members' logs go.
     * @param dataDir  where their data directories go (tmpfs when there is one; see BENCHMARKS.md).
     * @param scope what stops them and removes their directories if the suite fails.
     * @return the cluster.
     * @throws IOException          if a member cannot be started or the cluster does not become ready in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    static EtcdCluster start(final Path binary, final Path logDir, final Path dataDir, final RunScope scope)
        throws IOException, InterruptedException
    {
        final EtcdCluster cluster = new EtcdCluster();
        final int base = FreePorts.block(32_000, 56_900, MEMBERS, 10, 2);
        final StringBuilder initialCluster = new StringBuilder();
        for (int id = 0; id < MEMBERS; id++)
        {
            initialCluster.append(id == 0 ? "" : ",").append(name(id)).append("=").append(peerUrl(base, id));
        }
        Files.createDirectories(scope.own(logDir));
        for (int id = 0; id < MEMBERS; id++)
        {
            final String clientUrl = "http://127.0.0.1:" + (base + 10 * id);
            final Path data = scope.own(dataDir.resolve(name(id)));
            final Path log = logDir.resolve(name(id) + ".log");
            cluster.clientUrls.add(clientUrl);
            cluster.logs.add(log);
            cluster.processes.add(scope.own(new ProcessBuilder(
                binary.toString(),
                "--name", name(id),
                "--data-dir", data.toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl(base, id),
                "--initial-advertise-peer-urls", peerUrl(base, id),
                "--initial-cluster", initialCluster.toString(),
                "--initial-cluster-token", "memfabric-bench-" + ProcessHandle.current().pid(),
                "--initial-cluster-state", "new",
                "--logger", "zap",
                "--log-outputs", "stderr")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start()));
        }
        cluster.awaitLeader();
        return cluster;
    }

    /**
     * @return the client URL of the member that leads.
     */
    String leaderUrl()
    {
        return leaderUrl;
    }

    /**
     * @return the etcd version the leader reports.
     */
    String version()
    {
        try
        {
            return get(leaderUrl + "/version");
        }
        catch (final IOException | InterruptedException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }

    /**
     * Prints the last lines of every member's log, for when a measurement against this cluster failed.
     */
    void printLogTails()
    {
        for (final Path log : logs)
        {
            try
            {
                final List<String> lines = Files.readAllLines(log);
                System.err.println("---- " + log + " (last lines)");
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(System.err::println);
            }
            catch (final IOException ex)
            {
                System.err.println("---- " + log + ": " + ex.getMessage());
            }
        }
    }

    /**
     * Stops the members (SIGTERM, then SIGKILL after a bound); the scope removes their directories.
     */
    public void close()
    {
        RunScope.stop(processes);
    }

    private void awaitLeader() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_WAIT_MS);
        while (System.nanoTime() < deadline)
        {
            for (final Process process : processes)
            {
                if (!process.isAlive())
                {
                    printLogTails();
                    throw new IOException("an etcd member exited with status " + process.exitValue() +
                        " at start (its log is above)");
                }
            }
            for (final String url : clientUrls)
            {
                try
                {
                    final String status = post(url + "/v3/maintenance/status", "{}");
                    final Matcher member = MEMBER_ID.matcher(status);
                    final Matcher leader = LEADER.matcher(status);
                    if (member.find() && leader.find() && member.group(1).equals(leader.group(1)))
                    {
                        leaderUrl = url;
                        return;
                    }
                }
                catch (final IOException ex)
                {
                    // Not serving yet.
                }
            }
            Thread.sleep(100);
        }
        printLogTails();
        throw new IOException("the etcd cluster elected no leader within " + READY_WAIT_MS / 1000 + " s");
    }

    private String get(final String url) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(final String url, final String json) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(2))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (200 != response.statusCode())
        {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String name(final int id)
    {
        return "etcd-" + id;
    }

    private static String peerUrl(final int base, final int id)
    {
        return "http://127.0.0.1:" + (base + 10 * id + 1);
    }
}
