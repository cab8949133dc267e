/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an application brings on its class path beside the agent: the same Agrona or the same API is fine (whichever
 * copy loads, it is the same classes), a different Agrona or a different MemFabric API stops the JVM at start,
 * naming both versions and where each copy is.
 */
class AgentClassPathIT
{
    private static final Path API_JAR = jar("memfabric.test.apiJar");
    private static final Path AGRONA_JAR = jar("memfabric.test.agronaJar");
    private static final Path OTHER_AGRONA_JAR = jar("memfabric.test.otherAgronaJar");
    private static final String AGRONA_VERSION = System.getProperty("memfabric.test.agronaVersion");
    private static final String OTHER_AGRONA_VERSION = System.getProperty("memfabric.test.otherAgronaVersion");

    @Test
    void aDifferentAgronaOnTheClassPathStopsTheAgentNamingBothVersions() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.WhichCopy").classPath(OTHER_AGRONA_JAR.toString()).run();

        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains("memfabric: cannot start: the application class path holds a different " +
            "copy of a library fabric.jar carries"), result.describe());
        assertTrue(result.output().contains("Agrona " + OTHER_AGRONA_VERSION + " at " + OTHER_AGRONA_JAR),
            result.describe());
        assertTrue(result.output().contains("carries Agrona " + AGRONA_VERSION), result.describe());
        assertTrue(result.output().contains(JvmProcess.AGENT_JAR.toString()), result.describe());
        assertFalse(result.output().contains("counter="), result.describe());
    }

    @Test
    void theSameAgronaOnTheClassPathIsFine() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.WhichCopy").classPath(AGRONA_JAR.toString()).run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("counter=1 shared=true"), result.describe());
    }

    @Test
    void theApiJarOnTheClassPathIsTheCopyThatLoadsAndTheFabricWorks() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.WhichCopy").classPath(API_JAR.toString()).run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("Fabric from file:" + API_JAR), result.describe());
        assertTrue(result.output().contains("runtime from file:" + JvmProcess.AGENT_JAR), result.describe());
        assertTrue(result.output().contains("same loader true"), result.describe());
        assertTrue(result.output().contains("counter=1 shared=true"), result.describe());
    }

    @Test
    void theApiJarWithoutTheAgentSaysToStartTheJvmWithTheAgent() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.ApiOnly").withoutAgent()
            .classPathOnly(JvmProcess.APP_CLASSES.toString(), API_JAR.toString()).run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("REFUSED MemFabric's runtime is not in this JVM") &&
            result.output().contains("-javaagent:fabric.jar"), result.describe());
    }

    @Test
    void anApiJarOfAnotherVersionStopsTheAgentNamingBothVersions() throws Exception
    {
        final Path other = Files.createDirectories(JvmProcess.WORK_DIR.resolve("class-path"))
            .resolve("memfabric-api-0.0.9.jar");
        copyWithVersion(API_JAR, other, "0.0.9");

        final JvmProcess.Result result = JvmProcess.main("apps.WhichCopy").classPath(other.toString()).run();

        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains("MemFabric 0.0.9 at " + other), result.describe());
        assertTrue(result.output().contains("memfabric-bom"), result.describe());
        assertFalse(result.output().contains("counter="), result.describe());
    }

    /**
     * The same classes under a manifest that says another version, as a memfabric-api of another release would.
     */
    private static void copyWithVersion(final Path from, final Path to, final String version) throws IOException
    {
        try (JarFile in = new JarFile(from.toFile()))
        {
            final Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            try (OutputStream file = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(file, manifest))
            {
                for (final JarEntry entry : java.util.Collections.list(in.entries()))
                {
                    if (entry.isDirectory() || entry.getName().equals(JarFile.MANIFEST_NAME))
                    {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry))
                    {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private static Path jar(final String property)
    {
        final String value = System.getProperty(property);
        if (value == null)
        {
            throw new IllegalStateException("system property " + property + " is not set: run through ./mvnw verify");
        }
        final Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException(property + ": " + jar + " is not built");
        }
        return jar;
    }
}
