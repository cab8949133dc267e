/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.wire.Wire;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Writes the upgrade fixture of the format of the day: a workload's inputs (the log), a snapshot taken half way, and
 * the state digests, under {@code consensus/src/test/resources/upgrade/<name>/}. Run it once per released format,
 * before the format changes, and commit what it writes; {@code UpgradeFixtureTest} then requires every later version
 * of the state machine to rebuild the same state from it:
 * {@code java -cp <test classpath> io.memfabric.consensus.state.UpgradeFixture consensus/src/test/resources/upgrade/wire2-snapshot3}.
 */
public final class UpgradeFixture
{
    static final String INPUTS = "inputs.bin";
    static final String SNAPSHOT = "snapshot.bin";
    static final String EXPECTED = "expected.properties";
    static final int SEED = 2026;
    static final int STEPS = 1_200;

    private UpgradeFixture()
    {
    }

    /**
     * @param args the directory to write.
     * @throws IOException if it cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path dir = Files.createDirectories(Path.of(args[0]));
        final Harness harness = new Harness();
        final InputLog log = new InputLog();
        harness.recordInto(log);
        // A real log begins with a leadership term, which says which wire version the members speak.
        log.add(InputLog.TERM, Wire.APP_VERSION, harness.now, null, 0);
        harness.machine.onNewLeadershipTerm(Wire.APP_VERSION, harness.now);
        final Workload workload = new Workload(SEED);
        String stateAtSnapshot = null;
        long digestAtSnapshot = 0;
        int snapshotAfter = 0;
        for (int step = 0; step < STEPS; step++)
        {
            workload.step(harness);
            harness.drain();
            if (step == STEPS / 2)
            {
                snapshotAfter = log.inputs().size();
                digestAtSnapshot = harness.machine.stateDigest();
                stateAtSnapshot = StateDump.of(harness.machine);
                try (OutputStream out = Files.newOutputStream(dir.resolve(SNAPSHOT));
                    DataOutputStream data = new DataOutputStream(out))
                {
                    harness.machine.takeSnapshot((buffer, offset, length) ->
                    {
                        final byte[] chunk = new byte[length];
                        buffer.getBytes(offset, chunk);
                        try
                        {
                            data.writeInt(length);
                            data.write(chunk);
                        }
                        catch (final IOException ex)
                        {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    });
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(INPUTS)))
        {
            log.write(out);
        }
        final Properties expected = new Properties();
        expected.setProperty("seed", String.valueOf(SEED));
        expected.setProperty("steps", String.valueOf(STEPS));
        expected.setProperty("inputs", String.valueOf(log.inputs().size()));
        expected.setProperty("snapshotAfterInputs", String.valueOf(snapshotAfter));
        expected.setProperty("digestAtSnapshot", Long.toHexString(digestAtSnapshot));
        expected.setProperty("finalDigest", Long.toHexString(harness.machine.stateDigest()));
        expected.setProperty("requestsApplied", String.valueOf(harness.machine.requestsApplied()));
        Files.writeString(dir.resolve("state-at-snapshot.txt"), stateAtSnapshot);
        Files.writeString(dir.resolve("state-final.txt"), StateDump.of(harness.machine));
        try (OutputStream out = Files.newOutputStream(dir.resolve(EXPECTED)))
        {
            expected.store(out, "Upgrade fixture: wire version " + Wire.VERSION + " (SBE schema " + Wire.SCHEMA_ID +
                "), snapshot of SBE sections; written by UpgradeFixture");
        }
    }
}
