/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades keep the cluster's history: a log and a snapshot written by an earlier version of the state machine (the
 * fixtures under {@code upgrade/}, written by {@link UpgradeFixture} before their format changed) rebuild, in this
 * version, the state the earlier one had, digest for digest, whether the log is replayed from the start or from the
 * snapshot on.
 */
class UpgradeFixtureTest
{
    @ParameterizedTest
    @ValueSource(strings = "wire1-snapshot2")
    void theLogOfAnEarlierFormatReplaysToTheSameState(final String fixture) throws IOException
    {
        final Properties expected = expected(fixture);
        final List<InputLog.Input> inputs = inputs(fixture);
        assertEquals(Integer.parseInt(expected.getProperty("inputs")), inputs.size());

        final Harness replica = new Harness();
        for (final InputLog.Input input : inputs)
        {
            input.applyTo(replica.machine);
        }

        assertEquals(expected.getProperty("finalDigest"), Long.toHexString(replica.machine.stateDigest()));
        assertEquals(Long.parseLong(expected.getProperty("requestsApplied")), replica.machine.requestsApplied());
        assertEquals(0, replica.machine.internalErrors());
    }

    @ParameterizedTest
    @ValueSource(strings = "wire1-snapshot2")
    void theSnapshotOfAnEarlierFormatAndTheRestOfItsLogGiveTheSameState(final String fixture) throws IOException
    {
        final Properties expected = expected(fixture);
        final List<InputLog.Input> inputs = inputs(fixture);
        final Harness replica = new Harness();
        int chunks = 0;
        try (InputStream in = resource(fixture, UpgradeFixture.SNAPSHOT);
            DataInputStream data = new DataInputStream(in))
        {
            while (true)
            {
                final int length;
                try
                {
                    length = data.readInt();
                }
                catch (final EOFException end)
                {
                    break;
                }
                final byte[] chunk = new byte[length];
                data.readFully(chunk);
                replica.machine.loadSnapshotChunk(new UnsafeBuffer(chunk), 0, length);
                chunks++;
            }
        }
        replica.machine.onSnapshotLoaded();
        assertTrue(chunks > 0, "the fixture has a snapshot");
        assertEquals(expected.getProperty("digestAtSnapshot"), Long.toHexString(replica.machine.stateDigest()));

        final int from = Integer.parseInt(expected.getProperty("snapshotAfterInputs"));
        for (final InputLog.Input input : inputs.subList(from, inputs.size()))
        {
            input.applyTo(replica.machine);
        }
        assertEquals(expected.getProperty("finalDigest"), Long.toHexString(replica.machine.stateDigest()));
        assertEquals(0, replica.machine.internalErrors());
    }

    private static List<InputLog.Input> inputs(final String fixture) throws IOException
    {
        try (InputStream in = resource(fixture, UpgradeFixture.INPUTS))
        {
            return InputLog.read(in).inputs();
        }
    }

    private static Properties expected(final String fixture) throws IOException
    {
        final Properties expected = new Properties();
        try (InputStream in = resource(fixture, UpgradeFixture.EXPECTED))
        {
            expected.load(in);
        }
        return expected;
    }

    private static InputStream resource(final String fixture, final String name)
    {
        final InputStream in = UpgradeFixtureTest.class.getResourceAsStream("/upgrade/" + fixture + "/" + name);
        assertNotNull(in, "the fixture " + fixture + "/" + name + " is on the test class path");
        return in;
    }
}
