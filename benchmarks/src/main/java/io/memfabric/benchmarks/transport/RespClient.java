/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The least a Redis client can do to GET and SET a page, so the {@code redis_*} figures are Redis's and the kernel's
 * rather than a client library's: RESP2 over one blocking {@link SocketChannel} with {@code TCP_NODELAY}; a command's
 * header is encoded into a small reusable buffer and written with the value in one gathering write; a bulk reply's
 * header is read through a small buffer and its bytes straight from the socket into the caller's buffer (only what a
 * header read happened to take along is copied). Requests may be pipelined: send several, then read their replies
 * in order. Nothing is allocated per call; single-threaded.
 */
public final class RespClient implements AutoCloseable
{
    private static final int HEADER_CAPACITY = 512;
    private static final int REPLY_BUFFER_CAPACITY = 4096;
    private static final byte[] GET = "*2\r\n$3\r\nGET\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "*3\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocateDirect(HEADER_CAPACITY);
    private final ByteBuffer crlf = ByteBuffer.allocateDirect(2).put(CR).put(LF).flip();
    private final ByteBuffer[] gather = new ByteBuffer[3];
    // Read mode between calls: position is the first unread byte, limit the end of what was received.
    private final ByteBuffer in = ByteBuffer.allocateDirect(REPLY_BUFFER_CAPACITY).limit(0);

    private RespClient(final SocketChannel channel)
    {
        this.channel = channel;
    }

    /**
     * @param host the server's host.
     * @param port its port.
     * @return a connected client.
     * @throws IOException if it cannot connect.
     */
    public static RespClient connect(final String host, final int port) throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress(host, port));
            return new RespClient(channel);
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Sends {@code GET key}; read the reply with {@link #readBulk(ByteBuffer)}.
     *
     * @param key the key's bytes.
     * @throws IOException if it cannot be sent.
     */
    public void sendGet(final byte[] key) throws IOException
    {
        header.clear();
        header.put(GET);
        putBulkHeader(key.length);
        header.put(key).put(CR).put(LF).flip();
        while (header.hasRemaining())
        {
            channel.write(header);
        }
    }

    /**
     * Sends {@code SET key value}; read the reply with {@link #readOk()}.
     *
     * @param key   the key's bytes.
     * @param value the value, from its position to its limit; its position is moved to its limit.
     * @throws IOException if it cannot be sent.
     */
    public void sendSet(final byte[] key, final ByteBuffer value) throws IOException
    {
        header.clear();
        header.put(SET);
        putBulkHeader(key.length);
        header.put(key).put(CR).put(LF);
        putBulkHeader(value.remaining());
        header.flip();
        crlf.rewind();
        gather[0] = header;
        gather[1] = value;
        gather[2] = crlf;
        while (crlf.hasRemaining())
        {
            channel.write(gather);
        }
    }

    /**
     * Sends a command of text arguments, for set-up (allocates).
     *
     * @param args the command and its arguments, e.g. {@code PING}.
     * @throws IOException if it cannot be sent.
     */
    public void sendCommand(final String... args) throws IOException
    {
        final StringBuilder command = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (final String arg : args)
        {
            final byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            command.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        final ByteBuffer bytes = ByteBuffer.wrap(command.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining())
        {
            channel.write(bytes);
        }
    }

    /**
     * Reads a bulk string reply into {@code destination}, its bytes straight from the socket.
     *
     * @param destination where the value goes, from its position; its position is moved past the value.
     * @return the value's length.
     * @throws IOException if the reply is an error, nil (no such key), larger than {@code destination} has room
     *                     for, or the connection ends.
     */
    public int readBulk(final ByteBuffer destination) throws IOException
    {
        final int length = readLengthLine((byte)'$');
        if (length < 0)
        {
            throw new RespException("GET found no value (nil reply): the key is missing");
        }
        if (length > destination.remaining())
        {
            throw new RespException("a " + length + "-byte value does not fit the " + destination.remaining() +
                " bytes the reader has");
        }

        final int buffered = Math.min(in.remaining(), length);
        if (buffered > 0)
        {
            final int limit = in.limit();
            in.limit(in.position() + buffered);
            destination.put(in);
            in.limit(limit);
        }
        final int limit = destination.limit();
        destination.limit(destination.position() + length - buffered);
        while (destination.hasRemaining())
        {
            if (channel.read(destination) < 0)
            {
                throw new EOFException("Redis closed the connection in the middle of a value");
            }
        }
        destination.limit(limit);

        fill(2);
        if (CR != in.get() || LF != in.get())
        {
            throw new RespException("a bulk reply's value is not followed by CRLF");
        }
        return length;
    }

    /**
     * Reads a simple string reply, expecting {@code +OK}.
     *
     * @throws IOException if the reply is anything else.
     */
    public void readOk() throws IOException
    {
        final String reply = readSimple();
        if (!"OK".equals(reply))
        {
            throw new RespException("expected +OK, got +" + reply);
        }
    }

    /**
     * Reads a simple string reply (allocates; for set-up).
     *
     * @return its text without the {@code +}.
     * @throws IOException if the reply is an error or not a simple string.
     */
    public String readSimple() throws IOException
    {
        final int end = lineEnd();
        final byte type = in.get(in.position());
        if ('+' != type)
        {
            throw unexpected(type, "a simple string", end);
        }
        final String text = ascii(in.position() + 1, end);
        in.position(end + 2);
        return text;
    }

    /**
     * {@inheritDoc}
     */
    public void close() throws IOException
    {
        channel.close();
    }

    private void putBulkHeader(final int length)
    {
        header.put((byte)'$');
        putDecimal(length);
        header.put(CR).put(LF);
    }

    private void putDecimal(final int value)
    {
        if (value >= 10)
        {
            putDecimal(value / 10);
        }
        header.put((byte)('0' + value % 10));
    }

    /**
     * Reads a {@code <type><integer>\r\n} line, e.g. {@code $2097152}.
     */
    private int readLengthLine(final byte type) throws IOException
    {
        final int end = lineEnd();
        final int start = in.position();
        final byte first = in.get(start);
        if (type != first)
        {
            throw unexpected(first, "'" + (char)type + "'", end);
        }
        int index = start + 1;
        final boolean negative = '-' == in.get(index);
        if (negative)
        {
            index++;
        }
        int value = 0;
        for (; index < end; index++)
        {
            final byte digit = in.get(index);
            if (digit < '0' || digit > '9')
            {
                throw new RespException("not a length in reply line '" + ascii(start, end) + "'");
            }
            value = value * 10 + (digit - '0');
        }
        in.position(end + 2);
        return negative ? -value : value;
    }

    private RespException unexpected(final byte type, final String expected, final int end)
    {
        final String line = ascii(in.position(), end);
        in.position(end + 2);
        if ('-' == type)
        {
            return new RespException("Redis replied with an error: " + line.substring(1));
        }
        return new RespException("expected " + expected + " reply, got '" + line + "'");
    }

    /**
     * @return the index of the CR ending the line that starts at the position, reading until it has arrived.
     */
    private int lineEnd() throws IOException
    {
        int scanned = 0;
        while (true)
        {
            for (int i = in.position() + scanned; i + 1 < in.limit(); i++)
            {
                if (CR == in.get(i) && LF == in.get(i + 1))
                {
                    return i;
                }
            }
            scanned = Math.max(0, in.remaining() - 1);
            fill(in.remaining() + 1);
        }
    }

    /**
     * Reads until at least {@code bytes} unread bytes are buffered.
     */
    private void fill(final int bytes) throws IOException
    {
        if (in.remaining() >= bytes)
        {
            return;
        }
        if (bytes > in.capacity())
        {
            throw new RespException("a reply line is longer than " + in.capacity() + " bytes");
        }
        in.compact();
        try
        {
            while (in.position() < bytes)
            {
                if (channel.read(in) < 0)
                {
                    throw new EOFException("Redis closed the connection");
                }
            }
        }
        finally
        {
            in.flip();
        }
    }

    private String ascii(final int from, final int to)
    {
        final byte[] bytes = new byte[Math.max(0, to - from)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = in.get(from + i);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
