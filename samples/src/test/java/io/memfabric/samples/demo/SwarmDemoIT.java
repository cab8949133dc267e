/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the demo as {@code ./fabric demo} does, in its own JVM under the built agent, and checks it passes its own
 * checks and prints its summary.
 */
class SwarmDemoIT
{
    @Test
    void demoRunsUnderTheAgentAndPassesEveryCheck() throws Exception
    {
        final Path output = Files.createTempFile("swarm-demo", ".out");
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + System.getProperty("memfabric.test.agentJar"),
            "-cp", System.getProperty("memfabric.test.samplesJar"),
            SwarmDemo.class.getName()))
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the demo did not finish in 120 s");
        final String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), printed);
        assertTrue(printed.contains("== Summary"), printed);
        assertTrue(printed.contains("OK: all 9 checks passed."), printed);
    }
}
