/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.pool;

import io.memfabric.transport.PageKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The second tier: a directory with one file per evicted page, {@code <key hex>.page}. A file is a 64-byte header
 * (magic, version, length, CRC32C of the page, key; little-endian) followed by the page's bytes. It is written to a
 * temporary file of a name no other writer uses and renamed into place, so a reader sees a whole file or none; a
 * file torn anyway (power loss before the data reached the disk, a full disk, a hand edit) fails its length, key or
 * CRC32C check and is deleted, so it costs a miss and never wrong bytes. That check is also why no fsync is needed.
 * <p>
 * Pages are immutable, so two JVMs evicting the same page write the same bytes and the last rename wins harmlessly;
 * a page brought back into memory keeps its file, which makes evicting it again free.
 */
final class DiskTier
{
    static final String SUFFIX = ".page";
    static final int HEADER_BYTES = 64;
    /** "MFABPAGE" in the file's first eight bytes. */
    private static final long MAGIC = 0x454741504241464DL;
    private static final int VERSION = 1;
    private static final int MAGIC_AT = 0;
    private static final int VERSION_AT = 8;
    private static final int LENGTH_AT = 12;
    private static final int CHECKSUM_AT = 16;
    private static final int KEY_AT = 24;
    private static final String TEMP_SUFFIX = ".tmp";
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private final Path directory;
    private final long capacityBytes;
    private final Runnable onCorrupt;
    // What this JVM believes the files take: the directory's size when last listed plus what it wrote since. Other
    // JVMs write too, so a trim lists the directory again and goes by what is really there.
    private final AtomicLong approxBytes = new AtomicLong();
    private final AtomicLong trimmed = new AtomicLong();

    /**
     * @param directory     of the tier, created if missing; temporary files of dead writers in it are deleted.
     * @param capacityBytes the most bytes its page files may take; the least recently used go first past it.
     * @param onCorrupt     counts a file found torn or damaged.
     * @throws IOException if the directory cannot be created or listed.
     */
    DiskTier(final Path directory, final long capacityBytes, final Runnable onCorrupt) throws IOException
    {
        this.directory = Files.createDirectories(directory);
        this.capacityBytes = capacityBytes;
        this.onCorrupt = onCorrupt;
        deleteTempFilesOfDeadWriters();
        approxBytes.set(trim(Long.MAX_VALUE));
    }

    /**
     * @return page files this JVM deleted to keep the tier within its capacity.
     */
    long trimmed()
    {
        return trimmed.get();
    }

    /**
     * Marks a page file as just used, so the tier keeps it over files used longer ago.
     *
     * @param key the page.
     */
    void touch(final PageKey key)
    {
        try
        {
            Files.setLastModifiedTime(path(key), FileTime.fromMillis(System.currentTimeMillis()));
        }
        catch (final IOException ex)
        {
            // Gone meanwhile (another JVM trimmed it): nothing to keep.
        }
    }

    // Lists the page files and, while they take more than the bound, deletes the least recently used (oldest
    // modification time: written, or touched when read) down to 90% of the capacity. Returns the bytes left.
    private synchronized long trim(final long bound) throws IOException
    {
        final List<Object[]> files = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(directory, "*" + SUFFIX))
        {
            for (final Path page : pages)
            {
                try
                {
                    final BasicFileAttributes attributes = Files.readAttributes(page, BasicFileAttributes.class);
                    files.add(new Object[]{ page, attributes.size(), attributes.lastModifiedTime().toMillis() });
                    total += attributes.size();
                }
                catch (final NoSuchFileException ex)
                {
                    // Deleted meanwhile.
                }
            }
        }
        if (total <= bound)
        {
            return total;
        }
        files.sort(Comparator.comparingLong((file) -> (Long)file[2]));
        final long target = capacityBytes / 10 * 9;
        for (final Object[] file : files)
        {
            if (total <= target)
            {
                break;
            }
            if (Files.deleteIfExists((Path)file[0]))
            {
                trimmed.incrementAndGet();
            }
            total -= (Long)file[1];
        }
        return total;
    }

    Path directory()
    {
        return directory;
    }

    Path path(final PageKey key)
    {
        return directory.resolve(key + SUFFIX);
    }

    boolean exists(final PageKey key)
    {
        return Files.exists(path(key));
    }

    /**
     * Deletes a page's file, if there is one.
     *
     * @param key the page.
     * @return whether a file was deleted.
     * @throws IOException if it exists but cannot be deleted.
     */
    boolean delete(final PageKey key) throws IOException
    {
        return Files.deleteIfExists(path(key));
    }

    /**
     * Writes a page's file atomically.
     *
     * @param key      the page.
     * @param page     its bytes, from position to limit.
     * @param checksum their CRC32C.
     * @throws IOException if it cannot be written; nothing is left behind.
     */
    void write(final PageKey key, final ByteBuffer page, final int checksum) throws IOException
    {
        final long fileBytes = HEADER_BYTES + (long)page.remaining();
        final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(MAGIC_AT, MAGIC).putInt(VERSION_AT, VERSION).putInt(LENGTH_AT, page.remaining())
            .putInt(CHECKSUM_AT, checksum).put(KEY_AT, key.toBytes());
        final Path temp = directory.resolve(
            key + "." + ProcessHandle.current().pid() + "-" + TEMP_COUNTER.incrementAndGet() + TEMP_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
            {
                final ByteBuffer[] parts = {header, page};
                while (header.hasRemaining() || page.hasRemaining())
                {
                    channel.write(parts);
                }
            }
            Files.move(temp, path(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (approxBytes.addAndGet(fileBytes) > capacityBytes)
            {
                approxBytes.set(trim(capacityBytes));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
    }

    /**
     * Opens a page's file and checks its header against the key and the file's size.
     *
     * @param key the page.
     * @return the file, or null if there is none or it was torn (then it is deleted and counted).
     * @throws IOException if it exists but cannot be read.
     */
    Stored open(final PageKey key) throws IOException
    {
        final Path path = path(key);
        final FileChannel channel;
        final Object fileKey;
        try
        {
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        try
        {
            final long size = channel.size();
            final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int read = 0;
            while (header.hasRemaining() && read >= 0)
            {
                read = channel.read(header, header.position());
            }
            final byte[] keyBytes = new byte[PageKey.LENGTH];
            header.get(KEY_AT, keyBytes);
            final int length = header.getInt(LENGTH_AT);
            final boolean whole = !header.hasRemaining() && header.getLong(MAGIC_AT) == MAGIC &&
                header.getInt(VERSION_AT) == VERSION && key.equals(PageKey.of(keyBytes)) && length > 0 &&
                size == HEADER_BYTES + (long)length;
            final Stored stored = new Stored(path, fileKey, channel, length, header.getInt(CHECKSUM_AT));
            if (!whole)
            {
                discard(stored);
                return null;
            }
            return stored;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Deletes a file found torn or damaged, unless another writer has already replaced it with a new one.
     *
     * @param stored the file as it was opened.
     */
    void discard(final Stored stored)
    {
        onCorrupt.run();
        try
        {
            stored.close();
            final Object now = Files.readAttributes(stored.path, BasicFileAttributes.class).fileKey();
            if (Objects.equals(now, stored.fileKey))
            {
                Files.deleteIfExists(stored.path);
            }
        }
        catch (final IOException ignore)
        {
            // Gone already, or unreadable: either way the next reader checks it again.
        }
    }

    private void deleteTempFilesOfDeadWriters() throws IOException
    {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX))
        {
            for (final Path temp : temps)
            {
                final String name = temp.getFileName().toString();
                final int dot = name.indexOf('.');
                final int dash = name.indexOf('-', dot + 1);
                if (dot < 0 || dash < 0)
                {
                    continue;
                }
                try
                {
                    final long pid = Long.parseLong(name.substring(dot + 1, dash));
                    if (ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true))
                    {
                        Files.deleteIfExists(temp);
                    }
                }
                catch (final NumberFormatException ignore)
                {
                    // Not one of ours.
                }
            }
        }
    }

    /**
     * A page file whose header checked out, open for reading its bytes.
     */
    static final class Stored implements AutoCloseable
    {
        final Path path;
        final Object fileKey;
        final FileChannel channel;
        final int length;
        final int checksum;

        Stored(final Path path, final Object fileKey, final FileChannel channel, final int length, final int checksum)
        {
            this.path = path;
            this.fileKey = fileKey;
            this.channel = channel;
            this.length = length;
            this.checksum = checksum;
        }

        /**
         * @param destination exactly {@link #length} bytes of room.
         * @return whether the whole page was read; false if the file ended early.
         * @throws IOException if it cannot be read.
         */
        boolean readInto(final ByteBuffer destination) throws IOException
        {
            long position = HEADER_BYTES;
            while (destination.hasRemaining())
            {
                final int read = channel.read(destination, position);
                if (read < 0)
                {
                    return false;
                }
                position += read;
            }
            return true;
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
