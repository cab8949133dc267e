/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import io.memfabric.FabricConfigurationException;
import io.memfabric.FabricErrorHandler;
import io.memfabric.FabricException;
import io.memfabric.IdleSetting;
import io.memfabric.consensus.client.ClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The member's and the client's settings: defaults from their {@code Configuration}, one exception for every bad
 * setting, an error handler always there after {@code conclude()}.
 */
class MemberConfigTest
{
    private static final ClusterEndpoints ENDPOINTS = ClusterEndpoints.parse("localhost:20000,localhost:20010");

    @Test
    void defaultsComeFromTheConfigurationAndConcludeFillsInTheErrorHandler()
    {
        final MemberConfig member = new MemberConfig().memberId(1).endpoints(ENDPOINTS).dir(new File("member-1"))
            .aeronDir("/tmp/unused").conclude();
        assertEquals(MemberConfig.Configuration.IDLE_DEFAULT, member.idle());
        assertEquals(MemberConfig.Configuration.LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT, member.leaderHeartbeatTimeoutMs());
        assertNotNull(member.errorHandler());

        final ClientConfig client = new ClientConfig().endpoints(ENDPOINTS).egressChannel("aeron:udp?endpoint=x:0")
            .conclude();
        assertEquals(ClientConfig.Configuration.IDLE_DEFAULT, client.idle());
        assertEquals(ClientConfig.Configuration.REQUEST_TIMEOUT_MS_DEFAULT, client.requestTimeoutMs());
        assertNotNull(client.errorHandler());
    }

    @Test
    void aGivenErrorHandlerAndIdleSettingAreKept()
    {
        final FabricErrorHandler handler = (error) -> {};
        final MemberConfig member = new MemberConfig().memberId(0).endpoints(ENDPOINTS).dir(new File("member-0"))
            .aeronDir("/tmp/unused").idle(IdleSetting.BUSY_SPIN).errorHandler(handler).conclude();
        assertSame(handler, member.errorHandler());
        assertEquals(IdleSetting.BUSY_SPIN, member.idle());
    }

    @Test
    void everyBadSettingIsAConfigurationErrorNamingIt()
    {
        assertRejected(new MemberConfig().memberId(0).dir(new File("m")), "--members");
        assertRejected(new MemberConfig().memberId(2).endpoints(ENDPOINTS).dir(new File("m")), "member id 2");
        assertRejected(new MemberConfig().memberId(0).endpoints(ENDPOINTS).dir(new File("m"))
            .leaderHeartbeatIntervalMs(300), "a third of its timeout");
        assertRejected(new MemberConfig().memberId(0).endpoints(ENDPOINTS).dir(new File("m")).idle(null), "idle");
        final FabricConfigurationException noEndpoints =
            assertThrows(FabricConfigurationException.class, () -> new ClientConfig().conclude());
        assertTrue(noEndpoints.getMessage().contains("memfabric.cluster"), noEndpoints.getMessage());
        assertThrows(FabricConfigurationException.class,
            () -> new ClientConfig().endpoints(ENDPOINTS).requestTimeoutMs(0).conclude());
    }

    private static void assertRejected(final MemberConfig config, final String named)
    {
        final FabricConfigurationException ex = assertThrows(FabricConfigurationException.class, config::conclude);
        assertEquals(FabricException.Category.CONFIGURATION, ex.category());
        assertTrue(ex.getMessage().contains(named), ex.getMessage());
    }
}
