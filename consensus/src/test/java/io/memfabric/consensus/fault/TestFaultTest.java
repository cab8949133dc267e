/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.fault;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestFaultTest
{
    @Test
    void noPropertyMeansNoFault()
    {
        assertTrue(TestFault.parse(null).isEmpty());
        assertTrue(TestFault.activeFaults().isEmpty(), "the unit tests run with every fault off");
    }

    @Test
    void namesAreCommaSeparatedAndCaseInsensitive()
    {
        assertEquals(EnumSet.of(TestFault.SKIP_LOCK, TestFault.SKIP_FENCING),
            TestFault.parse(" skip-lock, SKIP-FENCING ,"));
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TestFault.parse("skip-lock,skip-everything"));
        assertTrue(ex.getMessage().contains("'skip-everything'"), ex.getMessage());
        for (final TestFault fault : TestFault.values())
        {
            assertTrue(ex.getMessage().contains(fault.propertyName()), ex.getMessage());
        }
    }
}
