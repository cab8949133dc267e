/*
 * MemFabric consensus tests.
 */
package io.memfabric.consensus.stat;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CncCountersTest
{
    @TempDir
    Path dir;
    private MediaDriver driver;
    private Aeron aeron;

    @BeforeEach
    void startDriver()
    {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
    }

    @AfterEach
    void stopDriver()
    {
        CloseHelper.quietCloseAll(aeron, driver);
    }

    @Test
    void countersAreReadFromTheDriversFileWithTheirOwner()
    {
        final CounterSet<NodeCounter> node = CounterSet.inAeron(
            aeron, NodeCounter.class, CounterSet.SCOPE_NODE, 0xABCL);
        final CounterSet<MemberCounter> member = CounterSet.inAeron(
            aeron, MemberCounter.class, CounterSet.SCOPE_MEMBER, 2);
        node.add(NodeCounter.LOCKS_ACQUIRED, 41);
        node.increment(NodeCounter.LOCKS_ACQUIRED);
        node.set(NodeCounter.LOCKS_HELD, 3);
        member.set(MemberCounter.ROLE, 2);

        final CncCounters.Driver read = CncCounters.read(new File(driver.aeronDirectoryName()));
        assertTrue(read.live());
        assertEquals(ProcessHandle.current().pid(), read.driverPid());
        assertEquals(2, read.owners().size(), read.owners().toString());
        final CncCounters.Owner nodeOwner = read.owners().get(0);
        assertEquals(CounterSet.SCOPE_NODE, nodeOwner.scope());
        assertEquals(0xABCL, nodeOwner.ownerId());
        assertEquals(ProcessHandle.current().pid(), nodeOwner.pid());
        assertEquals(NodeCounter.values().length, nodeOwner.values().size());
        assertEquals(42, nodeOwner.value("locks_acquired"));
        assertEquals(3, nodeOwner.value("locks_held"));
        assertEquals("member 2 pid " + ProcessHandle.current().pid(), read.owners().get(1).name());
        assertEquals(2, read.owners().get(1).value("role"));
    }

    @Test
    void closedCountersLeaveTheFileButKeepTheirValues() throws InterruptedException
    {
        final CounterSet<NodeCounter> node = CounterSet.inAeron(aeron, NodeCounter.class, CounterSet.SCOPE_NODE, 7);
        node.add(NodeCounter.WRITES, 5);
        node.close();
        node.increment(NodeCounter.WRITES);
        assertEquals(6, node.get(NodeCounter.WRITES), "counting goes on in memory after close");

        final long deadline = System.currentTimeMillis() + 10_000;
        while (!CncCounters.read(new File(driver.aeronDirectoryName())).owners().isEmpty())
        {
            assertTrue(System.currentTimeMillis() < deadline, "the driver freed the closed counters");
            Thread.sleep(10);
        }
    }

    @Test
    void aDirectoryWithoutADriverIsRefusedByName()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> CncCounters.read(dir.toFile()));
        assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
    }
}
