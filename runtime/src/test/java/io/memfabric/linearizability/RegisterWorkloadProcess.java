/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of a multi-process history: runs a {@link RegisterWorkload} on registers in a memory-mapped file shared by
 * every process (so the registers are linearizable across JVMs) and records to its own history file. Word 0 of the
 * file counts the processes that are ready; they start together once all are.
 * <p>
 * Arguments: {@code registerFile historyFile process processes registers threads operationsPerThread seed}.
 */
public final class RegisterWorkloadProcess
{
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private RegisterWorkloadProcess()
    {
    }

    /**
     * @param args see the class comment.
     * @throws IOException if a file cannot be opened.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path registerFile = Path.of(args[0]);
        final Path historyFile = Path.of(args[1]);
        final int process = Integer.parseInt(args[2]);
        final int processes = Integer.parseInt(args[3]);
        final int registerCount = Integer.parseInt(args[4]);
        final RegisterWorkload workload = new RegisterWorkload()
            .registerCount(registerCount)
            .threads(Integer.parseInt(args[5]))
            .operationsPerThread(Integer.parseInt(args[6]))
            .seed(Long.parseLong(args[7]));

        final MappedByteBuffer memory = map(registerFile, registerCount);
        LONGS.getAndAdd(memory, 0, 1L);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((long)LONGS.getVolatile(memory, 0) < processes)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the other processes did not start");
            }
            Thread.onSpinWait();
        }

        try (HistoryRecorder recorder = HistoryRecorder.open(historyFile, process))
        {
            workload.run(new MappedRegisters(memory), recorder);
        }
    }

    /**
     * @param registerFile  the shared file, created if absent.
     * @param registerCount how many registers.
     * @return the file mapped, with the ready counter in word 0 and the registers after it.
     * @throws IOException if the file cannot be mapped.
     */
    public static MappedByteBuffer map(final Path registerFile, final int registerCount) throws IOException
    {
        try (FileChannel channel = FileChannel.open(
            registerFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, (long)Long.BYTES * (registerCount + 1));
        }
    }

    private static final class MappedRegisters implements RegisterWorkload.Registers
    {
        private final MappedByteBuffer memory;

        MappedRegisters(final MappedByteBuffer memory)
        {
            this.memory = memory;
        }

        public long get(final int register)
        {
            return (long)LONGS.getVolatile(memory, offset(register));
        }

        public void set(final int register, final long value)
        {
            LONGS.setVolatile(memory, offset(register), value);
        }

        public boolean compareAndSet(final int register, final long expected, final long newValue)
        {
            return LONGS.compareAndSet(memory, offset(register), expected, newValue);
        }

        private static int offset(final int register)
        {
            return (register + 1) * Long.BYTES;
        }
    }
}
