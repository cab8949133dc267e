/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.jcstress;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FabricStressTest
{
    private static final File AGENT = new File("/opt/fabric.jar");

    @Test
    void forkedJvmsGetTheAgentAndOneConfigurationByDefault()
    {
        final List<String> args = List.of(FabricStress.withFabric(new String[] {"-m", "sanity"}, AGENT,
            Map.of("memfabric.test.faults", "skip-lock")));
        assertEquals(List.of("-m", "sanity",
            "-jvmArgs", "-javaagent:/opt/fabric.jar -Dchronicle.analytics.disable=true " +
                "-Dmemfabric.test.faults=skip-lock",
            "-sc", "false", "-spinStyle", "LOCKSUPPORT_PARK_NANOS"), args);
    }

    @Test
    void theUsersJvmArgsAreKeptAfterTheAgent()
    {
        final List<String> args = List.of(FabricStress.withFabric(
            new String[] {"-jvmArgs", "-Xmx1g", "-sc", "true", "-spinStyle", "HARD"}, AGENT, Map.of()));
        assertEquals(List.of("-jvmArgs", "-javaagent:/opt/fabric.jar -Dchronicle.analytics.disable=true -Xmx1g",
            "-sc", "true", "-spinStyle", "HARD"), args);
    }

    @Test
    void prependingKeepsJcstresssOwnConfigurations()
    {
        final List<String> args = List.of(FabricStress.withFabric(new String[] {"-jvmArgsPrepend", "-Xss1m"}, AGENT,
            Map.of()));
        assertTrue(args.contains("-jvmArgsPrepend"), args.toString());
        assertTrue(!args.contains("-jvmArgs"), "no single configuration forced: " + args);
        assertEquals("-javaagent:/opt/fabric.jar -Dchronicle.analytics.disable=true -Xss1m",
            args.get(args.indexOf("-jvmArgsPrepend") + 1));
    }

    @Test
    void aPropertyWithSpacesIsRefusedNamingIt()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FabricStress.withFabric(new String[0], AGENT, Map.of("memfabric.test.faults", "a b")));
        assertTrue(ex.getMessage().contains("memfabric.test.faults"), ex.getMessage());
    }
}
