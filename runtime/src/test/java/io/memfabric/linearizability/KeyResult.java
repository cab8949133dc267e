/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.Collections;
import java.util.List;

/**
 * What {@link LinearizabilityChecker} concluded about one register, and why.
 */
public final class KeyResult
{
    private final String key;
    private final Verdict verdict;
    private final int operationCount;
    private final int pendingCount;
    private final long statesExplored;
    private final String explanation;
    private final List<Operation> involved;
    private final List<Operation> linearization;

    KeyResult(
        final String key,
        final Verdict verdict,
        final int operationCount,
        final int pendingCount,
        final long statesExplored,
        final String explanation,
        final List<Operation> involved,
        final List<Operation> linearization)
    {
        this.key = key;
        this.verdict = verdict;
        this.operationCount = operationCount;
        this.pendingCount = pendingCount;
        this.statesExplored = statesExplored;
        this.explanation = explanation;
        this.involved = Collections.unmodifiableList(involved);
        this.linearization = Collections.unmodifiableList(linearization);
    }

    /**
     * @return the register.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return the conclusion.
     */
    public Verdict verdict()
    {
        return verdict;
    }

    /**
     * @return how many operations were checked: those that returned and pending writes and compare-and-sets (failed
     * operations and pending reads have no effect, so they are left out).
     */
    public int operationCount()
    {
        return operationCount;
    }

    /**
     * @return how many of the checked operations are pending.
     */
    public int pendingCount()
    {
        return pendingCount;
    }

    /**
     * @return how many search states were explored.
     */
    public long statesExplored()
    {
        return statesExplored;
    }

    /**
     * @return a readable account of the verdict: for a violation, the operation that no order could place, what
     * the register could hold just before it, and the operations around it.
     */
    public String explanation()
    {
        return explanation;
    }

    /**
     * @return for a violation or an unknown, the operations the explanation names; otherwise empty.
     */
    public List<Operation> involved()
    {
        return involved;
    }

    /**
     * @return for a linearizable register, a witness: the operations in an order that explains the history (pending
     * operations left out of it had no effect); otherwise empty.
     */
    public List<Operation> linearization()
    {
        return linearization;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return explanation;
    }
}
