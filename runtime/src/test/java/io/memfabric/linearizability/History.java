/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The operations several clients (threads of one or more JVMs) made on a set of registers, in no particular order.
 * Made by {@link HistoryReader} from the files of {@link HistoryRecorder}s, or by {@link HistoryBuilder} in tests, and
 * judged by {@link LinearizabilityChecker}.
 */
public final class History
{
    private final List<Operation> operations;

    /**
     * @param operations the operations; no two may share a process and an id.
     */
    public History(final List<Operation> operations)
    {
        final Set<String> ids = new HashSet<>();
        for (final Operation operation : operations)
        {
            if (!ids.add(operation.process() + "#" + operation.id()))
            {
                throw new IllegalArgumentException("two operations with id " + operation.id() + " in process " +
                    operation.process());
            }
        }
        this.operations = Collections.unmodifiableList(new ArrayList<>(operations));
    }

    /**
     * @return every operation.
     */
    public List<Operation> operations()
    {
        return operations;
    }

    /**
     * @return how many operations there are.
     */
    public int size()
    {
        return operations.size();
    }

    /**
     * @return how many operations never returned.
     */
    public int pendingCount()
    {
        int count = 0;
        for (final Operation operation : operations)
        {
            if (operation.isPending())
            {
                count++;
            }
        }
        return count;
    }

    /**
     * @return the operations of each register, by key in key order; each list in the order of this history.
     */
    public Map<String, List<Operation>> byKey()
    {
        final Map<String, List<Operation>> byKey = new TreeMap<>();
        for (final Operation operation : operations)
        {
            byKey.computeIfAbsent(operation.key(), (key) -> new ArrayList<>()).add(operation);
        }
        return byKey;
    }

    /**
     * @param original the operation to replace, which must be in this history.
     * @param replacement the operation to put in its place.
     * @return a copy of this history with one operation replaced.
     */
    public History replace(final Operation original, final Operation replacement)
    {
        final List<Operation> copy = new ArrayList<>(operations);
        final int index = copy.indexOf(original);
        if (index < 0)
        {
            throw new IllegalArgumentException("not in this history: " + original);
        }
        copy.set(index, replacement);
        return new History(copy);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "History{" + operations.size() + " operations, " + pendingCount() + " pending}";
    }
}
