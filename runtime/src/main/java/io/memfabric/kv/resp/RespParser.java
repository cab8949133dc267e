/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.nio.ByteBuffer;

/**
 * An incremental parser of RESP2 requests: multibulk ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline
 * ({@code GET k\r\n}, with Redis's quoting), fed whatever bytes a read brought, one command at a time.
 * <p>
 * How it avoids copying: a bulk string shorter than {@link #LARGE_ARG_BYTES} is copied once, as it arrives, into the
 * command's arena; a longer one gets memory of its own from {@link LargeArgs} (for the value of SET or MSET, room in
 * the page pool) before its first byte, and once the read buffer is drained the connection reads the rest straight
 * into it ({@link #directTarget()}). Nothing is ever buffered whole and copied again, so a value of several MB costs
 * one pass, whatever the reads' sizes. Only lines ({@code *n}, {@code $n}, inline commands) wait in the read buffer
 * until complete, and they are at most {@link #MAX_LINE_BYTES}.
 * <p>
 * Used by one thread.
 */
final class RespParser
{
    /** Bulk strings this long or longer get memory of their own (Redis's PROTO_MBULK_BIG_ARG). */
    static final int LARGE_ARG_BYTES = 32 * 1024;
    /** Longest inline command, or {@code *n} / {@code $n} line, accepted (Redis's PROTO_INLINE_MAX_SIZE). */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** Most arguments in one command. */
    static final int MAX_ARGS = 1024 * 1024;

    /** {@link #parse} found no complete command yet: read more. */
    static final int NEED_MORE = 0;
    /** {@link #parse} completed a command: run it, then {@link RespCommand#reset()} it before parsing on. */
    static final int COMMAND = 1;

    private static final int START = 0;
    private static final int MULTIBULK_COUNT = 1;
    private static final int BULK_HEADER = 2;
    private static final int BULK_SMALL = 3;
    private static final int BULK_LARGE = 4;
    private static final int BULK_CRLF = 5;
    private static final int INLINE = 6;

    /**
     * Gives memory to a large argument before its bytes arrive.
     */
    interface LargeArgs
    {
        /**
         * @param command the command so far (its earlier arguments are complete).
         * @param index   of the argument.
         * @param length  of the argument, at least {@link #LARGE_ARG_BYTES}.
         * @return where it is received.
         * @throws RespProtocolException if the command may not hold that much.
         */
        RespCommand.LargeArg open(RespCommand command, int index, int length) throws RespProtocolException;
    }

    private final long maxBulkBytes;
    private final long maxQueryBytes;
    private final LargeArgs largeArgs;
    private int state = START;
    private int argsExpected;
    private int bulkRemaining;
    private RespCommand.LargeArg currentLarge;

    /**
     * @param maxBulkBytes  longest bulk string accepted (longer: "invalid bulk length").
     * @param maxQueryBytes heap bytes one command may hold.
     * @param largeArgs     gives memory to large arguments.
     */
    RespParser(final long maxBulkBytes, final long maxQueryBytes, final LargeArgs largeArgs)
    {
        this.maxBulkBytes = maxBulkBytes;
        this.maxQueryBytes = maxQueryBytes;
        this.largeArgs = largeArgs;
    }

    /**
     * Consumes bytes from the buffer's position until a command is complete or the bytes run out. Bytes of an
     * incomplete line are left unconsumed, to be offered again with more after them.
     *
     * @param in      bytes from position to limit.
     * @param command receives the arguments; empty (reset) when a new command starts.
     * @return {@link #COMMAND} or {@link #NEED_MORE}.
     * @throws RespProtocolException if the bytes are not RESP; the connection must be closed after the error.
     */
    int parse(final ByteBuffer in, final RespCommand command) throws RespProtocolException
    {
        while (true)
        {
            switch (state)
            {
                case START:
                    if (!in.hasRemaining())
                    {
                        return NEED_MORE;
                    }
                    state = '*' == in.get(in.position()) ? MULTIBULK_COUNT : INLINE;
                    break;

                case MULTIBULK_COUNT:
                {
                    final int end = lineEnd(in, in.position() + 1);
                    if (end < 0)
                    {
                        checkLineLength(in, "too big mbulk count string");
                        return NEED_MORE;
                    }
                    final long count = parseNumber(in, in.position() + 1, end);
                    in.position(end + 2);
                    if (Long.MIN_VALUE == count || count > MAX_ARGS)
                    {
                        throw new RespProtocolException("invalid multibulk length");
                    }
                    if (count <= 0)
                    {
                        // An empty command, as Redis: nothing to run, nothing to answer.
                        state = START;
                        break;
                    }
                    argsExpected = (int)count;
                    state = BULK_HEADER;
                    break;
                }

                case BULK_HEADER:
                {
                    if (!in.hasRemaining())
                    {
                        return NEED_MORE;
                    }
                    final byte first = in.get(in.position());
                    if (first != '$')
                    {
                        throw new RespProtocolException("expected '$', got '" + printable(first) + "'");
                    }
                    final int end = lineEnd(in, in.position() + 1);
                    if (end < 0)
                    {
                        checkLineLength(in, "too big bulk count string");
                        return NEED_MORE;
                    }
                    final long length = parseNumber(in, in.position() + 1, end);
                    if (length < 0 || length > maxBulkBytes)
                    {
                        throw new RespProtocolException("invalid bulk length");
                    }
                    in.position(end + 2);
                    bulkRemaining = (int)length;
                    if (length >= LARGE_ARG_BYTES)
                    {
                        currentLarge = largeArgs.open(command, command.argCount(), (int)length);
                        command.addLarge(currentLarge, (int)length);
                        checkQuery(command);
                        state = BULK_LARGE;
                    }
                    else
                    {
                        command.startArg((int)length);
                        checkQuery(command);
                        state = BULK_SMALL;
                    }
                    break;
                }

                case BULK_SMALL:
                {
                    final int n = Math.min(in.remaining(), bulkRemaining);
                    command.append(in, n);
                    bulkRemaining -= n;
                    if (bulkRemaining > 0)
                    {
                        return NEED_MORE;
                    }
                    command.endArg();
                    state = BULK_CRLF;
                    break;
                }

                case BULK_LARGE:
                {
                    final int n = Math.min(in.remaining(), bulkRemaining);
                    final ByteBuffer target = currentLarge.target();
                    if (null == target)
                    {
                        in.position(in.position() + n);
                    }
                    else
                    {
                        final int limit = in.limit();
                        in.limit(in.position() + n);
                        target.put(in);
                        in.limit(limit);
                    }
                    bulkRemaining -= n;
                    if (bulkRemaining > 0)
                    {
                        return NEED_MORE;
                    }
                    currentLarge = null;
                    state = BULK_CRLF;
                    break;
                }

                case BULK_CRLF:
                {
                    if (in.remaining() < 2)
                    {
                        if (in.hasRemaining() && in.get(in.position()) != '\r')
                        {
                            throw new RespProtocolException("bulk string not followed by CRLF");
                        }
                        return NEED_MORE;
                    }
                    if (in.get(in.position()) != '\r' || in.get(in.position() + 1) != '\n')
                    {
                        throw new RespProtocolException("bulk string not followed by CRLF");
                    }
                    in.position(in.position() + 2);
                    if (command.argCount() == argsExpected)
                    {
                        state = START;
                        return COMMAND;
                    }
                    state = BULK_HEADER;
                    break;
                }

                case INLINE:
                {
                    final int newline = indexOf(in, in.position(), '\n');
                    if (newline < 0)
                    {
                        checkLineLength(in, "too big inline request");
                        return NEED_MORE;
                    }
                    if (newline - in.position() > MAX_LINE_BYTES)
                    {
                        throw new RespProtocolException("too big inline request");
                    }
                    int end = newline;
                    if (end > in.position() && '\r' == in.get(end - 1))
                    {
                        end--;
                    }
                    splitInline(in, in.position(), end, command);
                    in.position(newline + 1);
                    state = START;
                    if (command.argCount() > 0)
                    {
                        return COMMAND;
                    }
                    break;
                }

                default:
                    throw new IllegalStateException("parser state " + state);
            }
        }
    }

    /**
     * @return where the bytes of the large argument being received may be read to directly, once the read buffer is
     * drained; null if none is being received (or it is being skipped).
     */
    ByteBuffer directTarget()
    {
        return BULK_LARGE == state && bulkRemaining > 0 ? currentLarge.target() : null;
    }

    /**
     * @param bytes read straight into {@link #directTarget()}.
     */
    void directReceived(final int bytes)
    {
        bulkRemaining -= bytes;
        if (0 == bulkRemaining)
        {
            currentLarge = null;
            state = BULK_CRLF;
        }
    }

    /**
     * @return whether the parser is between commands (nothing of a next command received).
     */
    boolean isIdle()
    {
        return START == state;
    }

    private void checkQuery(final RespCommand command) throws RespProtocolException
    {
        if (command.heapBytes() > maxQueryBytes)
        {
            throw new RespProtocolException("a command holding more than " + maxQueryBytes + " bytes in memory (" +
                "values of SET and MSET of " + LARGE_ARG_BYTES + " bytes or more go to the page pool and do not " +
                "count): raise --max-query-bytes");
        }
    }

    private static void checkLineLength(final ByteBuffer in, final String message) throws RespProtocolException
    {
        if (in.remaining() > MAX_LINE_BYTES)
        {
            throw new RespProtocolException(message);
        }
    }

    /**
     * @return the index of the '\r' of the first CRLF at or after from, or -1 if none is complete yet; a '\r' not
     * followed by '\n' ends the line too (and its number is then found invalid).
     */
    private static int lineEnd(final ByteBuffer in, final int from)
    {
        final int limit = in.limit();
        for (int i = from; i < limit; i++)
        {
            if ('\r' == in.get(i))
            {
                return i + 1 < limit ? i : -1;
            }
        }
        return -1;
    }

    private static int indexOf(final ByteBuffer in, final int from, final char c)
    {
        final int limit = in.limit();
        for (int i = from; i < limit; i++)
        {
            if (c == in.get(i))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Parses a {@code *n} or {@code $n} number as Redis does: an optional '-', digits without leading zeros, and the
     * CRLF after them.
     *
     * @return the number, or {@link Long#MIN_VALUE} if it is not one.
     */
    private static long parseNumber(final ByteBuffer in, final int from, final int end)
    {
        if ('\n' != in.get(end + 1) || from >= end || end - from > 20)
        {
            return Long.MIN_VALUE;
        }
        int i = from;
        final boolean negative = '-' == in.get(i);
        if (negative)
        {
            i++;
        }
        if (i == end || ('0' == in.get(i) && (negative || end - i > 1)))
        {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final int digit = in.get(i) - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10)
            {
                return Long.MIN_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /**
     * Splits an inline command into arguments as Redis's sdssplitargs does: separated by spaces; "double quotes"
     * with {@code \n \r \t \b \a \\ \"} and {@code \xHH} escapes; 'single quotes' with {@code \'}; a closing quote
     * must be followed by a space or the end.
     */
    private static void splitInline(final ByteBuffer in, final int from, final int end, final RespCommand command)
        throws RespProtocolException
    {
        int p = from;
        while (true)
        {
            while (p < end && isSpace(in.get(p)))
            {
                p++;
            }
            if (p >= end)
            {
                return;
            }
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            command.startArg(0);
            while (!done)
            {
                if (inDouble)
                {
                    if (p >= end)
                    {
                        throw new RespProtocolException("unbalanced quotes in request");
                    }
                    final byte c = in.get(p);
                    if ('\\' == c && p + 3 < end && 'x' == in.get(p + 1) && isHex(in.get(p + 2)) &&
                        isHex(in.get(p + 3)))
                    {
                        command.append((byte)(hex(in.get(p + 2)) * 16 + hex(in.get(p + 3))));
                        p += 3;
                    }
                    else if ('\\' == c && p + 1 < end)
                    {
                        p++;
                        command.append(unescape(in.get(p)));
                    }
                    else if ('"' == c)
                    {
                        if (p + 1 < end && !isSpace(in.get(p + 1)))
                        {
                            throw new RespProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    }
                    else
                    {
                        command.append(c);
                    }
                }
                else if (inSingle)
                {
                    if (p >= end)
                    {
                        throw new RespProtocolException("unbalanced quotes in request");
                    }
                    final byte c = in.get(p);
                    if ('\\' == c && p + 1 < end && '\'' == in.get(p + 1))
                    {
                        p++;
                        command.append((byte)'\'');
                    }
                    else if ('\'' == c)
                    {
                        if (p + 1 < end && !isSpace(in.get(p + 1)))
                        {
                            throw new RespProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    }
                    else
                    {
                        command.append(c);
                    }
                }
                else
                {
                    if (p >= end)
                    {
                        break;
                    }
                    final byte c = in.get(p);
                    if (' ' == c || '\n' == c || '\r' == c || '\t' == c || 0 == c)
                    {
                        done = true;
                    }
                    else if ('"' == c)
                    {
                        inDouble = true;
                    }
                    else if ('\'' == c)
                    {
                        inSingle = true;
                    }
                    else
                    {
                        command.append(c);
                    }
                }
                if (p < end)
                {
                    p++;
                }
            }
            command.endArg();
        }
    }

    private static boolean isSpace(final byte c)
    {
        return ' ' == c || '\t' == c || '\n' == c || '\r' == c || 0x0B == c || '\f' == c;
    }

    private static boolean isHex(final byte c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(final byte c)
    {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    private static byte unescape(final byte c)
    {
        switch (c)
        {
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'b':
                return '\b';
            case 'a':
                return 7;
            default:
                return c;
        }
    }

    private static String printable(final byte b)
    {
        return b >= 0x20 && b < 0x7F ? String.valueOf((char)b) : String.format("\\x%02x", b & 0xFF);
    }
}
