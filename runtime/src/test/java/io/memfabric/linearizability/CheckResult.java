/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link LinearizabilityChecker} concluded about a whole history: one {@link KeyResult} per register. A history
 * is linearizable exactly when every register is (linearizability is compositional).
 */
public final class CheckResult
{
    private final List<KeyResult> keyResults;
    private final long elapsedNanos;

    CheckResult(final List<KeyResult> keyResults, final long elapsedNanos)
    {
        this.keyResults = Collections.unmodifiableList(new ArrayList<>(keyResults));
        this.elapsedNanos = elapsedNanos;
    }

    /**
     * @return {@link Verdict#NOT_LINEARIZABLE} if any register is not, else {@link Verdict#UNKNOWN} if the search
     * gave up on any, else {@link Verdict#LINEARIZABLE}.
     */
    public Verdict verdict()
    {
        Verdict verdict = Verdict.LINEARIZABLE;
        for (final KeyResult result : keyResults)
        {
            if (result.verdict() == Verdict.NOT_LINEARIZABLE)
            {
                return Verdict.NOT_LINEARIZABLE;
            }
            if (result.verdict() == Verdict.UNKNOWN)
            {
                verdict = Verdict.UNKNOWN;
            }
        }
        return verdict;
    }

    /**
     * @return whether the history was proved linearizable.
     */
    public boolean isLinearizable()
    {
        return verdict() == Verdict.LINEARIZABLE;
    }

    /**
     * @return the result of each register, in key order.
     */
    public List<KeyResult> keyResults()
    {
        return keyResults;
    }

    /**
     * @return the results of the registers proved not linearizable.
     */
    public List<KeyResult> violations()
    {
        return only(Verdict.NOT_LINEARIZABLE);
    }

    /**
     * @return the results of the registers the search gave up on.
     */
    public List<KeyResult> unknowns()
    {
        return only(Verdict.UNKNOWN);
    }

    /**
     * @return how many operations were checked, over all registers.
     */
    public long operationCount()
    {
        long count = 0;
        for (final KeyResult result : keyResults)
        {
            count += result.operationCount();
        }
        return count;
    }

    /**
     * @return how long the check took.
     */
    public long elapsedNanos()
    {
        return elapsedNanos;
    }

    /**
     * @return a summary line, followed by the explanation of every register not proved linearizable.
     */
    public String describe()
    {
        final StringBuilder builder = new StringBuilder();
        builder.append(verdict()).append(": ").append(keyResults.size()).append(" registers, ")
            .append(operationCount()).append(" operations checked in ").append(elapsedNanos / 1_000_000).append("ms");
        for (final KeyResult result : keyResults)
        {
            if (result.verdict() != Verdict.LINEARIZABLE)
            {
                builder.append(System.lineSeparator()).append(result.explanation());
            }
        }
        return builder.toString();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return describe();
    }

    private List<KeyResult> only(final Verdict verdict)
    {
        final List<KeyResult> results = new ArrayList<>();
        for (final KeyResult result : keyResults)
        {
            if (result.verdict() == verdict)
            {
                results.add(result);
            }
        }
        return results;
    }
}
