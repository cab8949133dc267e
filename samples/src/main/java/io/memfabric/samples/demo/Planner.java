/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

/**
 * The planner of the swarm: breaks the goal into tasks and posts them to the board in waves, as a planning agent
 * would post work while it is still thinking; then closes the board and waits until the agents have done it all.
 * <p>
 * Lock order, here and in {@link SwarmAgent}: the board before the plan, so two agents never wait for each other.
 */
public final class Planner implements Runnable
{
    static final String NAME = "planner";

    private static final String[] REPORTS =
    {
        "Checkout service returns error 502 after the deploy; customers report lost carts",
        "Maybe rename the settings page later, minor wording issue",
        "Nightly batch job hit a timeout again, finance reports are down since 3am",
        "User asks whether the mobile app supports dark mode",
        "Database replica in a crash loop on node 7, failover did not complete",
        "Nice to have: export the dashboard as PDF someday",
        "Login latency doubled for users in the EU region since Tuesday",
        "Urgent: payment webhook signature check fails for every request",
    };
    private static final Skill[] SKILLS = Skill.values();

    private final TaskBoard board;
    private final Plan plan;
    private final int waves;
    private final int tasksPerWave;
    private final long pauseMillis;
    private int waits;

    /**
     * @param board        the shared task board.
     * @param plan         the shared plan.
     * @param waves        how many waves of tasks to post.
     * @param tasksPerWave how many tasks each wave holds.
     * @param pauseMillis  how long to "think" between waves, so the agents run dry and wait.
     */
    public Planner(final TaskBoard board, final Plan plan, final int waves, final int tasksPerWave,
        final long pauseMillis)
    {
        this.board = board;
        this.plan = plan;
        this.waves = waves;
        this.tasksPerWave = tasksPerWave;
        this.pauseMillis = pauseMillis;
    }

    /**
     * @return the total number of tasks this planner posts.
     */
    public int totalTasks()
    {
        return waves * tasksPerWave;
    }

    /**
     * @return how many times this planner called {@code board.wait()}; read after the thread ended.
     */
    public int waits()
    {
        return waits;
    }

    /**
     * How many times the planner entered a monitor of a shared object: the plan to start and to complete it, the
     * board to post each task and once more to close it and wait.
     *
     * @param totalTasks the tasks it posted.
     * @return its monitor entries.
     */
    static long monitorEnters(final int totalTasks)
    {
        return 2L + totalTasks + 1;
    }

    /**
     * @param totalTasks the tasks it posted.
     * @return how many times it called {@code notifyAll()} on a shared object: per task, and once to close the board.
     */
    static long notifies(final int totalTasks)
    {
        return totalTasks + 1L;
    }

    /**
     * The text of the task with the given number (from 1); the same for every run.
     *
     * @param taskId the task's number.
     * @return its text.
     */
    static String textOf(final int taskId)
    {
        return REPORTS[(taskId - 1) % REPORTS.length];
    }

    /**
     * The skill the task with the given number asks for (from 1); the same for every run.
     *
     * @param taskId the task's number.
     * @return its skill.
     */
    static Skill skillOf(final int taskId)
    {
        return SKILLS[(taskId - 1) % SKILLS.length];
    }

    /**
     * Posts the tasks wave by wave, closes the board, waits for the work to be done and completes the plan.
     */
    public void run()
    {
        final int total = totalTasks();
        synchronized (plan)
        {
            plan.phase = Phase.WORKING;
            plan.tasksPlanned = total;
            plan.lastNote = NAME + " planned " + total + " tasks in " + waves + " waves";
        }
        log("plan: \"" + SwarmContext.GOAL + "\" -> " + total + " tasks in " + waves + " waves");

        try
        {
            int taskId = 0;
            for (int wave = 1; wave <= waves; wave++)
            {
                for (int i = 0; i < tasksPerWave; i++)
                {
                    taskId++;
                    synchronized (board)
                    {
                        final Task task = board.post(skillOf(taskId), textOf(taskId));
                        log(String.format("posted task %2d %-9s %s", task.id, task.skill, task.headline()));
                        board.notifyAll();
                    }
                }
                if (wave < waves)
                {
                    log("wave " + wave + " of " + waves + " posted; thinking about the next one");
                    Thread.sleep(pauseMillis);
                }
            }

            synchronized (board)
            {
                board.closed = true;
                board.notifyAll();
                log("all " + board.posted + " tasks posted; board closed, waiting for the agents to finish");
                while (board.done < board.posted)
                {
                    waits++;
                    board.wait();
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(NAME + " was interrupted before the work was done", ex);
        }

        synchronized (plan)
        {
            plan.phase = Phase.COMPLETE;
            log("all " + plan.tasksDone + " tasks done; plan " + plan.phase);
        }
    }

    private static void log(final String message)
    {
        System.out.println("[" + NAME + "] " + message);
    }
}
