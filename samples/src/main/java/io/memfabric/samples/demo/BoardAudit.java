/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.Fabric;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checks that a finished swarm's shared state adds up: every task done once, each agent's own account matching
 * the board's, every result recomputed, the counters, and everything shared. Both demos run them: the embedded one
 * on the board its threads used, the cluster one in a checker JVM that reads the board from the cluster after every
 * agent process has ended. The board is read without locks, so nothing may be working on it any more.
 */
final class BoardAudit
{
    private final Fabric fabric;
    private final TaskBoard board;
    private final Plan plan;
    private final Map<String, String> idsByAgent = new TreeMap<>();
    private final Set<Integer> ids = new HashSet<>();
    private int listed;
    private int doneOnce;
    private int matching;
    private int shared;
    private long storedSum;
    private long recomputedSum;

    /**
     * Walks the board's list of tasks once, recomputing every result from the task's text.
     *
     * @param fabric the fabric holding the board.
     * @param board  the board, finished.
     * @param plan   the plan, finished.
     */
    BoardAudit(final Fabric fabric, final TaskBoard board, final Plan plan)
    {
        this.fabric = fabric;
        this.board = board;
        this.plan = plan;
        final Map<String, Set<Integer>> taken = new TreeMap<>();
        for (Task task = board.head; task != null; task = task.next)
        {
            listed++;
            ids.add(task.id);
            doneOnce += task.state == TaskState.DONE && task.completions == 1 ? 1 : 0;
            if (task.takenBy != null)
            {
                taken.computeIfAbsent(task.takenBy, agent -> new TreeSet<>()).add(task.id);
            }
            storedSum += task.result;
            final long expected = Planner.skillOf(task.id).perform(Planner.textOf(task.id)).result();
            recomputedSum += expected;
            matching += task.result == expected && task.skill == Planner.skillOf(task.id) ? 1 : 0;
            shared += fabric.isShared(task) ? 1 : 0;
        }
        taken.forEach((agent, taskIds) -> idsByAgent.put(agent, join(taskIds)));
    }

    /**
     * @return how many tasks the board lists.
     */
    int listed()
    {
        return listed;
    }

    /**
     * Runs the checks.
     *
     * @param checklist  where the checks go.
     * @param total      how many tasks the planner posted.
     * @param ownTaskIds each agent's own list of the tasks it did, by name: ids separated by spaces, ascending.
     */
    void check(final Checklist checklist, final int total, final Map<String, String> ownTaskIds)
    {
        checklist.check(
            listed == total && ids.size() == total && ids.contains(1) && ids.contains(total) && doneOnce == total,
            "every task done exactly once: " + listed + " tasks, " + ids.size() + " distinct ids, " + doneOnce +
            " DONE once (expected " + total + ")");

        // Agents take tasks in the order they were posted and do them one at a time, so an agent's own list is
        // ascending, like the board's.
        final Set<String> agents = new TreeSet<>(ownTaskIds.keySet());
        agents.addAll(idsByAgent.keySet());
        final Map<String, Integer> counts = new TreeMap<>();
        boolean agree = true;
        int sum = 0;
        for (final String agent : agents)
        {
            final String own = ownTaskIds.get(agent);
            agree &= own != null && own.equals(idsByAgent.getOrDefault(agent, ""));
            final int count = own == null || own.isEmpty() ? 0 : own.split(" ").length;
            counts.put(agent, count);
            sum += count;
        }
        checklist.check(agree && sum == total,
            "each agent's own list of tasks matches the board's record: " + counts + ", sum " + sum +
            (agree ? "" : "; the board says " + idsByAgent + ", the agents say " + ownTaskIds));

        final boolean sumsAgree = storedSum == recomputedSum && storedSum == plan.resultSum;
        checklist.check(matching == total && sumsAgree,
            "results: " + matching + "/" + total + " tasks match a recomputation; " + (sumsAgree ?
            "sums agree: tasks = recomputed = plan = " + storedSum :
            "sums differ: tasks " + storedSum + ", recomputed " + recomputedSum + ", plan " + plan.resultSum));

        checklist.check(board.posted == total && board.taken == total && board.done == total && board.closed &&
            plan.tasksPlanned == total && plan.tasksDone == total && plan.phase == Phase.COMPLETE,
            "counters: board posted " + board.posted + ", taken " + board.taken + ", done " + board.done +
            "; plan " + plan.tasksDone + "/" + plan.tasksPlanned + " " + plan.phase);

        checklist.check(fabric.isShared(board) && fabric.isShared(plan) && shared == listed,
            "the board, the plan and all " + shared + " tasks are shared on Fabric.current()");
    }

    private static String join(final Set<Integer> taskIds)
    {
        final StringBuilder joined = new StringBuilder();
        for (final int id : taskIds)
        {
            joined.append(joined.length() == 0 ? "" : " ").append(id);
        }
        return joined.toString();
    }
}
