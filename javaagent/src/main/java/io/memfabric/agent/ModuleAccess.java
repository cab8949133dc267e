/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Grants the JDK-internal access that Aeron, Agrona and Chronicle need, so a user adds {@code -javaagent} and no
 * {@code --add-exports}/{@code --add-opens} flags. The grants go to the unnamed module of the application class
 * loader, where the agent jar, the runtime and the application's class path live; they are the same the projects
 * document for JDK 17 and later.
 */
final class ModuleAccess
{
    private static final Map<String, String[]> EXPORTS = Map.of(
        "java.base", new String[]{ "jdk.internal.misc", "jdk.internal.ref", "jdk.internal.util", "sun.nio.ch" },
        "jdk.unsupported", new String[]{ "sun.misc" },
        "jdk.compiler", new String[]{ "com.sun.tools.javac.file" });
    private static final Map<String, String[]> OPENS = Map.of(
        "java.base", new String[]{
            "jdk.internal.misc", "java.util.zip", "java.lang", "java.lang.reflect", "java.io", "java.util", "java.nio",
            "sun.nio.ch" },
        "jdk.compiler", new String[]{ "com.sun.tools.javac" });

    private ModuleAccess()
    {
    }

    /**
     * @param instrumentation the agent's instrumentation.
     * @param target          the module to grant to.
     */
    static void grant(final Instrumentation instrumentation, final Module target)
    {
        for (final String moduleName : Set.of("java.base", "jdk.unsupported", "jdk.compiler"))
        {
            final Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
            if (module.isEmpty())
            {
                continue;
            }
            final Map<String, Set<Module>> exports = packages(module.get(), EXPORTS.get(moduleName), target);
            final Map<String, Set<Module>> opens = packages(module.get(), OPENS.get(moduleName), target);
            instrumentation.redefineModule(module.get(), Set.of(), exports, opens, Set.of(), Map.of());
        }
    }

    private static Map<String, Set<Module>> packages(final Module module, final String[] names, final Module target)
    {
        final Map<String, Set<Module>> grants = new HashMap<>();
        if (names != null)
        {
            for (final String name : names)
            {
                if (module.getPackages().contains(name))
                {
                    grants.put(name, Set.of(target));
                }
            }
        }
        return grants;
    }
}
