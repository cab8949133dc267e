/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.Fabric;
import io.memfabric.FabricStats;

import java.util.List;
import java.util.Map;
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
    private final Checklist checklist = new Checklist(System.out);

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
        checklist.check(failures.isEmpty(),
            "every thread ended normally" + (failures.isEmpty() ? "" : ": " + failures));

        final Map<String, String> ownTaskIds = new TreeMap<>();
        for (final SwarmAgent agent : agents)
        {
            ownTaskIds.put(agent.name(), agent.taskIds());
        }
        final BoardAudit audit = new BoardAudit(fabric, board, plan);
        audit.check(checklist, total, ownTaskIds);

        // Objects are found by name: asking the fabric for the static field's root gives the very same board.
        final TaskBoard byName = fabric.root(SwarmContext.BOARD_URI, TaskBoard.class, TaskBoard::new);
        checklist.check(byName == board && byName.posted == total,
            "Fabric.root(\"" + SwarmContext.BOARD_URI + "\") is the board the static @Shared field holds");

        // What the program did on shared objects, counted from its structure: main checks the board once, then the
        // planner and the agents (see their monitorEnters and notifies).
        long expectedEnters = 1 + Planner.monitorEnters(total);
        long expectedNotifies = Planner.notifies(total);
        long waits = planner.waits();
        for (final SwarmAgent agent : agents)
        {
            expectedEnters += SwarmAgent.monitorEnters(agent.tasksDone());
            expectedNotifies += SwarmAgent.notifies(agent.tasksDone());
            waits += agent.waits();
        }
        checklist.check(stats.monitorEnters() == expectedEnters && stats.notifies() == expectedNotifies &&
            stats.waits() == waits,
            "the fabric saw every monitor operation: enters " + stats.monitorEnters() + " (program made " +
            expectedEnters + "), waits " + stats.waits() + " (" + waits + "), notifies " + stats.notifies() +
            " (" + expectedNotifies + ")");

        final int objects = 2 + audit.listed();
        checklist.check(stats.roots() == 2 && stats.sharedObjects() == objects,
            "the fabric holds 2 roots (" + stats.roots() + ") and " + objects + " shared objects: board, plan and " +
            "the tasks (" + stats.sharedObjects() + ")");

        System.out.println();
        return checklist.printVerdict();
    }
}
