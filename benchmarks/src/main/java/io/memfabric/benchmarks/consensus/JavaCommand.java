/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.consensus.cluster.MemberProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of a JVM the suite starts: this JVM's java and class path (benchmarks.jar) with the JDK access
 * Aeron needs ({@link MemberProcess#JVM_FLAGS}). Members and probes get the same flags, so the client side of every
 * system is measured in the same kind of JVM.
 */
final class JavaCommand
{
    private JavaCommand()
    {
    }

    /**
     * @param mainClass the class to run.
     * @param args      its arguments.
     * @return the command.
     */
    static List<String> of(final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MemberProcess.JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }
}
