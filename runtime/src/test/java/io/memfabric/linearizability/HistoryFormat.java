/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

/**
 * The text format of history files, written by {@link HistoryRecorder} and read by {@link HistoryReader}. ASCII
 * words separated by one space, one event a line, every line ended by {@code '\n'}:
 * <pre>{@code
 * # memfabric-history 1 process=2                    a comment: lines starting with '#' are ignored
 * i <process> <thread> <op> <nanos> read <key>       invocations, written before the call
 * i <process> <thread> <op> <nanos> write <key> <value>
 * i <process> <thread> <op> <nanos> cas <key> <expected> <new>
 * ok <process> <op> <nanos> <value>                  a read returned the value
 * ok <process> <op> <nanos>                          a write returned
 * ok <process> <op> <nanos> true|false               a compare-and-set returned
 * fail <process> <op> <nanos>                        the operation certainly took no effect
 * }</pre>
 * {@code <op>} numbers the operations of one process; {@code <nanos>} is {@link System#nanoTime()}. An invocation
 * with neither an {@code ok} nor a {@code fail} line is a pending operation: it may have taken effect or not. Keys
 * are any non-empty text without whitespace. A last line without its {@code '\n'} (the process was killed while
 * writing it) is ignored, which at worst turns a completed operation into a pending one, or drops an operation that
 * had not started yet.
 */
public final class HistoryFormat
{
    /**
     * The first word of an invocation line.
     */
    public static final String INVOKE = "i";

    /**
     * The first word of the line of an operation that returned.
     */
    public static final String OK = "ok";

    /**
     * The first word of the line of an operation that certainly took no effect.
     */
    public static final String FAIL = "fail";

    /**
     * The first character of a comment line.
     */
    public static final char COMMENT = '#';

    /**
     * The header comment each recorder writes when it opens its file.
     */
    public static final String HEADER = "# memfabric-history 1";

    /**
     * The longest key, in bytes of UTF-8.
     */
    public static final int MAX_KEY_LENGTH = 1024;

    private HistoryFormat()
    {
    }

    /**
     * @param key a register name.
     * @return whether it can be written in the format.
     */
    public static boolean isValidKey(final String key)
    {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH / 4)
        {
            return false;
        }
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c))
            {
                return false;
            }
        }
        return true;
    }
}
