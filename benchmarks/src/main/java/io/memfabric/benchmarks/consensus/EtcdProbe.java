/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures etcd the way an application would use it for what MemFabric's consensus service does, over its v3 JSON
 * gateway with {@link HttpClient}: a lease granted once, then lock (with that lease) + unlock, each timed; a put
 * one at a time; and puts with many in flight ({@code sendAsync}). Requests go to the leader, as MemFabric's client
 * sends to the cluster's leader, so neither side pays a forwarding hop.
 */
final class EtcdProbe
{
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long LEASE_TTL_S = 3_600;
    private static final int SLOTS = 64;
    private static final Pattern LEASE_ID = Pattern.compile("\"ID\"\\s*:\\s*\"?(-?\\d+)\"?");
    private static final Pattern LOCK_KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");

    private final String baseUrl;
    private final Sizes sizes;
    /**
     * HTTP/1.1 (the gateway speaks no cleartext HTTP/2 upgrade); completions run on the client's selector thread
     * rather than hopping to a pool, which on two cores lifts the put throughput this client reaches by about half.
     */
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Runnable::run)
        .build();

    EtcdProbe(final String baseUrl, final Sizes sizes)
    {
        this.baseUrl = baseUrl;
        this.sizes = sizes;
    }

    void run() throws Exception
    {
        final long lease = leaseGrants();
        lockRoundTrips(lease);
        puts();
        putThroughput();
    }

    private long leaseGrants() throws IOException, InterruptedException
    {
        final Latencies grants = new Latencies("etcd_lease_grant");
        final int samples = Math.max(10, sizes.samples() / 10);
        final int warmup = Math.max(10, sizes.warmup() / 10);
        long lease = 0;
        for (int i = 0; i < warmup + samples; i++)
        {
            final long start = System.nanoTime();
            final String body = post("/v3/lease/grant", "{\"TTL\":" + LEASE_TTL_S + "}");
            if (i >= warmup)
            {
                grants.record(System.nanoTime() - start);
            }
            lease = Long.parseLong(find(LEASE_ID, body, "lease grant"));
        }
        grants.report();
        return lease;
    }

    private void lockRoundTrips(final long lease) throws IOException, InterruptedException
    {
        final Latencies pairs = new Latencies("etcd_lock_roundtrip");
        final Latencies acquires = new Latencies("etcd_lock_acquire");
        final Latencies releases = new Latencies("etcd_lock_release");
        final String lockRequest = "{\"name\":\"" + base64("memfabric-bench/lock") + "\",\"lease\":" + lease + "}";
        for (int i = 0, n = sizes.warmup() + sizes.samples(); i < n; i++)
        {
            final long start = System.nanoTime();
            final String key = find(LOCK_KEY, post("/v3/lock/lock", lockRequest), "lock");
            final long acquired = System.nanoTime();
            post("/v3/lock/unlock", "{\"key\":\"" + key + "\"}");
            final long released = System.nanoTime();
            if (i >= sizes.warmup())
            {
                pairs.record(released - start);
                acquires.record(acquired - start);
                releases.record(released - acquired);
            }
        }
        pairs.report();
        acquires.report();
        releases.report();
    }

    private void puts() throws IOException, InterruptedException
    {
        final Latencies puts = new Latencies("etcd_put");
        for (int i = 0, n = sizes.warmup() + sizes.samples(); i < n; i++)
        {
            final HttpRequest request = putRequest(i);
            final long start = System.nanoTime();
            check(http.send(request, HttpResponse.BodyHandlers.ofString()), "put");
            if (i >= sizes.warmup())
            {
                puts.record(System.nanoTime() - start);
            }
        }
        puts.report();
    }

    private void putThroughput() throws Exception
    {
        for (final int window : sizes.windows())
        {
            Pipeline.run(sizes.throughputWarmup(window), window, this::putAsync);
            final long elapsed = Pipeline.run(sizes.ops(), window, this::putAsync);
            Probe.throughput(sizes.throughputMetric("etcd_put_throughput", window), sizes.ops(), elapsed);
        }
    }

    private CompletableFuture<String> putAsync(final int i)
    {
        return http.sendAsync(putRequest(i), HttpResponse.BodyHandlers.ofString())
            .thenApply(response -> check(response, "put"));
    }

    /**
     * A put of an 8-byte value into one of {@value #SLOTS} keys, as MemFabric's write puts a long into one of as
     * many slots.
     */
    private HttpRequest putRequest(final int i)
    {
        final byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(i).array();
        return request("/v3/kv/put", "{\"key\":\"" + base64("memfabric-bench/slot/" + (i % SLOTS)) +
            "\",\"value\":\"" + Base64.getEncoder().encodeToString(value) + "\"}");
    }

    private String post(final String path, final String json) throws IOException, InterruptedException
    {
        return check(http.send(request(path, json), HttpResponse.BodyHandlers.ofString()), path);
    }

    private HttpRequest request(final String path, final String json)
    {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    }

    private static String check(final HttpResponse<String> response, final String what)
    {
        if (200 != response.statusCode())
        {
            throw new IllegalStateException("etcd answered " + what + " with HTTP " + response.statusCode() + ": " +
                response.body());
        }
        return response.body();
    }

    private static String find(final Pattern pattern, final String body, final String what)
    {
        final Matcher matcher = pattern.matcher(body);
        if (!matcher.find())
        {
            throw new IllegalStateException("etcd's answer to " + what + " has no " + pattern + ": " + body);
        }
        return matcher.group(1);
    }

    private static String base64(final String text)
    {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
