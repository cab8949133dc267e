/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.memfabric.FabricConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The name a cluster's members report to {@code cluster status}, so that another cluster answering on the same ports
 * is told apart from ours. {@code cluster start} generates one when it first creates the cluster's directory; members
 * started by hand are given one with {@code --cluster-id}. A member keeps the id in its directory, so a directory
 * that belongs to one cluster is never silently reused by another.
 */
final class ClusterId
{
    /**
     * The file, in a cluster's or a member's directory, that holds the id.
     */
    static final String FILE_NAME = "cluster-id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterId()
    {
    }

    /**
     * @return a new id: 16 hex digits, unlikely ever to repeat.
     */
    static String generate()
    {
        return String.format("%016x", RANDOM.nextLong());
    }

    /**
     * @param id an id given by a user.
     * @return the id.
     * @throws IllegalArgumentException if it would not survive a status line (spaces, empty, too long).
     */
    static String check(final String id)
    {
        if (!VALID.matcher(id).matches())
        {
            throw new FabricConfigurationException(
                "cluster id '" + id + "' must be 1 to 64 letters, digits, '.', '_' " +
                "or '-'");
        }
        return id;
    }

    /**
     * @param dir a cluster's or a member's directory.
     * @return the id stored in it, or {@code null} if none is.
     * @throws IOException if the file cannot be read or holds no valid id.
     */
    static String read(final Path dir) throws IOException
    {
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        final String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!VALID.matcher(id).matches())
        {
            throw new IOException(file + " does not hold a cluster id (it holds '" + id + "'); delete it to start " +
                "a new cluster there");
        }
        return id;
    }

    /**
     * The id of the cluster a directory belongs to: the one stored there, else the expected one (or a new one when
     * none is expected), which is then stored.
     *
     * @param dir      a cluster's or a member's directory; created if missing.
     * @param expected the id the directory should belong to, or {@code null} to take whatever it holds.
     * @return the id.
     * @throws IOException              if the directory or file cannot be written.
     * @throws IllegalArgumentException if the directory belongs to another cluster.
     */
    static String claim(final Path dir, final String expected) throws IOException
    {
        final String stored = read(dir);
        if (stored != null)
        {
            if (expected != null && !expected.equals(stored))
            {
                throw new FabricConfigurationException(dir + " belongs to cluster " + stored + ", not " + expected +
                    "; give another directory, or --cluster-id " + stored);
            }
            return stored;
        }
        final String id = expected != null ? check(expected) : generate();
        Files.createDirectories(dir);
        final Path temp = dir.resolve(FILE_NAME + ".tmp");
        Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(FILE_NAME), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
