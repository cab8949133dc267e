/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the history files of several JVMs ({@link HistoryFormat}) and merges them into one {@link History}: each
 * invocation is matched with the completion of the same process and operation id, in whichever file it is; an
 * invocation without one is pending.
 */
public final class HistoryReader
{
    private final Map<OpRef, Invocation> invocations = new LinkedHashMap<>();

    /**
     * @param files the history files, typically one per JVM.
     * @return the merged history.
     * @throws HistoryFormatException if a file is malformed or the files contradict each other.
     */
    public static History read(final Path... files)
    {
        return read(Arrays.asList(files));
    }

    /**
     * @param files the history files, typically one per JVM.
     * @return the merged history.
     * @throws HistoryFormatException if a file is malformed or the files contradict each other.
     */
    public static History read(final Collection<Path> files)
    {
        final HistoryReader reader = new HistoryReader();
        for (final Path file : files)
        {
            final String text;
            try
            {
                text = Files.readString(file, StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read history file " + file, ex);
            }
            reader.add(file.getFileName().toString(), text);
        }
        return reader.history();
    }

    /**
     * @param source the name errors give for the text, e.g. a file name.
     * @param text   the contents of a history file.
     * @return this reader, with the lines of the text merged in.
     */
    public HistoryReader add(final String source, final String text)
    {
        int start = 0;
        int lineNumber = 0;
        while (start < text.length())
        {
            final int end = text.indexOf('\n', start);
            if (end < 0)
            {
                break; // the writer was killed in the middle of this line: it never happened
            }
            lineNumber++;
            final String line = text.substring(start, end);
            start = end + 1;
            if (!line.isEmpty() && line.charAt(0) != HistoryFormat.COMMENT)
            {
                parse(source + ":" + lineNumber, line);
            }
        }
        return this;
    }

    /**
     * @return the operations of every line added so far.
     */
    public History history()
    {
        final List<Operation> operations = new ArrayList<>(invocations.size());
        for (final Map.Entry<OpRef, Invocation> entry : invocations.entrySet())
        {
            operations.add(entry.getValue().operation(entry.getKey()));
        }
        return new History(operations);
    }

    private void parse(final String source, final String line)
    {
        final String[] words = line.split(" ");
        switch (words[0])
        {
            case HistoryFormat.INVOKE:
                parseInvocation(source, words);
                break;

            case HistoryFormat.OK:
            case HistoryFormat.FAIL:
                parseCompletion(source, words);
                break;

            default:
                throw new HistoryFormatException(source, "unknown line '" + line + "'");
        }
    }

    private void parseInvocation(final String source, final String[] words)
    {
        if (words.length < 7)
        {
            throw new HistoryFormatException(source, "too few words in an invocation");
        }
        final OpKind kind = OpKind.ofToken(words[5]);
        if (kind == null)
        {
            throw new HistoryFormatException(source, "unknown operation '" + words[5] + "'");
        }
        final int expectedWords = kind == OpKind.READ ? 7 : kind == OpKind.WRITE ? 8 : 9;
        if (words.length != expectedWords)
        {
            throw new HistoryFormatException(source, "a " + kind.token() + " takes " + expectedWords + " words");
        }
        final OpRef ref = new OpRef((int)number(source, words[1]), number(source, words[3]));
        final Invocation invocation = new Invocation(
            source,
            number(source, words[2]),
            number(source, words[4]),
            kind,
            words[6],
            kind == OpKind.READ ? 0 : number(source, words[7]),
            kind == OpKind.CAS ? number(source, words[8]) : 0);
        if (invocations.putIfAbsent(ref, invocation) != null)
        {
            throw new HistoryFormatException(source, "operation " + ref + " invoked twice (also at " +
                invocations.get(ref).source + ")");
        }
    }

    private void parseCompletion(final String source, final String[] words)
    {
        if (words.length < 4)
        {
            throw new HistoryFormatException(source, "too few words in a completion");
        }
        final OpRef ref = new OpRef((int)number(source, words[1]), number(source, words[2]));
        final Invocation invocation = invocations.get(ref);
        if (invocation == null)
        {
            throw new HistoryFormatException(source, "completion of operation " + ref + " that was never invoked");
        }
        if (invocation.status != OpStatus.PENDING)
        {
            throw new HistoryFormatException(source, "operation " + ref + " completed twice");
        }
        final long nanos = number(source, words[3]);
        if (nanos < invocation.invokeNanos)
        {
            throw new HistoryFormatException(source, "operation " + ref + " completed before it was invoked");
        }
        if (HistoryFormat.FAIL.equals(words[0]))
        {
            if (words.length != 4)
            {
                throw new HistoryFormatException(source, "a failure takes 4 words");
            }
            invocation.status = OpStatus.FAILED;
            return;
        }
        switch (invocation.kind)
        {
            case READ:
                if (words.length != 5)
                {
                    throw new HistoryFormatException(source, "a read returns one value");
                }
                invocation.first = number(source, words[4]);
                break;

            case WRITE:
                if (words.length != 4)
                {
                    throw new HistoryFormatException(source, "a write returns nothing");
                }
                break;

            default:
                if (words.length != 5 || !("true".equals(words[4]) || "false".equals(words[4])))
                {
                    throw new HistoryFormatException(source, "a compare-and-set returns true or false");
                }
                invocation.succeeded = "true".equals(words[4]);
                break;
        }
        invocation.status = OpStatus.OK;
        invocation.responseNanos = nanos;
    }

    private static long number(final String source, final String word)
    {
        try
        {
            return Long.parseLong(word);
        }
        catch (final NumberFormatException ex)
        {
            throw new HistoryFormatException(source, "not a number: '" + word + "'");
        }
    }

    private static final class OpRef
    {
        private final int process;
        private final long op;

        OpRef(final int process, final long op)
        {
            this.process = process;
            this.op = op;
        }

        public boolean equals(final Object other)
        {
            return other instanceof OpRef && ((OpRef)other).process == process && ((OpRef)other).op == op;
        }

        public int hashCode()
        {
            return 31 * process + Long.hashCode(op);
        }

        public String toString()
        {
            return "p" + process + "#" + op;
        }
    }

    private static final class Invocation
    {
        private final String source;
        private final long thread;
        private final long invokeNanos;
        private final OpKind kind;
        private final String key;
        private long first;
        private final long second;
        private boolean succeeded;
        private OpStatus status = OpStatus.PENDING;
        private long responseNanos = Operation.NO_RESPONSE;

        Invocation(
            final String source,
            final long thread,
            final long invokeNanos,
            final OpKind kind,
            final String key,
            final long first,
            final long second)
        {
            this.source = source;
            this.thread = thread;
            this.invokeNanos = invokeNanos;
            this.kind = kind;
            this.key = key;
            this.first = first;
            this.second = second;
        }

        Operation operation(final OpRef ref)
        {
            final long end = status == OpStatus.OK ? responseNanos : invokeNanos;
            final Operation operation;
            switch (kind)
            {
                case READ:
                    operation = Operation.read(ref.process, thread, ref.op, key, invokeNanos, end, first);
                    break;

                case WRITE:
                    operation = Operation.write(ref.process, thread, ref.op, key, invokeNanos, end, first);
                    break;

                default:
                    operation = Operation.cas(ref.process, thread, ref.op, key, invokeNanos, end, first, second,
                        succeeded);
                    break;
            }
            return status == OpStatus.OK ? operation : operation.withoutResponse(status);
        }
    }
}
