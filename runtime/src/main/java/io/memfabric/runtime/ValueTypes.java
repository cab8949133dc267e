/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The immutable JDK values a shared instance field may hold besides primitives, boxed primitives, {@code String} and
 * enums: ids, times, durations and exact numbers. A cluster holds each as its text ({@code toString()}), which its
 * {@code parse} (or constructor) turns back into an equal value, so a JVM reads an equal object, not the same one:
 * compare them with {@code equals}, as these classes are meant to be compared. {@code BigDecimal} keeps its scale
 * ({@code 1.50} stays {@code 1.50}).
 */
public final class ValueTypes
{
    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.ofEntries(
        Map.entry(UUID.class, UUID::fromString),
        Map.entry(Instant.class, Instant::parse),
        Map.entry(Duration.class, Duration::parse),
        Map.entry(Period.class, Period::parse),
        Map.entry(LocalDate.class, LocalDate::parse),
        Map.entry(LocalTime.class, LocalTime::parse),
        Map.entry(LocalDateTime.class, LocalDateTime::parse),
        Map.entry(OffsetDateTime.class, OffsetDateTime::parse),
        Map.entry(ZonedDateTime.class, ZonedDateTime::parse),
        Map.entry(BigInteger.class, BigInteger::new),
        Map.entry(BigDecimal.class, BigDecimal::new));

    /**
     * The names of the value classes, for the agent, which checks field types before the classes load.
     */
    public static final List<String> NAMES = List.of(
        "java.util.UUID", "java.time.Instant", "java.time.Duration", "java.time.Period", "java.time.LocalDate",
        "java.time.LocalTime", "java.time.LocalDateTime", "java.time.OffsetDateTime", "java.time.ZonedDateTime",
        "java.math.BigInteger", "java.math.BigDecimal");

    private ValueTypes()
    {
    }

    /**
     * @param type a field's declared type.
     * @return whether it is one of the value classes.
     */
    public static boolean isValueType(final Class<?> type)
    {
        return PARSERS.containsKey(type);
    }

    /**
     * @param value a value of one of the value classes.
     * @return its text, which {@link #decode} turns back into an equal value.
     */
    public static String encode(final Object value)
    {
        return value.toString();
    }

    /**
     * @param type a value class.
     * @param text what {@link #encode} made of a value of it.
     * @return an equal value.
     * @throws FabricException of category {@code CORRUPT} if the text is not one of the class's values.
     */
    public static Object decode(final Class<?> type, final String text)
    {
        final Function<String, Object> parser = PARSERS.get(type);
        if (parser == null)
        {
            throw new IllegalArgumentException(type.getName() + " is not a value class of the fabric");
        }
        try
        {
            return parser.apply(text);
        }
        catch (final DateTimeException | IllegalArgumentException ex)
        {
            throw new FabricException(FabricException.Category.CORRUPT, "The fabric holds '" + text +
                "' for a shared field of type " + type.getName() + ", which is not one of its values: " +
                ex.getMessage(), ex);
        }
    }
}
