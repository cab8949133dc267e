/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

/**
 * A worker agent of the swarm. It takes the oldest open task from the shared board, waits when there is none,
 * does the work outside the lock (where an LLM call would go), then records the result on the task and the plan.
 * It stops when the board is closed and empty.
 * <p>
 * Plain Java monitors throughout: with the agent, {@code synchronized}, {@code wait} and {@code notifyAll} on a
 * shared object work across every JVM on the fabric.
 */
public final class SwarmAgent implements Runnable
{
    private final String name;
    private final TaskBoard board;
    private final Plan plan;
    private final int thinkScale;
    private final StringBuilder taskIds = new StringBuilder();
    private int tasksDone;
    private int waits;

    /**
     * @param name       the agent's name, e.g. {@code agent-1}.
     * @param board      the shared task board.
     * @param plan       the shared plan.
     * @param thinkScale how much longer than the embedded demo's 10 to 34 ms the work on a task takes: 1 in one
     *                   JVM; more when every step on the board is a round trip to a cluster, so that agents still
     *                   spend most of their time working rather than waiting for the board's lock.
     */
    public SwarmAgent(final String name, final TaskBoard board, final Plan plan, final int thinkScale)
    {
        this.name = name;
        this.board = board;
        this.plan = plan;
        this.thinkScale = thinkScale;
    }

    /**
     * @return the agent's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return how many tasks this agent finished, by its own count; read after the thread ended.
     */
    public int tasksDone()
    {
        return tasksDone;
    }

    /**
     * @return the ids of the tasks this agent finished, by its own count; read after the thread ended.
     */
    public String taskIds()
    {
        return taskIds.toString();
    }

    /**
     * @return how many times this agent called {@code board.wait()}; read after the thread ended.
     */
    public int waits()
    {
        return waits;
    }

    /**
     * Takes and does tasks until the board is closed and empty.
     */
    public void run()
    {
        try
        {
            while (true)
            {
                final Task task;
                synchronized (board)
                {
                    boolean waiting = false;
                    while (!board.hasWork() && !board.closed)
                    {
                        if (!waiting)
                        {
                            // notifyAll() wakes every agent for every change; say so once per wait, not per wakeup.
                            log("nothing to take, waiting");
                            waiting = true;
                        }
                        waits++;
                        board.wait();
                    }
                    task = board.take(name);
                    if (task == null)
                    {
                        log("board closed and empty; stopping after " + tasksDone + " tasks");
                        return;
                    }
                    log(String.format("took task %2d %-9s %s, %d left open", task.id, task.skill, task.headline(),
                        board.posted - board.taken));
                }

                // The work happens outside the lock, so the other agents keep taking tasks meanwhile.
                Thread.sleep(thinkScale * thinkMillis(task.id));
                final Skill.Outcome outcome = task.skill.perform(task.text);

                synchronized (board)
                {
                    task.complete(outcome);
                    synchronized (plan)
                    {
                        plan.recordDone(name, task);
                    }
                    board.done++;
                    log(String.format("done task %2d: %s", task.id, task.note));
                    board.notifyAll();
                }
                tasksDone++;
                taskIds.append(taskIds.length() == 0 ? "" : " ").append(task.id);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", ex);
        }
    }

    /**
     * How many times an agent that did the given number of tasks entered a monitor of a shared object: the board
     * to take and to finish each task, the plan to record it, and the board once more to find it closed.
     *
     * @param tasksDone the tasks the agent did.
     * @return its monitor entries.
     */
    static long monitorEnters(final int tasksDone)
    {
        return 3L * tasksDone + 1;
    }

    /**
     * @param tasksDone the tasks the agent did.
     * @return how many times it called {@code notifyAll()} on a shared object: once per finished task.
     */
    static long notifies(final int tasksDone)
    {
        return tasksDone;
    }

    private static long thinkMillis(final int taskId)
    {
        return 10 + (taskId * 7L) % 25;
    }

    private void log(final String message)
    {
        System.out.println("[" + name + "] " + message);
    }
}
