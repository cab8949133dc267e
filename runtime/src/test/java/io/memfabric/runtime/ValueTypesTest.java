/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.runtime.cluster.ObjectImage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK values a shared field may hold go to the cluster as text and come back equal, of their own class.
 */
class ValueTypesTest
{
    private static final List<Object> VALUES = List.of(
        UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Instant.parse("2026-12-07T20:05:01.123456789Z"),
        Instant.MIN,
        Duration.ofSeconds(-3, 7),
        Period.of(1, -2, 30),
        LocalDate.of(-44, 3, 15),
        LocalTime.of(23, 59, 59, 999_999_999),
        LocalDateTime.of(2026, 2, 28, 0, 0),
        OffsetDateTime.of(2026, 12, 7, 21, 0, 0, 5, ZoneOffset.ofHoursMinutes(-9, -30)),
        ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
        new BigInteger("-123456789012345678901234567890123456789"),
        new BigDecimal("1.50"),
        new BigDecimal("-1E+400"),
        BigDecimal.valueOf(0.1));

    @Test
    void everyValueComesBackEqualOfItsOwnClassAndAsANewObject()
    {
        for (final Object value : VALUES)
        {
            final Class<?> type = value.getClass();
            assertTrue(ValueTypes.isValueType(type), type.getName());
            assertTrue(ValueTypes.NAMES.contains(type.getName()), type.getName());
            final SlotValue slot = ObjectImage.encodeValue(type, value, object -> 0);
            assertEquals(ValueTag.BYTES, slot.tag(), "held as its text");
            final Object back = ObjectImage.decodeValue(type, slot, id -> null);
            assertEquals(value, back, type.getName());
            assertEquals(type, back.getClass());
            assertNotSame(value, back);
        }
        assertEquals(2, ((BigDecimal)ObjectImage.decodeValue(BigDecimal.class,
            ObjectImage.encodeValue(BigDecimal.class, new BigDecimal("1.50"), object -> 0), id -> null)).scale(),
            "a BigDecimal keeps its scale");
        assertNull(ObjectImage.decodeValue(UUID.class, ObjectImage.encodeValue(UUID.class, null, object -> 0),
            id -> null));
    }

    @Test
    void onlyTheListedClassesAreValueClassesAndTextThatIsNoValueIsReportedAsCorrupt()
    {
        assertFalse(ValueTypes.isValueType(ZoneId.class));
        assertFalse(ValueTypes.isValueType(String.class));
        assertEquals(11, ValueTypes.NAMES.size());
        final FabricException ex = assertThrows(FabricException.class,
            () -> ObjectImage.decodeValue(Instant.class, SlotValue.ofString("yesterday"), id -> null));
        assertEquals(FabricException.Category.CORRUPT, ex.category());
        final FabricException tooLong = assertThrows(FabricException.class, () -> ObjectImage.encodeValue(
            BigInteger.class, BigInteger.TEN.pow(70_000), object -> 0));
        assertEquals(FabricException.Category.LIMIT, tooLong.category());
        assertTrue(tooLong.getMessage().contains("java.math.BigInteger of 70001 characters"), tooLong.getMessage());
        assertTrue(ex.getMessage().contains("'yesterday'") && ex.getMessage().contains("java.time.Instant"),
            ex.getMessage());
    }
}
