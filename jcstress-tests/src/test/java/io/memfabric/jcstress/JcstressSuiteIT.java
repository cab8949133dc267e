/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite as its users run it: {@code java -jar jcstress-tests/target/jcstress.jar -m sanity} passes with every
 * test and no FORBIDDEN outcome, and the same command with a deliberate defect switched on
 * ({@code -Dmemfabric.test.faults=...}) reports FORBIDDEN outcomes, in the tests that defect must break.
 */
class JcstressSuiteIT
{
    private static final Path JAR = Path.of(required("memfabric.test.jcstressJar")).toAbsolutePath();
    private static final Path WORK = Path.of(required("memfabric.test.workDir")).toAbsolutePath();
    private static final Pattern TEST_LINE =
        Pattern.compile("^\\.+ \\[(OK|FAILED|ERROR)] (io\\.memfabric\\.jcstress\\.\\S+)", Pattern.MULTILINE);
    // A result row of a FORBIDDEN outcome that was seen: "    1, 0        4  100.00%   Forbidden  ...", or with
    // thousands separators: "    0, 0     19,734    0.77%   Forbidden  ...".
    private static final Pattern FORBIDDEN_SEEN =
        Pattern.compile("^\\s+.+?\\s+([1-9][0-9,]*)\\s+[0-9.<]+%\\s+Forbidden\\s", Pattern.MULTILINE);

    @Test
    void sanityModePassesEveryTestWithNoForbiddenOutcome() throws Exception
    {
        final Run run = jcstress("sanity", List.of(), List.of("-m", "sanity", "-v"));
        assertEquals(0, run.exitCode, run.output);
        final Set<String> passed = tests(run.output, "OK");
        assertTrue(passed.size() >= 12, "at least 12 distinct tests must pass, passed: " + passed + "\n" + run.output);
        assertTrue(tests(run.output, "FAILED").isEmpty() && tests(run.output, "ERROR").isEmpty(), run.output);
        assertTrue(passed.stream().anyMatch(name -> name.contains(".nodes.")), passed.toString());
        assertTrue(passed.stream().anyMatch(name -> name.contains(".agent.")), passed.toString());
    }

    // Only tests each fault breaks in every sample: a few samples are all sanity mode makes. Others it breaks only
    // when the race falls one way (IRIW, read-read coherence, the critical section), which docs/memory-model.md lists.
    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource({
        "skip-invalidation, StoreBuffering|CompletedWriteVisibility|WriteAgreement",
        "skip-lock, MutualExclusion|CasUnderLock",
        "early-write-ack, CompletedWriteVisibility|MessagePassing|GraphPublication",
        "skip-fencing, Fencing",
        "skip-ownership, OwnerWriteVisibility",
        // Two faults of the replication engine that break different tests: one run.
        "'replica-reverse-apply,skip-lww', CausalMessagePassing|EventualConvergence"})
    void aFaultMakesTheTestsItBreaksReportForbiddenOutcomes(final String fault, final String tests) throws Exception
    {
        final Run run = jcstress(fault, List.of("-Dmemfabric.test.faults=" + fault),
            List.of("-m", "sanity", "-t", "nodes\\.(" + tests + ")$"));
        assertEquals(1, run.exitCode, "JCStress exits with 1 when a test saw a FORBIDDEN outcome\n" + run.output);
        final Set<String> failed = tests(run.output, "FAILED");
        for (final String test : tests.split("\\|"))
        {
            assertTrue(failed.contains("io.memfabric.jcstress.nodes." + test), fault + " must break " + test +
                "; failed: " + failed + "\n" + run.output);
        }
        assertTrue(FORBIDDEN_SEEN.matcher(run.output).find(), "no FORBIDDEN outcome was counted\n" + run.output);
        assertTrue(run.output.contains("TEST FAULTS ON"), run.output);
    }

    @Test
    void withPlainFieldsTheCpusStoreBufferShowsOnTheEmbeddedFabric() throws Exception
    {
        // The agent makes shared fields volatile; without that, x86's store buffer lets both threads of Dekker's test
        // read the old values, a few percent of the time: quick mode has the samples for it, sanity mode has not.
        final Run run = jcstress("plain-fields", List.of("-Dmemfabric.test.faults=plain-fields"),
            List.of("-m", "quick", "-t", "agent\\.EmbeddedStoreBuffering$"));
        assertEquals(1, run.exitCode, run.output);
        assertTrue(tests(run.output, "FAILED").contains("io.memfabric.jcstress.agent.EmbeddedStoreBuffering"),
            run.output);
        assertTrue(FORBIDDEN_SEEN.matcher(run.output).find(), run.output);
    }

    private static Set<String> tests(final String output, final String status)
    {
        final Set<String> names = new TreeSet<>();
        final Matcher matcher = TEST_LINE.matcher(output);
        while (matcher.find())
        {
            if (matcher.group(1).equals(status))
            {
                names.add(matcher.group(2));
            }
        }
        return names;
    }

    private record Run(int exitCode, String output)
    {
    }

    private static Run jcstress(final String name, final List<String> jvmOptions, final List<String> options)
        throws IOException, InterruptedException
    {
        final Path dir = Files.createDirectories(WORK.resolve(name + "-" + System.nanoTime()));
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(options);
        final Path output = dir.resolve("output.txt");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("MEMFABRIC_"));
        final Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES))
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("JCStress did not finish within 15 minutes: " + command + "\n" +
                Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), String.join(" ", command) + "\n" +
            Files.readString(output, StandardCharsets.UTF_8));
    }

    private static String required(final String name)
    {
        final String value = System.getProperty(name);
        if (value == null)
        {
            throw new IllegalStateException("system property " + name + " is not set: run through ./mvnw verify");
        }
        return value;
    }
}
