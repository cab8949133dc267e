/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FabricConfigTest
{
    private static final String KNOWN_SETTINGS =
        "memfabric.cluster, memfabric.agent.exclude, memfabric.agent.dump, memfabric.agent.verbose";

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheEmbeddedFabric()
    {
        final FabricConfig config = new FabricConfig().conclude();

        assertNull(config.cluster());
        assertEquals(List.of(), config.clusterEndpoints());
        assertEquals(List.of(), config.agentExclude());
        assertNull(config.agentDumpDir());
        assertEquals(FabricConfig.Configuration.AGENT_VERBOSE_DEFAULT, config.agentVerbose());
        assertTrue(config.isConcluded());
    }

    @Test
    void loadingNothingGivesTheDefaults()
    {
        final FabricConfig config = FabricConfig.load(null, Map.of(), new Properties());

        assertNull(config.cluster());
        assertEquals(List.of(), config.agentExclude());
        assertNull(config.agentDumpDir());
        assertFalse(config.agentVerbose());
        assertFalse(config.isConcluded());
    }

    @Test
    void fileSetsEverySetting() throws IOException
    {
        final Path file = write(
            "memfabric.cluster=h1:20002,h2:20102\n" +
            "memfabric.agent.exclude=com.acme.legacy., org.example.\n" +
            "memfabric.agent.dump=/tmp/dump\n" +
            "memfabric.agent.verbose=true\n");

        final FabricConfig config = FabricConfig.load(file, Map.of(), new Properties());

        assertEquals("h1:20002,h2:20102", config.cluster());
        assertEquals(List.of("com.acme.legacy.", "org.example."), config.agentExclude());
        assertEquals(Path.of("/tmp/dump"), config.agentDumpDir());
        assertTrue(config.agentVerbose());
    }

    @Test
    void theIdleSettingIsReadByNameAndABadOneIsNamed()
    {
        final Properties properties = new Properties();
        properties.setProperty(FabricConfig.Configuration.IDLE_PROP_NAME, "BUSY-SPIN");
        assertEquals(IdleSetting.BUSY_SPIN, FabricConfig.load(null, Map.of(), properties).conclude().idle());
        assertEquals(FabricConfig.Configuration.IDLE_DEFAULT, new FabricConfig().conclude().idle());

        properties.setProperty(FabricConfig.Configuration.IDLE_PROP_NAME, "lazy");
        final FabricConfigurationException bad = assertThrows(FabricConfigurationException.class,
            () -> FabricConfig.load(null, Map.of(), properties));
        assertEquals(FabricException.Category.CONFIGURATION, bad.category());
        assertTrue(bad.getMessage().contains("memfabric.idle is 'lazy'"), bad.getMessage());
    }

    @Test
    void anErrorHandlerIsAlwaysThereAfterConcludeAndAGivenOneIsKept()
    {
        assertTrue(new FabricConfig().conclude().errorHandler() != null);
        final FabricErrorHandler handler = (error) -> {};
        assertSame(handler, new FabricConfig().errorHandler(handler).conclude().errorHandler());
    }

    @Test
    void durabilityIsCommitUnlessSetToBackgroundAndAnythingElseIsRefusedNamingBoth()
    {
        assertFalse(new FabricConfig().conclude().durabilityBackground());
        final Properties background = new Properties();
        background.setProperty("memfabric.durability", "background");
        assertTrue(FabricConfig.load(null, Map.of(), background).durabilityBackground());
        final Properties commit = new Properties();
        commit.setProperty("memfabric.durability", "commit");
        assertFalse(FabricConfig.load(null, Map.of(), commit).durabilityBackground());

        final Properties wrong = new Properties();
        wrong.setProperty("memfabric.durability", "async");
        final FabricConfigurationException ex = assertThrows(FabricConfigurationException.class,
            () -> FabricConfig.load(null, Map.of(), wrong));
        assertTrue(ex.getMessage().contains("memfabric.durability=async") && ex.getMessage().contains("commit") &&
            ex.getMessage().contains("background"), ex.getMessage());
    }

    @Test
    void environmentOverridesFile() throws IOException
    {
        final Path file = write("memfabric.cluster=file:1\nmemfabric.agent.verbose=true\n");

        final FabricConfig config = FabricConfig.load(
            file, Map.of("MEMFABRIC_CLUSTER", "env:2"), new Properties());

        assertEquals("env:2", config.cluster());
        assertTrue(config.agentVerbose(), "a setting only the file names keeps the file's value");
    }

    @Test
    void systemPropertiesOverrideEnvironmentAndFile() throws IOException
    {
        final Path file = write("memfabric.cluster=file:1\nmemfabric.agent.verbose=true\n");
        final Properties systemProperties = new Properties();
        systemProperties.setProperty("memfabric.cluster", "sys:3");
        systemProperties.setProperty("memfabric.agent.verbose", "false");

        final FabricConfig config = FabricConfig.load(
            file, Map.of("MEMFABRIC_CLUSTER", "env:2", "MEMFABRIC_AGENT_VERBOSE", "true"), systemProperties);

        assertEquals("sys:3", config.cluster());
        assertFalse(config.agentVerbose());
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores()
    {
        final FabricConfig config = FabricConfig.load(
            null,
            Map.of(
                "MEMFABRIC_AGENT_VERBOSE", "true",
                "MEMFABRIC_AGENT_EXCLUDE", "com.acme.legacy.",
                "MEMFABRIC_AGENT_DUMP", "/tmp/dump"),
            new Properties());

        assertTrue(config.agentVerbose());
        assertEquals(List.of("com.acme.legacy."), config.agentExclude());
        assertEquals(Path.of("/tmp/dump"), config.agentDumpDir());
    }

    @Test
    void environmentNamesSpelledOtherwiseAreIgnored()
    {
        final FabricConfig config = FabricConfig.load(
            null,
            Map.of(
                "memfabric_cluster", "lower:1",
                "memfabric.cluster", "dotted:1",
                "MEMFABRIC_AGENT.VERBOSE", "true"),
            new Properties());

        assertNull(config.cluster());
        assertFalse(config.agentVerbose());
    }

    @Test
    void unknownSystemPropertyIsRejectedNamingItAndTheKnownSettings()
    {
        final Properties systemProperties = new Properties();
        systemProperties.setProperty("memfabric.clustr", "h1:20002");

        final FabricConfigurationException ex = assertThrows(
            FabricConfigurationException.class, () -> FabricConfig.load(null, Map.of(), systemProperties));

        assertTrue(ex.getMessage().contains("'memfabric.clustr'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("the system properties"), ex.getMessage());
        assertTrue(ex.getMessage().contains(KNOWN_SETTINGS), ex.getMessage());
    }

    @Test
    void settingsOfMemfabricsOwnTestAndBenchmarkToolsAreLeftToThem()
    {
        final Properties systemProperties = new Properties();
        systemProperties.setProperty("memfabric.bench.agentJar", "/x/fabric.jar");
        systemProperties.setProperty("memfabric.test.workDir", "/tmp/w");

        final FabricConfig config = FabricConfig.load(null, Map.of(), systemProperties).conclude();

        assertEquals(null, config.cluster());
    }

    @Test
    void unknownKeyInFileIsRejectedNamingItTheFileAndTheKnownSettings() throws IOException
    {
        final Path file = write("memfabric.agent.verbos=true\n");

        final FabricConfigurationException ex = assertThrows(
            FabricConfigurationException.class, () -> FabricConfig.load(file, Map.of(), new Properties()));

        assertTrue(ex.getMessage().contains("'memfabric.agent.verbos'"), ex.getMessage());
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains(KNOWN_SETTINGS), ex.getMessage());
    }

    @Test
    void keysOutsideTheMemfabricPrefixAreLeftAlone() throws IOException
    {
        final Path file = write("java.home=/opt/jdk\nmemfabricx.cluster=whatever\nfoo=bar\n");
        final Properties systemProperties = new Properties();
        systemProperties.setProperty("user.dir", "/tmp");
        systemProperties.setProperty("memfabric", "not a setting");

        final FabricConfig config = FabricConfig.load(file, Map.of(), systemProperties);

        assertNull(config.cluster());
    }

    @ParameterizedTest
    @ValueSource(strings = { "yes", "1", "on", "", "truee" })
    void verboseThatIsNotABooleanIsRejectedNamingTheValue(final String value)
    {
        final Properties systemProperties = new Properties();
        systemProperties.setProperty(FabricConfig.Configuration.AGENT_VERBOSE_PROP_NAME, value);

        final FabricConfigurationException ex = assertThrows(
            FabricConfigurationException.class, () -> FabricConfig.load(null, Map.of(), systemProperties));

        assertTrue(ex.getMessage().contains("memfabric.agent.verbose is '" + value + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("use true or false"), ex.getMessage());
    }

    @Test
    void verboseIgnoresCaseAndSurroundingSpaces()
    {
        assertTrue(FabricConfig.load(null, Map.of("MEMFABRIC_AGENT_VERBOSE", " TRUE "), new Properties())
            .agentVerbose());
        assertFalse(FabricConfig.load(null, Map.of("MEMFABRIC_AGENT_VERBOSE", "False"), new Properties())
            .agentVerbose());
    }

    @Test
    void blankDumpDirectoryMeansNone()
    {
        final FabricConfig config = FabricConfig.load(null, Map.of("MEMFABRIC_AGENT_DUMP", "  "), new Properties());

        assertNull(config.agentDumpDir());
    }

    @Test
    void excludeListDropsBlankItems()
    {
        final FabricConfig config = FabricConfig.load(
            null, Map.of("MEMFABRIC_AGENT_EXCLUDE", " com.a., ,org.b.,"), new Properties());

        assertEquals(List.of("com.a.", "org.b."), config.agentExclude());
    }

    @Test
    void missingConfigFileIsReportedWithItsPath()
    {
        final Path missing = dir.resolve("no-such-fabric.properties");

        final FabricConfigurationException ex = assertThrows(
            FabricConfigurationException.class, () -> FabricConfig.load(missing, Map.of(), new Properties()));

        assertTrue(ex.getMessage().contains("Cannot read the MemFabric configuration file '" + missing + "'"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("check the path"), ex.getMessage());
    }

    @Test
    void configFileThatIsADirectoryIsReportedWithItsPath()
    {
        final FabricConfigurationException ex = assertThrows(
            FabricConfigurationException.class, () -> FabricConfig.load(dir, Map.of(), new Properties()));

        assertTrue(ex.getMessage().contains("Cannot read the MemFabric configuration file '" + dir + "'"),
            ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "localhost",
        "localhost:",
        ":20002",
        "localhost:0",
        "localhost:70000",
        "localhost:65536",
        "localhost:-1",
        "localhost:http",
        "localhost:20002,localhost",
        "localhost:20002,,localhost:20102",
        "localhost:20002," })
    void concludeRejectsBadClusterEndpointsNamingTheValue(final String cluster)
    {
        final FabricConfig config = new FabricConfig().cluster(cluster);

        final FabricConfigurationException ex = assertThrows(FabricConfigurationException.class, config::conclude);

        assertTrue(ex.getMessage().contains("memfabric.cluster is '" + cluster + "'"), ex.getMessage());
        assertFalse(config.isConcluded());
    }

    @Test
    void outOfRangePortIsNamedInTheMessage()
    {
        final FabricConfig config = new FabricConfig().cluster("h1:20002,h2:70000");

        final FabricConfigurationException ex = assertThrows(FabricConfigurationException.class, config::conclude);

        assertTrue(ex.getMessage().contains("the port '70000' of 'h2:70000' is not a number from 1 to 65535"),
            ex.getMessage());
    }

    @Test
    void endpointWithoutPortIsNamedInTheMessage()
    {
        final FabricConfig config = new FabricConfig().cluster("h1:20002,h2");

        final FabricConfigurationException ex = assertThrows(FabricConfigurationException.class, config::conclude);

        assertTrue(ex.getMessage().contains("the endpoint 'h2' is not host:port"), ex.getMessage());
    }

    @Test
    void concludeParsesGoodClusterEndpoints()
    {
        final FabricConfig config = new FabricConfig().cluster(" h1:20002, h2:20102 ,10.0.0.3:1,[::1]:65535 ");

        assertSame(config, config.conclude());

        assertEquals("h1:20002, h2:20102 ,10.0.0.3:1,[::1]:65535", config.cluster());
        assertEquals(List.of("h1:20002", "h2:20102", "10.0.0.3:1", "[::1]:65535"), config.clusterEndpoints());
        assertTrue(config.isConcluded());
    }

    @Test
    void blankClusterMeansEmbedded()
    {
        final FabricConfig config = new FabricConfig().cluster("   ").conclude();

        assertNull(config.cluster());
        assertEquals(List.of(), config.clusterEndpoints());
    }

    @Test
    void changingTheClusterAsksForAnotherConclude()
    {
        final FabricConfig config = new FabricConfig().conclude();

        config.cluster("h1:20002");

        assertFalse(config.isConcluded());
    }

    @Test
    void unsettingTheClusterClearsItsEndpoints()
    {
        final FabricConfig config = new FabricConfig().cluster("h1:20002").conclude();

        config.cluster(null).conclude();

        assertEquals(List.of(), config.clusterEndpoints());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "com/acme/legacy/" })
    void concludeRejectsExcludePrefixThatIsNotADottedName(final String prefix)
    {
        final FabricConfig config = new FabricConfig().agentExclude(List.of("com.acme.", prefix));

        final FabricConfigurationException ex = assertThrows(FabricConfigurationException.class, config::conclude);

        assertTrue(ex.getMessage().contains("memfabric.agent.exclude has the prefix '" + prefix + "'"),
            ex.getMessage());
    }

    @Test
    void toStringListsEverySetting()
    {
        final String text = new FabricConfig().cluster("h1:20002").agentVerbose(true).toString();

        assertTrue(text.contains("memfabric.cluster=h1:20002"), text);
        assertTrue(text.contains("memfabric.agent.verbose=true"), text);
        assertTrue(new FabricConfig().toString().contains("memfabric.cluster=(embedded)"));
    }

    private Path write(final String text) throws IOException
    {
        final Path file = dir.resolve("fabric.properties");
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
