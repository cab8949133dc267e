/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.annotations.Shared;

/**
 * One unit of work on the {@link TaskBoard}: what to do, who took it and what came out. Tasks are linked into a list
 * through {@link #next} (shared fields hold shared objects, not collections), and stay on it when done, so the list is
 * also the swarm's record of its work.
 * <p>
 * A task becomes shared when the planner links it onto the board; its fields are then read and written only while
 * holding the board's monitor, or after the threads that wrote them have finished.
 */
@Shared
public class Task
{
    int id;
    Skill skill;
    String text;
    TaskState state;
    String takenBy;
    int completions;
    long result;
    String note;
    Task next;

    Task(final int id, final Skill skill, final String text)
    {
        this.id = id;
        this.skill = skill;
        this.text = text;
        this.state = TaskState.POSTED;
    }

    void takenBy(final String agent)
    {
        takenBy = agent;
        state = TaskState.TAKEN;
    }

    void complete(final Skill.Outcome outcome)
    {
        result = outcome.result();
        note = outcome.note();
        state = TaskState.DONE;
        completions++;
    }

    /**
     * @return the task's text, cut to fit on one line of output.
     */
    String headline()
    {
        final int max = 44;
        return "\"" + (text.length() <= max ? text : text.substring(0, max - 3) + "...") + "\"";
    }
}
