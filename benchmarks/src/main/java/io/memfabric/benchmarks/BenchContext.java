/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/**
 * The settings of one benchmark run: which agent jar the measured JVMs start with, quick or full, and where results
 * are written. The only place the harness reads system properties; {@link #conclude()} validates once.
 */
public final class BenchContext
{
    /**
     * System property naming fabric.jar, which every measured JVM is started with as {@code -javaagent}.
     */
    public static final String AGENT_JAR_PROP_NAME = "memfabric.bench.agentJar";

    /**
     * System property naming the folder result files are written to. Default: {@code benchmarks/results}, found
     * next to the {@code target} folder holding benchmarks.jar.
     */
    public static final String RESULTS_DIR_PROP_NAME = "memfabric.bench.resultsDir";

    private boolean quick;
    private boolean agentRequired = true;
    private Path agentJar;
    private Path resultsDir;

    /**
     * @return whether this is the quick run (under two minutes per suite) rather than the full one.
     */
    public boolean quick()
    {
        return quick;
    }

    /**
     * @param quick whether to do the quick run.
     * @return this for a fluent API.
     */
    public BenchContext quick(final boolean quick)
    {
        this.quick = quick;
        return this;
    }

    /**
     * @return whether the suite needs fabric.jar; when not, {@link #agentJar()} may be {@code null}.
     */
    public boolean agentRequired()
    {
        return agentRequired;
    }

    /**
     * @param agentRequired whether the suite needs fabric.jar (true by default).
     * @return this for a fluent API.
     */
    public BenchContext agentRequired(final boolean agentRequired)
    {
        this.agentRequired = agentRequired;
        return this;
    }

    /**
     * @return fabric.jar, the agent every measured JVM starts with; {@code null} for a suite that does not need it
     * when none was given.
     */
    public Path agentJar()
    {
        return agentJar;
    }

    /**
     * @param agentJar fabric.jar, the agent every measured JVM starts with.
     * @return this for a fluent API.
     */
    public BenchContext agentJar(final Path agentJar)
    {
        this.agentJar = agentJar;
        return this;
    }

    /**
     * @return the folder result files are written to.
     */
    public Path resultsDir()
    {
        return resultsDir;
    }

    /**
     * @param resultsDir the folder result files are written to.
     * @return this for a fluent API.
     */
    public BenchContext resultsDir(final Path resultsDir)
    {
        this.resultsDir = resultsDir;
        return this;
    }

    /**
     * Fills unset values from system properties and defaults, and checks them.
     *
     * @return this for a fluent API.
     * @throws BenchConfigurationException if the suite needs the agent jar and it is not given or is not a file.
     */
    public BenchContext conclude()
    {
        if (null == agentJar)
        {
            final String value = System.getProperty(AGENT_JAR_PROP_NAME);
            agentJar = null == value || value.isBlank() ? null : Paths.get(value);
        }
        if (null != agentJar)
        {
            agentJar = agentJar.toAbsolutePath().normalize();
        }
        if (!agentRequired)
        {
            // The suite starts no JVM with the agent: keep the jar only when it is there, need it never.
            agentJar = null == agentJar || !Files.isRegularFile(agentJar) ? null : agentJar;
        }
        else if (null == agentJar)
        {
            throw new BenchConfigurationException("No agent jar: the benchmarks measure @Shared access as the " +
                "MemFabric agent rewrites it, so every measured JVM starts with -javaagent:fabric.jar. Run them " +
                "via ./fabric bench, or pass -D" + AGENT_JAR_PROP_NAME + "=/path/to/fabric.jar " +
                "(built by ./mvnw -pl javaagent package into javaagent/target/fabric.jar).");
        }
        else if (!Files.isRegularFile(agentJar))
        {
            throw new BenchConfigurationException("The agent jar " + agentJar + " (" + AGENT_JAR_PROP_NAME +
                ") is not a file. Build it with ./mvnw -pl javaagent package and run the benchmarks via ./fabric " +
                "bench, which passes the right path.");
        }

        if (null == resultsDir)
        {
            final String value = System.getProperty(RESULTS_DIR_PROP_NAME);
            resultsDir = null == value || value.isBlank() ? defaultResultsDir() : Paths.get(value);
        }
        resultsDir = resultsDir.toAbsolutePath().normalize();

        return this;
    }

    private static Path defaultResultsDir()
    {
        final CodeSource codeSource = BenchContext.class.getProtectionDomain().getCodeSource();
        if (null != codeSource && null != codeSource.getLocation())
        {
            try
            {
                // benchmarks/target/benchmarks.jar or benchmarks/target/classes: two levels up is benchmarks/.
                final Path moduleDir = Paths.get(codeSource.getLocation().toURI()).toAbsolutePath().getParent()
                    .getParent();
                if (null != moduleDir)
                {
                    return moduleDir.resolve("results");
                }
            }
            catch (final URISyntaxException | IllegalArgumentException ignore)
            {
                // Not a file location: fall back to the working directory.
            }
        }
        return Paths.get("benchmarks", "results");
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "BenchContext{quick=" + quick + ", agentRequired=" + agentRequired + ", agentJar=" + agentJar +
            ", resultsDir=" + resultsDir + '}';
    }
}
