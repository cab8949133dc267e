/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.external;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * samples/external-maven, the project the README's "Depend on it" section describes, built by Maven as a user would:
 * its tests run under the agent and its program runs. The artifacts it depends on are this build's own, put in a
 * local repository of their own (this build does not install them); everything else (JUnit, plugins) comes from the
 * build's local repository, chained behind it and never written to (Maven 3.9's maven.repo.local.tail); what neither
 * holds (a plugin the main build does not use, on a fresh machine) comes from Maven Central into its own.
 */
class ExternalMavenProjectIT
{
    private static final Path ROOT = Path.of(required("memfabric.test.rootDir")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(required("memfabric.test.workDir")).toAbsolutePath().normalize();
    private static final String VERSION = required("memfabric.test.version");

    @Test
    void theReadmesMavenProjectTestsUnderTheAgentAndRuns() throws Exception
    {
        final Path repository = WORK.resolve("repository");
        install(repository, "memfabric-parent", ROOT.resolve("pom.xml"), null);
        install(repository, "memfabric-bom", ROOT.resolve("bom/pom.xml"), null);
        install(repository, "memfabric-annotations", ROOT.resolve("annotations/pom.xml"),
            ROOT.resolve("annotations/target/memfabric-annotations-" + VERSION + ".jar"));
        install(repository, "memfabric-api", ROOT.resolve("api/target/dependency-reduced-pom.xml"),
            ROOT.resolve("api/target/memfabric-api-" + VERSION + ".jar"));
        install(repository, "memfabric-agent", ROOT.resolve("javaagent/target/dependency-reduced-pom.xml"),
            ROOT.resolve("javaagent/target/fabric.jar"));

        final Path project = WORK.resolve("external-maven");
        copyTree(ROOT.resolve("samples/external-maven"), project);

        final List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q",
            "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + required("memfabric.test.localRepository"),
            "-Dmemfabric.version=" + VERSION, "-f", project.resolve("pom.xml").toString(), "verify"));
        final Result build = run(command, project, 300);
        assertEquals(0, build.exitCode, build.output);
        final String report = Files.readString(project.resolve(
            "target/surefire-reports/com.example.tally.TallyTest.txt"));
        assertTrue(report.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), report);

        final Result program = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + project.resolve("target/memfabric-agent.jar"), "-cp",
            project.resolve("target/classes").toString(), "com.example.tally.Main"), project, 60);
        assertEquals(0, program.exitCode, program.output);
        assertTrue(program.output.contains("visits=4000 shared=true"), program.output);
    }

    private static void install(final Path repository, final String artifactId, final Path pom, final Path jar)
        throws IOException
    {
        final Path dir = Files.createDirectories(repository.resolve("io/memfabric/" + artifactId + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null)
        {
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final Path relative = from.relativize(file);
                if (relative.startsWith("target"))
                {
                    continue;
                }
                final Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private record Result(int exitCode, String output)
    {
    }

    private static Result run(final List<String> command, final Path dir, final long seconds)
        throws IOException, InterruptedException
    {
        final Path output = Files.createTempFile(WORK, "run", ".out");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MEMFABRIC_") || name.equals("MAVEN_OPTS"));
        final Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new AssertionError("did not finish within " + seconds + " s: " + command + "\n" +
                Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), String.join(" ", command) + "\n" +
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
