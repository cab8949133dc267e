/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.FabricConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Refuses to start the agent beside a different copy of a library it carries.
 * <p>
 * {@code fabric.jar} carries Aeron and Agrona unrelocated (their system properties, file formats and class names in
 * settings are their public contract) and MemFabric's own classes. The JVM appends the agent jar to the end of the
 * application class path, so when the application brings a copy of one of these, the application's copy is the one
 * that loads, for the application and for MemFabric alike. The same build of the same version is harmless; anything
 * else would run MemFabric on classes it was not built with, mixed with its own for the classes the other copy
 * lacks. So at start the agent looks for every copy of a few classes of each library on the class path, and stops,
 * naming both versions and locations, if a copy outside {@code fabric.jar} is a different version or its classes
 * differ from the agent's byte for byte.
 * <p>
 * Only the application class loader's path is checked: a class loader of the application's own (an application
 * server, a plugin system) that loads its own Agrona keeps it to itself, and MemFabric never sees that copy.
 */
final class ClassPathCheck
{
    private static final String VERSIONS = "io/memfabric/agent/versions.properties";

    /**
     * A library the agent carries, recognised by a few of its classes.
     *
     * @param name        how a user knows it.
     * @param versionKey  its key in {@code versions.properties}.
     * @param title       how its jars' manifests begin their {@code Implementation-Title}; a version is read from a
     *                    manifest only if it is the library's own (a fat jar's manifest gives the application's).
     * @param advice      what to do about a different copy; {@code %s} is the agent's version of it.
     * @param classFiles  resources of classes it has had for long, so every version has them.
     */
    record Library(String name, String versionKey, String title, String advice, List<String> classFiles)
    {
    }

    static final List<Library> LIBRARIES = List.of(
        new Library("Agrona", "agrona", "Agrona",
            "use org.agrona:agrona %s in the application (the version fabric.jar carries), or take it off the " +
            "class path",
            List.of("org/agrona/DirectBuffer.class", "org/agrona/concurrent/UnsafeBuffer.class",
                "org/agrona/collections/Int2ObjectHashMap.class")),
        new Library("Aeron", "aeron", "Aeron",
            "use Aeron %s in the application (io.aeron:aeron-client, -driver, -archive, -cluster or aeron-all: the " +
            "version fabric.jar carries), or take it off the class path",
            List.of("io/aeron/Aeron.class", "io/aeron/Publication.class", "io/aeron/driver/MediaDriver.class",
                "io/aeron/archive/client/AeronArchive.class", "io/aeron/cluster/client/AeronCluster.class")),
        new Library("MemFabric", "memfabric", "MemFabric",
            "compile against io.memfabric:memfabric-api %s, the agent's version (import io.memfabric:memfabric-bom " +
            "to keep them together); at run time fabric.jar brings the API and the runtime, no other copy is needed",
            List.of("io/memfabric/Fabric.class", "io/memfabric/FabricConfig.class", "io/memfabric/FabricStats.class",
                "io/memfabric/FabricException.class", "io/memfabric/annotations/Shared.class",
                "io/memfabric/annotations/Consistency.class", "io/memfabric/runtime/FabricNode.class",
                "io/memfabric/runtime/JvmFabric.class",
                "io/memfabric/consensus/FabricClusteredService.class")));

    private ClassPathCheck()
    {
    }

    /**
     * Checks the class path of {@code loader} against the agent jar.
     *
     * @param agentLocation where {@code fabric.jar} is (the agent classes' code source); {@code null} skips the check
     *                      (the agent runs from classes, as in this module's unit tests).
     * @param loader        the application class loader.
     * @throws FabricConfigurationException naming every clash found.
     */
    static void verify(final URL agentLocation, final ClassLoader loader)
    {
        final Path agentJar = jarPath(agentLocation);
        if (agentJar == null)
        {
            return;
        }
        final List<String> clashes = clashes(agentJar, loader);
        if (!clashes.isEmpty())
        {
            throw new FabricConfigurationException("the application class path holds a different copy of a " +
                "library fabric.jar carries, and the class path copy would be loaded for MemFabric too:\n  " +
                String.join("\n  ", clashes));
        }
    }

    /**
     * Every clash between the agent jar and the copies of its libraries on {@code loader}'s class path.
     *
     * @param agentJar the agent jar.
     * @param loader   the class loader whose path to search.
     * @return one line per library and location that clashes, saying what to do; empty if none.
     */
    static List<String> clashes(final Path agentJar, final ClassLoader loader)
    {
        final List<String> clashes = new ArrayList<>();
        if (!anyCopyOutside(agentJar, loader))
        {
            // The usual case, found without opening the agent jar: nothing on the class path but fabric.jar itself.
            return clashes;
        }
        try (JarFile agent = new JarFile(agentJar.toFile()))
        {
            final Properties versions = new Properties();
            final JarEntry versionsEntry = agent.getJarEntry(VERSIONS);
            if (versionsEntry != null)
            {
                try (InputStream in = agent.getInputStream(versionsEntry))
                {
                    versions.load(in);
                }
            }
            final String memfabricVersion = versions.getProperty("memfabric", "unknown");
            for (final Library library : LIBRARIES)
            {
                final String agentVersion = versions.getProperty(library.versionKey(), "unknown");
                // Per location outside the agent jar: the first class whose bytes differ, if any.
                final Map<Path, String> differing = new LinkedHashMap<>();
                for (final String classFile : library.classFiles())
                {
                    final JarEntry own = agent.getJarEntry(classFile);
                    if (own == null)
                    {
                        continue;
                    }
                    final byte[] ownBytes;
                    try (InputStream in = agent.getInputStream(own))
                    {
                        ownBytes = in.readAllBytes();
                    }
                    for (final URL copy : Collections.list(resources(loader, classFile)))
                    {
                        final Path location = locationOf(copy, classFile);
                        if (location == null || sameFile(location, agentJar))
                        {
                            continue;
                        }
                        differing.putIfAbsent(location, null);
                        if (differing.get(location) == null && !Arrays.equals(ownBytes, read(copy)))
                        {
                            differing.put(location, classFile);
                        }
                    }
                }
                for (final Map.Entry<Path, String> entry : differing.entrySet())
                {
                    final Path location = entry.getKey();
                    final String version = versionOf(location, library.title());
                    final boolean otherVersion = version != null && !version.equals(agentVersion);
                    if (entry.getValue() == null && !otherVersion)
                    {
                        continue;
                    }
                    clashes.add(library.name() + " " + (version == null ? "of unknown version" : version) +
                        " at " + location + ", but fabric.jar (MemFabric " + memfabricVersion + ", " + agentJar +
                        ") carries " + library.name() + " " + agentVersion +
                        (entry.getValue() == null ? "" : " (" + entry.getValue() + " differs)") + ": " +
                        String.format(library.advice(), agentVersion) + ".");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the agent jar " + agentJar + " to check the class path", ex);
        }
        return clashes;
    }

    private static boolean anyCopyOutside(final Path agentJar, final ClassLoader loader)
    {
        try
        {
            for (final Library library : LIBRARIES)
            {
                for (final String classFile : library.classFiles())
                {
                    for (final URL copy : Collections.list(resources(loader, classFile)))
                    {
                        final Path location = locationOf(copy, classFile);
                        if (location != null && !sameFile(location, agentJar))
                        {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    private static Enumeration<URL> resources(final ClassLoader loader, final String name) throws IOException
    {
        return loader == null ? ClassLoader.getSystemResources(name) : loader.getResources(name);
    }

    private static byte[] read(final URL url) throws IOException
    {
        final URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        try (InputStream in = connection.getInputStream())
        {
            return in.readAllBytes();
        }
    }

    /**
     * The jar file, or the class path directory, a resource was found in; {@code null} if it is neither.
     */
    static Path locationOf(final URL resource, final String name)
    {
        try
        {
            if ("jar".equals(resource.getProtocol()))
            {
                // jar:<url of the jar>!/<entry>; read from the URL, without opening (and indexing) the jar.
                final String spec = resource.getPath();
                final int separator = spec.indexOf("!/");
                return separator < 0 ? null : jarPath(new URL(spec.substring(0, separator)));
            }
            if ("file".equals(resource.getProtocol()))
            {
                Path path = Path.of(resource.toURI());
                for (int i = 0; i < name.split("/").length && path != null; i++)
                {
                    path = path.getParent();
                }
                return path;
            }
            return null;
        }
        catch (final IOException | URISyntaxException | RuntimeException ex)
        {
            return null;
        }
    }

    private static Path jarPath(final URL location)
    {
        if (location == null || !"file".equals(location.getProtocol()))
        {
            return null;
        }
        try
        {
            final Path path = Path.of(location.toURI());
            return path.toString().endsWith(".jar") ? path : null;
        }
        catch (final URISyntaxException | RuntimeException ex)
        {
            return null;
        }
    }

    private static boolean sameFile(final Path a, final Path b)
    {
        try
        {
            return a.toRealPath().equals(b.toRealPath());
        }
        catch (final IOException ex)
        {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /**
     * The version a jar's manifest gives for the library, if the manifest is the library's own.
     */
    private static String versionOf(final Path location, final String title)
    {
        if (!location.toString().endsWith(".jar"))
        {
            return null;
        }
        try (JarFile jar = new JarFile(location.toFile()))
        {
            final Manifest manifest = jar.getManifest();
            if (manifest == null)
            {
                return null;
            }
            final Attributes attributes = manifest.getMainAttributes();
            final String implementationTitle = attributes.getValue(Attributes.Name.IMPLEMENTATION_TITLE);
            final String version = attributes.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
            return implementationTitle != null && implementationTitle.startsWith(title) ? version : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
