/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.util.Locale;
import java.util.Objects;

/**
 * One operation on one named register (a key), as a client saw it: who invoked it, when it was invoked, when it
 * returned and what it returned. Registers hold {@code long} values.
 * <p>
 * Times are {@link System#nanoTime()} readings. The operations of several JVMs can only be compared if their clocks
 * agree: on Linux {@code nanoTime} reads {@code CLOCK_MONOTONIC}, one clock for every process of the machine, so the
 * JVMs of a history must run on one host. The invocation time is read before the operation starts and the response
 * time after it ended, so the real operation lies inside {@code [invokeNanos, responseNanos]}.
 * <p>
 * The meaning of {@link #value()} depends on the kind: the value seen by a {@link OpKind#READ}, the value written by a
 * {@link OpKind#WRITE}, the new value of a {@link OpKind#CAS}. A pending operation has no response: its
 * {@link #responseNanos()} is {@link Long#MAX_VALUE} and a pending read has no value.
 */
public final class Operation
{
    /**
     * The response time of an operation that never returned.
     */
    public static final long NO_RESPONSE = Long.MAX_VALUE;

    private final int process;
    private final long thread;
    private final long id;
    private final OpKind kind;
    private final String key;
    private final long value;
    private final long expected;
    private final boolean succeeded;
    private final OpStatus status;
    private final long invokeNanos;
    private final long responseNanos;

    Operation(
        final int process,
        final long thread,
        final long id,
        final OpKind kind,
        final String key,
        final long value,
        final long expected,
        final boolean succeeded,
        final OpStatus status,
        final long invokeNanos,
        final long responseNanos)
    {
        this.process = process;
        this.thread = thread;
        this.id = id;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
        this.expected = expected;
        this.succeeded = succeeded;
        this.status = Objects.requireNonNull(status, "status");
        this.invokeNanos = invokeNanos;
        this.responseNanos = status == OpStatus.OK ? responseNanos : NO_RESPONSE;
        if (status == OpStatus.OK && responseNanos < invokeNanos)
        {
            throw new IllegalArgumentException("response before invocation: " + this);
        }
    }

    /**
     * @param process       the JVM that invoked it.
     * @param thread        the thread that invoked it.
     * @param id            unique among the operations of the process.
     * @param key           the register.
     * @param invokeNanos   when it was invoked.
     * @param responseNanos when it returned.
     * @param seen          the value it returned.
     * @return a completed read.
     */
    public static Operation read(
        final int process,
        final long thread,
        final long id,
        final String key,
        final long invokeNanos,
        final long responseNanos,
        final long seen)
    {
        return new Operation(
            process, thread, id, OpKind.READ, key, seen, 0, false, OpStatus.OK, invokeNanos, responseNanos);
    }

    /**
     * @param process       the JVM that invoked it.
     * @param thread        the thread that invoked it.
     * @param id            unique among the operations of the process.
     * @param key           the register.
     * @param invokeNanos   when it was invoked.
     * @param responseNanos when it returned.
     * @param written       the value it wrote.
     * @return a completed write.
     */
    public static Operation write(
        final int process,
        final long thread,
        final long id,
        final String key,
        final long invokeNanos,
        final long responseNanos,
        final long written)
    {
        return new Operation(
            process, thread, id, OpKind.WRITE, key, written, 0, false, OpStatus.OK, invokeNanos, responseNanos);
    }

    /**
     * @param process       the JVM that invoked it.
     * @param thread        the thread that invoked it.
     * @param id            unique among the operations of the process.
     * @param key           the register.
     * @param invokeNanos   when it was invoked.
     * @param responseNanos when it returned.
     * @param expected      the value it compared with.
     * @param newValue      the value it set if the comparison held.
     * @param succeeded     whether it set the value.
     * @return a completed compare-and-set.
     */
    public static Operation cas(
        final int process,
        final long thread,
        final long id,
        final String key,
        final long invokeNanos,
        final long responseNanos,
        final long expected,
        final long newValue,
        final boolean succeeded)
    {
        return new Operation(
            process, thread, id, OpKind.CAS, key, newValue, expected, succeeded, OpStatus.OK, invokeNanos,
            responseNanos);
    }

    /**
     * @param status {@link OpStatus#PENDING} or {@link OpStatus#FAILED}.
     * @return a copy of this operation that never returned, or that is known to have taken no effect.
     */
    public Operation withoutResponse(final OpStatus status)
    {
        if (status == OpStatus.OK)
        {
            throw new IllegalArgumentException("an operation without a response cannot be OK");
        }
        return new Operation(
            process, thread, id, kind, key, kind == OpKind.READ ? 0 : value, expected, false, status, invokeNanos,
            NO_RESPONSE);
    }

    /**
     * @param seen the value the read returned instead.
     * @return a copy of this completed read that returned another value (to build corrupted histories).
     */
    public Operation withReadValue(final long seen)
    {
        if (kind != OpKind.READ || status != OpStatus.OK)
        {
            throw new IllegalStateException("not a completed read: " + this);
        }
        return read(process, thread, id, key, invokeNanos, responseNanos, seen);
    }

    /**
     * @return the JVM that invoked it.
     */
    public int process()
    {
        return process;
    }

    /**
     * @return the thread that invoked it.
     */
    public long thread()
    {
        return thread;
    }

    /**
     * @return its id, unique among the operations of its process.
     */
    public long id()
    {
        return id;
    }

    /**
     * @return what it did.
     */
    public OpKind kind()
    {
        return kind;
    }

    /**
     * @return the register it worked on.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return the value read (a completed read), written (a write) or set if successful (a compare-and-set).
     */
    public long value()
    {
        return value;
    }

    /**
     * @return the value a compare-and-set compared with.
     */
    public long expected()
    {
        return expected;
    }

    /**
     * @return whether a completed compare-and-set set the value.
     */
    public boolean succeeded()
    {
        return succeeded;
    }

    /**
     * @return how it ended.
     */
    public OpStatus status()
    {
        return status;
    }

    /**
     * @return whether it never returned.
     */
    public boolean isPending()
    {
        return status == OpStatus.PENDING;
    }

    /**
     * @return {@link System#nanoTime()} before it was invoked.
     */
    public long invokeNanos()
    {
        return invokeNanos;
    }

    /**
     * @return {@link System#nanoTime()} after it returned, or {@link #NO_RESPONSE}.
     */
    public long responseNanos()
    {
        return responseNanos;
    }

    /**
     * @param originNanos the time shown as zero.
     * @return who did what, with its interval relative to the origin.
     */
    public String describe(final long originNanos)
    {
        final StringBuilder builder = new StringBuilder(80);
        builder.append('p').append(process).append("/t").append(thread).append('#').append(id).append(' ');
        builder.append(kind.token()).append('(').append(key);
        switch (kind)
        {
            case READ:
                builder.append(')');
                if (status == OpStatus.OK)
                {
                    builder.append(" -> ").append(value);
                }
                break;

            case WRITE:
                builder.append(", ").append(value).append(')');
                break;

            default:
                builder.append(", ").append(expected).append(", ").append(value).append(')');
                if (status == OpStatus.OK)
                {
                    builder.append(" -> ").append(succeeded);
                }
                break;
        }
        builder.append(" [").append(relative(invokeNanos, originNanos)).append(" .. ");
        if (status == OpStatus.OK)
        {
            builder.append(relative(responseNanos, originNanos)).append(']');
        }
        else
        {
            builder.append(status == OpStatus.PENDING ? "pending]" : "failed]");
        }
        return builder.toString();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return describe(0);
    }

    private static String relative(final long nanos, final long originNanos)
    {
        return String.format(Locale.ROOT, "%,dns", nanos - originNanos).replace(',', '_');
    }
}
