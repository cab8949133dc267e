/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.Fabric;
import io.memfabric.FabricStats;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The end of the demo: who did what, the plan's state, and checks that the shared state adds up, from three points of
 * view that must agree: what each thread counted for itself, what the shared objects say, and what the fabric
 * counted. Runs after every swarm thread has ended, so it reads the shared state without locks.
 */
final class SwarmReport
{
    private final Fabric fabric;
    private final TaskBoard board;
    private final Plan plan;
    private final Planner planner;
    private final List<SwarmAgent> agents;
    private int checks;
    private int failed;

    SwarmReport(
        final Fabric fabric, final TaskBoard board, final Plan plan, final Planner planner,
        final List<SwarmAgent> agents)
    {
        this.fabric = fabric;
        this.board = board;
        this.plan = plan;
        this.planner = planner;
        this.agents = agents;
    }

    /**
     * Prints the summary and the checks.
     *
     * @param elapsedMs how long the swarm ran.
     * @param failures  what went wrong in the swarm's threads, if anything.
     * @return whether every check passed.
     */
    boolean print(final long elapsedMs, final List<String> failures)
    {
        final FabricStats stats = fabric.stats();
        final int total = planner.totalTasks();

        System.out.println();
        System.out.println("== Summary (" + elapsedMs + " ms) ==");
        System.out.printf("%-9s posted %2d tasks in %d waves%n", Planner.NAME, board.posted, SwarmDemo.WAVES);
        int agentsTotal = 0;
        for (final SwarmAgent agent : agents)
        {
            System.out.printf("%-9s did    %2d tasks: %s%n", agent.name(), agent.tasksDone(), agent.taskIds());
            agentsTotal += agent.tasksDone();
        }
        System.out.printf("%-9s did    %2d tasks%n", "total", agentsTotal);
        System.out.println("plan:     " + plan.describe());
        System.out.println("          goal \"" + plan.goal + "\"");
        System.out.println("          last note: " + plan.lastNote);
        System.out.println("fabric:   " + stats);

        System.out.println();
        System.out.println("== Checks ==");
        check(failures.isEmpty(), "every thread ended normally" + (failures.isEmpty() ? "" : ": " + failures));

        // Walk the shared list once, recomputing every result from the task's text.
        final Map<String, Integer> doneBy = new TreeMap<>();
        final Set<Integer> ids = new HashSet<>();
        long storedSum = 0;
        long recomputedSum = 0;
        int listed = 0;
        int doneOnce = 0;
        int matching = 0;
        int shared = 0;
        for (Task task = board.head; task != null; task = task.next)
        {
            listed++;
            ids.add(task.id);
            doneOnce += task.state == TaskState.DONE && task.completions == 1 ? 1 : 0;
            doneBy.merge(String.valueOf(task.takenBy), 1, Integer::sum);
            storedSum += task.result;
            final long expected = Planner.skillOf(task.id).perform(Planner.textOf(task.id)).result();
            recomputedSum += expected;
            matching += task.result == expected && task.skill == Planner.skillOf(task.id) ? 1 : 0;
            shared += fabric.isShared(task) ? 1 : 0;
        }

        check(listed == total && ids.size() == total && ids.contains(1) && ids.contains(total) && doneOnce == total,
            "every task done exactly once: " + listed + " tasks, " + ids.size() + " distinct ids, " + doneOnce +
            " DONE once (expected " + total + ")");

        boolean countsAgree = true;
        for (final SwarmAgent agent : agents)
        {
            countsAgree &= doneBy.getOrDefault(agent.name(), 0) == agent.tasksDone();
        }
        check(countsAgree && agentsTotal == total,
            "each agent's own count matches the board's record: " + doneBy);

        final boolean sumsAgree = storedSum == recomputedSum && storedSum == plan.resultSum;
        check(matching == total && sumsAgree,
            "results: " + matching + "/" + total + " tasks match a recomputation; " + (sumsAgree ?
            "sums agree: tasks = recomputed = plan = " + storedSum :
            "sums differ: tasks " + storedSum + ", recomputed " + recomputedSum + ", plan " + plan.resultSum));

        check(board.posted == total && board.taken == total && board.done == total && board.closed &&
            plan.tasksPlanned == total && plan.tasksDone == total && plan.phase == Phase.COMPLETE,
            "counters: board posted " + board.posted + ", taken " + board.taken + ", done " + board.done +
            "; plan " + plan.tasksDone + "/" + plan.tasksPlanned + " " + plan.phase);

        check(fabric.isShared(board) && fabric.isShared(plan) && shared == listed,
            "the board, the plan and all " + shared + " tasks are shared on Fabric.current()");

        // Objects are found by name: asking the fabric for the static field's root gives the very same board.
        final TaskBoard byName = fabric.root(SwarmContext.BOARD_URI, TaskBoard.class, TaskBoard::new);
        check(byName == board && byName.posted == total,
            "Fabric.root(\"" + SwarmContext.BOARD_URI + "\") is the board the static @Shared field holds");

        // What the program did on shared objects, counted from its structure (see Planner and SwarmAgent):
        // main checks the board once; the planner locks the plan twice, the board per task and once to close it;
        // an agent locks the board twice and the plan once per task, and the board once more to find it closed.
        final long expectedEnters = 1 + (2 + total + 1) + (3L * total + agents.size());
        final long expectedNotifies = (total + 1) + total;
        long waits = planner.waits();
        for (final SwarmAgent agent : agents)
        {
            waits += agent.waits();
        }
        check(stats.monitorEnters() == expectedEnters && stats.notifies() == expectedNotifies &&
            stats.waits() == waits,
            "the fabric saw every monitor operation: enters " + stats.monitorEnters() + " (program made " +
            expectedEnters + "), waits " + stats.waits() + " (" + waits + "), notifies " + stats.notifies() +
            " (" + expectedNotifies + ")");

        check(stats.roots() == 2 && stats.sharedObjects() == 2 + listed,
            "the fabric holds 2 roots (" + stats.roots() + ") and " + (2 + listed) + " shared objects: board, " +
            "plan and the tasks (" + stats.sharedObjects() + ")");

        System.out.println();
        System.out.println(failed == 0 ?
            "OK: all " + checks + " checks passed." :
            "FAILED: " + failed + " of " + checks + " checks failed.");
        return failed == 0;
    }

    private void check(final boolean passed, final String what)
    {
        checks++;
        if (!passed)
        {
            failed++;
        }
        System.out.println((passed ? "  ok    " : "  FAIL  ") + what);
    }
}
