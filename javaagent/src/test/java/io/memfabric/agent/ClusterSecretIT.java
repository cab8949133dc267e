/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may connect: members started with a secret file admit only JVMs that prove that secret; a JVM with another
 * secret, or none, is refused with a clear error and never sees or changes state.
 */
class ClusterSecretIT
{
    private static final String APP = "apps.programs.ProgramsApp";

    private ClusterApps cluster;

    @AfterEach
    void stop() throws InterruptedException
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void onlyJvmsThatProveTheMembersSecretMayConnect() throws Exception
    {
        final Path work = Files.createDirectories(JvmProcess.WORK_DIR);
        final Path secret = Files.createTempFile(work, "secret", ".txt");
        Files.writeString(secret, newSecret());
        cluster = ClusterApps.start("programs-secret", secret.toFile());

        final JvmProcess.Result right = cluster.app(APP, List.of("-Dmemfabric.secret.file=" + secret), "count", "1",
            "5").await(120);
        assertEquals(0, right.exitCode(), right::describe);

        final JvmProcess.Result wrong = cluster.app(APP, List.of("-Dmemfabric.secret=" + newSecret()), "count", "1",
            "5").await(120);
        assertTrue(wrong.exitCode() != 0, wrong::describe);
        assertTrue(wrong.output().contains("refused this client: the secret it proved is not the members'") &&
            wrong.output().contains("memfabric.secret.file"), wrong::describe);

        final JvmProcess.Result none = cluster.app(APP, List.of(), "count", "1", "5").await(120);
        assertTrue(none.exitCode() != 0, none::describe);
        assertTrue(none.output().contains("it sent no secret"), none::describe);

        final JvmProcess.Result audit = cluster.app(APP, List.of("-Dmemfabric.secret.file=" + secret), "read-count")
            .await(120);
        assertTrue(audit.output().contains("COUNT 5"), "the refused JVMs changed nothing:\n" + audit.describe());
    }

    private static String newSecret()
    {
        final byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
