/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.IdleSetting;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.memfabric.consensus.cluster.MemberConfig;
import org.agrona.concurrent.IdleStrategy;

/**
 * The media driver of a probe JVM, configured like the members' (shared threading, the idle strategy under test),
 * so the MemFabric client and the raw echo client go through the same kind of driver.
 */
final class ClientDriver
{
    private ClientDriver()
    {
    }

    /**
     * @param aeronDir where the driver lives; removed when it closes.
     * @param idle     a {@code IdleSetting} name.
     * @return the running driver.
     */
    static MediaDriver launch(final String aeronDir, final String idle)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idleStrategy(idle))
            .asyncExecutorIdleStrategy(idleStrategy(idle))
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    /**
     * The members' own mapping ({@code IdleSetting}): SLEEPING sleeps 1 ms when idle.
     *
     * @param idle a {@code IdleSetting} name.
     * @return a new idle strategy.
     */
    static IdleStrategy idleStrategy(final String idle)
    {
        return IdleSetting.valueOf(idle).supplier().get();
    }
}
