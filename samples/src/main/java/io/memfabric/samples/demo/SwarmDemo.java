/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import io.memfabric.Fabric;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The embedded demo: a swarm of agents over one shared context, as threads of one JVM. Run it with
 * {@code ./fabric demo --embedded}, which starts the JVM with {@code -javaagent:fabric.jar}; without a cluster
 * configured the fabric is embedded in this JVM. {@link ClusterDemo} runs the same swarm with every agent in a JVM of
 * its own.
 * <p>
 * A {@link Planner} posts tasks to the shared {@link TaskBoard}; {@value #AGENTS} {@link SwarmAgent}s take them,
 * work, and record the results on each {@link Task} and on the shared {@link Plan}. At the end {@link SwarmReport}
 * prints who did what and checks that the shared state adds up. Exits 0 when every check passes, 1 when one fails,
 * 2 when there is no fabric (no agent), 3 when the roots hold the state of an earlier run.
 */
public final class SwarmDemo
{
    static final int AGENTS = 4;
    static final int WAVES = 3;
    static final int TASKS_PER_WAVE = 6;
    static final long WAVE_PAUSE_MILLIS = 120;
    static final long DEADLINE_SECONDS = 60;

    private SwarmDemo()
    {
    }

    /**
     * @param args none.
     * @throws InterruptedException if interrupted while waiting for the swarm.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Fabric fabric = fabricOrExit("./fabric demo --embedded, or: " +
            "java -javaagent:javaagent/target/fabric.jar -cp samples/target/memfabric-samples.jar " +
            SwarmDemo.class.getName());

        System.out.println("MemFabric demo: a swarm of " + AGENTS + " agents over one shared context");
        System.out.println("fabric: " + fabric + (fabric.toString().startsWith("embedded") ?
            " (no cluster configured: the fabric lives in this JVM)" : ""));

        final TaskBoard board = SwarmContext.board();
        final Plan plan = SwarmContext.plan(fabric);
        System.out.println("roots:  " + SwarmContext.BOARD_URI + " (static @Shared field), " +
            SwarmContext.PLAN_URI + " (Fabric.root)");
        synchronized (board)
        {
            if (board.posted != 0)
            {
                System.out.println("The board at " + SwarmContext.BOARD_URI + " already holds " + board.posted +
                    " tasks from an earlier run; this demo starts from an empty fabric.");
                System.exit(3);
            }
        }
        System.out.println();

        final Planner planner = new Planner(board, plan, WAVES, TASKS_PER_WAVE, WAVE_PAUSE_MILLIS);
        final List<SwarmAgent> agents = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++)
        {
            agents.add(new SwarmAgent("agent-" + i, board, plan, 1));
        }

        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
        for (final SwarmAgent agent : agents)
        {
            threads.add(newThread(agent.name(), agent, failures));
        }
        threads.add(newThread(Planner.NAME, planner, failures));
        final long startNs = System.nanoTime();
        for (final Thread thread : threads)
        {
            thread.start();
        }

        final long deadlineNs = startNs + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        for (final Thread thread : threads)
        {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
            if (thread.isAlive())
            {
                failures.add(thread.getName() + " is still running after " + DEADLINE_SECONDS + " s (" +
                    thread.getState() + "): the swarm is stuck, a lost notifyAll() or a lock never released");
            }
        }
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

        final SwarmReport report = new SwarmReport(fabric, board, plan, planner, agents);
        final boolean passed = report.print(elapsedMs, List.copyOf(failures));
        System.exit(passed ? 0 : 1);
    }

    private static Thread newThread(
        final String name, final Runnable task, final ConcurrentLinkedQueue<String> failures)
    {
        final Thread thread = new Thread(task, name);
        // Daemon, so a stuck swarm cannot keep the JVM alive after the report says so.
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, ex) ->
        {
            failures.add(t.getName() + " failed: " + ex);
            ex.printStackTrace();
        });
        return thread;
    }

    /**
     * The fabric the agent bound this JVM to, or exit 2 saying how to run the program with the agent.
     *
     * @param howToRun the command that runs the program with the agent.
     * @return the fabric.
     */
    static Fabric fabricOrExit(final String howToRun)
    {
        try
        {
            return Fabric.current();
        }
        catch (final NoClassDefFoundError | RuntimeException ex)
        {
            // Without the agent the runtime is not even on the class path: it comes with fabric.jar.
            System.err.println("This demo runs on the fabric, which the MemFabric agent provides: " +
                (ex instanceof NoClassDefFoundError ? "the runtime is not on the class path." : ex.getMessage()));
            System.err.println("Run it with " + howToRun);
            System.exit(2);
            return null;
        }
    }
}
