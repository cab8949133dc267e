/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.Fabric;
import io.memfabric.annotations.Shared;

/**
 * The roots of the swarm's shared context, the two ways a program can name one:
 * <ul>
 *     <li>a static {@code @Shared} field: its initializer creates the board only if the root does not exist yet, so
 *     every JVM that runs this class sees the same board;</li>
 *     <li>{@link Fabric#root}: get-or-create by name from code, for the plan.</li>
 * </ul>
 */
public final class SwarmContext
{
    /**
     * The name of the task board's root.
     */
    public static final String BOARD_URI = "fabric://swarm/board";

    /**
     * The name of the plan's root.
     */
    public static final String PLAN_URI = "fabric://swarm/plan";

    /**
     * What the swarm is working towards.
     */
    public static final String GOAL = "Triage this week's incident reports";

    @Shared(BOARD_URI)
    static TaskBoard board = new TaskBoard();

    private SwarmContext()
    {
    }

    /**
     * @return the swarm's task board, from its static root.
     */
    static TaskBoard board()
    {
        return board;
    }

    /**
     * @param fabric the fabric holding the swarm.
     * @return the swarm's plan, created on first use.
     */
    static Plan plan(final Fabric fabric)
    {
        return fabric.root(PLAN_URI, Plan.class, () -> new Plan(GOAL));
    }
}
