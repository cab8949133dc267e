/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import static io.memfabric.FabricConfig.Configuration.AGENT_EXCLUDE_PROP_NAME;

import io.memfabric.FabricConfig;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The agent's class file transformer: rewrites every application class as it loads, and fails closed. A class the
 * agent cannot rewrite is never loaded as it was: it is replaced by one whose static initializer raises a
 * {@link io.memfabric.runtime.SharedClassError} naming what went wrong, and the error is printed as the class loads.
 * <p>
 * Left alone: classes of the bootstrap and platform class loaders (the JDK), the agent's own classes and the
 * runtime, and the prefixes of {@link FabricConfig#agentExclude()}; an excluded class that declares shared fields is
 * refused, since accesses in it would bypass the fabric. A class that needs no change keeps its original bytes.
 */
final class FabricClassTransformer implements ClassFileTransformer
{
    private static final List<String> OWN_PACKAGES = List.of(
        "io/memfabric/runtime/", "io/memfabric/agent/", "io/memfabric/shaded/", "io/memfabric/annotations/",
        "io/memfabric/consensus/", "io/memfabric/transport/");
    // The fabric's collections are @Shared classes written in Java: rewritten like application code, from any jar.
    private static final String FABRIC_COLLECTIONS = "io/memfabric/collections/";
    private static final List<String> JDK_PACKAGES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    private final List<String> excluded;
    private final Path dumpDir;
    private final boolean verbose;
    private final URL agentLocation;
    private final AgentLog log;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
    private final Map<ClassLoader, TypePool> pools = Collections.synchronizedMap(new WeakHashMap<>());
    private final ClassPrecheck precheck = new ClassPrecheck();

    FabricClassTransformer(final FabricConfig config, final URL agentLocation, final AgentLog log)
    {
        this.excluded = config.agentExclude().stream().map(p -> p.replace('.', '/')).toList();
        this.dumpDir = config.agentDumpDir();
        this.verbose = config.agentVerbose();
        this.agentLocation = agentLocation;
        this.log = log;
    }

    public byte[] transform(
        final ClassLoader loader,
        final String className,
        final Class<?> classBeingRedefined,
        final ProtectionDomain protectionDomain,
        final byte[] classFile)
    {
        if (className == null || loader == null || loader == platformLoader ||
            !className.startsWith(FABRIC_COLLECTIONS) && (isOwnOrJdk(className) || isFromAgentJar(protectionDomain)))
        {
            return null;
        }
        if (precheck.needsNoRewrite(classFile, loader))
        {
            // Most classes of a program that shares nothing: no type pool, no ASM, nothing of Byte Buddy loaded.
            return null;
        }
        final String binaryName = className.replace('/', '.');
        try
        {
            final TypePool pool = poolFor(loader);
            if (isExcluded(className))
            {
                if (ClassTransformation.declaresSharedFields(classFile, pool))
                {
                    return refuse(binaryName, classFile, "Class " + binaryName + " declares @Shared fields but is " +
                        "excluded by " + AGENT_EXCLUDE_PROP_NAME + "=" + String.join(",", excluded) +
                        "; accesses in it would bypass the fabric. Remove its prefix from the setting.");
                }
                return null;
            }

            final ClassTransformation.Outcome outcome = ClassTransformation.rewrite(classFile, pool);
            for (final String error : outcome.errors())
            {
                log.log(System.Logger.Level.ERROR, error);
            }
            if (outcome.bytes() != null)
            {
                if (verbose)
                {
                    log.log(System.Logger.Level.INFO, "rewrote " + binaryName + describe(outcome.summary()));
                }
                dump(className, outcome.bytes());
            }
            return outcome.bytes();
        }
        catch (final Throwable ex)
        {
            log.log(System.Logger.Level.ERROR, "could not rewrite " + binaryName + ": " + ex, ex);
            return refuse(binaryName, classFile, "MemFabric could not rewrite class " + binaryName + " (" + ex +
                "), so it is not loaded unrewritten. This is a MemFabric bug: please report it with the class file.");
        }
    }

    private byte[] refuse(final String binaryName, final byte[] classFile, final String message)
    {
        try
        {
            log.log(System.Logger.Level.ERROR, message);
            return ClassTransformation.refuse(classFile, message);
        }
        catch (final Throwable ex)
        {
            log.log(System.Logger.Level.ERROR, "cannot refuse class " + binaryName + " (" + ex + "); stopping the " +
                "JVM rather than running it unrewritten");
            Runtime.getRuntime().halt(70);
            return null;
        }
    }

    private TypePool poolFor(final ClassLoader loader)
    {
        synchronized (pools)
        {
            TypePool pool = pools.get(loader);
            if (pool == null)
            {
                pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
                pools.put(loader, pool);
            }
            return pool;
        }
    }

    private boolean isExcluded(final String className)
    {
        for (final String prefix : excluded)
        {
            if (className.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean isOwnOrJdk(final String className)
    {
        if (className.startsWith("io/memfabric/") && className.indexOf('/', "io/memfabric/".length()) < 0)
        {
            return true;
        }
        for (final String prefix : OWN_PACKAGES)
        {
            if (className.startsWith(prefix))
            {
                return true;
            }
        }
        for (final String prefix : JDK_PACKAGES)
        {
            if (className.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    private boolean isFromAgentJar(final ProtectionDomain protectionDomain)
    {
        if (agentLocation == null || protectionDomain == null)
        {
            return false;
        }
        final CodeSource source = protectionDomain.getCodeSource();
        return source != null && agentLocation.equals(source.getLocation());
    }

    private void dump(final String className, final byte[] bytes)
    {
        if (dumpDir == null)
        {
            return;
        }
        try
        {
            final Path file = dumpDir.resolve(className + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        }
        catch (final IOException ex)
        {
            log.log(System.Logger.Level.WARNING, "cannot write " + className + " to " + dumpDir + ": " + ex);
        }
    }

    private static String describe(final ClassTransformation.ClassPlanSummary summary)
    {
        if (!summary.shareable() && summary.roots() == 0)
        {
            return " (accesses)";
        }
        return " (" + (summary.shareable() ? "shareable, " + summary.slots() + " shared fields" : "") +
            (summary.shareable() && summary.roots() > 0 ? ", " : "") +
            (summary.roots() > 0 ? summary.roots() + " roots" : "") + ")";
    }
}
