/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link History} by hand, for tests: each call adds one operation of the current client, with explicit
 * invocation and response times.
 * <pre>{@code
 * History history = new HistoryBuilder()
 *     .client(1, 1).write("x", 1, 0, 10)
 *     .client(2, 1).read("x", 0, 20, 30)
 *     .build();
 * }</pre>
 */
public final class HistoryBuilder
{
    private final List<Operation> operations = new ArrayList<>();
    private final Map<Integer, Long> nextIds = new HashMap<>();
    private int process = 0;
    private long thread = 0;

    /**
     * @param process the JVM of the operations that follow.
     * @param thread  the thread of the operations that follow.
     * @return this builder.
     */
    public HistoryBuilder client(final int process, final long thread)
    {
        this.process = process;
        this.thread = thread;
        return this;
    }

    /**
     * @param key    the register.
     * @param seen   the value it returned.
     * @param invoke when it was invoked.
     * @param end    when it returned.
     * @return this builder.
     */
    public HistoryBuilder read(final String key, final long seen, final long invoke, final long end)
    {
        return add(Operation.read(process, thread, nextId(), key, invoke, end, seen));
    }

    /**
     * @param key    the register.
     * @param value  the value written.
     * @param invoke when it was invoked.
     * @param end    when it returned.
     * @return this builder.
     */
    public HistoryBuilder write(final String key, final long value, final long invoke, final long end)
    {
        return add(Operation.write(process, thread, nextId(), key, invoke, end, value));
    }

    /**
     * @param key       the register.
     * @param expected  the value compared with.
     * @param newValue  the value set if the comparison held.
     * @param succeeded whether it set the value.
     * @param invoke    when it was invoked.
     * @param end       when it returned.
     * @return this builder.
     */
    public HistoryBuilder cas(
        final String key,
        final long expected,
        final long newValue,
        final boolean succeeded,
        final long invoke,
        final long end)
    {
        return add(Operation.cas(process, thread, nextId(), key, invoke, end, expected, newValue, succeeded));
    }

    /**
     * @param key    the register.
     * @param invoke when it was invoked.
     * @return this builder, with a read that never returned.
     */
    public HistoryBuilder pendingRead(final String key, final long invoke)
    {
        return add(Operation.read(process, thread, nextId(), key, invoke, invoke, 0).withoutResponse(OpStatus.PENDING));
    }

    /**
     * @param key    the register.
     * @param value  the value it tried to write.
     * @param invoke when it was invoked.
     * @return this builder, with a write that never returned.
     */
    public HistoryBuilder pendingWrite(final String key, final long value, final long invoke)
    {
        return add(
            Operation.write(process, thread, nextId(), key, invoke, invoke, value).withoutResponse(OpStatus.PENDING));
    }

    /**
     * @param key      the register.
     * @param expected the value compared with.
     * @param newValue the value set if the comparison held.
     * @param invoke   when it was invoked.
     * @return this builder, with a compare-and-set that never returned.
     */
    public HistoryBuilder pendingCas(final String key, final long expected, final long newValue, final long invoke)
    {
        return add(Operation.cas(process, thread, nextId(), key, invoke, invoke, expected, newValue, false)
            .withoutResponse(OpStatus.PENDING));
    }

    /**
     * @param key    the register.
     * @param value  the value it tried to write.
     * @param invoke when it was invoked.
     * @return this builder, with a write known to have taken no effect.
     */
    public HistoryBuilder failedWrite(final String key, final long value, final long invoke)
    {
        return add(
            Operation.write(process, thread, nextId(), key, invoke, invoke, value).withoutResponse(OpStatus.FAILED));
    }

    /**
     * @param operation any operation; its id must be unique within its process.
     * @return this builder.
     */
    public HistoryBuilder add(final Operation operation)
    {
        operations.add(operation);
        nextIds.merge(operation.process(), operation.id() + 1, Math::max);
        return this;
    }

    /**
     * @return the history of every operation added.
     */
    public History build()
    {
        return new History(operations);
    }

    private long nextId()
    {
        return nextIds.getOrDefault(process, 0L);
    }
}
