/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's replies and errors, byte for byte as Redis 7.0 gives them (checked against a real redis-server when
 * the texts were written), over a socket to a real front. Expiry runs on a clock the test moves.
 */
@Timeout(60)
class RespCommandsTest
{
    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";

    private RespTestServer server;
    private RespTestClient client;

    @BeforeEach
    void start(final TestInfo test) throws IOException
    {
        server = RespTestServer.start(test.getTestMethod().orElseThrow().getName());
        client = server.client();
    }

    @AfterEach
    void stop() throws IOException
    {
        try
        {
            client.close();
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void getSetAndTheirConditions() throws IOException
    {
        assertEquals(NIL, call("GET", "k"));
        assertEquals(OK, call("SET", "k", "v"));
        assertEquals("$1\r\nv\r\n", call("GET", "k"));
        assertEquals(NIL, call("SET", "k", "w", "NX"));
        assertEquals("$1\r\nv\r\n", call("GET", "k"));
        assertEquals(OK, call("SET", "k", "w", "XX"));
        assertEquals(NIL, call("SET", "other", "w", "XX"));
        assertEquals(NIL, call("GET", "other"));
        assertEquals(OK, call("SET", "other", "x", "nx"));
        assertEquals("$1\r\nw\r\n", call("SET", "k", "z", "GET"));
        assertEquals("$1\r\nz\r\n", call("SET", "k", "y", "NX", "GET"), "NX fails, the old value is answered");
        assertEquals("$1\r\nz\r\n", call("GET", "k"));
        assertEquals(NIL, call("SET", "fresh", "1", "GET"));
        assertEquals("$1\r\n1\r\n", call("GET", "fresh"));
    }

    @Test
    void setexPsetexAndSetnx() throws IOException
    {
        assertEquals(OK, call("SETEX", "k", "10", "v"));
        assertEquals(":10\r\n", call("TTL", "k"));
        assertEquals(OK, call("PSETEX", "k", "1500", "w"));
        assertEquals(":1500\r\n", call("PTTL", "k"));
        assertEquals("-ERR invalid expire time in 'setex' command\r\n", call("SETEX", "k", "0", "v"));
        assertEquals("-ERR invalid expire time in 'psetex' command\r\n", call("PSETEX", "k", "-5", "v"));
        assertEquals("-ERR value is not an integer or out of range\r\n", call("SETEX", "k", "x", "v"));
        assertEquals("-ERR wrong number of arguments for 'setex' command\r\n", call("SETEX", "k", "10"));
        assertEquals(":0\r\n", call("SETNX", "k", "x"));
        assertEquals(":1\r\n", call("SETNX", "n", "x"));
        assertEquals("$1\r\nw\r\n", call("GET", "k"));
        assertEquals("$1\r\nx\r\n", call("GET", "n"));
    }

    @Test
    void setOptionErrorsAreRedisErrors() throws IOException
    {
        assertEquals("-ERR invalid expire time in 'set' command\r\n", call("SET", "k", "v", "EX", "0"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n", call("SET", "k", "v", "EX", "-1"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n", call("SET", "k", "v", "PX", "0"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n",
            call("SET", "k", "v", "EX", "9999999999999999"));
        assertEquals("-ERR value is not an integer or out of range\r\n", call("SET", "k", "v", "EX", "abc"));
        assertEquals("-ERR value is not an integer or out of range\r\n", call("SET", "k", "v", "EX", "1.5"));
        assertEquals("-ERR syntax error\r\n", call("SET", "k", "v", "NX", "XX"));
        assertEquals("-ERR syntax error\r\n", call("SET", "k", "v", "PX", "1", "EX", "1"));
        assertEquals("-ERR syntax error\r\n", call("SET", "k", "v", "KEEPTTL", "EX", "10"));
        assertEquals("-ERR syntax error\r\n", call("SET", "k", "v", "EX"));
        assertEquals("-ERR syntax error\r\n", call("SET", "k", "v", "FOO"));
        assertEquals("-ERR wrong number of arguments for 'set' command\r\n", call("SET", "k"));
        assertEquals(NIL, call("GET", "k"), "no failed SET stored anything");
        assertEquals(":0\r\n", call("DBSIZE"));
    }

    @Test
    void binaryKeysAndValuesAndTheEmptyValue() throws IOException
    {
        final byte[] key = {0, (byte)0xFF, '\r', '\n', ' ', 'k'};
        final byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++)
        {
            value[i] = (byte)i;
        }
        client.send(RespTestClient.encode(new byte[][]{bytes("SET"), key, value}));
        assertEquals(OK, client.reply());
        client.send(RespTestClient.encode(new byte[][]{bytes("GET"), key}));
        assertArrayEquals(value, client.bulkReply());

        assertEquals(OK, call("SET", "empty", ""));
        assertEquals("$0\r\n\r\n", call("GET", "empty"));
        assertEquals(":0\r\n", call("STRLEN", "empty"));
        assertEquals(":1\r\n", call("EXISTS", "empty"));
        assertEquals("$0\r\n\r\n", call("SET", "empty", "now", "GET"));
        assertEquals(":3\r\n", call("STRLEN", "empty"));
        assertEquals(":0\r\n", call("STRLEN", "missing"));
        assertEquals("+string\r\n", call("TYPE", "empty"));
        assertEquals("+none\r\n", call("TYPE", "missing"));
    }

    @Test
    void multiKeyCommands() throws IOException
    {
        assertEquals(OK, call("MSET", "a", "1", "b", "22"));
        assertEquals("*3\r\n$1\r\n1\r\n$2\r\n22\r\n$-1\r\n", call("MGET", "a", "b", "c"));
        assertEquals(":3\r\n", call("EXISTS", "a", "a", "b", "c"));
        assertEquals(":1\r\n", call("DEL", "a", "c"));
        assertEquals(":1\r\n", call("UNLINK", "b", "a"));
        assertEquals(":0\r\n", call("EXISTS", "a", "b"));
        assertEquals("-ERR wrong number of arguments for 'mset' command\r\n", call("MSET", "a"));
        assertEquals("-ERR wrong number of arguments for 'mset' command\r\n", call("MSET", "a", "1", "b"));
        assertEquals("-ERR wrong number of arguments for 'mget' command\r\n", call("MGET"));
        assertEquals("-ERR wrong number of arguments for 'exists' command\r\n", call("EXISTS"));
        assertEquals("-ERR wrong number of arguments for 'del' command\r\n", call("DEL"));
    }

    @Test
    void keysExpireOnAccessByTheClock() throws IOException
    {
        assertEquals(OK, call("SET", "k", "v", "EX", "10"));
        assertEquals(":10\r\n", call("TTL", "k"));
        assertEquals(":10000\r\n", call("PTTL", "k"));
        server.advanceMs(2_500);
        assertEquals(":8\r\n", call("TTL", "k"), "rounded to the nearest second, as Redis");
        assertEquals(":7500\r\n", call("PTTL", "k"));
        server.advanceMs(7_499);
        assertEquals("$1\r\nv\r\n", call("GET", "k"));
        server.advanceMs(1);
        assertEquals(NIL, call("GET", "k"));
        assertEquals(":-2\r\n", call("TTL", "k"));
        assertEquals(":-2\r\n", call("PTTL", "k"));
        assertTrue(call("INFO", "stats").contains("expired_keys:1\r\n"));

        assertEquals(OK, call("SET", "p", "v", "PX", "100"));
        assertEquals(":100\r\n", call("PTTL", "p"));
        assertEquals(OK, call("SET", "p", "w", "KEEPTTL"));
        assertEquals(":100\r\n", call("PTTL", "p"), "KEEPTTL keeps the expiry");
        assertEquals(OK, call("SET", "p", "x"));
        assertEquals(":-1\r\n", call("PTTL", "p"), "a plain SET clears it");

        final long now = server.clock.time();
        assertEquals(OK, call("SET", "at", "v", "EXAT", Long.toString(now / 1000 + 100)));
        assertTrue(Long.parseLong(call("TTL", "at").trim().substring(1)) >= 99);
        assertEquals(OK, call("SET", "at", "v", "PXAT", Long.toString(now + 50)));
        assertEquals(":50\r\n", call("PTTL", "at"));
        assertEquals(OK, call("SET", "past", "v", "PXAT", "1"));
        assertEquals(":0\r\n", call("EXISTS", "past"), "an expiry in the past deletes at once");
    }

    @Test
    void expireAndItsOptions() throws IOException
    {
        assertEquals(":0\r\n", call("EXPIRE", "missing", "10"));
        assertEquals(OK, call("SET", "k", "v"));
        assertEquals(":-1\r\n", call("TTL", "k"));
        assertEquals(":0\r\n", call("EXPIRE", "k", "10", "XX"), "XX: no expiry yet");
        assertEquals(":0\r\n", call("EXPIRE", "k", "10", "GT"), "GT: no expiry counts as never");
        assertEquals(":1\r\n", call("EXPIRE", "k", "10", "NX"));
        assertEquals(":0\r\n", call("EXPIRE", "k", "20", "NX"));
        assertEquals(":0\r\n", call("EXPIRE", "k", "5", "GT"));
        assertEquals(":1\r\n", call("EXPIRE", "k", "50", "GT"));
        assertEquals(":1\r\n", call("EXPIRE", "k", "5", "LT"));
        assertEquals(":5\r\n", call("TTL", "k"));
        assertEquals(":1\r\n", call("PEXPIRE", "k", "1500", "XX"));
        assertEquals(":1500\r\n", call("PTTL", "k"));
        assertEquals(":2\r\n", call("TTL", "k"));
        assertEquals(":1\r\n", call("PERSIST", "k"));
        assertEquals(":0\r\n", call("PERSIST", "k"));
        assertEquals(":-1\r\n", call("TTL", "k"));
        assertEquals(":1\r\n", call("EXPIRE", "k", "5", "LT"), "LT: no expiry counts as never");

        assertEquals("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            call("EXPIRE", "k", "5", "NX", "XX"));
        assertEquals("-ERR GT and LT options at the same time are not compatible\r\n",
            call("EXPIRE", "k", "5", "GT", "LT"));
        assertEquals("-ERR Unsupported option foo\r\n", call("EXPIRE", "k", "5", "foo"));
        assertEquals("-ERR value is not an integer or out of range\r\n", call("EXPIRE", "k", "x"));
        assertEquals("-ERR invalid expire time in 'expire' command\r\n", call("EXPIRE", "k", "9999999999999999"));
        assertEquals("-ERR invalid expire time in 'pexpire' command\r\n",
            call("PEXPIRE", "k", "9223372036854775807"));
        assertEquals("-ERR wrong number of arguments for 'expire' command\r\n", call("EXPIRE", "k"));

        final long now = server.clock.time();
        assertEquals(":1\r\n", call("PEXPIREAT", "k", Long.toString(now + 2_000)));
        assertEquals(":2000\r\n", call("PTTL", "k"));
        assertEquals(":1\r\n", call("EXPIREAT", "k", Long.toString(now / 1000 + 100)));
        assertEquals(":1\r\n", call("EXPIRE", "k", "0"), "a time not in the future deletes the key");
        assertEquals(":0\r\n", call("EXISTS", "k"));
        assertEquals(OK, call("SET", "k", "v"));
        assertEquals(":1\r\n", call("EXPIRE", "k", "-1"));
        assertEquals(":0\r\n", call("EXISTS", "k"));
    }

    @Test
    void theSweepDeletesExpiredKeysNobodyReads() throws IOException
    {
        for (int i = 0; i < 300; i++)
        {
            client.send(RespTestClient.encode("SET", "volatile:" + i, "v", "PX", "10"));
        }
        for (int i = 0; i < 20; i++)
        {
            client.send(RespTestClient.encode("SET", "stays:" + i, "v"));
        }
        for (int i = 0; i < 320; i++)
        {
            assertEquals(OK, client.reply());
        }
        assertEquals(":320\r\n", call("DBSIZE"));
        server.advanceMs(11);
        int rounds = 0;
        while (server.store().size() > 20 && rounds++ < 100)
        {
            server.store().sweep();
        }
        assertEquals(":20\r\n", call("DBSIZE"));
        assertTrue(call("INFO", "stats").contains("expired_keys:300\r\n"));
        assertTrue(call("INFO", "keyspace").contains("db0:keys=20,expires=0,avg_ttl=0\r\n"));
    }

    @Test
    void pinningCommands() throws IOException
    {
        assertEquals(":0\r\n", call("MF.PIN", "k"));
        assertEquals(OK, call("SET", "k", "v"));
        assertEquals(":1\r\n", call("MF.PIN", "k"));
        assertEquals(":1\r\n", call("MF.PIN", "k", "1000"));
        assertTrue(call("MF.STATS").contains("$11\r\npinned_keys\r\n:1\r\n"));
        assertEquals(":1\r\n", call("MF.UNPIN", "k"));
        assertEquals(":0\r\n", call("MF.UNPIN", "k"));
        assertEquals(":0\r\n", call("MF.UNPIN", "missing"));
        assertEquals("-ERR invalid expire time in 'mf.pin' command\r\n", call("MF.PIN", "k", "0"));
        assertEquals("-ERR value is not an integer or out of range\r\n", call("MF.PIN", "k", "soon"));
        assertEquals("-ERR wrong number of arguments for 'mf.pin' command\r\n", call("MF.PIN", "k", "1", "2"));
        assertEquals("-ERR wrong number of arguments for 'mf.pin' command\r\n", call("MF.PIN"));

        final String pageKey = call("MF.PAGEKEY", "k");
        assertTrue(pageKey.matches("\\$64\r\n[0-9a-f]{64}\r\n"), pageKey);
        assertEquals(NIL, call("MF.PAGEKEY", "missing"));
        assertEquals(OK, call("SET", "k", "w"));
        assertFalse(pageKey.equals(call("MF.PAGEKEY", "k")), "a new value is a new page");
    }

    @Test
    void connectionAndServerCommands() throws IOException
    {
        assertEquals("+PONG\r\n", call("PING"));
        assertEquals("$5\r\nhello\r\n", call("PING", "hello"));
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", call("PING", "a", "b"));
        assertEquals("$3\r\nabc\r\n", call("ECHO", "abc"));
        assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", call("ECHO"));
        assertEquals(OK, call("SELECT", "0"));
        assertEquals("-ERR DB index is out of range\r\n", call("SELECT", "1"));
        assertEquals("-ERR DB index is out of range\r\n", call("SELECT", "-1"));
        assertEquals("-ERR value is not an integer or out of range\r\n", call("SELECT", "x"));
        assertEquals("-ERR wrong number of arguments for 'select' command\r\n", call("SELECT"));
        assertEquals(OK, call("SET", "a", "1"));
        assertEquals(":1\r\n", call("DBSIZE"));
        assertEquals("-ERR syntax error\r\n", call("FLUSHALL", "x"));
        assertEquals(OK, call("FLUSHDB", "ASYNC"));
        assertEquals(":0\r\n", call("DBSIZE"));
        assertEquals(OK, call("FLUSHALL"));
        assertEquals("-ERR AUTH <password> called without any password configured for the default user. Are you " +
            "sure your configuration is correct?\r\n", call("AUTH", "secret"));
    }

    @Test
    void clientCommands() throws IOException
    {
        assertEquals(NIL, call("CLIENT", "GETNAME"));
        assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
            call("CLIENT", "SETNAME", "a b"));
        assertEquals(OK, call("CLIENT", "SETNAME", "worker-1"));
        assertEquals("$8\r\nworker-1\r\n", call("CLIENT", "GETNAME"));
        assertEquals(OK, call("CLIENT", "SETINFO", "LIB-NAME", "jedis"));
        assertEquals(OK, call("client", "setinfo", "lib-ver", "8.0.2"));
        assertEquals("-ERR Unrecognized option 'foo'\r\n", call("CLIENT", "SETINFO", "foo", "1"));
        assertEquals("-ERR wrong number of arguments for 'client|setname' command\r\n", call("CLIENT", "SETNAME"));
        assertEquals("-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n", call("CLIENT", "foo"));
        assertTrue(call("CLIENT", "ID").matches(":[0-9]+\r\n"));
        final String list = call("CLIENT", "LIST");
        assertTrue(list.contains("name=worker-1 db=0 lib-name=jedis lib-ver=8.0.2\n"), list);
        assertEquals(OK, call("CLIENT", "SETNAME", ""));
        assertEquals(NIL, call("CLIENT", "GETNAME"));
    }

    @Test
    void configCommandAndHello() throws IOException
    {
        assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", call("CONFIG", "GET", "save"));
        assertEquals("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", call("CONFIG", "GET", "appendonly"));
        assertEquals("*4\r\n$4\r\nsave\r\n$0\r\n\r\n$10\r\nappendonly\r\n$2\r\nno\r\n",
            call("CONFIG", "GET", "save", "appendonly"));
        final String memory = call("CONFIG", "GET", "maxmemory*");
        assertTrue(memory.startsWith("*4\r\n$9\r\nmaxmemory\r\n$8\r\n" + RespTestServer.POOL_BYTES + "\r\n"), memory);
        assertTrue(memory.endsWith("$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n"), memory);
        assertEquals("*0\r\n", call("CONFIG", "GET", "nosuch"));
        assertEquals("-ERR wrong number of arguments for 'config|get' command\r\n", call("CONFIG", "GET"));
        assertTrue(call("CONFIG", "SET", "maxmemory", "1").startsWith("-ERR CONFIG SET is not supported"));
        assertEquals("-ERR unknown subcommand 'foo'. Try CONFIG HELP.\r\n", call("CONFIG", "foo"));
        assertEquals(OK, call("CONFIG", "RESETSTAT"));

        assertEquals("*0\r\n", call("COMMAND"));
        assertEquals("*0\r\n", call("COMMAND", "DOCS"));
        assertTrue(call("COMMAND", "COUNT").matches(":[1-9][0-9]*\r\n"));
        assertEquals("-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n", call("COMMAND", "foo"));

        assertEquals("-NOPROTO unsupported protocol version\r\n", call("HELLO", "3"));
        assertEquals("-ERR Protocol version is not an integer or out of range\r\n", call("HELLO", "x"));
        assertEquals("-ERR Syntax error in HELLO option 'foo'\r\n", call("HELLO", "2", "foo"));
        final String hello = call("HELLO", "2", "SETNAME", "h");
        assertTrue(hello.startsWith("*16\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.0.0\r\n" +
            "$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:"), hello);
        assertTrue(hello.contains("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n" +
            "$7\r\nmodules\r\n*0\r\n"), hello);
        assertEquals("$1\r\nh\r\n", call("CLIENT", "GETNAME"));
        assertTrue(call("HELLO").startsWith("*16\r\n"));
    }

    @Test
    void infoHasRedisSectionsAndCounts() throws IOException
    {
        call("SET", "k", "12345");
        call("GET", "k");
        call("GET", "k");
        call("GET", "missing");
        final String info = text(call("INFO"));
        for (final String expected : new String[]{"# Server\r\n", "redis_version:7.0.0\r\n", "# Clients\r\n",
            "connected_clients:1\r\n", "# Memory\r\n", "used_memory:5\r\n",
            "maxmemory:" + RespTestServer.POOL_BYTES + "\r\n", "maxmemory_policy:allkeys-lru\r\n", "# Stats\r\n",
            "keyspace_hits:2\r\n", "keyspace_misses:1\r\n", "value_bytes_served:10\r\n", "# MemFabric\r\n",
            "pool_pages:1\r\n", "# Keyspace\r\n", "db0:keys=1,expires=0,avg_ttl=0\r\n",
            "tcp_port:" + server.port() + "\r\n"})
        {
            assertTrue(info.contains(expected), "INFO lacks " + expected + ":\n" + info);
        }
        assertTrue(info.matches("(?s).*total_commands_processed:[1-9][0-9]*\r\n.*"), info);
        final String stats = text(call("INFO", "stats"));
        assertTrue(stats.startsWith("# Stats\r\n") && !stats.contains("# Server"), stats);
        assertEquals("$0\r\n\r\n", call("INFO", "nosuch"));
    }

    @Test
    void unknownCommandsAndWrongArityAreRedisErrors() throws IOException
    {
        assertEquals("-ERR unknown command 'foo', with args beginning with: 'bar' 'baz' \r\n",
            call("foo", "bar", "baz"));
        assertEquals("-ERR unknown command 'foo', with args beginning with: \r\n", call("foo"));
        assertEquals("-ERR unknown command '', with args beginning with: \r\n", call(""));
        assertEquals("-ERR unknown command 'x', with args beginning with: '" + "a".repeat(128) + "' \r\n",
            call("x", "a".repeat(300), "b"));
        assertEquals("-ERR unknown command 'x', with args beginning with: 'a  b' \r\n", call("x", "a\r\nb"),
            "CR and LF in an error would break the framing: each becomes a space, as Redis");
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", call("GET"));
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", call("get", "a", "b"));
        assertEquals("-ERR wrong number of arguments for 'ttl' command\r\n", call("TTL"));
        assertEquals("+PONG\r\n", call("PING"), "the connection lives on");
    }

    @Test
    void inlineCommandsAreAnswered() throws IOException
    {
        client.send("SET inline \"a b\"\r\nGET inline\r\nPING\nEXISTS inline nope\r\n");
        assertEquals(OK, client.reply());
        assertEquals("$3\r\na b\r\n", client.reply());
        assertEquals("+PONG\r\n", client.reply());
        assertEquals(":1\r\n", client.reply());
    }

    @Test
    void quitAnswersAndCloses() throws IOException
    {
        client.send("PING\r\nQUIT\r\nPING\r\n");
        assertEquals("+PONG\r\n", client.reply());
        assertEquals(OK, client.reply());
        assertTrue(client.closedByServer());
    }

    private String call(final String... args) throws IOException
    {
        return client.call(args);
    }

    /**
     * @return the payload of a bulk reply.
     */
    private static String text(final String bulk)
    {
        return bulk.substring(bulk.indexOf("\r\n") + 2, bulk.length() - 2);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
