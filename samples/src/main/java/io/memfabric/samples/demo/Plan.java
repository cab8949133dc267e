/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.annotations.Shared;

/**
 * The swarm's shared plan: the goal, how far along it is, and the latest note an agent left. It is what a new agent
 * joining the swarm would read first to catch up. Updated under {@code synchronized (plan)}.
 */
@Shared
public class Plan
{
    String goal;
    Phase phase;
    int tasksPlanned;
    int tasksDone;
    long resultSum;
    String lastNote;

    Plan(final String goal)
    {
        this.goal = goal;
        this.phase = Phase.PLANNING;
        this.lastNote = "nothing yet";
    }

    /**
     * Records a finished task. The caller holds the plan's monitor.
     *
     * @param agent the agent that finished it.
     * @param task  the finished task.
     */
    void recordDone(final String agent, final Task task)
    {
        tasksDone++;
        resultSum += task.result;
        lastNote = agent + " finished task " + task.id + " (" + task.skill + "): " + task.note;
    }

    /**
     * @return the plan in one line.
     */
    String describe()
    {
        return "phase " + phase + ", " + tasksDone + "/" + tasksPlanned + " tasks done, result sum " + resultSum;
    }
}
