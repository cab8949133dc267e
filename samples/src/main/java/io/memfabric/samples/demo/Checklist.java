/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import java.io.PrintStream;

/**
 * The checks a demo prints at its end, one line each, and the verdict. The line format is also how a checker JVM
 * hands its checks to the launcher of the cluster demo: {@link #relay} reads them back.
 */
final class Checklist
{
    private static final String PASSED = "  ok    ";
    private static final String FAILED = "  FAIL  ";

    private final PrintStream out;
    private int checks;
    private int failed;

    Checklist(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Records a check and prints its line.
     *
     * @param passed whether it passed.
     * @param what   what was checked, and what was found.
     * @return {@code passed}.
     */
    boolean check(final boolean passed, final String what)
    {
        checks++;
        failed += passed ? 0 : 1;
        out.println((passed ? PASSED : FAILED) + what);
        return passed;
    }

    /**
     * Records a check printed by another process, if the line is one.
     *
     * @param line a line of that process's output.
     * @return whether the line was a check.
     */
    boolean relay(final String line)
    {
        if (!isCheck(line))
        {
            return false;
        }
        check(line.startsWith(PASSED), line.substring(PASSED.length()));
        return true;
    }

    /**
     * @param line a line of another process's output.
     * @return whether it is a check line.
     */
    static boolean isCheck(final String line)
    {
        return line.startsWith(PASSED) || line.startsWith(FAILED);
    }

    /**
     * @return whether every check so far passed, and there was at least one.
     */
    boolean passed()
    {
        return checks > 0 && failed == 0;
    }

    /**
     * Prints the verdict line.
     *
     * @return {@link #passed()}.
     */
    boolean printVerdict()
    {
        out.println(passed() ?
            "OK: all " + checks + " checks passed." :
            "FAILED: " + failed + " of " + checks + " checks failed.");
        return passed();
    }
}
