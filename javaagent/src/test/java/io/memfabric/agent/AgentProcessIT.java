/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.consensus.cluster.TestPorts;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real JVMs started with the built fabric.jar as their only MemFabric flag.
 */
class AgentProcessIT
{
    @Test
    void everySupportedFieldTypeRoundTripsThroughRewrittenAccess() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.RoundTrip").run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("failures=0"), result.describe());
        assertFalse(result.output().contains("MISMATCH"), result.describe());
    }

    @Test
    void synchronizedMethodsWaitAndNotifyAllOnSharedObjectsCoordinateThreads() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.WaitNotify").run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("total=6003000 expected=6003000"), result.describe());
    }

    @Test
    void sharedClassWithThreadFieldStopsTheProgramNamingClassFieldAndType() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.BadThreadField").run();

        assertNotEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("io.memfabric.runtime.SharedClassError"), result.describe());
        assertTrue(result.output().contains("apps.model.Worker.thread of type java.lang.Thread"),
            result.describe());
        assertTrue(result.output().contains("before the bad class"), result.describe());
        assertFalse(result.output().contains("MUST NOT PRINT"), result.describe());
    }

    @Test
    void applicationBundlingAnotherByteBuddyVersionRunsUnderTheAgent() throws Exception
    {
        final String byteBuddy = System.getProperty("memfabric.test.byteBuddyJar");
        assertTrue(Files.isRegularFile(Path.of(byteBuddy)), byteBuddy);

        final JvmProcess.Result result = JvmProcess.main("apps.BundledByteBuddy").classPath(byteBuddy).run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("application Byte Buddy from") &&
            result.output().contains(Path.of(byteBuddy).getFileName().toString()), result.describe());
        assertTrue(result.output().contains("hello from the application's Byte Buddy; shared=42 isShared=true"),
            result.describe());
    }

    @Test
    void agentGrantsWhatAgronaAndChronicleNeedWithNoOtherFlag() throws Exception
    {
        final String libraries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> entry.contains("agrona") || entry.contains("openhft") || entry.contains("jna") ||
                entry.contains("jnr") || entry.contains("jffi") || entry.contains("slf4j") ||
                entry.contains("ow2") && !entry.contains("asm"))
            .collect(Collectors.joining(File.pathSeparator));
        final Path dir = Files.createDirectories(JvmProcess.WORK_DIR.resolve("module-grants"));

        final JvmProcess.Result result = JvmProcess.main("apps.ModuleGrants").classPath(libraries)
            .arg(dir.toString()).run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("exports jdk.internal.misc=true"), result.describe());
        assertTrue(result.output().contains("opens java.lang=true"), result.describe());
        assertTrue(result.output().contains("chronicle.analytics.disable=true"), result.describe());
        assertTrue(result.output().contains("agrona read=42"), result.describe());
        assertTrue(result.output().contains("chronicle read=journal entry"), result.describe());
    }

    @Test
    void withoutTheAgentTheApiSaysToAddIt() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.NoAgent").withoutAgent()
            .classPath(JvmProcess.AGENT_JAR.toString()).run();

        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("clear error:") && result.output().contains("-javaagent:"),
            result.describe());
    }

    @Test
    void misspeltSettingStopsTheJvmNamingIt() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.RoundTrip").jvmArg("-Dmemfabric.clustre=x:1").run();

        assertNotEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("Unknown MemFabric setting 'memfabric.clustre'"), result.describe());
        assertTrue(result.output().contains("memfabric.cluster"), "lists the known settings: " + result.describe());
    }

    @Test
    void malformedClusterEndpointStopsTheJvmNamingTheValue() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.RoundTrip")
            .jvmArg("-Dmemfabric.cluster=localhost:20002,localhost").run();

        assertNotEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("the endpoint 'localhost' is not host:port"), result.describe());
    }

    @Test
    void aClusterThatDoesNotAnswerStopsTheJvmNamingItAndTheTimeout() throws Exception
    {
        final int port = TestPorts.freeBasePort(32000, 3);
        final String cluster = "localhost:" + port + ",localhost:" + (port + 100) + ",localhost:" + (port + 200);
        final JvmProcess.Result result = JvmProcess.main("apps.RoundTrip")
            .jvmArg("-Dmemfabric.cluster=" + cluster).jvmArg("-Dmemfabric.timeout.ms=1500")
            .jvmArg("-Daeron.dir=" + JvmProcess.WORK_DIR.resolve("aeron-unanswered-" + System.nanoTime())).run();

        assertNotEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("memfabric: cannot start: The fabric cluster at " + cluster +
            " did not answer joining the fabric within memfabric.timeout.ms (1500 ms)"), result.describe());
    }

    @Test
    void configFileNamedByTheAgentArgumentIsReadAndCheckedForUnknownKeys() throws Exception
    {
        final Path config = Files.createDirectories(JvmProcess.WORK_DIR.resolve("config"))
            .resolve("memfabric.properties");
        Files.writeString(config, "memfabric.agent.verbose=true\n");

        final JvmProcess.Result verbose = JvmProcess.main("apps.RoundTrip").agentArgument("config=" + config).run();
        assertEquals(0, verbose.exitCode(), verbose.describe());
        assertTrue(verbose.output().contains("rewrote apps.model.AllTypes (shareable, 19 shared fields)"),
            verbose.describe());

        Files.writeString(config, "memfabric.agent.verbos=true\n");
        final JvmProcess.Result misspelt = JvmProcess.main("apps.RoundTrip").agentArgument("config=" + config).run();
        assertNotEquals(0, misspelt.exitCode(), misspelt.describe());
        assertTrue(misspelt.output().contains("Unknown MemFabric setting 'memfabric.agent.verbos' in the " +
            "configuration file"), misspelt.describe());
    }

    @Test
    void agentArgumentThatIsNotAConfigFileIsRejected() throws Exception
    {
        final JvmProcess.Result result = JvmProcess.main("apps.RoundTrip").agentArgument("verbose").run();

        assertNotEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("The agent argument 'verbose' is not understood"), result.describe());
    }
}
