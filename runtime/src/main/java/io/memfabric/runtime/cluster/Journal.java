/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.FabricConfigurationException;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * A JVM's journal of CAUSAL and EVENTUAL writes, a Chronicle Queue in a directory of its own: every batch of this
 * JVM's writes is appended before it is sent ({@link #OWN}), every batch of other JVMs' writes after it is applied
 * ({@link #APPLIED}), and the values a peer's state changed when it was installed ({@link #INSTALLED}). A JVM that restarts on the same directory replays its own batches (state it wrote that may
 * never have reached anyone) and sends them again; subscriptions read the applied batches. An excerpt is a kind byte,
 * the sending node and its sequence number, then the batch as it travels.
 * <p>
 * Chronicle writes to memory-mapped files: an appended batch survives the JVM's crash (the operating system holds
 * it), not the host's power loss unless the files reached the disk. One JVM at a time: the directory is locked.
 */
final class Journal implements AutoCloseable
{
    /**
     * A batch of this JVM's own writes, appended before it is sent.
     */
    static final byte OWN = 1;
    /**
     * A batch of another JVM's writes, appended after it was applied here.
     */
    static final byte APPLIED = 2;
    /**
     * The values a peer's state changed here when this JVM installed it (the writes before them are unknown).
     */
    static final byte INSTALLED = 3;

    private static final String JOURNAL_SETTING = "memfabric.journal.dir";

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final ChronicleQueue queue;
    private final ThreadLocal<ExcerptAppender> appenders;

    private Journal(final Path dir)
    {
        this.dir = dir;
        try
        {
            Files.createDirectories(dir);
            lockFile = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            lock = lockFile.tryLock();
        }
        catch (final IOException ex)
        {
            throw new FabricConfigurationException("cannot open the journal directory " + dir + ": " +
                ex.getMessage() + "; give " + JOURNAL_SETTING + " a directory this JVM may write", ex);
        }
        if (lock == null)
        {
            closeQuietly(lockFile);
            throw new FabricConfigurationException("the journal directory " + dir + " is in use by another JVM; give " +
                "each JVM a directory of its own (" + JOURNAL_SETTING + ")");
        }
        queue = SingleChronicleQueueBuilder.single(dir.resolve("queue").toFile())
            .rollCycle(RollCycles.FAST_DAILY)
            .build();
        appenders = ThreadLocal.withInitial(queue::createAppender);
    }

    /**
     * @param dir the journal's directory, made if missing.
     * @return the journal, locked for this JVM.
     * @throws FabricConfigurationException if the directory cannot be written or another JVM holds it.
     */
    static Journal open(final Path dir)
    {
        return new Journal(dir);
    }

    /**
     * Appends a batch.
     *
     * @param kind     {@link #OWN}, {@link #APPLIED} or {@link #INSTALLED}.
     * @param node     the node that sent it.
     * @param sequence its sequence number from that node (0 for this JVM's own, numbered when sent).
     * @param batch    the batch.
     * @param offset   where it starts.
     * @param length   its length.
     * @return the excerpt's index.
     */
    long append(final byte kind, final int node, final long sequence, final DirectBuffer batch, final int offset,
        final int length)
    {
        final ExcerptAppender appender = appenders.get();
        final byte[] copy = new byte[length];
        batch.getBytes(offset, copy);
        try (DocumentContext document = appender.writingDocument())
        {
            document.wire().bytes().writeByte(kind).writeInt(node).writeLong(sequence).writeInt(length).write(copy);
        }
        return appender.lastIndexAppended();
    }

    /**
     * Reads every excerpt from the start, or from an index on.
     *
     * @param from   the index to start at, or 0 for the start.
     * @param reader gets each excerpt.
     * @return the index after the last excerpt read.
     */
    long read(final long from, final Consumer<Excerpt> reader)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            if (from > 0 && !tailer.moveToIndex(from))
            {
                tailer.toStart();
            }
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        return tailer.index();
                    }
                    final net.openhft.chronicle.bytes.Bytes<?> bytes = document.wire().bytes();
                    final byte kind = bytes.readByte();
                    final int node = bytes.readInt();
                    final long sequence = bytes.readLong();
                    final byte[] batch = new byte[bytes.readInt()];
                    bytes.read(batch);
                    reader.accept(new Excerpt(document.index(), kind, node, sequence, batch));
                }
            }
        }
    }

    /**
     * @return the index of the last excerpt appended (0 if none).
     */
    long lastIndex()
    {
        try
        {
            return Math.max(0, queue.lastIndex());
        }
        catch (final RuntimeException ex)
        {
            // An empty queue has no cycle to ask.
            return 0;
        }
    }

    /**
     * @return its directory.
     */
    Path dir()
    {
        return dir;
    }

    public void close()
    {
        queue.close();
        try
        {
            lock.release();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            closeQuietly(lockFile);
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Closing a lock file that could not be locked: nothing to keep.
        }
    }

    /**
     * One excerpt.
     *
     * @param index    its index in the queue.
     * @param kind     {@link #OWN}, {@link #APPLIED} or {@link #INSTALLED}.
     * @param node     the node that sent the batch.
     * @param sequence its sequence number from that node.
     * @param batch    the batch.
     */
    record Excerpt(long index, byte kind, int node, long sequence, byte[] batch)
    {
    }
}
