/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespParserTest
{
    private static final String PIPELINE =
        "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n" +
        "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n" +
        "PING\r\n" +
        "*0\r\n" +
        "*-1\r\n" +
        "\r\n" +
        "ECHO \"a b\\x41\\n\" 'it\\'s' plain\n" +
        "*3\r\n$4\r\nECHO\r\n$0\r\n\r\n$7\r\nx\r\ny\r\nz\r\n" +
        "  \t GET   spaced  \r\n";

    private static final List<List<String>> PIPELINE_COMMANDS = List.of(
        List.of("SET", "key", "value"),
        List.of("GET", "key"),
        List.of("PING"),
        List.of("ECHO", "a bA\n", "it's", "plain"),
        List.of("ECHO", "", "x\r\ny\r\nz"),
        List.of("GET", "spaced"));

    @Test
    void pipelinedCommandsAreParsedInOrderFromOneRead() throws RespProtocolException
    {
        final Feeder feeder = new Feeder();
        feeder.feed(bytes(PIPELINE));
        assertEquals(PIPELINE_COMMANDS, feeder.commands);
        assertTrue(feeder.parser.isIdle());
    }

    @Test
    void everySplitOfTheInputAtAnyByteGivesTheSameCommands() throws RespProtocolException
    {
        final byte[] input = bytes(PIPELINE);
        for (int split = 0; split <= input.length; split++)
        {
            final Feeder feeder = new Feeder();
            feeder.feed(Arrays.copyOfRange(input, 0, split));
            feeder.feed(Arrays.copyOfRange(input, split, input.length));
            assertEquals(PIPELINE_COMMANDS, feeder.commands, "split at byte " + split);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameCommands() throws RespProtocolException
    {
        final Feeder feeder = new Feeder();
        for (final byte b : bytes(PIPELINE))
        {
            feeder.feed(new byte[]{b});
        }
        assertEquals(PIPELINE_COMMANDS, feeder.commands);
    }

    @Test
    void aValueOfSeveralMegabytesInRandomPiecesIsReceivedOnceIntoItsOwnMemory() throws RespProtocolException
    {
        final byte[] value = new byte[5 * 1024 * 1024 + 7];
        new Random(42).nextBytes(value);
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(RespTestClient.encode(bytes("SET"), bytes("big"), value));
        input.writeBytes(bytes("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n"));
        final byte[] all = input.toByteArray();

        final Random random = new Random(7);
        for (int round = 0; round < 3; round++)
        {
            final Feeder feeder = new Feeder();
            int at = 0;
            while (at < all.length)
            {
                final int n = Math.min(all.length - at, 1 + random.nextInt(round == 0 ? 100 : 200_000));
                feeder.feed(Arrays.copyOfRange(all, at, at + n));
                at += n;
                // Only line bytes ever wait: the value never piles up in the read buffer.
                assertTrue(feeder.pendingMax < 64, "bytes waiting for more: " + feeder.pendingMax);
            }
            assertEquals(2, feeder.commands.size());
            assertEquals(List.of(value.length), feeder.largeLengths, "memory given once, of the exact length");
            assertArrayEquals(value, feeder.largeValues.get(0));
            assertEquals(List.of("GET", "big"), feeder.commands.get(1));
        }
    }

    @Test
    void argumentsJustBelowTheLargeSizeGoToTheArenaAndAtItToTheirOwnMemory() throws RespProtocolException
    {
        final String small = "s".repeat(RespParser.LARGE_ARG_BYTES - 1);
        final String large = "l".repeat(RespParser.LARGE_ARG_BYTES);
        final Feeder feeder = new Feeder();
        feeder.feed(RespTestClient.encode("MSET", "a", small, "b", large));
        assertEquals(List.of(List.of("MSET", "a", small, "b", large)), feeder.commands);
        assertEquals(List.of(RespParser.LARGE_ARG_BYTES), feeder.largeLengths);
    }

    @Test
    void malformedInputIsAProtocolErrorWithRedisWords()
    {
        assertProtocolError("*x\r\n", "invalid multibulk length");
        assertProtocolError("*01\r\n", "invalid multibulk length");
        assertProtocolError("*2000000000\r\n", "invalid multibulk length");
        assertProtocolError("*1\r\n+PING\r\n", "expected '$', got '+'");
        assertProtocolError("*1\r\n\u0001", "expected '$', got '\\x01'");
        assertProtocolError("*1\r\n$x\r\n", "invalid bulk length");
        assertProtocolError("*1\r\n$-1\r\n", "invalid bulk length");
        assertProtocolError("*1\r\n$+4\r\n", "invalid bulk length");
        assertProtocolError("*1\r\n$1025\r\n", "invalid bulk length");
        assertProtocolError("*1\r\n$4\r\nPINGxx", "bulk string not followed by CRLF");
        assertProtocolError("*1\r\n$4\r\nPING\rx", "bulk string not followed by CRLF");
        assertProtocolError("SET k \"unbalanced\r\n", "unbalanced quotes in request");
        assertProtocolError("SET k 'x'y\r\n", "unbalanced quotes in request");
        assertProtocolError("SET k \"x\"y\r\n", "unbalanced quotes in request");
        assertProtocolError("GET " + "k".repeat(RespParser.MAX_LINE_BYTES + 1), "too big inline request");
        assertProtocolError("*" + "1".repeat(RespParser.MAX_LINE_BYTES + 1), "too big mbulk count string");
        assertProtocolError("*1\r\n$" + "1".repeat(RespParser.MAX_LINE_BYTES + 1), "too big bulk count string");
    }

    @Test
    void aCommandHoldingMoreHeapThanAllowedIsAProtocolError()
    {
        final Feeder feeder = new Feeder(1 << 20, 100);
        final RespProtocolException error = assertThrows(RespProtocolException.class,
            () -> feeder.feed(RespTestClient.encode("MSET", "a", "x".repeat(60), "b", "y".repeat(60))));
        assertTrue(error.getMessage().startsWith("a command holding more than 100 bytes in memory"),
            error.getMessage());
    }

    @Test
    void inlineCommandsFollowRedisQuoting() throws RespProtocolException
    {
        final Feeder feeder = new Feeder();
        feeder.feed(bytes("SET \"k\\\\\" \"\\t\\r\\q\" ''\n"));
        feeder.feed(bytes("\"\"\r\n"));
        feeder.feed(bytes("a\"b c\" e\r\n"));
        assertEquals(List.of(List.of("SET", "k\\", "\t\rq", ""), List.of(""), List.of("ab c", "e")),
            feeder.commands);
    }

    private static void assertProtocolError(final String input, final String message)
    {
        final RespProtocolException error = assertThrows(RespProtocolException.class,
            () -> new Feeder(1024, 1 << 20).feed(bytes(input)), input);
        assertEquals(message, error.getMessage(), input);
        assertEquals("ERR Protocol error: " + message, error.errorLine());
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Feeds the parser as a connection does: unparsed bytes are kept and offered again with the next read, and once
     * a large argument is being received with nothing waiting, reads go straight into its memory.
     */
    private static final class Feeder implements RespParser.LargeArgs
    {
        final RespParser parser;
        final RespCommand command = new RespCommand();
        final List<List<String>> commands = new ArrayList<>();
        final List<Integer> largeLengths = new ArrayList<>();
        final List<byte[]> largeValues = new ArrayList<>();
        ByteBuffer pending = ByteBuffer.allocate(0);
        int pendingMax;

        Feeder()
        {
            this(1L << 30, 1L << 30);
        }

        Feeder(final long maxBulk, final long maxQuery)
        {
            parser = new RespParser(maxBulk, maxQuery, this);
        }

        void feed(final byte[] read) throws RespProtocolException
        {
            int from = 0;
            final ByteBuffer direct = pending.hasRemaining() ? null : parser.directTarget();
            if (direct != null)
            {
                final int n = Math.min(direct.remaining(), read.length);
                direct.put(read, 0, n);
                parser.directReceived(n);
                from = n;
            }
            final ByteBuffer in = ByteBuffer.allocate(pending.remaining() + read.length - from);
            in.put(pending).put(read, from, read.length - from).flip();
            while (parser.parse(in, command) == RespParser.COMMAND)
            {
                final List<String> args = new ArrayList<>();
                for (int i = 0; i < command.argCount(); i++)
                {
                    args.add(command.argString(i));
                    if (command.large(i) != null)
                    {
                        largeValues.add(command.argBytes(i));
                    }
                }
                commands.add(args);
                command.reset();
            }
            pending = in.slice();
            pendingMax = Math.max(pendingMax, pending.remaining());
        }

        @Override
        public RespCommand.LargeArg open(final RespCommand command, final int index, final int length)
        {
            largeLengths.add(length);
            return new RespCommand.HeapArg(length);
        }
    }
}
