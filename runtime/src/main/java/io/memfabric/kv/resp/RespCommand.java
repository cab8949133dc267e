/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The arguments of one command as the parser received them, reused from command to command of a connection. Small
 * arguments are copied into one growing array (the arena); large ones ({@link RespParser#LARGE_ARG_BYTES} or more)
 * each have a {@link LargeArg} of their own: a value written straight into the store, an exact-size heap array, or
 * bytes being skipped because the command already failed.
 */
final class RespCommand
{
    /** An arena grown past this is replaced by a small one after the command, so one big command costs no heap. */
    private static final int ARENA_KEEP_BYTES = 1024 * 1024;
    private static final int ARENA_INITIAL_BYTES = 256;

    private byte[] arena = new byte[ARENA_INITIAL_BYTES];
    private int arenaUsed;
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private LargeArg[] large = new LargeArg[8];
    private int argc;
    private long heapBytes;
    private String failure;

    /**
     * @return arguments received, the command name first.
     */
    int argCount()
    {
        return argc;
    }

    /**
     * @param index of an argument.
     * @return its length in bytes.
     */
    int argLength(final int index)
    {
        return lengths[index];
    }

    /**
     * @return the error to answer instead of running the command (decided while receiving it, e.g. no room for a
     * value), or null.
     */
    String failure()
    {
        return failure;
    }

    /**
     * @param errorLine the error to answer instead of running the command; the first failure wins.
     */
    void fail(final String errorLine)
    {
        if (null == failure)
        {
            failure = errorLine;
        }
    }

    /**
     * @return heap bytes the command holds: its small arguments and its large ones that are not values.
     */
    long heapBytes()
    {
        return heapBytes;
    }

    /**
     * @param index of an argument.
     * @return the argument's bytes as a string of chars 0 to 255, one per byte (how keys are held).
     */
    String argString(final int index)
    {
        final LargeArg arg = large[index];
        if (null == arg)
        {
            return new String(arena, offsets[index], lengths[index], StandardCharsets.ISO_8859_1);
        }
        final ByteBuffer view = arg.view();
        final byte[] bytes = new byte[lengths[index]];
        view.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * @param index of an argument.
     * @return the argument's bytes, a fresh copy.
     */
    byte[] argBytes(final int index)
    {
        final byte[] bytes = new byte[lengths[index]];
        final LargeArg arg = large[index];
        if (null == arg)
        {
            System.arraycopy(arena, offsets[index], bytes, 0, bytes.length);
        }
        else
        {
            arg.view().get(bytes);
        }
        return bytes;
    }

    /**
     * @param index of an argument.
     * @return a view of its bytes, position 0, limit its length.
     */
    ByteBuffer argView(final int index)
    {
        final LargeArg arg = large[index];
        return null == arg ? ByteBuffer.wrap(arena, offsets[index], lengths[index]).slice() : arg.view();
    }

    /**
     * @param index of an argument.
     * @param upper an ASCII word in upper case.
     * @return whether the argument is that word, in any case.
     */
    boolean argIs(final int index, final String upper)
    {
        final int length = lengths[index];
        if (length != upper.length() || large[index] != null)
        {
            return false;
        }
        final int offset = offsets[index];
        for (int i = 0; i < length; i++)
        {
            int b = arena[offset + i] & 0xFF;
            if (b >= 'a' && b <= 'z')
            {
                b -= 'a' - 'A';
            }
            if (b != upper.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param index of an argument.
     * @return the argument as a lower-case command name.
     */
    String argLowerName(final int index)
    {
        if (large[index] != null)
        {
            return argString(index);
        }
        final int offset = offsets[index];
        final int length = lengths[index];
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            int b = arena[offset + i] & 0xFF;
            if (b >= 'A' && b <= 'Z')
            {
                b += 'a' - 'A';
            }
            chars[i] = (char)b;
        }
        return new String(chars);
    }

    /**
     * Reads an argument as Redis reads integers: an optional '-', then digits without a leading zero (or the single
     * digit 0), within 64 bits; no '+', spaces or other characters.
     *
     * @param index of an argument.
     * @return its value.
     * @throws RespError {@code ERR value is not an integer or out of range} otherwise.
     */
    long argLong(final int index)
    {
        final int length = lengths[index];
        if (large[index] != null || 0 == length || length > 20)
        {
            throw RespError.notAnInteger();
        }
        final int offset = offsets[index];
        int i = 0;
        final boolean negative = '-' == arena[offset];
        if (negative)
        {
            i = 1;
            if (1 == length)
            {
                throw RespError.notAnInteger();
            }
        }
        if ('0' == arena[offset + i])
        {
            if (length == i + 1 && !negative)
            {
                return 0;
            }
            throw RespError.notAnInteger();
        }
        // Accumulate negatively: the range of negative longs is one larger.
        long value = 0;
        for (; i < length; i++)
        {
            final int digit = arena[offset + i] - '0';
            if (digit < 0 || digit > 9)
            {
                throw RespError.notAnInteger();
            }
            if (value < (Long.MIN_VALUE + digit) / 10)
            {
                throw RespError.notAnInteger();
            }
            value = value * 10 - digit;
        }
        if (!negative)
        {
            if (Long.MIN_VALUE == value)
            {
                throw RespError.notAnInteger();
            }
            value = -value;
        }
        return value;
    }

    /**
     * Hands an argument over as a value for the store: the writer the parser received it into if it was large and a
     * value, else a new one from the store with the bytes copied in.
     *
     * @param index of the value argument.
     * @param store to reserve room in.
     * @param key   the key the value is for.
     * @return the written value; the caller stores or closes it.
     * @throws RespStoreException if the store has no room.
     */
    RespValueWriter takeValue(final int index, final RespStore store, final String key)
    {
        final LargeArg arg = large[index];
        if (arg instanceof ValueArg)
        {
            large[index] = null;
            return ((ValueArg)arg).writer;
        }
        final RespValueWriter writer = store.reserve(key, lengths[index]);
        try
        {
            final ByteBuffer target = writer.buffer();
            if (null == arg)
            {
                target.put(arena, offsets[index], lengths[index]);
            }
            else
            {
                target.put(arg.view());
            }
            return writer;
        }
        catch (final RuntimeException ex)
        {
            writer.close();
            throw ex;
        }
    }

    /**
     * @param index of an argument.
     * @return whether it was received straight into the store as a value.
     */
    boolean isStoreValue(final int index)
    {
        return large[index] instanceof ValueArg;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Filled by the parser.

    /**
     * Starts a small argument, whose bytes follow through {@link #append}.
     *
     * @param expectedLength its length if known, to size the arena once; 0 if not known (inline).
     */
    void startArg(final int expectedLength)
    {
        ensureArgs();
        ensureArena(expectedLength);
        offsets[argc] = arenaUsed;
        lengths[argc] = 0;
        large[argc] = null;
        heapBytes += expectedLength;
    }

    void append(final ByteBuffer src, final int length)
    {
        ensureArena(length);
        src.get(arena, arenaUsed, length);
        arenaUsed += length;
    }

    void append(final byte b)
    {
        ensureArena(1);
        arena[arenaUsed++] = b;
    }

    void endArg()
    {
        lengths[argc] = arenaUsed - offsets[argc];
        argc++;
    }

    /**
     * Adds a large argument, being received.
     */
    void addLarge(final LargeArg arg, final int length)
    {
        ensureArgs();
        offsets[argc] = 0;
        lengths[argc] = length;
        large[argc] = arg;
        if (!(arg instanceof ValueArg))
        {
            heapBytes += arg instanceof HeapArg ? length : 0;
        }
        argc++;
    }

    /**
     * @param index of a large argument.
     * @return it.
     */
    LargeArg large(final int index)
    {
        return large[index];
    }

    /**
     * Drops the arguments (values not handed over are dropped from the store) and readies for the next command.
     */
    void reset()
    {
        for (int i = 0; i < argc; i++)
        {
            final LargeArg arg = large[i];
            if (arg != null)
            {
                large[i] = null;
                arg.release();
            }
        }
        argc = 0;
        arenaUsed = 0;
        heapBytes = 0;
        failure = null;
        if (arena.length > ARENA_KEEP_BYTES)
        {
            arena = new byte[ARENA_INITIAL_BYTES];
        }
        if (offsets.length > 1024)
        {
            offsets = new int[8];
            lengths = new int[8];
            large = new LargeArg[8];
        }
    }

    private void ensureArgs()
    {
        if (argc == offsets.length)
        {
            final int grown = argc * 2;
            offsets = java.util.Arrays.copyOf(offsets, grown);
            lengths = java.util.Arrays.copyOf(lengths, grown);
            large = java.util.Arrays.copyOf(large, grown);
        }
    }

    private void ensureArena(final int more)
    {
        final long needed = (long)arenaUsed + more;
        if (needed > arena.length)
        {
            final long grown = Math.max(needed, Math.min(Integer.MAX_VALUE - 8, (long)arena.length * 2));
            arena = java.util.Arrays.copyOf(arena, (int)grown);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * An argument of {@link RespParser#LARGE_ARG_BYTES} or more, received into memory of its own.
     */
    abstract static class LargeArg
    {
        /**
         * @return where the next bytes go (its position is how many came), or null to skip them.
         */
        abstract ByteBuffer target();

        /**
         * @return a view of the whole argument, position 0.
         */
        abstract ByteBuffer view();

        /**
         * Drops what the argument holds, unless it was handed over.
         */
        void release()
        {
        }
    }

    /**
     * A value received straight into room the store reserved.
     */
    static final class ValueArg extends LargeArg
    {
        final RespValueWriter writer;

        ValueArg(final RespValueWriter writer)
        {
            this.writer = writer;
        }

        @Override
        ByteBuffer target()
        {
            return writer.buffer();
        }

        @Override
        ByteBuffer view()
        {
            return writer.buffer().duplicate().clear();
        }

        @Override
        void release()
        {
            writer.close();
        }
    }

    /**
     * A large argument that is not a value: a heap array of its exact length.
     */
    static final class HeapArg extends LargeArg
    {
        private final ByteBuffer bytes;

        HeapArg(final int length)
        {
            this.bytes = ByteBuffer.allocate(length);
        }

        @Override
        ByteBuffer target()
        {
            return bytes;
        }

        @Override
        ByteBuffer view()
        {
            return bytes.duplicate().clear();
        }
    }

    /**
     * A large argument of a command that already failed: its bytes are skipped.
     */
    static final class SkippedArg extends LargeArg
    {
        static final SkippedArg INSTANCE = new SkippedArg();

        @Override
        ByteBuffer target()
        {
            return null;
        }

        @Override
        ByteBuffer view()
        {
            throw new IllegalStateException("a skipped argument has no bytes: the command failed while receiving");
        }
    }
}
