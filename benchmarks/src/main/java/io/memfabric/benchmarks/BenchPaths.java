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
 * Where suites put what they make outside their JVM.
 */
public final class BenchPaths
{
    private BenchPaths()
    {
    }

    /**
     * @return {@code benchmarks/target}, next to benchmarks.jar or above {@code target/classes}; else the JVM's
     * temporary directory.
     */
    public static Path targetDir()
    {
        final CodeSource codeSource = BenchPaths.class.getProtectionDomain().getCodeSource();
        if (null != codeSource && null != codeSource.getLocation())
        {
            try
            {
                final Path parent = Paths.get(codeSource.getLocation().toURI()).toAbsolutePath().getParent();
                if (null != parent && "target".equals(String.valueOf(parent.getFileName())))
                {
                    return parent;
                }
            }
            catch (final URISyntaxException | IllegalArgumentException ignore)
            {
                // Not a file location: use the temporary directory.
            }
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @param runDir the run's directory.
     * @return {@code /dev/shm} when it is a writable tmpfs, for media drivers and peers' data; else {@code runDir}.
     */
    public static Path shmRoot(final Path runDir)
    {
        final Path shm = Paths.get("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : runDir;
    }
}
