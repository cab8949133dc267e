/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

/**
 * The agent's logger ({@code io.memfabric.agent}), found on first use: finding the logging backend takes several
 * milliseconds a JVM that never logs should not pay at start. A message logged while the backend is being found on
 * the same thread (an application's logging classes being rewritten as they load) goes to standard error instead.
 */
final class AgentLog
{
    private static final String NAME = "io.memfabric.agent";
    private static final ThreadLocal<Boolean> FINDING = new ThreadLocal<>();

    private volatile System.Logger logger;

    /**
     * @param now whether to find the backend now (when it will surely be used, e.g. verbose rewriting).
     */
    AgentLog(final boolean now)
    {
        if (now)
        {
            logger = System.getLogger(NAME);
        }
    }

    void log(final System.Logger.Level level, final String message)
    {
        log(level, message, null);
    }

    void log(final System.Logger.Level level, final String message, final Throwable thrown)
    {
        final System.Logger found = logger();
        if (found == null)
        {
            System.err.println("memfabric: " + level + " " + message);
            if (thrown != null)
            {
                thrown.printStackTrace();
            }
            return;
        }
        if (thrown == null)
        {
            found.log(level, message);
        }
        else
        {
            found.log(level, message, thrown);
        }
    }

    private System.Logger logger()
    {
        System.Logger found = logger;
        if (found != null || FINDING.get() != null)
        {
            return found;
        }
        FINDING.set(Boolean.TRUE);
        try
        {
            found = System.getLogger(NAME);
            logger = found;
            return found;
        }
        finally
        {
            FINDING.remove();
        }
    }
}
