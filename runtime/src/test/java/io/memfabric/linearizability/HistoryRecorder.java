/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends the operations of one JVM to a history file in {@link HistoryFormat}, from any number of threads. A test
 * program calls {@code invoke...} just before an operation and {@code complete...} just after it returned:
 * <pre>{@code
 * final long op = recorder.invokeWrite("x", 42);
 * register.set(42);
 * recorder.completeWrite(op);
 * }</pre>
 * An operation that throws in a way that leaves its effect unknown (a timeout) is simply never completed, and is
 * read back as pending; one that certainly took no effect may be marked {@link #fail(long)}.
 * <p>
 * Every line goes to the file with its own {@code write(2)} before the call returns, so a process killed with
 * SIGKILL keeps every line it finished; nothing is forced to the disk ({@code fsync}), so a crash of the machine may
 * lose the tail. Threads share one lock around one small write: a few microseconds an event.
 */
public final class HistoryRecorder implements AutoCloseable
{
    private static final int BUFFER_SIZE = 64 + 3 * 21 + HistoryFormat.MAX_KEY_LENGTH;
    private static final byte[] INVOKE = (HistoryFormat.INVOKE + ' ').getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = (HistoryFormat.OK + ' ').getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = (HistoryFormat.FAIL + ' ').getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private final int process;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final byte[] digits = new byte[20];
    private final AtomicLong nextOp = new AtomicLong();
    private final Map<String, byte[]> keyBytes = new ConcurrentHashMap<>();
    private boolean closed;

    private HistoryRecorder(final int process, final FileChannel channel)
    {
        this.process = process;
        this.channel = channel;
    }

    /**
     * @param file    the history file, created if absent and appended to otherwise.
     * @param process the id of this JVM in the history, unique among the JVMs whose files are read together.
     * @return a recorder writing to the file, with the header written.
     */
    public static HistoryRecorder open(final Path file, final int process)
    {
        try
        {
            final FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            final HistoryRecorder recorder = new HistoryRecorder(process, channel);
            recorder.writeHeader();
            return recorder;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open history file " + file, ex);
        }
    }

    /**
     * @return the id of this JVM in the history.
     */
    public int process()
    {
        return process;
    }

    /**
     * @param key the register about to be read.
     * @return the id of the operation, for {@link #completeRead(long, long)}.
     */
    public long invokeRead(final String key)
    {
        return invoke(OpKind.READ, key, 0, 0);
    }

    /**
     * @param key   the register about to be written.
     * @param value the value about to be written.
     * @return the id of the operation, for {@link #completeWrite(long)}.
     */
    public long invokeWrite(final String key, final long value)
    {
        return invoke(OpKind.WRITE, key, value, 0);
    }

    /**
     * @param key      the register about to be compared and set.
     * @param expected the value it is compared with.
     * @param newValue the value set if the comparison holds.
     * @return the id of the operation, for {@link #completeCas(long, boolean)}.
     */
    public long invokeCas(final String key, final long expected, final long newValue)
    {
        return invoke(OpKind.CAS, key, expected, newValue);
    }

    /**
     * @param op   the id {@link #invokeRead(String)} returned.
     * @param seen the value the read returned.
     */
    public void completeRead(final long op, final long seen)
    {
        final long nanos = System.nanoTime();
        synchronized (this)
        {
            startLine(OK, op, nanos);
            buffer.put((byte)' ');
            putLong(seen);
            endLine();
        }
    }

    /**
     * @param op the id {@link #invokeWrite(String, long)} returned.
     */
    public void completeWrite(final long op)
    {
        final long nanos = System.nanoTime();
        synchronized (this)
        {
            startLine(OK, op, nanos);
            endLine();
        }
    }

    /**
     * @param op        the id {@link #invokeCas(String, long, long)} returned.
     * @param succeeded whether the compare-and-set set the value.
     */
    public void completeCas(final long op, final boolean succeeded)
    {
        final long nanos = System.nanoTime();
        synchronized (this)
        {
            startLine(OK, op, nanos);
            buffer.put((byte)' ');
            buffer.put(succeeded ? TRUE : FALSE);
            endLine();
        }
    }

    /**
     * Records that an operation certainly took no effect, so a checker ignores it. Do not call it when the effect is
     * unknown: leave the operation pending instead.
     *
     * @param op the id an {@code invoke...} method returned.
     */
    public void fail(final long op)
    {
        final long nanos = System.nanoTime();
        synchronized (this)
        {
            startLine(FAIL, op, nanos);
            endLine();
        }
    }

    /**
     * Closes the file; operations not completed by then stay pending.
     */
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private long invoke(final OpKind kind, final String key, final long first, final long second)
    {
        final byte[] keyText = keyBytes.computeIfAbsent(key, HistoryRecorder::encodeKey);
        final long thread = Thread.currentThread().getId();
        final long op = nextOp.getAndIncrement();
        final long nanos = System.nanoTime();
        synchronized (this)
        {
            checkOpen();
            buffer.clear();
            buffer.put(INVOKE);
            putLong(process);
            buffer.put((byte)' ');
            putLong(thread);
            buffer.put((byte)' ');
            putLong(op);
            buffer.put((byte)' ');
            putLong(nanos);
            buffer.put((byte)' ');
            putAscii(kind.token());
            buffer.put((byte)' ');
            buffer.put(keyText);
            if (kind != OpKind.READ)
            {
                buffer.put((byte)' ');
                putLong(first);
            }
            if (kind == OpKind.CAS)
            {
                buffer.put((byte)' ');
                putLong(second);
            }
            endLine();
        }
        return op;
    }

    private static byte[] encodeKey(final String key)
    {
        if (!HistoryFormat.isValidKey(key))
        {
            throw new IllegalArgumentException("a key must be short, non-empty text without whitespace: '" + key + "'");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private void writeHeader()
    {
        synchronized (this)
        {
            buffer.clear();
            putAscii(HistoryFormat.HEADER + " process=" + process + " clock=System.nanoTime");
            endLine();
        }
    }

    private void startLine(final byte[] word, final long op, final long nanos)
    {
        checkOpen();
        buffer.clear();
        buffer.put(word);
        putLong(process);
        buffer.put((byte)' ');
        putLong(op);
        buffer.put((byte)' ');
        putLong(nanos);
    }

    private void endLine()
    {
        buffer.put((byte)'\n');
        buffer.flip();
        try
        {
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot append to the history file", ex);
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("the history recorder of process " + process + " is closed");
        }
    }

    private void putAscii(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            buffer.put((byte)text.charAt(i));
        }
    }

    private void putLong(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            buffer.put(MIN_LONG);
            return;
        }
        long remaining = value;
        if (remaining < 0)
        {
            buffer.put((byte)'-');
            remaining = -remaining;
        }
        int length = 0;
        do
        {
            digits[length++] = (byte)('0' + remaining % 10);
            remaining /= 10;
        }
        while (remaining != 0);
        while (length > 0)
        {
            buffer.put(digits[--length]);
        }
    }
}
