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

/**
 * The end of the cluster demo, seen from a JVM that joins the fabric after the planner and every agent process have
 * ended: it never saw them, so all it knows is what they left in the cluster. It prints who did what and checks that
 * it adds up, with {@link BoardAudit}'s checks and two of its own: every agent was a process of its own, and each
 * agent's fabric counted every monitor operation its agent made. Check lines are printed without the process's
 * prefix, so the launcher can count them with its own.
 */
final class SwarmCheck
{
    static final String NAME = "check";

    private final Fabric fabric;
    private final TaskBoard board;
    private final Plan plan;
    private final Checklist checklist = new Checklist(System.out);

    SwarmCheck(final Fabric fabric, final TaskBoard board, final Plan plan)
    {
        this.fabric = fabric;
        this.board = board;
        this.plan = plan;
    }

    /**
     * Prints what the swarm left and the checks.
     *
     * @param agents how many agent processes the launcher started.
     * @param total  how many tasks the planner was asked to post.
     * @return whether every check passed.
     */
    boolean print(final int agents, final int total)
    {
        final long pid = ProcessHandle.current().pid();
        SwarmProcess.log(NAME, "pid " + pid + " on the " + fabric + "; reads what the other processes left");
        SwarmProcess.log(NAME, String.format("%-9s posted %2d tasks", Planner.NAME, board.posted));
        final Map<String, String> ownTaskIds = new TreeMap<>();
        final Set<Long> pids = new HashSet<>();
        int records = 0;
        int finished = 0;
        boolean monitorsCounted = true;
        final StringBuilder monitors = new StringBuilder();
        for (AgentRecord record = board.agents; record != null; record = record.next)
        {
            SwarmProcess.log(NAME, String.format("%-9s did    %2d tasks: %s (pid %d, waited %d times)",
                record.name, record.tasksDone, record.taskIds, record.pid, record.waits));
            records++;
            finished += record.finished ? 1 : 0;
            pids.add(record.pid);
            ownTaskIds.put(record.name, record.taskIds);

            // Its process signed in and signed off under the board's monitor, and notified once when signing in.
            final long enters = SwarmAgent.monitorEnters(record.tasksDone) + 2;
            final long notifies = SwarmAgent.notifies(record.tasksDone) + 1;
            monitorsCounted &= record.fabricMonitorEnters == enters && record.fabricNotifies == notifies &&
                record.fabricWaits == record.waits;
            monitors.append(monitors.length() == 0 ? "" : "; ").append(record.name)
                .append(" enters ").append(record.fabricMonitorEnters).append(" (made ").append(enters)
                .append("), waits ").append(record.fabricWaits).append(" (").append(record.waits)
                .append("), notifies ").append(record.fabricNotifies).append(" (").append(notifies).append(')');
        }
        SwarmProcess.log(NAME, "plan: " + plan.describe());
        SwarmProcess.log(NAME, "      last note: " + plan.lastNote);

        new BoardAudit(fabric, board, plan).check(checklist, total, ownTaskIds);

        checklist.check(board.agentsJoined == agents && records == agents && finished == agents &&
            pids.size() == agents && !pids.contains(pid),
            board.agentsJoined + " agents signed in from " + pids.size() + " JVMs other than this one (" +
            board.crew() + "), " + finished + " signed off (expected " + agents + ")");

        checklist.check(records > 0 && monitorsCounted,
            "each agent JVM's fabric saw every monitor operation its agent made: " + monitors);
        return checklist.passed();
    }
}
