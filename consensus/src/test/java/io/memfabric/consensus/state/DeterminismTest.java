/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest
{
    @Test
    void twoMachinesFedTheSameInputsProduceTheSameOutputsTimersAndDigests()
    {
        final Workload workload = new Workload(42);
        final Harness a = new Harness();
        final Harness b = new Harness();
        final Set<Long> digests = new HashSet<>();
        long messages = 0;
        for (int i = 0; i < 10_000; i++)
        {
            workload.step(a, b);
            messages += a.sent.size();
            assertTrue(Harness.sameBytes(a.drain(), b.drain()), "outputs diverged at step " + i);
            if (i % 500 == 0)
            {
                final long digest = a.machine.stateDigest();
                assertEquals(digest, b.machine.stateDigest());
                digests.add(digest);
            }
        }
        assertEquals(a.timerLog, b.timerLog);
        assertEquals(a.machine.stateDigest(), b.machine.stateDigest());
        assertEquals(0, a.machine.internalErrors());
        assertTrue(digests.size() > 10, "the workload changes state");
        assertTrue(messages > 5_000, "the workload produces output");
        assertTrue(a.machine.requestsApplied() > 5_000);
    }

    @Test
    void differentInputsGiveDifferentDigests()
    {
        final Harness a = new Harness();
        final Harness b = new Harness();
        a.connected(11, 1);
        b.connected(11, 2);
        assertTrue(a.machine.stateDigest() != b.machine.stateDigest());
    }
}
