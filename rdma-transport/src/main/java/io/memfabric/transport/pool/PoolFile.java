/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import static io.memfabric.transport.pool.PoolConfig.Configuration.CAPACITY_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.DIR_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.NAME_PROP_NAME;
import static io.memfabric.transport.pool.PoolConfig.Configuration.SLOT_PROP_NAME;

import io.memfabric.FabricException;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * The pool file and its mappings: creates and initialises it, or checks an existing one against the geometry this JVM
 * asks for, then maps the metadata as one buffer and the data area as regions of at most
 * {@link PoolLayout#MAX_REGION_BYTES}.
 * <p>
 * An OS file lock (released by the kernel when a process dies, however it dies) serialises the rare steps that must
 * not interleave across JVMs and cannot be allowed to block anyone forever: initialising the file and claiming a
 * holder slot. The hot paths never take it.
 */
final class PoolFile implements AutoCloseable
{
    /**
     * fcntl locks belong to the process, the JVM refuses overlapping ones, and closing any channel of the file drops
     * them all: every lock and every close of a pool file in this JVM goes through this one monitor.
     */
    private static final Object FILE_LOCK_MONITOR = new Object();

    private final Path path;
    private final PoolLayout layout;
    private final FileChannel channel;
    private final UnsafeBuffer meta;
    private final MappedByteBuffer[] regions;
    private final long[] regionAddresses;

    private PoolFile(
        final Path path,
        final PoolLayout layout,
        final FileChannel channel,
        final UnsafeBuffer meta,
        final MappedByteBuffer[] regions)
    {
        this.path = path;
        this.layout = layout;
        this.channel = channel;
        this.meta = meta;
        this.regions = regions;
        this.regionAddresses = new long[regions.length];
        for (int i = 0; i < regions.length; i++)
        {
            regionAddresses[i] = BufferUtil.address(regions[i]);
        }
    }

    /**
     * Creates the file with the given layout, or maps the existing one after checking it has that layout.
     *
     * @param config concluded settings.
     * @param layout the geometry they give.
     * @return the mapped file.
     * @throws PoolFileException naming the file, what is wrong and what to do.
     */
    static PoolFile open(final PoolConfig config, final PoolLayout layout)
    {
        final Path path = config.file();
        try
        {
            Files.createDirectories(config.directory());
        }
        catch (final IOException ex)
        {
            throw new PoolFileException(path, FabricException.Category.CONFIGURATION, "cannot create the pool " +
                "directory " + config.directory() + ": " + ex + "; create it, or set " + DIR_PROP_NAME +
                " to a writable directory", ex);
        }

        synchronized (FILE_LOCK_MONITOR)
        {
            FileChannel channel = null;
            try
            {
                channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                final boolean created;
                final UnsafeBuffer meta;
                final FileLock fileLock = channel.lock(0, 1, false);
                try
                {
                    final long size = channel.size();
                    final ByteBuffer identity = readIdentity(channel, size);
                    // The creator writes the magic last, under this lock: a zero magic means nobody finished
                    // creating the file (its creator died, and the kernel dropped its lock), so nobody maps it.
                    created = 0 == size || 0 == identity.getLong(PoolLayout.MAGIC_OFFSET);
                    if (created)
                    {
                        reserve(path, channel, layout, size);
                    }
                    else
                    {
                        check(path, layout, identity, size);
                    }
                    meta = new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0, layout.metaBytes()));
                    if (created)
                    {
                        layout.writeHeader(meta);
                        meta.putLongVolatile(PoolLayout.MAGIC_OFFSET, PoolLayout.MAGIC);
                    }
                }
                finally
                {
                    fileLock.release();
                }
                final MappedByteBuffer[] regions = new MappedByteBuffer[layout.regionCount];
                for (int r = 0; r < regions.length; r++)
                {
                    regions[r] = channel.map(FileChannel.MapMode.READ_WRITE,
                        layout.dataAt + (long)r * layout.slotsPerRegion * layout.slotBytes, layout.regionBytes(r));
                }
                return new PoolFile(path, layout, channel, meta, regions);
            }
            catch (final IOException ex)
            {
                closeQuietly(channel);
                throw new PoolFileException(path, FabricException.Category.CONFIGURATION,
                    "cannot open pool file " + path + ": " + ex, ex);
            }
            catch (final RuntimeException ex)
            {
                closeQuietly(channel);
                throw ex;
            }
        }
    }

    /**
     * Runs an action under the OS lock of the file, excluding every other JVM doing the same.
     *
     * @param action to run.
     * @param <T>    its result.
     * @return its result.
     */
    <T> T withFileLock(final Supplier<T> action)
    {
        synchronized (FILE_LOCK_MONITOR)
        {
            final FileLock fileLock;
            try
            {
                fileLock = channel.lock(0, 1, false);
            }
            catch (final IOException ex)
            {
                throw new PoolFileException(path, FabricException.Category.CONFIGURATION,
                    "cannot lock pool file " + path + ": " + ex, ex);
            }
            try
            {
                return action.get();
            }
            finally
            {
                releaseQuietly(fileLock);
            }
        }
    }

    Path path()
    {
        return path;
    }

    UnsafeBuffer meta()
    {
        return meta;
    }

    /**
     * @param slot   first slot of a page.
     * @param length of the page.
     * @return a view of the page's bytes in the mapping; it keeps the mapping reachable while it is.
     */
    UnsafeBuffer view(final int slot, final int length)
    {
        return new UnsafeBuffer(regions[layout.region(slot)], layout.offsetInRegion(slot), length);
    }

    /**
     * @param slot   first slot of a page.
     * @param length of the page.
     * @return a ByteBuffer over the page's bytes in the mapping, for CRC32C and file channels.
     */
    ByteBuffer slice(final int slot, final int length)
    {
        final int offset = layout.offsetInRegion(slot);
        return regions[layout.region(slot)].duplicate().limit(offset + length).position(offset);
    }

    /**
     * @param address of a byte range.
     * @param length  of the range.
     * @return whether the range lies inside one of this file's data mappings.
     */
    boolean mapsRange(final long address, final int length)
    {
        for (int r = 0; r < regionAddresses.length; r++)
        {
            final long start = regionAddresses[r];
            if (address >= start && address + length <= start + layout.regionBytes(r))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes the file; the mappings stay valid until they, and every view over them, are unreachable, so a page
     * still referenced after close never faults.
     */
    @Override
    public void close()
    {
        synchronized (FILE_LOCK_MONITOR)
        {
            closeQuietly(channel);
        }
    }

    private static ByteBuffer readIdentity(final FileChannel channel, final long size) throws IOException
    {
        final ByteBuffer identity = ByteBuffer.allocate(PoolLayout.IDENTITY_BYTES).order(ByteOrder.nativeOrder());
        long position = 0;
        while (identity.hasRemaining() && position < size)
        {
            final int read = channel.read(identity, position);
            if (read < 0)
            {
                break;
            }
            position += read;
        }
        identity.clear();
        return identity;
    }

    private static void reserve(final Path path, final FileChannel channel, final PoolLayout layout, final long size)
        throws IOException
    {
        final long usable = Files.getFileStore(path).getUsableSpace();
        if (usable + size < layout.fileLength)
        {
            // A mapped file that outgrows its file system faults (SIGBUS) on first touch: refuse up front instead.
            throw new PoolFileException(path, FabricException.Category.CONFIGURATION, "pool file " + path +
                " needs " + layout.fileLength + " bytes but its file system has " + (usable + size) + " usable: " +
                "lower " + CAPACITY_PROP_NAME + ", free space there, or set " + DIR_PROP_NAME +
                " to a bigger tmpfs");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(new byte[1]), layout.fileLength - 1);
    }

    private static void check(final Path path, final PoolLayout layout, final ByteBuffer identity, final long size)
    {
        final String mismatch = layout.mismatch(identity);
        if (mismatch != null)
        {
            throw new PoolFileException(path, FabricException.Category.CONFIGURATION, "pool file " + path +
                " cannot be used: " + mismatch + ". Give this JVM the same " + CAPACITY_PROP_NAME +
                " and " + SLOT_PROP_NAME + " as the JVMs already using it, or another " +
                NAME_PROP_NAME + ", or delete the file once no JVM has it open");
        }
        if (size != layout.fileLength)
        {
            // Not a setting to fix: something outside the pool changed the file under it.
            throw new PoolFileException(path, FabricException.Category.CORRUPT, "pool file " + path + " is " + size +
                " bytes but its header says " + layout.fileLength + ": it was truncated or extended by something " +
                "else; delete it once no JVM has it open");
        }
    }

    private static void releaseQuietly(final FileLock fileLock)
    {
        try
        {
            fileLock.release();
        }
        catch (final IOException ignore)
        {
            // Only fails if the channel is closed, which releases the lock anyway.
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // Closing a channel we only read and mapped: nothing to lose, and the mappings outlive it.
            }
        }
    }
}
