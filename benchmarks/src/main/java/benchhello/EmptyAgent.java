/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package benchhello;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: what any {@code -javaagent} costs a JVM's start on this machine, the floor under
 * MemFabric's.
 */
public final class EmptyAgent
{
    private EmptyAgent()
    {
    }

    /**
     * @param arguments       ignored.
     * @param instrumentation ignored.
     */
    public static void premain(final String arguments, final Instrumentation instrumentation)
    {
    }
}
