/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.external;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A project outside this build, built by Maven as a user would build it: the MemFabric artifacts it depends on are
 * this build's own, put in a local repository of their own (this build does not install them); everything else
 * (JUnit, JCStress, plugins) comes from the build's local repository, chained behind it and never written to (Maven
 * 3.9's maven.repo.local.tail); what neither holds (a plugin the main build does not use, on a fresh machine) comes
 * from Maven Central into its own.
 */
final class ExternalBuild
{
    static final Path ROOT = Path.of(required("memfabric.test.rootDir")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(required("memfabric.test.workDir")).toAbsolutePath().normalize();
    static final String VERSION = required("memfabric.test.version");

    private final Path repository = WORK.resolve("repository");

    ExternalBuild install(final String artifactId, final String pom, final String jar) throws IOException
    {
        final Path dir = Files.createDirectories(repository.resolve("io/memfabric/" + artifactId + "/" + VERSION));
        Files.copy(ROOT.resolve(pom), dir.resolve(artifactId + "-" + VERSION + ".pom"),
            StandardCopyOption.REPLACE_EXISTING);
        if (jar != null)
        {
            Files.copy(ROOT.resolve(jar), dir.resolve(artifactId + "-" + VERSION + ".jar"),
                StandardCopyOption.REPLACE_EXISTING);
        }
        return this;
    }

    /**
     * Copies a project of {@code samples/} into the work directory and runs Maven on it.
     *
     * @param sample the project's directory under {@code samples/}.
     * @param goal   the phase to run.
     * @return the copy's directory, after a successful build.
     */
    Path build(final String sample, final String goal) throws IOException, InterruptedException
    {
        final Path project = WORK.resolve(sample);
        copyTree(ROOT.resolve("samples").resolve(sample), project);
        final Result build = run(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q",
            "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + required("memfabric.test.localRepository"),
            "-Dmemfabric.version=" + VERSION, "-f", project.resolve("pom.xml").toString(), goal), project, 300);
        if (build.exitCode != 0)
        {
            throw new AssertionError("the build of samples/" + sample + " failed\n" + build.output);
        }
        return project;
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

    record Result(int exitCode, String output)
    {
    }

    static Result run(final List<String> command, final Path dir, final long seconds)
        throws IOException, InterruptedException
    {
        final Path output = Files.createTempFile(WORK, "run", ".out");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MEMFABRIC_") || name.equals("MAVEN_OPTS"));
        final Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS))
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("did not finish within " + seconds + " s: " + command + "\n" +
                Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), String.join(" ", command) + "\n" +
            Files.readString(output, StandardCharsets.UTF_8));
    }

    static List<String> java(final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(arguments));
        return command;
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
