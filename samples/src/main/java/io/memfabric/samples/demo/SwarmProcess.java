/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.Fabric;
import io.memfabric.FabricStats;

import java.util.List;

/**
 * One process of the cluster demo: a JVM started by {@link ClusterDemo} with {@code -javaagent:fabric.jar} and
 * {@code -Dmemfabric.cluster=...}, so the roots it opens live in the cluster and every other JVM of the demo sees
 * the same objects. It plays one role:
 * <ul>
 *     <li>{@code planner <agents> <waves> <tasks per wave> <pause ms>}: waits until that many agents have signed in
 *     on the board, then runs the {@link Planner};</li>
 *     <li>{@code agent <name> <think scale>}: signs in on the board, runs a {@link SwarmAgent} until the board is
 *     closed and empty, then leaves its own account of what it did on its {@link AgentRecord};</li>
 *     <li>{@code check <agents> <tasks>}: started after the others have ended, checks what they left on the fabric
 *     (see {@link SwarmCheck}).</li>
 * </ul>
 * Everything it prints starts with {@code [its name]}; it says what it sees of the shared state, which the other
 * processes wrote. Exits 0 when its role is done (for {@code check}: when every check passed), 1 when it failed.
 */
public final class SwarmProcess
{
    /**
     * The name of the task board's root in the cluster demo.
     */
    static final String BOARD_URI = "fabric://demo/board";

    /**
     * The name of the plan's root in the cluster demo.
     */
    static final String PLAN_URI = "fabric://demo/plan";

    /**
     * The role of an agent process; the planner's and the checker's are their names.
     */
    static final String AGENT_ROLE = "agent";

    private static final List<String> ROLES = List.of(Planner.NAME, AGENT_ROLE, SwarmCheck.NAME);

    private SwarmProcess()
    {
    }

    /**
     * @param args the role and its arguments, as above.
     */
    public static void main(final String[] args)
    {
        final String role = args.length > 0 ? args[0] : "";
        if (!ROLES.contains(role) || args.length < 3)
        {
            System.err.println("usage: SwarmProcess planner <agents> <waves> <tasks per wave> <pause ms> | " +
                "agent <name> <think scale> | check <agents> <tasks>");
            System.exit(2);
        }
        final Fabric fabric = SwarmDemo.fabricOrExit("./fabric demo, which starts this process");
        exitWhenOrphaned();

        final String name = AGENT_ROLE.equals(role) ? args[1] : role;
        boolean passed = false;
        try
        {
            final TaskBoard board = fabric.root(BOARD_URI, TaskBoard.class, TaskBoard::new);
            final Plan plan = fabric.root(PLAN_URI, Plan.class, () -> new Plan(SwarmContext.GOAL));
            switch (role)
            {
                case Planner.NAME:
                    plan(fabric, board, plan, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]), Long.parseLong(args[4]));
                    passed = true;
                    break;

                case AGENT_ROLE:
                    work(fabric, name, Integer.parseInt(args[2]), board, plan);
                    passed = true;
                    break;

                case SwarmCheck.NAME:
                    passed = new SwarmCheck(fabric, board, plan).print(Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]));
                    break;

                default:
                    throw new IllegalStateException("no such role: " + role);
            }
        }
        catch (final RuntimeException ex)
        {
            System.out.println("[" + name + "] failed: " + ex);
            ex.printStackTrace(System.out);
        }
        // The agent closes the fabric at exit: this JVM leaves the cluster at once. Exit explicitly, and not only for
        // the status: with a cluster, returning from main does not end the JVM (the media driver's threads of its
        // cluster client are not daemons).
        System.exit(passed ? 0 : 1);
    }

    private static void plan(
        final Fabric fabric,
        final TaskBoard board,
        final Plan plan,
        final int agents,
        final int waves,
        final int tasksPerWave,
        final long pauseMillis)
    {
        final String name = Planner.NAME;
        log(name, "pid " + ProcessHandle.current().pid() + " on the " + fabric);
        synchronized (board)
        {
            log(name, "waiting for " + agents + " agents to sign in on " + BOARD_URI);
            while (board.agentsJoined < agents)
            {
                waitOn(board);
            }
            log(name, "the crew is here: " + board.crew());
        }

        new Planner(board, plan, waves, tasksPerWave, pauseMillis).run();

        log(name, "sees the plan: " + describe(plan));
        log(name, "fabric of this JVM: " + fabric.stats());
    }

    private static void work(
        final Fabric fabric, final String name, final int thinkScale, final TaskBoard board, final Plan plan)
    {
        final long pid = ProcessHandle.current().pid();
        log(name, "pid " + pid + " on the " + fabric);
        final AgentRecord record;
        synchronized (board)
        {
            record = board.enlist(name, pid);
            board.notifyAll();
            log(name, "signed in as agent " + board.agentsJoined + " on " + BOARD_URI + "; sees " + board.crew() +
                "; " + board.posted + " tasks posted");
        }

        final SwarmAgent agent = new SwarmAgent(name, board, plan, thinkScale);
        agent.run();

        synchronized (board)
        {
            final FabricStats stats = fabric.stats();
            record.finish(agent.tasksDone(), agent.taskIds(), agent.waits(), stats);
            log(name, "did " + agent.tasksDone() + " tasks: " + agent.taskIds() + "; sees the board: " +
                board.posted + " posted, " + board.done + " done" + (board.closed ? ", closed" : ""));
        }
        log(name, "sees the plan: " + describe(plan));
        log(name, "fabric of this JVM: " + fabric.stats());
    }

    private static String describe(final Plan plan)
    {
        synchronized (plan)
        {
            return plan.describe() + "; last note: " + plan.lastNote;
        }
    }

    private static void waitOn(final Object monitor)
    {
        try
        {
            monitor.wait();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", ex);
        }
    }

    // The launcher stops this process when it ends, even on failure; if the launcher is killed outright, end too.
    private static void exitWhenOrphaned()
    {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() ->
        {
            System.out.println("the demo's launcher (pid " + parent.pid() + ") is gone; stopping");
            System.exit(3);
        }));
    }

    static void log(final String name, final String message)
    {
        System.out.println("[" + name + "] " + message);
    }
}
