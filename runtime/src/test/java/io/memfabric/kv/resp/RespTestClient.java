/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw RESP client for tests: sends exact bytes and reads one reply at a time as its exact bytes, so tests compare
 * what the server wrote byte for byte.
 */
final class RespTestClient implements AutoCloseable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespTestClient(final int port) throws IOException
    {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
    }

    /**
     * @param args the command, as text.
     * @return the reply's exact bytes, as text of chars 0 to 255.
     */
    String call(final String... args) throws IOException
    {
        send(encode(args));
        return reply();
    }

    void send(final String raw) throws IOException
    {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(final byte[] raw) throws IOException
    {
        out.write(raw);
        out.flush();
    }

    void send(final byte[] raw, final int offset, final int length) throws IOException
    {
        out.write(raw, offset, length);
        out.flush();
    }

    /**
     * @return one reply's exact bytes, as text of chars 0 to 255.
     */
    String reply() throws IOException
    {
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        readReply(raw);
        return raw.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * @return the payload of a bulk reply, or null for the nil reply.
     */
    byte[] bulkReply() throws IOException
    {
        final String header = line(null);
        if ("$-1".equals(header))
        {
            return null;
        }
        if (header.charAt(0) != '$')
        {
            throw new IOException("expected a bulk reply, got " + header);
        }
        final byte[] bytes = readExactly(Integer.parseInt(header.substring(1)) + 2);
        return java.util.Arrays.copyOf(bytes, bytes.length - 2);
    }

    /**
     * @return whether the server closed the connection (end of stream) within the client's timeout.
     */
    boolean closedByServer() throws IOException
    {
        try
        {
            return in.read() < 0;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            // Reset by the server: closed too.
            return true;
        }
    }

    void timeoutMs(final int ms) throws IOException
    {
        socket.setSoTimeout(ms);
    }

    void shutdownOutput() throws IOException
    {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    static byte[] encode(final String... args)
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return encode(bytes);
    }

    static byte[] encode(final byte[]... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (final byte[] arg : args)
        {
            out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(arg);
            out.writeBytes(new byte[]{'\r', '\n'});
        }
        return out.toByteArray();
    }

    private void readReply(final ByteArrayOutputStream raw) throws IOException
    {
        final String header = line(raw);
        switch (header.charAt(0))
        {
            case '+':
            case '-':
            case ':':
                return;
            case '$':
            {
                final int length = Integer.parseInt(header.substring(1));
                if (length >= 0)
                {
                    raw.writeBytes(readExactly(length + 2));
                }
                return;
            }
            case '*':
            {
                final int count = Integer.parseInt(header.substring(1));
                for (int i = 0; i < count; i++)
                {
                    readReply(raw);
                }
                return;
            }
            default:
                throw new IOException("not a RESP reply: " + header);
        }
    }

    private String line(final ByteArrayOutputStream raw) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("the server closed the connection after '" + line + "'");
            }
            if ('\r' == b)
            {
                final int lf = in.read();
                if (lf != '\n')
                {
                    throw new IOException("CR not followed by LF after '" + line + "'");
                }
                if (raw != null)
                {
                    raw.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                return line.toString();
            }
            line.append((char)b);
        }
    }

    private byte[] readExactly(final int length) throws IOException
    {
        final byte[] bytes = new byte[length];
        int done = 0;
        while (done < length)
        {
            final int n = in.read(bytes, done, length - done);
            if (n < 0)
            {
                throw new EOFException("the server closed the connection " + done + " bytes into " + length);
            }
            done += n;
        }
        return bytes;
    }
}
