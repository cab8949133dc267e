/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client: its parser, the command being received, its replies, and the input not yet parsed. Driven by its
 * {@link RespEventLoop}'s thread only.
 * <p>
 * Pipelining: every complete command in what a read brought is run in order, its reply appended; the replies go out
 * together when the input is used up. Back-pressure: once replies waiting to be written reach
 * {@link #OUTPUT_HIGH_WATER_BYTES} (a client that sends GETs and does not read), the connection stops running commands
 * and reading, keeps the unparsed input, and goes on once the socket took the replies.
 */
final class RespConnection implements RespParser.LargeArgs
{
    /** Replies waiting beyond this pause the connection's input. */
    static final long OUTPUT_HIGH_WATER_BYTES = 1024 * 1024;

    private static final int CARRY_KEEP_BYTES = 4096;

    final long id;
    final SocketChannel channel;
    private final RespEventLoop loop;
    private final RespServer server;
    private final RespParser parser;
    private final RespCommand command = new RespCommand();
    private final ReplyBuffer replies;
    private final String remote;
    private SelectionKey key;
    private ByteBuffer carry = ByteBuffer.allocate(0);
    private String name;
    private String libName;
    private String libVersion;
    private boolean paused;
    /** The client closed its side: run what it sent, answer, then close. */
    private boolean inputEnded;
    private boolean closing;
    private boolean closed;

    RespConnection(final long id, final SocketChannel channel, final RespEventLoop loop, final RespServer server)
    {
        this.id = id;
        this.channel = channel;
        this.loop = loop;
        this.server = server;
        this.replies = new ReplyBuffer(loop.chunks());
        final RespConfig config = server.config();
        this.parser = new RespParser(config.maxValueBytes(), config.maxQueryBytes(), this);
        String address;
        try
        {
            address = String.valueOf(channel.getRemoteAddress());
        }
        catch (final IOException ex)
        {
            address = "?";
        }
        this.remote = address;
    }

    void key(final SelectionKey key)
    {
        this.key = key;
    }

    String name()
    {
        return name;
    }

    void name(final String name)
    {
        this.name = name;
    }

    void libInfo(final String libName, final String libVersion)
    {
        if (libName != null)
        {
            this.libName = libName;
        }
        if (libVersion != null)
        {
            this.libVersion = libVersion;
        }
    }

    String remote()
    {
        return remote;
    }

    String libName()
    {
        return libName;
    }

    String libVersion()
    {
        return libVersion;
    }

    /**
     * QUIT: answer what is pending, then close.
     */
    void closeAfterReplies()
    {
        closing = true;
    }

    boolean isClosed()
    {
        return closed;
    }

    /**
     * The socket has bytes: read them (a large value's straight into its memory), run every complete command, and
     * write the replies.
     *
     * @param readBuffer the loop's buffer, free to use until this returns.
     */
    void onReadable(final ByteBuffer readBuffer)
    {
        if (paused || closing || inputEnded || closed)
        {
            return;
        }
        try
        {
            final ByteBuffer direct = 0 == carry.remaining() ? parser.directTarget() : null;
            if (direct != null)
            {
                final int n = channel.read(direct);
                if (n < 0)
                {
                    close();
                    return;
                }
                server.stats().netInput(n);
                parser.directReceived(n);
                if (parser.directTarget() != null)
                {
                    return;
                }
            }
            readBuffer.clear();
            readBuffer.put(carry);
            carry.clear().limit(0);
            if (carry.capacity() > CARRY_KEEP_BYTES)
            {
                // A long line or a paused batch grew it; an idle connection keeps only a small one.
                carry = ByteBuffer.allocate(0);
            }
            final int n = channel.read(readBuffer);
            readBuffer.flip();
            if (n > 0)
            {
                server.stats().netInput(n);
            }
            else if (n < 0)
            {
                // The client closed its side: answer what it sent before, if it still reads, then close.
                inputEnded = true;
            }
            run(readBuffer);
            keep(readBuffer);
            drive(readBuffer);
        }
        catch (final IOException ex)
        {
            close();
        }
    }

    /**
     * The socket takes bytes again: write replies, and resume a paused connection once they are out.
     *
     * @param readBuffer the loop's buffer, free to use until this returns.
     */
    void onWritable(final ByteBuffer readBuffer)
    {
        try
        {
            drive(readBuffer);
        }
        catch (final IOException ex)
        {
            close();
        }
    }

    /**
     * Writes replies, resumes running the kept input whenever the replies drain below half the high-water mark
     * (also when they went out at once, in the same call that paused the connection), closes when the connection is
     * done, and otherwise asks the selector for what the connection waits for.
     */
    private void drive(final ByteBuffer readBuffer) throws IOException
    {
        while (!closed)
        {
            if (replies.pendingBytes() > 0)
            {
                server.stats().netOutput(replies.writeTo(channel));
            }
            if (paused && !closing && replies.pendingBytes() < OUTPUT_HIGH_WATER_BYTES / 2)
            {
                paused = false;
                readBuffer.clear();
                readBuffer.put(carry);
                carry.clear().limit(0);
                readBuffer.flip();
                run(readBuffer);
                keep(readBuffer);
                continue;
            }
            break;
        }
        if (closed)
        {
            return;
        }
        final boolean pending = replies.pendingBytes() > 0;
        if (!pending && (closing || (inputEnded && !paused)))
        {
            close();
            return;
        }
        int ops = 0;
        if (!closing && !paused && !inputEnded)
        {
            ops |= SelectionKey.OP_READ;
        }
        if (pending)
        {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key != null && key.isValid() && key.interestOps() != ops)
        {
            key.interestOps(ops);
        }
    }

    /**
     * Closes the socket and releases what the connection holds (pinned values, reserved values, chunks).
     */
    void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Closing a socket that failed: nothing more to do.
        }
        replies.release();
        command.reset();
        carry = ByteBuffer.allocate(0);
        loop.closed(this);
    }

    @Override
    public RespCommand.LargeArg open(final RespCommand command, final int index, final int length)
        throws RespProtocolException
    {
        if (command.failure() != null)
        {
            return RespCommand.SkippedArg.INSTANCE;
        }
        final int keyIndex = keyOfValue(command, index);
        if (keyIndex > 0)
        {
            try
            {
                return new RespCommand.ValueArg(server.store().reserve(command.argString(keyIndex), length));
            }
            catch (final RespStoreException ex)
            {
                command.fail(ex.errorLine());
                return RespCommand.SkippedArg.INSTANCE;
            }
            catch (final RuntimeException ex)
            {
                server.onError("cannot reserve a value of " + length + " bytes", ex);
                command.fail("ERR cannot store a value of " + length + " bytes: " + ex);
                return RespCommand.SkippedArg.INSTANCE;
            }
        }
        if (command.heapBytes() + length > server.config().maxQueryBytes())
        {
            throw new RespProtocolException("a command holding more than " + server.config().maxQueryBytes() +
                " bytes in memory (values of SET and MSET of " + RespParser.LARGE_ARG_BYTES + " bytes or more go " +
                "to the page pool and do not count): raise --max-query-bytes");
        }
        return new RespCommand.HeapArg(length);
    }

    /**
     * @return the index of the key whose value the argument is, if it is a value to store (received straight into
     * the store's memory); else -1.
     */
    private static int keyOfValue(final RespCommand command, final int index)
    {
        if (command.argIs(0, "SET") || command.argIs(0, "SETNX"))
        {
            return 2 == index ? 1 : -1;
        }
        if (command.argIs(0, "SETEX") || command.argIs(0, "PSETEX"))
        {
            return 3 == index ? 1 : -1;
        }
        return command.argIs(0, "MSET") && index >= 2 && 0 == (index & 1) ? index - 1 : -1;
    }

    private void run(final ByteBuffer in)
    {
        while (!closing && !closed)
        {
            if (replies.pendingBytes() >= OUTPUT_HIGH_WATER_BYTES)
            {
                paused = true;
                return;
            }
            final int result;
            try
            {
                result = parser.parse(in, command);
            }
            catch (final RespProtocolException ex)
            {
                server.stats().protocolError();
                replies.error(ex.errorLine());
                command.reset();
                in.position(in.limit());
                closing = true;
                return;
            }
            if (RespParser.NEED_MORE == result)
            {
                return;
            }
            try
            {
                server.commands().execute(this, command, replies);
            }
            finally
            {
                command.reset();
            }
        }
    }

    /**
     * Keeps the input not yet parsed (an incomplete line, or what a paused connection has not run) for next time.
     */
    private void keep(final ByteBuffer in)
    {
        if (closing || closed)
        {
            // After QUIT or a protocol error nothing more is run.
            in.position(in.limit());
        }
        final int remaining = in.remaining();
        if (0 == remaining)
        {
            return;
        }
        if (carry.capacity() < remaining)
        {
            carry = ByteBuffer.allocate(Math.max(remaining, 1024));
        }
        carry.clear();
        carry.put(in);
        carry.flip();
    }

    @Override
    public String toString()
    {
        return "RespConnection{id=" + id + ", remote=" + remote + ", name=" + name + '}';
    }
}
