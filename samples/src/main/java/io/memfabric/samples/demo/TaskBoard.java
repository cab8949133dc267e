/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.annotations.Shared;

/**
 * The swarm's task board: the tasks the planner posted, in order, and counters of what happened to them. Agents
 * coordinate on it as any Java program would: {@code synchronized (board)} to post or take, {@code board.wait()}
 * when there is nothing to take, {@code board.notifyAll()} when something changed.
 * <p>
 * The methods here do no locking of their own; callers hold the board's monitor, which is what makes each step
 * (link a task and count it, take a task and mark it) one atomic change that every agent sees whole.
 * <p>
 * Agents that run in processes of their own also sign in on the board ({@link #enlist}), so the planner knows when
 * its crew is there and a checker can compare each agent's own count with the board's.
 */
@Shared
public class TaskBoard
{
    Task head;
    Task tail;
    Task nextToTake;
    int posted;
    int taken;
    int done;
    boolean closed;
    AgentRecord agents;
    int agentsJoined;

    /**
     * Links a new task at the end of the board. The caller holds the board's monitor.
     *
     * @param skill what the task asks for.
     * @param text  the text to work on.
     * @return the task, now shared with every agent.
     */
    Task post(final Skill skill, final String text)
    {
        final Task task = new Task(posted + 1, skill, text);
        if (tail == null)
        {
            head = task;
        }
        else
        {
            tail.next = task;
        }
        tail = task;
        if (nextToTake == null)
        {
            nextToTake = task;
        }
        posted++;
        return task;
    }

    /**
     * Takes the oldest task nobody has taken yet. The caller holds the board's monitor.
     *
     * @param agent the name of the agent taking it.
     * @return the task, or {@code null} if every posted task is taken.
     */
    Task take(final String agent)
    {
        final Task task = nextToTake;
        if (task != null)
        {
            nextToTake = task.next;
            task.takenBy(agent);
            taken++;
        }
        return task;
    }

    /**
     * @return whether there is a task to take. The caller holds the board's monitor.
     */
    boolean hasWork()
    {
        return nextToTake != null;
    }

    /**
     * Signs an agent in, after the agents already there. The caller holds the board's monitor.
     *
     * @param name the agent's name.
     * @param pid  the process it runs in.
     * @return its record, now shared.
     */
    AgentRecord enlist(final String name, final long pid)
    {
        final AgentRecord record = new AgentRecord(name, pid);
        if (agents == null)
        {
            agents = record;
        }
        else
        {
            AgentRecord last = agents;
            while (last.next != null)
            {
                last = last.next;
            }
            last.next = record;
        }
        agentsJoined++;
        return record;
    }

    /**
     * @return the agents signed in, in the order they joined, e.g. {@code agent-2 (pid 11), agent-1 (pid 12)};
     * the caller holds the board's monitor.
     */
    String crew()
    {
        final StringBuilder crew = new StringBuilder();
        for (AgentRecord record = agents; record != null; record = record.next)
        {
            crew.append(crew.length() == 0 ? "" : ", ").append(record.describe());
        }
        return crew.length() == 0 ? "nobody" : crew.toString();
    }
}
