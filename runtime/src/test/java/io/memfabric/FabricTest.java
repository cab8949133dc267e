/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import io.memfabric.consensus.cluster.TestPorts;
import io.memfabric.runtime.OpenFabrics;
import io.memfabric.runtime.embedded.EmbeddedFabric;
import io.memfabric.runtime.rewritten.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FabricTest
{
    private final OpenFabrics fabrics = new OpenFabrics();

    @AfterEach
    void closeFabrics()
    {
        fabrics.closeAll();
    }

    @Test
    void openWithoutClusterGivesAnEmptyEmbeddedFabric()
    {
        final FabricConfig config = new FabricConfig();
        final Fabric fabric = open(config);

        assertInstanceOf(EmbeddedFabric.class, fabric);
        assertTrue(config.isConcluded(), "open concludes the configuration");
        assertEquals(new FabricStats(0, 0, 0, 0, 0), fabric.stats());
    }

    @Test
    void openWithAClusterThatDoesNotAnswerFailsWithinTheTimeout() throws IOException
    {
        final int port = TestPorts.freeBasePort(32000, 3);
        final FabricConfig config = new FabricConfig()
            .cluster("localhost:" + port + ",localhost:" + (port + 100) + ",localhost:" + (port + 200))
            .timeoutMs(1_000);

        final FabricUnavailableException ex = assertThrows(FabricUnavailableException.class, () -> open(config));

        assertEquals(FabricException.Category.UNAVAILABLE, ex.category());
        assertTrue(ex.category().retryable());
        assertTrue(ex.getMessage().contains("did not answer joining the fabric"), ex.getMessage());
        assertTrue(ex.getMessage().contains("memfabric.timeout.ms (1000 ms)"), ex.getMessage());
        assertTrue(ex.getMessage().contains("./fabric cluster status"), ex.getMessage());
    }

    @Test
    void openWithMalformedClusterReportsTheEndpointFirst()
    {
        final FabricConfig config = new FabricConfig().cluster("localhost");

        final FabricConfigurationException ex = assertThrows(
            FabricConfigurationException.class, () -> open(config));

        assertTrue(ex.getMessage().contains("the endpoint 'localhost' is not host:port"), ex.getMessage());
    }

    @Test
    void currentWithoutTheAgentSaysToStartWithJavaagent()
    {
        final FabricUnavailableException ex = assertThrows(FabricUnavailableException.class, Fabric::current);

        assertEquals(FabricException.Category.UNAVAILABLE, ex.category());
        assertTrue(ex.getMessage().contains("-javaagent:"), ex.getMessage());
        assertTrue(ex.getMessage().contains("without the MemFabric agent"), ex.getMessage());
    }

    @Test
    void fabricsOpenAtOnceKeepTheirOwnRoots()
    {
        final Fabric first = open(new FabricConfig());
        final Fabric second = open(new FabricConfig());

        final Account inFirst = first.root("fabric://bank/ledger", Account.class, () -> new Account(1));
        final Account inSecond = second.root("fabric://bank/ledger", Account.class, () -> new Account(2));

        assertNotSame(inFirst, inSecond);
        assertEquals(1, inFirst.balance);
        assertEquals(2, inSecond.balance);
        assertTrue(first.isShared(inFirst));
        assertFalse(first.isShared(inSecond));
        assertTrue(second.isShared(inSecond));
        assertFalse(second.isShared(inFirst));
    }

    @Test
    void closingTwiceDoesNothing()
    {
        final Fabric fabric = open(new FabricConfig());

        fabric.close();
        fabric.close();

        assertThrows(
            FabricUnavailableException.class, () -> fabric.root("fabric://bank/ledger", Account.class, Account::new));
    }

    private Fabric open(final FabricConfig config)
    {
        return fabrics.open(config);
    }
}
