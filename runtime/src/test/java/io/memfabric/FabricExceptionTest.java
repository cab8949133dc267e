/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import io.memfabric.consensus.client.ClusterRefusedException;
import io.memfabric.consensus.client.ClusterVersionException;
import io.memfabric.consensus.client.ConsensusException;
import io.memfabric.consensus.client.ConsensusTimeoutException;
import io.memfabric.kv.resp.RespStoreException;
import io.memfabric.transport.PageTransferException;
import io.memfabric.transport.TransportException;
import io.memfabric.transport.causal.MalformedStampException;
import io.memfabric.transport.pool.PageChecksumException;
import io.memfabric.transport.pool.PoolFileException;
import io.memfabric.transport.pool.PoolFullException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One catch for everything MemFabric throws: every public exception of the fabric and of the components under it is
 * a {@link FabricException}, and those of one kind of failure always carry its category.
 */
class FabricExceptionTest
{
    @Test
    void everyPublicExceptionIsAFabricException()
    {
        for (final Class<?> type : List.of(
            FabricConfigurationException.class, FabricUnavailableException.class, FabricLockLostException.class,
            InvalidFabricUriException.class, ConsensusException.class, ConsensusTimeoutException.class,
            ClusterRefusedException.class, ClusterVersionException.class, TransportException.class,
            PageTransferException.class, PoolFileException.class, PoolFullException.class,
            PageChecksumException.class, MalformedStampException.class, RespStoreException.class))
        {
            assertTrue(FabricException.class.isAssignableFrom(type), type::getName);
        }
    }

    @Test
    void theFabricsExceptionsCarryTheirCategory()
    {
        assertEquals(FabricException.Category.UNAVAILABLE, new FabricUnavailableException("down").category());
        assertEquals(FabricException.Category.LOST, new FabricLockLostException("fenced").category());
        assertEquals(FabricException.Category.CONFIGURATION, new FabricConfigurationException("bad").category());
        final InvalidFabricUriException invalid = assertThrows(
            InvalidFabricUriException.class, () -> FabricUri.parse("http://bank/ledger"));
        assertEquals(FabricException.Category.USAGE, invalid.category());
    }
}
