/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

/**
 * Stops a member whose starter is gone. A process started by {@code cluster start} (or a test) must not outlive it,
 * even when the starter is killed with SIGKILL and runs no shutdown hook: such a member would hold its ports and keep
 * answering as part of a cluster nobody can stop any more. A dead process's children are handed to another parent at
 * once, so asking for our parent's pid is a check that a reused pid cannot fool.
 */
final class ParentWatch implements Runnable
{
    /**
     * How often the parent is checked: the member notices a dead starter within this.
     */
    static final long CHECK_INTERVAL_MS = 100;
    /**
     * How long an orderly stop may take before the process halts regardless: the member must be gone within about a
     * second of its starter, and its log and archive survive a halt as they survive SIGKILL.
     */
    static final long HALT_AFTER_MS = 1_000;

    private final long parentPid;
    private final String name;
    private final Runnable stop;

    private ParentWatch(final long parentPid, final String name, final Runnable stop)
    {
        this.parentPid = parentPid;
        this.name = name;
        this.stop = stop;
    }

    /**
     * Watches the parent in a daemon thread.
     *
     * @param parentPid the pid this process's parent must have.
     * @param name      what to call this process in the message it prints on stopping.
     * @param stop      starts an orderly stop; if the process is still alive {@link #HALT_AFTER_MS} later, it halts.
     */
    static void start(final long parentPid, final String name, final Runnable stop)
    {
        final Thread thread = new Thread(new ParentWatch(parentPid, name, stop), "memfabric-parent-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param parentPid a pid.
     * @return whether it is this process's parent now.
     */
    static boolean isParent(final long parentPid)
    {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parentPid;
    }

    public void run()
    {
        try
        {
            while (isParent(parentPid))
            {
                Thread.sleep(CHECK_INTERVAL_MS);
            }
            System.out.println(name + ": the process that started it (pid " + parentPid + ") is gone; stopping");
            System.out.flush();
            stop.run();
            Thread.sleep(HALT_AFTER_MS);
            System.out.println(name + ": did not stop within " + HALT_AFTER_MS + " ms; halting");
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
