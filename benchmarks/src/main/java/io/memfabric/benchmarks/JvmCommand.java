/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

import io.memfabric.consensus.cluster.MemberProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The command line of a JVM a suite starts, built up from this JVM's {@code java}: flags, the agent, system
 * properties, the class path, then the main class and its arguments.
 */
public final class JvmCommand
{
    private final List<String> words = new ArrayList<>();

    public JvmCommand()
    {
        words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * @param flags JVM flags, e.g. {@code --add-opens=...} or {@code -Xmx256m}.
     * @return this for a fluent API.
     */
    public JvmCommand flags(final Collection<String> flags)
    {
        words.addAll(flags);
        return this;
    }

    /**
     * @param agentJar the jar to start with as {@code -javaagent}.
     * @return this for a fluent API.
     */
    public JvmCommand agent(final Path agentJar)
    {
        words.add("-javaagent:" + agentJar);
        return this;
    }

    /**
     * @param name  a system property.
     * @param value its value.
     * @return this for a fluent API.
     */
    public JvmCommand property(final String name, final String value)
    {
        words.add("-D" + name + "=" + value);
        return this;
    }

    /**
     * @param classPath the class path.
     * @return this for a fluent API.
     */
    public JvmCommand classPath(final String classPath)
    {
        words.add("-cp");
        words.add(classPath);
        return this;
    }

    /**
     * @param mainClass the class to run.
     * @param args      its arguments.
     * @return the command.
     */
    public List<String> main(final String mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>(words);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * @param mainClass a main class of this JVM's class path.
     * @param args      its arguments.
     * @return the command of a JVM with this JVM's class path and the JDK access Aeron needs.
     */
    public static List<String> withThisClassPath(final Class<?> mainClass, final String... args)
    {
        return new JvmCommand().flags(MemberProcess.JVM_FLAGS).classPath(System.getProperty("java.class.path"))
            .main(mainClass.getName(), args);
    }
}
