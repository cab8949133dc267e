/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real JVM, as a user would: the JDK's {@code java}, the built {@code fabric.jar} as agent, an application
 * class path. Waits for it with a bound, and keeps its merged output for assertions.
 */
final class JvmProcess
{
    static final Path AGENT_JAR = Path.of(required("memfabric.test.agentJar"));
    static final Path APP_CLASSES = Path.of(required("memfabric.test.appClasses"));
    static final Path WORK_DIR = Path.of(required("memfabric.test.workDir"));

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final List<String> prefix = new ArrayList<>();
    private boolean withAgent = true;
    private String agentArgument;
    private String mainClass;

    static JvmProcess main(final String mainClass)
    {
        final JvmProcess process = new JvmProcess();
        process.mainClass = mainClass;
        process.classPath.add(APP_CLASSES.toString());
        return process;
    }

    /**
     * Runs the JVM on another host: inside a network namespace.
     */
    JvmProcess inNamespace(final String namespace)
    {
        prefix.addAll(List.of("ip", "netns", "exec", namespace));
        return this;
    }

    /**
     * Adds the runtime's test classes (the linearizability recorder the test programs use) to the class path.
     */
    JvmProcess withRuntimeTestClasses()
    {
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            if (entry.contains("runtime") && (entry.endsWith("test-classes") || entry.endsWith("-tests.jar")))
            {
                classPath.add(entry);
            }
        }
        return this;
    }

    JvmProcess withoutAgent()
    {
        withAgent = false;
        return this;
    }

    JvmProcess agentArgument(final String argument)
    {
        agentArgument = argument;
        return this;
    }

    JvmProcess jvmArg(final String arg)
    {
        jvmArgs.add(arg);
        return this;
    }

    JvmProcess classPath(final String entry)
    {
        classPath.add(entry);
        return this;
    }

    JvmProcess classPathOnly(final String... entries)
    {
        classPath.clear();
        classPath.addAll(List.of(entries));
        return this;
    }

    JvmProcess arg(final String arg)
    {
        args.add(arg);
        return this;
    }

    Result run() throws IOException, InterruptedException
    {
        return start().await(120);
    }

    /**
     * Starts the JVM without waiting for it.
     *
     * @return the running JVM.
     * @throws IOException if it cannot be started.
     */
    Started start() throws IOException
    {
        Files.createDirectories(WORK_DIR);
        final List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        if (withAgent)
        {
            command.add("-javaagent:" + AGENT_JAR + (agentArgument == null ? "" : "=" + agentArgument));
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(args);

        final Path output = Files.createTempFile(WORK_DIR, mainClass, ".out");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile()).directory(WORK_DIR.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MEMFABRIC_"));
        return new Started(builder.start(), output, command);
    }

    /**
     * A JVM that was started and may still run.
     */
    record Started(Process process, Path output, List<String> command)
    {
        Result await(final long seconds) throws IOException, InterruptedException
        {
            if (!process.waitFor(seconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new AssertionError("JVM did not finish within " + seconds + " s: " + command + "\n" +
                    Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8), command);
        }

        String outputSoFar() throws IOException
        {
            return Files.readString(output, StandardCharsets.UTF_8);
        }

        /**
         * Waits until the JVM printed a line containing {@code text}.
         */
        void awaitOutput(final String text, final long seconds) throws IOException, InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!outputSoFar().contains(text))
            {
                if (!process.isAlive() && !outputSoFar().contains(text))
                {
                    throw new AssertionError("JVM exited (" + process.exitValue() + ") without printing '" + text +
                        "': " + command + "\n" + outputSoFar());
                }
                if (System.nanoTime() - deadline > 0)
                {
                    throw new AssertionError("JVM did not print '" + text + "' within " + seconds + " s: " +
                        command + "\n" + outputSoFar());
                }
                Thread.sleep(20);
            }
        }

        void signal(final String signal) throws IOException, InterruptedException
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                .inheritIO().start();
            if (kill.waitFor() != 0)
            {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
            }
        }

        void destroy() throws InterruptedException
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
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

    record Result(int exitCode, String output, List<String> command)
    {
        String describe()
        {
            return "exit " + exitCode + " of " + String.join(" ", command) + "\n--- output ---\n" + output;
        }
    }
}
