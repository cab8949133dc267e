/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The main class of {@code jcstress.jar}: JCStress's own command line ({@code -m sanity}, {@code -t regexp}, ...),
 * with what the forked JVMs need to run MemFabric added, so {@code java -jar jcstress.jar} is all a user types.
 * <ul>
 *   <li>The forked JVMs get {@code -javaagent:fabric.jar}: the agent jar this jar carries
 *   ({@value #AGENT_RESOURCE}, copied to a temporary file for the run), or the one {@value #AGENT_PROP_NAME} names;
 *   and every {@code memfabric.*} system property this JVM was given, such as
 *   {@code -Dmemfabric.test.faults=skip-lock} or {@code -Dmemfabric.test.jcstress.members=1}.</li>
 *   <li>Unless the command line says otherwise: one JVM configuration ({@code -jvmArgs}: JCStress's own list of
 *   flag combinations is a dozen forks per test, each starting a cluster; give {@code -jvmArgsPrepend} to get them
 *   back), no split compilation ({@code -sc false}), and actors that park rather than spin between strides
 *   ({@code -spinStyle LOCKSUPPORT_PARK_NANOS}: the cluster members share the machine's cores with them).</li>
 * </ul>
 * Everything else is JCStress's {@code org.openjdk.jcstress.Main}; it exits with 1 when a test saw a FORBIDDEN
 * outcome or failed.
 */
public final class FabricStress
{
    /**
     * The agent jar to give the forked JVMs instead of the one this jar carries.
     */
    public static final String AGENT_PROP_NAME = "memfabric.test.jcstress.agent";

    /**
     * Where a jar built like {@code jcstress.jar} carries the agent jar.
     */
    public static final String AGENT_RESOURCE = "/META-INF/memfabric/fabric.jar";

    private FabricStress()
    {
    }

    /**
     * @param args JCStress's options.
     * @throws Exception as JCStress throws.
     */
    public static void main(final String[] args) throws Exception
    {
        org.openjdk.jcstress.Main.main(withFabric(args, agentJar(), systemProperties()));
    }

    /**
     * JCStress's options with MemFabric's added.
     *
     * @param args       the options given.
     * @param agentJar   the jar that carries the agent.
     * @param properties the {@code memfabric.*} (and {@code chronicle.*}) system properties to pass on.
     * @return the options to give JCStress.
     */
    static String[] withFabric(final String[] args, final File agentJar, final Map<String, String> properties)
    {
        final StringBuilder ours = new StringBuilder("-javaagent:").append(agentJar.getAbsolutePath());
        ours.append(" -Dchronicle.analytics.disable=true");
        for (final Map.Entry<String, String> property : properties.entrySet())
        {
            if (property.getValue().indexOf(' ') >= 0)
            {
                throw new IllegalArgumentException("-D" + property.getKey() + "=" + property.getValue() +
                    ": values with spaces cannot be passed on to the forked JVMs; use commas");
            }
            ours.append(" -D").append(property.getKey()).append('=').append(property.getValue());
        }
        final List<String> out = new ArrayList<>();
        boolean jvmArgs = false;
        boolean prepend = false;
        boolean splitCompilation = false;
        boolean spinStyle = false;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (("-jvmArgs".equals(arg) || "-jvmArgsPrepend".equals(arg)) && i + 1 < args.length)
            {
                jvmArgs |= "-jvmArgs".equals(arg);
                prepend |= "-jvmArgsPrepend".equals(arg);
                out.add(arg);
                out.add(ours + " " + args[++i]);
                continue;
            }
            splitCompilation |= "-sc".equals(arg);
            spinStyle |= "-spinStyle".equals(arg);
            out.add(arg);
        }
        if (!jvmArgs && !prepend)
        {
            out.add("-jvmArgs");
            out.add(ours.toString());
        }
        if (!splitCompilation)
        {
            out.add("-sc");
            out.add("false");
        }
        if (!spinStyle)
        {
            out.add("-spinStyle");
            out.add("LOCKSUPPORT_PARK_NANOS");
        }
        return out.toArray(new String[0]);
    }

    private static Map<String, String> systemProperties()
    {
        final Map<String, String> properties = new TreeMap<>();
        for (final String name : System.getProperties().stringPropertyNames())
        {
            if (name.startsWith("memfabric."))
            {
                properties.put(name, System.getProperty(name));
            }
        }
        return properties;
    }

    private static File agentJar() throws IOException
    {
        final String given = System.getProperty(AGENT_PROP_NAME);
        if (given != null)
        {
            final File jar = new File(given);
            if (!jar.isFile())
            {
                throw new IllegalArgumentException(AGENT_PROP_NAME + "=" + given + ": no such file; name the " +
                    "MemFabric agent jar (fabric.jar, io.memfabric:memfabric-agent)");
            }
            return jar;
        }
        try (InputStream in = FabricStress.class.getResourceAsStream(AGENT_RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("This jar carries no " + AGENT_RESOURCE + ": build it with the " +
                    "memfabric-jcstress-tests setup (the agent jar copied into the classes), or give -D" +
                    AGENT_PROP_NAME + "=path/to/fabric.jar");
            }
            final Path jar = Files.createTempFile("memfabric-jcstress-agent-", ".jar");
            jar.toFile().deleteOnExit();
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            return jar.toFile();
        }
    }
}
