/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.llm;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./fabric demo kv}: agents in JVMs of their own answer different questions over one long shared context on
 * this host. The first computes the context and stores its KV pages in the host's pool; the others start together,
 * find the pages, and prefill only their question. Prints each agent's hit or miss and time to first token, checks
 * every agent's logits against a full recompute, and sums up the KV memory the host held against every agent
 * computing its own.
 * <pre>
 *   KvDemo [--agents 3] [--prefix-tokens 2048] [--model small|tiny]
 * </pre>
 */
public final class KvDemo
{
    private static final Pattern LINE = Pattern.compile("agent (\\S+) (HIT|MISS) (\\d+)/(\\d+) tokens reused, " +
        "ttft_ms ([0-9.]+), logits (\\S+), pages fetched (\\d+), kv_bytes (\\d+), kv_owned_bytes (\\d+), " +
        "kv_borrowed_bytes (\\d+)");

    private KvDemo()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception if an agent fails.
     */
    public static void main(final String[] args) throws Exception
    {
        int agents = 3;
        int prefix = 2048;
        String model = "small";
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--prefix-tokens" -> prefix = Integer.parseInt(args[++i]);
                case "--model" -> model = args[++i];
                case "--help", "-h" ->
                {
                    System.out.println("Usage: ./fabric demo kv [--agents 3] [--prefix-tokens 2048] " +
                        "[--model small|tiny]");
                    return;
                }
                default ->
                {
                    System.err.println("fabric: demo kv: unknown argument '" + args[i] + "'; it takes --agents N " +
                        "--prefix-tokens N --model small|tiny --help");
                    System.exit(2);
                }
            }
        }
        final File shm = new File("/dev/shm");
        final Path pool = (shm.isDirectory() ? shm.toPath() : Path.of(System.getProperty("java.io.tmpdir")))
            .resolve("memfabric-kv-demo-" + ProcessHandle.current().pid());
        System.out.println("KV demo: " + (agents + 1) + " agent JVMs, model '" + model + "', a shared context of " +
            prefix + " tokens and a 48-token question each; pages in " + pool);
        int failures = 0;
        final List<String[]> results = new ArrayList<>();
        try
        {
            System.out.println("-- the first agent computes the context and stores its pages");
            final Process first = agent(pool, model, prefix, "first", 1);
            failures += report(first, results);
            System.out.println("-- " + agents + " more agents start together, each with its own question");
            final List<Process> rest = new ArrayList<>();
            for (int a = 1; a <= agents; a++)
            {
                rest.add(agent(pool, model, prefix, "agent-" + a, 1 + a));
            }
            for (final Process process : rest)
            {
                failures += report(process, results);
            }
        }
        finally
        {
            try (Stream<Path> files = Files.exists(pool) ? Files.walk(pool) : Stream.empty())
            {
                files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
            }
        }
        summarise(results, prefix);
        if (failures > 0)
        {
            System.out.println("FAILED: " + failures + " agent(s) failed or computed other bits than a recompute");
            System.exit(1);
        }
        System.out.println("OK: every agent's logits equal a full recompute, bit for bit.");
    }

    private static Process agent(final Path pool, final String model, final int prefix, final String name,
        final int question) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx1g", "-cp", System.getProperty("java.class.path"), KvAgent.class.getName(),
            "--name", name, "--model", model, "--prefix-tokens", Integer.toString(prefix),
            "--question", Integer.toString(question), "--pool-dir", pool.toString(), "--verify"));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int report(final Process process, final List<String[]> results) throws Exception
    {
        final StringBuilder all = new StringBuilder();
        try (BufferedReader output = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = output.readLine()) != null)
            {
                all.append(line).append('\n');
                System.out.println("   " + line);
                final Matcher matcher = LINE.matcher(line);
                if (matcher.find())
                {
                    results.add(new String[]{ matcher.group(2), matcher.group(5), matcher.group(8),
                        matcher.group(9) });
                }
            }
        }
        final boolean ended = process.waitFor(600, TimeUnit.SECONDS);
        return ended && process.exitValue() == 0 && all.toString().contains("verify EQUAL") ? 0 : 1;
    }

    private static void summarise(final List<String[]> results, final int prefix)
    {
        double cold = 0;
        double warm = 0;
        int hits = 0;
        long owned = 0;
        long whole = 0;
        for (final String[] result : results)
        {
            if ("HIT".equals(result[0]))
            {
                warm += Double.parseDouble(result[1]);
                hits++;
            }
            else
            {
                cold = Double.parseDouble(result[1]);
            }
            owned += Long.parseLong(result[3]);
            whole += Long.parseLong(result[2]);
        }
        if (results.isEmpty())
        {
            return;
        }
        final long contextBytes = Long.parseLong(results.get(0)[2]) / (prefix + 48) * prefix;
        System.out.println("== Summary");
        System.out.println(String.format(Locale.ROOT, "time to first token: %.0f ms computing the context, " +
            "%.0f ms on average finding it (%d agents)", cold, hits == 0 ? 0 : warm / hits, hits));
        System.out.println(String.format(Locale.ROOT, "KV memory on the host: %.1f MiB (the context's pages once, " +
            "%.1f MiB, plus what each agent holds) against %.1f MiB if every agent computed its own",
            (contextBytes + owned) / 1048576.0, contextBytes / 1048576.0, whole / 1048576.0));
    }
}
