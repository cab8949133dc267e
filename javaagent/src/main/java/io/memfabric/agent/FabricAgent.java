/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import static io.memfabric.FabricConfig.Configuration.AGENT_DUMP_DIR_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.AGENT_EXCLUDE_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.AGENT_VERBOSE_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.CLUSTER_PROP_NAME;

import io.memfabric.Fabric;
import io.memfabric.FabricConfig;
import io.memfabric.FabricConfigurationException;
import io.memfabric.runtime.FabricNode;
import io.memfabric.runtime.JvmFabric;

import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The entry point of {@code -javaagent:fabric.jar}: the one place that binds "the fabric of this JVM".
 * <p>
 * At start it reads the configuration (agent argument {@code config=path}, environment, system properties), grants
 * the module access the fabric's libraries need (after checking that the application class path brings no different
 * copy of them: {@link ClassPathCheck}), keeps Chronicle from phoning home, opens the fabric (embedded unless
 * {@code memfabric.cluster} is set) and installs the class transformer. Any failure stops the JVM with a message
 * naming what to fix, rather than letting the program run without its shared memory.
 */
public final class FabricAgent
{
    private static final String CHRONICLE_ANALYTICS = "chronicle.analytics.disable";

    private FabricAgent()
    {
    }

    /**
     * Called by the JVM for {@code -javaagent:fabric.jar[=config=path]}.
     *
     * @param arguments       the agent argument, {@code config=path} or empty.
     * @param instrumentation the JVM's instrumentation.
     */
    public static void premain(final String arguments, final Instrumentation instrumentation)
    {
        JvmFabric.agentLoaded();
        try
        {
            // First, before any Aeron or Agrona class loads: a different copy on the class path would be the one used.
            ClassPathCheck.verify(agentLocation(), ClassLoader.getSystemClassLoader());
            final FabricConfig config = FabricConfig.load(
                configFile(arguments), System.getenv(), System.getProperties()).conclude();
            ModuleAccess.grant(instrumentation, FabricAgent.class.getModule());
            if (System.getProperty(CHRONICLE_ANALYTICS) == null)
            {
                System.setProperty(CHRONICLE_ANALYTICS, "true");
            }
            if (config.cluster() == null)
            {
                // The embedded fabric opens on first use: a JVM that shares nothing does not pay for it.
                JvmFabric.bindLazily(() -> (FabricNode)Fabric.open(config));
            }
            else
            {
                // A cluster is joined at start, so a JVM that cannot reach it fails at once, saying why.
                JvmFabric.bind((FabricNode)Fabric.open(config));
            }
            // A JVM that exits normally leaves the fabric at once: its locks go to the next waiter now rather than
            // after its session, and a cluster client removes its Aeron directory.
            Runtime.getRuntime().addShutdownHook(new Thread(JvmFabric::closeIfOpen, "memfabric-shutdown"));
            AccessorGenerator.countLocalReads(config.statsReads());
            // Verbose rewriting logs from the first class on, so its logger is found before the transformer is added
            // (finding the logging backend loads classes); otherwise on first use.
            final AgentLog log = new AgentLog(config.agentVerbose());
            instrumentation.addTransformer(new FabricClassTransformer(config, agentLocation(), log), false);
        }
        catch (final RuntimeException ex)
        {
            // Exit rather than throw: a throwing premain aborts the JVM natively, burying the message in a crash
            // report. The program must not run without its shared memory either way.
            System.err.println("memfabric: cannot start: " + ex.getMessage());
            System.err.flush();
            System.exit(1);
        }
    }

    /**
     * Called when the agent is attached to a running JVM, which MemFabric does not support: shareable classes gain
     * fields and methods as they load, and a running JVM cannot add them to classes it has already loaded.
     *
     * @param arguments       the agent argument.
     * @param instrumentation the JVM's instrumentation.
     */
    public static void agentmain(final String arguments, final Instrumentation instrumentation)
    {
        final String message = "MemFabric cannot be attached to a running JVM: shared classes gain fields as they " +
            "load, which a running JVM cannot add. Start the JVM with -javaagent:/path/to/fabric.jar instead.";
        System.err.println("memfabric: " + message);
        throw new IllegalStateException(message);
    }

    /**
     * {@code java -jar fabric.jar} says how the jar is meant to be used.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        System.out.println("fabric.jar is the MemFabric Java agent. Start your program with it:");
        System.out.println("  java -javaagent:/path/to/fabric.jar -cp <your classes> <main class>");
        System.out.println("  java -javaagent:/path/to/fabric.jar=config=/path/to/memfabric.properties ...");
        System.out.println("Settings (system properties, MEMFABRIC_* environment variables, or the config file):");
        System.out.println("  " + CLUSTER_PROP_NAME + "=host:port,...  the cluster (absent: embedded)");
        System.out.println("  " + AGENT_EXCLUDE_PROP_NAME + "=prefix,...  class-name prefixes not to rewrite");
        System.out.println("  " + AGENT_DUMP_DIR_PROP_NAME + "=dir  write rewritten classes there");
        System.out.println("  " + AGENT_VERBOSE_PROP_NAME + "=true  print each rewritten class");
    }

    private static Path configFile(final String arguments)
    {
        if (arguments == null || arguments.trim().isEmpty())
        {
            return null;
        }
        final String argument = arguments.trim();
        if (!argument.startsWith("config="))
        {
            throw new FabricConfigurationException("The agent argument '" + argument + "' is not understood; the " +
                "agent takes config=<path to a properties file>, e.g. -javaagent:fabric.jar=config=memfabric.properties");
        }
        final Path file = Path.of(argument.substring("config=".length()));
        if (!Files.isRegularFile(file))
        {
            throw new FabricConfigurationException("The configuration file '" + file + "' named by the agent " +
                "argument config=... does not exist or is not a file (working directory: " +
                Path.of("").toAbsolutePath() + ")");
        }
        return file;
    }

    private static URL agentLocation()
    {
        final CodeSource source = FabricAgent.class.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
