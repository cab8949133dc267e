/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.external;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * samples/external-maven, the project the README's "Depend on it" section describes, built by Maven as a user would
 * ({@link ExternalBuild}): its tests run under the agent and its program runs.
 */
class ExternalMavenProjectIT
{
    @Test
    void theReadmesMavenProjectTestsUnderTheAgentAndRuns() throws Exception
    {
        final String version = ExternalBuild.VERSION;
        final Path project = new ExternalBuild()
            .install("memfabric-parent", "pom.xml", null)
            .install("memfabric-bom", "bom/pom.xml", null)
            .install("memfabric-annotations", "annotations/pom.xml",
                "annotations/target/memfabric-annotations-" + version + ".jar")
            .install("memfabric-api", "api/target/dependency-reduced-pom.xml", "api/target/memfabric-api-" + version +
                ".jar")
            .install("memfabric-agent", "javaagent/target/dependency-reduced-pom.xml", "javaagent/target/fabric.jar")
            .build("external-maven", "verify");
        final String report = Files.readString(project.resolve(
            "target/surefire-reports/com.example.tally.TallyTest.txt"));
        assertTrue(report.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), report);

        final ExternalBuild.Result program = ExternalBuild.run(ExternalBuild.java(
            "-javaagent:" + project.resolve("target/memfabric-agent.jar"), "-cp",
            project.resolve("target/classes").toString(), "com.example.tally.Main"), project, 60);
        assertEquals(0, program.exitCode(), program.output());
        assertTrue(program.output().contains("visits=4000 shared=true"), program.output());
    }
}
