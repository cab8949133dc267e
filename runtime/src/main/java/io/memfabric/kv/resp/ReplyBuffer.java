/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The replies of one connection waiting to be written, in order: RESP2 encoded into pooled direct chunks, and large
 * values as views of the store's memory (the page pool's shared mapping), so a GET of a large value is written to the
 * socket from where it lies, by one gathering write with the reply's header and trailer. Each value stays held
 * (pinned) until its last byte is written.
 * <p>
 * Replies accumulate while a connection's pipelined commands run and are written together by {@link #writeTo}.
 * Used by one thread.
 */
final class ReplyBuffer
{
    /** Values up to this length are copied into the chunk (cheaper than a separate segment and a held pin). */
    static final int COPY_MAX_BYTES = 16 * 1024;
    /** Most buffers in one gathering write. */
    private static final int GATHER_MAX = 64;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTEGERS = new byte[256][];

    static
    {
        for (int i = 0; i < SMALL_INTEGERS.length; i++)
        {
            SMALL_INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final ChunkPool chunks;
    private final byte[] digits = new byte[20];

    /** Segments ready to write, a ring: the buffer (position to limit) and what to release once it is written. */
    private ByteBuffer[] segments = new ByteBuffer[16];
    private Object[] owners = new Object[16];
    private int head;
    private int count;
    private long queuedBytes;

    /** The chunk being filled; bytes from {@link #regionStart} to its position are not yet a segment. */
    private Chunk current;
    private int regionStart;
    private final ByteBuffer[] gather = new ByteBuffer[GATHER_MAX];

    ReplyBuffer(final ChunkPool chunks)
    {
        this.chunks = chunks;
    }

    /**
     * @return bytes waiting to be written.
     */
    long pendingBytes()
    {
        return queuedBytes + (null == current ? 0 : current.buffer.position() - regionStart);
    }

    void ok()
    {
        put(OK, 0, OK.length);
    }

    /**
     * @param text a status without CR or LF, e.g. "PONG".
     */
    void simple(final String text)
    {
        ensure(1);
        current.buffer.put((byte)'+');
        putAscii(text);
        put(CRLF, 0, 2);
    }

    /**
     * @param errorLine the error without the leading '-'; CR and LF in it (from a client's input) become spaces,
     *                  as Redis does, so it cannot break the framing.
     */
    void error(final String errorLine)
    {
        ensure(1);
        current.buffer.put((byte)'-');
        final int length = errorLine.length();
        for (int i = 0; i < length; i++)
        {
            final char c = errorLine.charAt(i);
            ensure(1);
            current.buffer.put('\r' == c || '\n' == c ? (byte)' ' : (byte)c);
        }
        put(CRLF, 0, 2);
    }

    void integer(final long value)
    {
        if (value >= 0 && value < SMALL_INTEGERS.length)
        {
            final byte[] encoded = SMALL_INTEGERS[(int)value];
            put(encoded, 0, encoded.length);
            return;
        }
        header((byte)':', value);
    }

    void nil()
    {
        put(NIL, 0, NIL.length);
    }

    void arrayHeader(final int count)
    {
        header((byte)'*', count);
    }

    void bulk(final byte[] bytes)
    {
        header((byte)'$', bytes.length);
        put(bytes, 0, bytes.length);
        put(CRLF, 0, 2);
    }

    /**
     * @param text a bulk string of chars 0 to 255, one byte each.
     */
    void bulk(final String text)
    {
        header((byte)'$', text.length());
        putAscii(text);
        put(CRLF, 0, 2);
    }

    /**
     * @param bytes from position to limit, copied.
     */
    void bulk(final ByteBuffer bytes)
    {
        header((byte)'$', bytes.remaining());
        put(bytes);
        put(CRLF, 0, 2);
    }

    /**
     * Answers a stored value and takes it over: a small one is copied and released at once, a large one is written
     * from its own memory and released once written.
     *
     * @param value held until released here.
     */
    void value(final RespValue value)
    {
        final int length = value.length();
        if (length <= COPY_MAX_BYTES)
        {
            try
            {
                header((byte)'$', length);
                put(value.buffer());
                put(CRLF, 0, 2);
            }
            finally
            {
                value.close();
            }
            return;
        }
        try
        {
            header((byte)'$', length);
            seal();
        }
        catch (final RuntimeException | Error ex)
        {
            value.close();
            throw ex;
        }
        enqueue(value.buffer(), value);
        put(CRLF, 0, 2);
    }

    /**
     * Writes as much as the channel takes now.
     *
     * @param channel to write to.
     * @return bytes written.
     * @throws IOException if the channel fails.
     */
    long writeTo(final GatheringByteChannel channel) throws IOException
    {
        seal();
        long total = 0;
        try
        {
            while (count > 0)
            {
                final int n = Math.min(count, GATHER_MAX);
                long offered = 0;
                for (int i = 0; i < n; i++)
                {
                    final ByteBuffer segment = segments[(head + i) & (segments.length - 1)];
                    gather[i] = segment;
                    offered += segment.remaining();
                }
                final long written = channel.write(gather, 0, n);
                total += written;
                queuedBytes -= written;
                while (count > 0 && !segments[head].hasRemaining())
                {
                    releaseHead();
                }
                if (written < offered)
                {
                    // The socket took less than offered: it is full for now.
                    break;
                }
            }
        }
        finally
        {
            java.util.Arrays.fill(gather, null);
        }
        if (0 == count && current != null && current.buffer.position() == regionStart && 0 == current.segments)
        {
            // Everything went: an idle connection holds no chunk.
            chunks.release(current);
            current = null;
            regionStart = 0;
        }
        return total;
    }

    /**
     * Releases everything held (values unpinned, chunks returned), as when the connection closes.
     */
    void release()
    {
        seal();
        while (count > 0)
        {
            releaseHead();
        }
        if (current != null)
        {
            final Chunk chunk = current;
            current = null;
            if (0 == chunk.segments)
            {
                chunks.release(chunk);
            }
        }
        queuedBytes = 0;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void header(final byte type, final long value)
    {
        ensure(1 + 20 + 2);
        final ByteBuffer buffer = current.buffer;
        buffer.put(type);
        long v = value;
        if (v < 0)
        {
            buffer.put((byte)'-');
            if (Long.MIN_VALUE == v)
            {
                putAscii("9223372036854775808");
                put(CRLF, 0, 2);
                return;
            }
            v = -v;
        }
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + v % 10);
            v /= 10;
        }
        while (v != 0);
        while (n > 0)
        {
            buffer.put(digits[--n]);
        }
        buffer.put((byte)'\r').put((byte)'\n');
    }

    private void putAscii(final String text)
    {
        final int length = text.length();
        int i = 0;
        while (i < length)
        {
            ensure(1);
            final ByteBuffer buffer = current.buffer;
            final int n = Math.min(length - i, buffer.remaining());
            for (int j = 0; j < n; j++)
            {
                buffer.put((byte)text.charAt(i + j));
            }
            i += n;
        }
    }

    private void put(final byte[] bytes, final int offset, final int length)
    {
        int done = 0;
        while (done < length)
        {
            ensure(1);
            final int n = Math.min(length - done, current.buffer.remaining());
            current.buffer.put(bytes, offset + done, n);
            done += n;
        }
    }

    private void put(final ByteBuffer src)
    {
        while (src.hasRemaining())
        {
            ensure(1);
            final ByteBuffer buffer = current.buffer;
            final int n = Math.min(src.remaining(), buffer.remaining());
            final int limit = src.limit();
            src.limit(src.position() + n);
            buffer.put(src);
            src.limit(limit);
        }
    }

    /**
     * Makes sure the current chunk has room for at least {@code bytes} (at most a chunk), moving to a new chunk if
     * not.
     */
    private void ensure(final int bytes)
    {
        if (current != null && current.buffer.remaining() >= bytes)
        {
            return;
        }
        seal();
        if (current != null)
        {
            final Chunk full = current;
            current = null;
            if (0 == full.segments)
            {
                chunks.release(full);
            }
        }
        current = chunks.acquire();
        regionStart = 0;
    }

    /**
     * Turns the bytes written since the last seal into a segment of their own.
     */
    private void seal()
    {
        if (null == current)
        {
            return;
        }
        final int end = current.buffer.position();
        if (end == regionStart)
        {
            return;
        }
        final ByteBuffer segment = current.buffer.slice(regionStart, end - regionStart);
        current.segments++;
        regionStart = end;
        enqueue(segment, current);
    }

    private void enqueue(final ByteBuffer segment, final Object owner)
    {
        if (count == segments.length)
        {
            final ByteBuffer[] grownSegments = new ByteBuffer[count * 2];
            final Object[] grownOwners = new Object[count * 2];
            for (int i = 0; i < count; i++)
            {
                grownSegments[i] = segments[(head + i) & (segments.length - 1)];
                grownOwners[i] = owners[(head + i) & (owners.length - 1)];
            }
            segments = grownSegments;
            owners = grownOwners;
            head = 0;
        }
        final int tail = (head + count) & (segments.length - 1);
        segments[tail] = segment;
        owners[tail] = owner;
        count++;
        queuedBytes += segment.remaining();
    }

    private void releaseHead()
    {
        final ByteBuffer segment = segments[head];
        final Object owner = owners[head];
        queuedBytes -= segment.remaining();
        segments[head] = null;
        owners[head] = null;
        head = (head + 1) & (segments.length - 1);
        count--;
        if (owner instanceof Chunk)
        {
            final Chunk chunk = (Chunk)owner;
            if (0 == --chunk.segments && chunk != current)
            {
                chunks.release(chunk);
            }
        }
        else
        {
            ((RespValue)owner).close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A direct buffer replies are encoded into, and how many of its segments are still waiting.
     */
    static final class Chunk
    {
        final ByteBuffer buffer;
        int segments;

        Chunk(final ByteBuffer buffer)
        {
            this.buffer = buffer;
        }
    }

    /**
     * Direct chunks of one I/O thread, reused so replies allocate nothing in the steady state.
     */
    static final class ChunkPool
    {
        static final int CHUNK_BYTES = 64 * 1024;
        private static final int KEEP_MAX = 256;

        private final java.util.ArrayDeque<Chunk> free = new java.util.ArrayDeque<>();

        Chunk acquire()
        {
            final Chunk chunk = free.pollFirst();
            if (chunk != null)
            {
                chunk.buffer.clear();
                return chunk;
            }
            return new Chunk(ByteBuffer.allocateDirect(CHUNK_BYTES));
        }

        void release(final Chunk chunk)
        {
            if (free.size() < KEEP_MAX)
            {
                free.addFirst(chunk);
            }
        }
    }
}
