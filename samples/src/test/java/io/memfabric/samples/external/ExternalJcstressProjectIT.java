/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.external;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * samples/jcstress-maven, the worked example of docs/memory-model.md ("Test your own classes"): a user's JCStress
 * test of their own {@code @Shared} class, actors on different fabric nodes, built by Maven as a user would
 * ({@link ExternalBuild}). It passes, and with the cluster lock switched off by a test fault it catches the oversold
 * item.
 */
class ExternalJcstressProjectIT
{
    @Test
    void aUsersJcstressTestRunsOnFabricNodesAndCatchesABrokenLock() throws Exception
    {
        final String version = ExternalBuild.VERSION;
        final Path project = new ExternalBuild()
            .install("memfabric-parent", "pom.xml", null)
            .install("memfabric-annotations", "annotations/pom.xml",
                "annotations/target/memfabric-annotations-" + version + ".jar")
            .install("memfabric-api", "api/target/dependency-reduced-pom.xml", "api/target/memfabric-api-" + version +
                ".jar")
            .install("memfabric-agent", "javaagent/target/dependency-reduced-pom.xml", "javaagent/target/fabric.jar")
            .install("memfabric-jcstress", "jcstress-harness/pom.xml",
                "jcstress-harness/target/memfabric-jcstress-" + version + ".jar")
            .build("jcstress-maven", "package");
        final String jar = project.resolve("target/jcstress.jar").toString();

        final ExternalBuild.Result passing = ExternalBuild.run(ExternalBuild.java("-jar", jar, "-m", "sanity", "-v"),
            project, 600);
        assertEquals(0, passing.exitCode(), passing.output());
        assertTrue(passing.output().contains("[OK] com.example.inventory.LastItemStress"), passing.output());

        final ExternalBuild.Result broken = ExternalBuild.run(ExternalBuild.java("-Dmemfabric.test.faults=skip-lock",
            "-jar", jar, "-m", "sanity"), project, 600);
        assertEquals(1, broken.exitCode(), broken.output());
        assertTrue(broken.output().contains("[FAILED] com.example.inventory.LastItemStress"), broken.output());
    }
}
