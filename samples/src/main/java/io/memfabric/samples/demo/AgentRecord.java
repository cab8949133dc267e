/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.FabricStats;
import io.memfabric.annotations.Shared;

/**
 * An agent's own account of itself on the {@link TaskBoard}: who it is, which JVM it runs in, and, once it stopped,
 * what it did by its own count. In the cluster demo each agent is a process of its own, so this is how its count
 * reaches the checker, a JVM that never saw the agent. Records are linked through {@link #next} in the order the
 * agents joined, and written only while holding the board's monitor.
 */
@Shared
public class AgentRecord
{
    String name;
    long pid;
    boolean finished;
    int tasksDone;
    String taskIds;
    int waits;
    long fabricMonitorEnters;
    long fabricWaits;
    long fabricNotifies;
    AgentRecord next;

    AgentRecord(final String name, final long pid)
    {
        this.name = name;
        this.pid = pid;
        this.taskIds = "";
    }

    /**
     * Records what the agent did, by its own count and by its JVM's fabric. The caller holds the board's monitor.
     *
     * @param tasksDone how many tasks it finished.
     * @param taskIds   their ids, in the order it finished them.
     * @param waits     how many times it called {@code board.wait()}.
     * @param stats     what the fabric of its JVM counted, taken while holding the board's monitor.
     */
    void finish(final int tasksDone, final String taskIds, final int waits, final FabricStats stats)
    {
        this.tasksDone = tasksDone;
        this.taskIds = taskIds;
        this.waits = waits;
        this.fabricMonitorEnters = stats.monitorEnters();
        this.fabricWaits = stats.waits();
        this.fabricNotifies = stats.notifies();
        this.finished = true;
    }

    /**
     * @return the agent and its JVM, e.g. {@code agent-1 (pid 4242)}.
     */
    String describe()
    {
        return name + " (pid " + pid + ")";
    }
}
