/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package benchhello;

/**
 * The program of the {@code startup} suite that shares nothing: outside {@code io.memfabric}, as an application's
 * classes are.
 */
public final class Hello
{
    private Hello()
    {
    }

    /**
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        System.out.println("hello");
    }
}
