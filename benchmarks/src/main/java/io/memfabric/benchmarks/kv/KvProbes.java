/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.kv;

import io.memfabric.benchmarks.transport.RespClient;
import io.memfabric.benchmarks.transport.TransportProbes;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterStatus;
import io.memfabric.consensus.cluster.MemberConfig;
import io.memfabric.consensus.cluster.MemberProcess;
import io.memfabric.kv.KvCache;
import io.memfabric.kv.KvConfig;
import io.memfabric.kv.KvMatch;
import io.memfabric.kv.KvPage;
import io.memfabric.samples.llm.KvAgent;
import io.memfabric.samples.llm.KvPages;
import io.memfabric.samples.llm.KvState;
import io.memfabric.samples.llm.ModelConfig;
import io.memfabric.samples.llm.TinyTransformer;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kv suite's measurements, in a JVM of their own (fabric.jar and samples.jar on its class path): prints
 * {@code FIGURE <metric> <value> <unit>} lines for {@link KvSuite}, and {@code ABSENT <metric> <why>} for what it
 * could not measure.
 * <p>
 * Arguments: {@code quick|full <work dir> <redis port or -> <redis-benchmark binary or -> [parts]}, where parts
 * (default all) is a comma list of {@code ttft,read,remote,resp,bytes}, to run some on their own.
 */
public final class KvProbes
{
    private static final int QUESTION_TOKENS = 48;
    private static final Pattern AGENT_LINE = Pattern.compile("agent (\\S+) (HIT|MISS) (\\d+)/(\\d+) tokens " +
        "reused, ttft_ms ([0-9.]+), logits (\\S+), pages fetched (\\d+), kv_bytes (\\d+), kv_owned_bytes (\\d+), " +
        "kv_borrowed_bytes (\\d+)");
    private static final Pattern BENCH_GET = Pattern.compile("GET: ([0-9.]+) requests per second");

    private KvProbes()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception if a measurement fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final boolean quick = "quick".equals(args[0]);
        final Path work = Path.of(args[1]);
        final int redisPort = "-".equals(args[2]) ? -1 : Integer.parseInt(args[2]);
        final String redisBenchmark = "-".equals(args[3]) ? null : args[3];
        final List<String> parts = List.of((args.length > 4 ? args[4] : "ttft,read,remote,resp,bytes").split(","));
        final ModelConfig model = ModelConfig.SMALL;
        final KvPages pages = new KvPages(model);

        final int[] prefixes = quick ? new int[]{ 1024, 4096 } : new int[]{ 1024, 4096, 16384 };
        if (parts.contains("ttft"))
        {
            ttft(model, pages, work.resolve("ttft-pool"), prefixes);
        }
        if (parts.contains("read"))
        {
            final Path hostPool = work.resolve("host-pool");
            agent(hostPool, "writer", 1, 1024, List.of());
            hostRead(pages, hostPool, redisPort, quick);
        }
        if (parts.contains("remote"))
        {
            remoteFetch(pages, work.resolve("remote"), quick);
        }
        if (!parts.contains("resp"))
        {
            System.out.print("");
        }
        else if (redisBenchmark == null || redisPort < 0)
        {
            absent("resp_get", "redis-benchmark or redis-server is not installed (apt-get install redis-tools " +
                "redis-server)");
        }
        else
        {
            resp(work.resolve("resp"), redisBenchmark, redisPort, quick);
        }
        if (parts.contains("bytes"))
        {
            hostBytes(work.resolve("agents-pool"), quick ? 4 : 8);
        }
        System.out.flush();
    }

    // Time to first token of a prompt (shared prefix + a 48-token question) computed from nothing, and with the prefix
    // found in the store; and what a lookup that finds nothing costs.
    private static void ttft(final ModelConfig model, final KvPages pages, final Path pool, final int[] prefixes)
        throws Exception
    {
        final TinyTransformer transformer = new TinyTransformer(model, 1);
        final int[] warmup = KvAgent.prompt(model, 256, 99, QUESTION_TOKENS);
        transformer.prefill(transformer.newState(), warmup, 0, warmup.length);
        try (KvCache kv = KvCache.open(KvAgent.storeConfig(pages, pool, 1024, null, null)))
        {
            for (final int prefix : prefixes)
            {
                final int[] prompt = KvAgent.prompt(model, prefix, 1, QUESTION_TOKENS);
                final KvState cold = transformer.newState();
                final long coldStart = System.nanoTime();
                transformer.prefill(cold, prompt, 0, prompt.length);
                final double coldMs = (System.nanoTime() - coldStart) / 1e6;
                kv.put(prompt, prefix / pages.blockSize(),
                    (from, count, page) -> pages.export(cold, from, count, page));

                final int[] asked = KvAgent.prompt(model, prefix, 2, QUESTION_TOKENS);
                final long warmStart = System.nanoTime();
                final KvState warm = transformer.newState();
                final int reused;
                try (KvMatch hit = kv.match(asked))
                {
                    for (final KvPage page : hit.pages())
                    {
                        pages.importInto(warm, page.bytes(), page.fromBlock(), page.blockCount());
                    }
                    reused = hit.tokens();
                }
                transformer.prefill(warm, asked, reused, asked.length);
                final double warmMs = (System.nanoTime() - warmStart) / 1e6;
                final String size = prefix / 1024 + "k";
                figure("ttft_cold_" + size, coldMs, "ms");
                figure("ttft_warm_" + size, warmMs, "ms");
                if (reused != prefix)
                {
                    throw new IllegalStateException("the warm prompt reused " + reused + " of " + prefix + " tokens");
                }

                // A miss: a prompt of the same length nobody stored.
                final SplittableRandom other = new SplittableRandom(prefix * 31L + 7);
                final int[] unknown = new int[asked.length];
                for (int i = 0; i < unknown.length; i++)
                {
                    unknown[i] = other.nextInt(model.vocabSize());
                }
                final int lookups = 50;
                final long missStart = System.nanoTime();
                for (int i = 0; i < lookups; i++)
                {
                    try (KvMatch miss = kv.match(unknown))
                    {
                        if (miss.blocks() != 0)
                        {
                            throw new IllegalStateException("an unknown prompt hit");
                        }
                    }
                }
                figure("miss_lookup_" + size, (System.nanoTime() - missStart) / 1e6 / lookups, "ms");
            }
        }
    }

    // A page another JVM of the host stored, read through the store (in place, every long summed), against a Redis GET
    // of the same bytes (into a buffer of the reader's own, every long summed).
    private static void hostRead(final KvPages pages, final Path pool, final int redisPort, final boolean quick)
        throws Exception
    {
        final int[] prompt = KvAgent.prompt(pages.config(), 1024, 1, QUESTION_TOKENS);
        final long measureNs = TimeUnit.MILLISECONDS.toNanos(quick ? 1_500 : 5_000);
        final List<byte[]> copies = new ArrayList<>();
        try (KvCache kv = KvCache.open(KvAgent.storeConfig(pages, pool, 1024, null, null)))
        {
            long bytes = 0;
            long sum = 0;
            long start = 0;
            for (int round = 0; ; round++)
            {
                if (round == 3)
                {
                    start = System.nanoTime();
                    bytes = 0;
                }
                try (KvMatch hit = kv.match(prompt))
                {
                    if (hit.blocks() < 64)
                    {
                        throw new IllegalStateException("the writer's pages are not in the pool: " + hit);
                    }
                    for (final KvPage page : hit.pages())
                    {
                        sum += sumLongs(page.bytes());
                        bytes += page.length();
                        if (round == 0)
                        {
                            final byte[] copy = new byte[page.length()];
                            page.bytes().get(copy);
                            copies.add(copy);
                        }
                    }
                }
                if (round >= 3 && System.nanoTime() - start > measureNs)
                {
                    break;
                }
            }
            figure("kv_host_read", bytes / ((System.nanoTime() - start) / 1e9) / 1e9, "GB/s");
            blackhole(sum);
        }
        if (redisPort < 0)
        {
            absent("redis_get", "redis-server is not installed");
            return;
        }
        try (RespClient redis = RespClient.connect("127.0.0.1", redisPort))
        {
            for (int i = 0; i < copies.size(); i++)
            {
                redis.sendSet(("kvpage:" + i).getBytes(StandardCharsets.US_ASCII), ByteBuffer.wrap(copies.get(i)));
                redis.readOk();
            }
            final ByteBuffer into = ByteBuffer.allocateDirect(copies.get(0).length).order(ByteOrder.LITTLE_ENDIAN);
            long bytes = 0;
            long sum = 0;
            long start = 0;
            for (int round = 0; ; round++)
            {
                if (round == 3)
                {
                    start = System.nanoTime();
                    bytes = 0;
                }
                for (int i = 0; i < copies.size(); i++)
                {
                    redis.sendGet(("kvpage:" + i).getBytes(StandardCharsets.US_ASCII));
                    into.clear();
                    final int length = redis.readBulk(into);
                    into.flip();
                    sum += sumLongs(into);
                    bytes += length;
                }
                if (round >= 3 && System.nanoTime() - start > measureNs)
                {
                    break;
                }
            }
            figure("redis_get", bytes / ((System.nanoTime() - start) / 1e9) / 1e9, "GB/s");
            blackhole(sum);
        }
    }

    // Pages another host holds (another store with a pool of its own, over UDP on loopback), fetched into this host's
    // pool and read once: bytes over time, the first read of each prompt's 64 pages.
    private static void remoteFetch(final KvPages pages, final Path dir, final boolean quick) throws Exception
    {
        final int prompts = quick ? 4 : 16;
        final ClusterEndpoints endpoints = ClusterEndpoints.local("127.0.0.1", freeBasePort(), 3);
        final List<Process> members = new ArrayList<>();
        try
        {
            for (int id = 0; id < 3; id++)
            {
                final File memberDir = dir.resolve("member-" + id).toFile();
                Files.createDirectories(memberDir.toPath());
                members.add(MemberProcess.start(new MemberConfig().memberId(id).endpoints(endpoints).dir(memberDir)
                    .cleanStart(true).aeronDir(new File(memberDir, "aeron").getAbsolutePath())
                    .parentPid(ProcessHandle.current().pid()), new File(memberDir, "member.log")));
            }
            awaitLeader(endpoints);
            // Room for every prompt's 16 MiB of pages: an evicted page could not be fetched.
            final long poolMb = (prompts + 2) * 16L + 64;
            final KvConfig writerConfig = KvAgent.storeConfig(pages, dir.resolve("pool-a"), poolMb,
                endpoints.clientSetting(), "127.0.0.1");
            final KvConfig readerConfig = KvAgent.storeConfig(pages, dir.resolve("pool-b"), poolMb,
                endpoints.clientSetting(), "127.0.0.1");
            try (KvCache writer = KvCache.open(writerConfig); KvCache reader = KvCache.open(readerConfig))
            {
                final SplittableRandom random = new SplittableRandom(11);
                final List<int[]> stored = new ArrayList<>();
                for (int p = 0; p < prompts + 1; p++)
                {
                    final int[] prompt = KvAgent.prompt(pages.config(), 1024, 100 + p, 0);
                    for (int i = 0; i < prompt.length; i++)
                    {
                        prompt[i] = random.nextInt(pages.config().vocabSize());
                    }
                    writer.put(prompt, 64, (from, count, page) ->
                    {
                        while (page.remaining() >= Long.BYTES)
                        {
                            page.putLong(random.nextLong());
                        }
                    });
                    stored.add(prompt);
                }
                awaitPeers(reader);
                fetchAll(reader, stored.get(0));
                long bytes = 0;
                long sum = 0;
                final long start = System.nanoTime();
                for (int p = 1; p <= prompts; p++)
                {
                    try (KvMatch hit = fetchAll(reader, stored.get(p)))
                    {
                        for (final KvPage page : hit.pages())
                        {
                            sum += sumLongs(page.bytes());
                            bytes += page.length();
                        }
                    }
                }
                figure("kv_remote_fetch", bytes / ((System.nanoTime() - start) / 1e9) / 1e9, "GB/s");
                blackhole(sum);
            }
        }
        finally
        {
            for (final Process member : members)
            {
                member.destroy();
            }
            for (final Process member : members)
            {
                member.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static KvMatch fetchAll(final KvCache reader, final int[] prompt)
    {
        final KvMatch hit = reader.match(prompt);
        if (hit.blocks() != 64)
        {
            hit.close();
            throw new IllegalStateException("the reader fetched " + hit.blocks() + " of 64 blocks: " +
                reader.stats());
        }
        return hit;
    }

    // redis-benchmark GET throughput against the RESP front and against redis-server, same value size and pipelining.
    private static void resp(final Path dir, final String redisBenchmark, final int redisPort, final boolean quick)
        throws Exception
    {
        Files.createDirectories(dir);
        final int port = freeBasePort();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MemberProcess.JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.memfabric.kv.resp.RespServerMain",
            "--port", Integer.toString(port), "--pool-file", dir.resolve("resp.pool").toString(), "--pool-bytes",
            Long.toString(512L * 1024 * 1024)));
        final Process front = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("resp.log").toFile()).start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(dir.resolve("resp.log")).contains("listening"))
            {
                if (!front.isAlive() || System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("the RESP front did not start: " +
                        Files.readString(dir.resolve("resp.log")));
                }
                Thread.sleep(50);
            }
            final int requests = quick ? 50_000 : 200_000;
            double ours = 0;
            double theirs = 0;
            // Alternate, best of three each: the two cores are shared with whatever else runs.
            for (int run = 0; run < 3; run++)
            {
                ours = Math.max(ours, redisBenchmarkGet(redisBenchmark, port, requests));
                theirs = Math.max(theirs, redisBenchmarkGet(redisBenchmark, redisPort, requests));
            }
            figure("resp_get", ours, "req/s");
            figure("redis_server_get", theirs, "req/s");
        }
        finally
        {
            front.destroy();
            front.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static double redisBenchmarkGet(final String binary, final int port, final int requests)
        throws Exception
    {
        final Process process = new ProcessBuilder(binary, "-h", "127.0.0.1", "-p", Integer.toString(port), "-t",
            "set,get", "-n", Integer.toString(requests), "-d", "4096", "-P", "16", "-q").redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(120, TimeUnit.SECONDS);
        final Matcher get = BENCH_GET.matcher(output.replace('\r', '\n'));
        String last = null;
        while (get.find())
        {
            last = get.group(1);
        }
        if (last == null)
        {
            throw new IllegalStateException("redis-benchmark printed no GET figure: " + output);
        }
        return Double.parseDouble(last);
    }

    // N agents on one host answer their questions over one shared 1024-token context: the KV bytes the host holds
    // (the pool's pages plus each agent's own cache) against one copy of what is distinct (the context once, each
    // question once), against every agent recomputing (each holds its whole prompt), and against pages in Redis
    // (one copy there, and each agent's whole prompt in its own cache).
    private static void hostBytes(final Path pool, final int agents) throws Exception
    {
        final int prefix = 1024;
        final AgentRun first = agent(pool, "first", 1, prefix, List.of("--store-tokens", Integer.toString(prefix)));
        long agentBytes = 0;
        long questionBytes = 0;
        long wholePrompt = 0;
        for (int a = 0; a < agents; a++)
        {
            // Each agent stores only the shared context (it is there already): the host holds one copy of it.
            final AgentRun run = agent(pool, "agent-" + a, 10 + a, prefix,
                List.of("--store-tokens", Integer.toString(prefix)));
            agentBytes += run.ownedBytes;
            wholePrompt += run.kvBytes;
            questionBytes += run.kvBytes / (prefix + QUESTION_TOKENS) * QUESTION_TOKENS;
        }
        final long contextBytes = first.kvBytes / (prefix + QUESTION_TOKENS) * prefix;
        final double mb = 1024 * 1024;
        figure("host_kv_bytes_shared", (contextBytes + agentBytes) / mb, "MiB");
        figure("host_kv_bytes_one_copy", (contextBytes + questionBytes) / mb, "MiB");
        figure("host_kv_bytes_recompute", wholePrompt / mb, "MiB");
        figure("host_kv_bytes_redis", (contextBytes + wholePrompt) / mb, "MiB");
        figure("agents_per_gb_shared", agents / ((contextBytes + agentBytes) / 1e9), "agents/GB");
        figure("agents_per_gb_recompute", agents / (wholePrompt / 1e9), "agents/GB");
    }

    private record AgentRun(long kvBytes, long ownedBytes)
    {
    }

    private static AgentRun agent(
        final Path pool, final String name, final int question, final int prefix, final List<String> more)
        throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MemberProcess.JVM_FLAGS);
        command.add("-Xmx1g");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KvAgent.class.getName(), "--name", name,
            "--model", "small", "--question", Integer.toString(question), "--prefix-tokens", Integer.toString(prefix),
            "--question-tokens", Integer.toString(QUESTION_TOKENS), "--pool-dir", pool.toString(), "--pool-mb",
            "1024"));
        command.addAll(more);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IllegalStateException("agent " + name + " failed: " + output);
        }
        System.out.print("    " + output.replace("\n", "\n    ").stripTrailing() + "\n");
        final Matcher line = AGENT_LINE.matcher(output);
        if (!line.find())
        {
            throw new IllegalStateException("agent " + name + " printed no result line: " + output);
        }
        final long kvBytes = Long.parseLong(line.group(8));
        final long owned = Long.parseLong(line.group(9));
        return new AgentRun(kvBytes, owned);
    }

    private static long sumLongs(final ByteBuffer bytes)
    {
        final ByteBuffer view = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (int at = view.position(), end = view.limit() - Long.BYTES; at <= end; at += Long.BYTES)
        {
            sum += view.getLong(at);
        }
        return sum;
    }

    private static void awaitLeader(final ClusterEndpoints endpoints) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline)
        {
            if (ClusterStatus.query(endpoints).stream().anyMatch((status) -> status.endsWith(" LEADER")))
            {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no leader among " + endpoints.clientSetting() + " within 60 s");
    }

    private static void awaitPeers(final KvCache reader) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (reader.peers().isEmpty() && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
        }
    }

    private static int freeBasePort() throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base;
            try (ServerSocket socket = new ServerSocket(0))
            {
                base = socket.getLocalPort();
            }
            if (base + ClusterEndpoints.PORTS_PER_MEMBER * 300 < 65_000)
            {
                return base;
            }
        }
        return 30_000 + (int)(ProcessHandle.current().pid() % 10_000);
    }

    private static volatile long sink;

    private static void blackhole(final long value)
    {
        sink += value;
    }

    private static void figure(final String metric, final double value, final String unit)
    {
        System.out.println(String.format(Locale.ROOT, "%s %s %.6f %s", TransportProbes.FIGURE, metric, value, unit));
        System.out.flush();
    }

    private static void absent(final String metric, final String why)
    {
        System.out.println(TransportProbes.ABSENT + " " + metric + " " + why);
        System.out.flush();
    }
}
