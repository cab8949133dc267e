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
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jedis, a real Redis client, against the front: its own handshake (it asks for RESP3 and falls back to RESP2 on
 * NOPROTO), values of 4 MB, pipelining, MGET/MSET, TTL, and Redis errors as Jedis reports them.
 */
@Timeout(120)
class RespJedisTest
{
    private RespTestServer server;
    private Jedis jedis;

    @BeforeEach
    void start(final TestInfo test)
    {
        server = RespTestServer.start("jedis-" + test.getTestMethod().orElseThrow().getName());
        jedis = new Jedis("127.0.0.1", server.port());
    }

    @AfterEach
    void stop()
    {
        try
        {
            jedis.close();
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void jedisConnectsWithItsDefaultsAndWithRespTwoAskedForButNotWithRespThree()
    {
        assertEquals("PONG", jedis.ping());
        final RedisProtocol protocol = jedis.getConnection().getRedisProtocol();
        assertTrue(null == protocol || RedisProtocol.RESP2 == protocol, "RESP2 on the wire: " + protocol);

        final HostAndPort address = new HostAndPort("127.0.0.1", server.port());
        try (Jedis resp2 = new Jedis(address, DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2)
            .build()))
        {
            assertEquals("PONG", resp2.ping());
            assertEquals(RedisProtocol.RESP2, resp2.getConnection().getRedisProtocol(), "after HELLO 2");
        }
        final JedisDataException resp3 = assertThrows(JedisDataException.class, () ->
        {
            try (Jedis refused = new Jedis(address, DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP3).build()))
            {
                refused.ping();
            }
        });
        assertTrue(resp3.getMessage().contains("NOPROTO"), resp3.getMessage());
        assertEquals("OK", jedis.clientSetname("jedis-test"));
        assertEquals("jedis-test", jedis.clientGetname());
        assertTrue(jedis.info().contains("redis_version:"));
        assertEquals(0, jedis.dbSize());
    }

    @Test
    void setAndGetOfFourMegabyteValues()
    {
        final Random random = new Random(4);
        final List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final byte[] value = new byte[4 * 1024 * 1024];
            random.nextBytes(value);
            values.add(value);
            assertEquals("OK", jedis.set(key("kv:" + i), value));
        }
        for (int i = 0; i < 3; i++)
        {
            assertArrayEquals(values.get(i), jedis.get(key("kv:" + i)));
        }
        assertEquals(3, jedis.exists("kv:0", "kv:1", "kv:2"));
        assertEquals(3L * 4 * 1024 * 1024, server.store().stats().valueBytes());
    }

    @Test
    void pipelinedCommandsAnswerInOrder()
    {
        final Pipeline pipeline = jedis.pipelined();
        final List<Response<String>> sets = new ArrayList<>();
        final List<Response<String>> gets = new ArrayList<>();
        // 500 keys: each value takes a 64 KiB slot of the test's 64 MiB pool, which holds 1024 (then LRU evicts).
        for (int i = 0; i < 500; i++)
        {
            sets.add(pipeline.set("p:" + i, "value " + i));
            gets.add(pipeline.get("p:" + i));
        }
        final Response<byte[]> big = pipeline.get(key("missing"));
        pipeline.sync();
        for (int i = 0; i < 500; i++)
        {
            assertEquals("OK", sets.get(i).get());
            assertEquals("value " + i, gets.get(i).get());
        }
        assertNull(big.get());
        assertEquals(500, jedis.dbSize());
    }

    @Test
    void msetMgetAndLargeValuesInOnePipeline()
    {
        final byte[] large = new byte[2 * 1024 * 1024];
        Arrays.fill(large, (byte)7);
        assertEquals("OK", jedis.mset(key("a"), key("1"), key("b"), large, key("c"), key("")));
        final List<byte[]> values = jedis.mget(key("a"), key("b"), key("c"), key("d"));
        assertArrayEquals(key("1"), values.get(0));
        assertArrayEquals(large, values.get(1));
        assertArrayEquals(new byte[0], values.get(2));
        assertNull(values.get(3));
        assertEquals(Arrays.asList("1", null), jedis.mget("a", "nope"));
    }

    @Test
    void expiryThroughJedis()
    {
        assertEquals("OK", jedis.set("t", "v", SetParams.setParams().ex(100)));
        assertEquals(100, jedis.ttl("t"));
        assertEquals(100_000, jedis.pttl("t"));
        assertEquals(1, jedis.pexpire("t", 2_500));
        assertEquals(3, jedis.ttl("t"), "2.5 s rounds to 3, as Redis");
        assertEquals(1, jedis.persist("t"));
        assertEquals(-1, jedis.ttl("t"));
        assertEquals(1, jedis.expire("t", 10));
        server.advanceMs(10_000);
        assertNull(jedis.get("t"));
        assertEquals(-2, jedis.ttl("t"));
        assertEquals("OK", jedis.setex("s", 5, "v"));
        assertEquals(5, jedis.ttl("s"));
        assertEquals("OK", jedis.psetex("s", 1500, "w"));
        assertEquals(1500, jedis.pttl("s"));
        assertEquals(0, jedis.setnx("s", "x"));
        assertEquals(1, jedis.setnx("n", "x"));
        assertEquals("w", jedis.get("s"));
    }

    @Test
    void redisErrorsReachJedisAsRedisErrors()
    {
        final JedisDataException unknown = assertThrows(JedisDataException.class,
            () -> jedis.sendCommand(command("FOO"), "bar"));
        assertEquals("ERR unknown command 'FOO', with args beginning with: 'bar' ", unknown.getMessage());
        final JedisDataException expire = assertThrows(JedisDataException.class,
            () -> jedis.sendCommand(command("SET"), "k", "v", "EX", "0"));
        assertEquals("ERR invalid expire time in 'set' command", expire.getMessage());
        final JedisDataException arity = assertThrows(JedisDataException.class,
            () -> jedis.sendCommand(command("GET")));
        assertEquals("ERR wrong number of arguments for 'get' command", arity.getMessage());
        final JedisDataException select = assertThrows(JedisDataException.class, () -> jedis.select(3));
        assertEquals("ERR DB index is out of range", select.getMessage());
        assertEquals("PONG", jedis.ping(), "the connection lives on after errors");
    }

    @Test
    void pinsThroughJedis()
    {
        jedis.set("k", "v");
        assertEquals(1L, jedis.sendCommand(command("MF.PIN"), "k", "60000"));
        assertEquals(1L, jedis.sendCommand(command("MF.UNPIN"), "k"));
        assertEquals(0L, jedis.sendCommand(command("MF.PIN"), "missing"));
    }

    private static byte[] key(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ProtocolCommand command(final String name)
    {
        final byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        return () -> raw;
    }
}
