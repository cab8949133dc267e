/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.wire.Wire;
import org.agrona.SemanticVersion;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades keep the cluster's history: a log and a snapshot written by an earlier version (the fixtures under
 * {@code upgrade/}, each written by {@link UpgradeFixture} of its day) rebuild in this version the state the earlier
 * one had, whether the log is replayed from the start or from the snapshot on.
 * <p>
 * "The same state" is checked two ways. A fixture of today's formats carries the digests of its state, which this
 * version must reproduce. A fixture of an earlier format carries its state as text ({@link StateDump}, written by the
 * code of that day: {@code state-at-snapshot.txt}, {@code state-final.txt}), because its digests are of an encoding
 * this version no longer writes; this version must write the same text, and the two ways to the end must reach the
 * same digest.
 */
class UpgradeFixtureTest
{
    private static final String LEGACY = "wire1-snapshot2";

    @ParameterizedTest
    @ValueSource(strings = {LEGACY, "wire2-snapshot3", "wire3-snapshot3", "wire4-snapshot4", "wire5-snapshot5"})
    void theLogOfAFixtureReplaysToTheStateItsVersionHad(final String fixture) throws IOException
    {
        final Properties expected = expected(fixture);
        final List<InputLog.Input> inputs = inputs(fixture);
        assertEquals(Integer.parseInt(expected.getProperty("inputs")), inputs.size());

        final FabricStateMachine replica = replay(fixture, inputs, inputs.size());

        assertEquals(Long.parseLong(expected.getProperty("requestsApplied")), replica.requestsApplied());
        assertEquals(0, replica.internalErrors());
        assertEquals(0, replica.malformedMessages(), "every message of the log was accepted, as when it was written");
        if (isCurrent(fixture))
        {
            assertEquals(expected.getProperty("finalDigest"), Long.toHexString(replica.stateDigest()));
        }
        assertEquals(text(fixture, "state-final.txt"), StateDump.of(replica));
    }

    @ParameterizedTest
    @ValueSource(strings = {LEGACY, "wire2-snapshot3", "wire3-snapshot3", "wire4-snapshot4", "wire5-snapshot5"})
    void theSnapshotOfAFixtureAndTheRestOfItsLogGiveTheSameState(final String fixture) throws IOException
    {
        final Properties expected = expected(fixture);
        final List<InputLog.Input> inputs = inputs(fixture);
        final int from = Integer.parseInt(expected.getProperty("snapshotAfterInputs"));
        final FabricStateMachine restored = load(fixture);

        assertEquals(text(fixture, "state-at-snapshot.txt"), StateDump.of(restored));
        assertEquals(replay(fixture, inputs, from).stateDigest(), restored.stateDigest(),
            "the snapshot holds what the log up to it makes");
        if (isCurrent(fixture))
        {
            assertEquals(expected.getProperty("digestAtSnapshot"), Long.toHexString(restored.stateDigest()));
        }

        for (final InputLog.Input input : inputs.subList(from, inputs.size()))
        {
            input.applyTo(restored);
        }
        assertEquals(text(fixture, "state-final.txt"), StateDump.of(restored));
        assertEquals(replay(fixture, inputs, inputs.size()).stateDigest(), restored.stateDigest());
        assertEquals(0, restored.internalErrors());
    }

    @Test
    void aVersionOneRequestIsAppliedInItsOwnTimeAndRefusedInItsOwnEncodingOnceATermOfThisVersionBegins()
        throws IOException
    {
        final List<InputLog.Input> inputs = inputs(LEGACY);
        final List<byte[]> sent = new ArrayList<>();
        final FabricStateMachine replica = replay(LEGACY, inputs, inputs.size(), sent);
        assertEquals(Wire.LEGACY_VERSION, replica.wireVersion());
        final InputLog.Input connect = inputs.stream()
            .filter((input) -> input.kind() == InputLog.MESSAGE && templateOfLegacy(input.bytes()) == 1)
            .findFirst().orElseThrow();

        // Still version 1's time: a retried CONNECT is served (in this version's encoding), not refused.
        sent.clear();
        connect.applyTo(replica);
        assertTrue(!sent.isEmpty() && sent.stream().allMatch((m) -> Wire.isCurrent(new UnsafeBuffer(m), 0, m.length)));
        assertEquals(0, replica.malformedMessages());

        replica.onNewLeadershipTerm(Wire.APP_VERSION, 0);
        assertEquals(Wire.VERSION, replica.wireVersion());
        final String state = StateDump.of(replica);
        sent.clear();
        connect.applyTo(replica);

        assertEquals(1, sent.size());
        final UnsafeBuffer error = new UnsafeBuffer(sent.get(0));
        assertTrue(Wire.isLegacy(error, 0, error.capacity()), "the answer is in the client's own version");
        assertEquals(113, error.getShort(0, LITTLE_ENDIAN));
        assertEquals(new UnsafeBuffer(connect.bytes()).getLong(16, LITTLE_ENDIAN), error.getLong(8, LITTLE_ENDIAN));
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.value(), error.getInt(16, LITTLE_ENDIAN));
        final String message = error.getStringUtf8(20, LITTLE_ENDIAN);
        assertTrue(message.contains("wire version " + Wire.VERSION) && message.contains("wire version 1"), message);
        assertEquals(1, replica.malformedMessages());
        assertEquals(state.replace("malformed=0", "malformed=1"), StateDump.of(replica));
    }

    @Test
    void aTermOfAVersionOneMemberMeansVersionOneAndAnyLaterVersionItsOwn()
    {
        final FabricStateMachine machine = machine(new ArrayList<>());
        assertEquals(Wire.VERSION, machine.wireVersion(), "a fresh cluster speaks this version");
        machine.onNewLeadershipTerm(SemanticVersion.compose(0, 0, 1), 0);
        assertEquals(Wire.LEGACY_VERSION, machine.wireVersion(), "Aeron's default app version");
        machine.onNewLeadershipTerm(Wire.APP_VERSION, 0);
        assertEquals(Wire.VERSION, machine.wireVersion());
    }

    // Replays the first count inputs on a fresh machine; a version-1 log begins with a term of Aeron's default app
    // version, as a real log of that time does (the fixture's recorder did not keep terms then).
    private static FabricStateMachine replay(final String fixture, final List<InputLog.Input> inputs, final int count)
    {
        return replay(fixture, inputs, count, new ArrayList<>());
    }

    private static FabricStateMachine replay(
        final String fixture, final List<InputLog.Input> inputs, final int count, final List<byte[]> sent)
    {
        final FabricStateMachine machine = machine(sent);
        if (LEGACY.equals(fixture))
        {
            machine.onNewLeadershipTerm(SemanticVersion.compose(0, 0, 1), 0);
        }
        for (final InputLog.Input input : inputs.subList(0, count))
        {
            input.applyTo(machine);
        }
        return machine;
    }

    // A machine whose answers land in a list; timers fire from the log, so scheduling them does nothing here.
    private static FabricStateMachine machine(final List<byte[]> sent)
    {
        return new FabricStateMachine(
            (sessionId, buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                sent.add(copy);
            },
            new FabricStateMachine.Timers()
            {
                public void schedule(final long correlationId, final long deadlineMs)
                {
                }

                public void cancel(final long correlationId)
                {
                }
            });
    }

    private static FabricStateMachine load(final String fixture) throws IOException
    {
        final FabricStateMachine machine = machine(new ArrayList<>());
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
                machine.loadSnapshotChunk(new UnsafeBuffer(chunk), 0, length);
                chunks++;
            }
        }
        machine.onSnapshotLoaded();
        assertTrue(chunks > 0, "the fixture has a snapshot");
        return machine;
    }

    private static int templateOfLegacy(final byte[] message)
    {
        return new UnsafeBuffer(message).getShort(0, LITTLE_ENDIAN) & 0xFFFF;
    }

    private static boolean isCurrent(final String fixture)
    {
        return fixture.startsWith("wire" + Wire.VERSION + "-");
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

    private static String text(final String fixture, final String name) throws IOException
    {
        try (InputStream in = resource(fixture, name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream resource(final String fixture, final String name)
    {
        final InputStream in = UpgradeFixtureTest.class.getResourceAsStream("/upgrade/" + fixture + "/" + name);
        assertNotNull(in, "the fixture " + fixture + "/" + name + " is on the test class path");
        return in;
    }
}
