/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.merge;

/**
 * How an element, key or value of a merging set or map is held: as text that is equal in every JVM for equal values
 * (a kind letter, then the value), so replicas agree on which elements are the same. Values only: strings, boxed
 * primitives and enum constants.
 */
public final class Values
{
    private Values()
    {
    }

    /**
     * @param value a value.
     * @param what  what it is, for the message if it cannot be held.
     * @return its text.
     * @throws IllegalArgumentException if it is {@code null} or not a value.
     */
    public static String encode(final Object value, final String what)
    {
        if (value instanceof String)
        {
            return "S" + value;
        }
        if (value instanceof Long)
        {
            return "J" + value;
        }
        if (value instanceof Integer)
        {
            return "I" + value;
        }
        if (value instanceof Short)
        {
            return "H" + value;
        }
        if (value instanceof Byte)
        {
            return "B" + value;
        }
        if (value instanceof Character)
        {
            return "C" + (int)(Character)value;
        }
        if (value instanceof Boolean)
        {
            return "Z" + value;
        }
        if (value instanceof Double)
        {
            return "D" + Double.doubleToLongBits((Double)value);
        }
        if (value instanceof Float)
        {
            return "F" + Float.floatToIntBits((Float)value);
        }
        if (value instanceof Enum)
        {
            final Enum<?> constant = (Enum<?>)value;
            return "E" + constant.getDeclaringClass().getName() + "#" + constant.name();
        }
        throw new IllegalArgumentException(what + " must be a String, a boxed primitive or an enum constant, not " +
            (value == null ? "null" : "a " + value.getClass().getName()) + ": merging types hold values, which every " +
            "JVM compares alike; keep an id (a String or a number) of anything else");
    }

    /**
     * @param text   as {@link #encode} made it.
     * @param loader finds an enum's class.
     * @return the value.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public static Object decode(final String text, final ClassLoader loader)
    {
        final String body = text.substring(1);
        switch (text.charAt(0))
        {
            case 'S':
                return body;
            case 'J':
                return Long.parseLong(body);
            case 'I':
                return Integer.parseInt(body);
            case 'H':
                return Short.parseShort(body);
            case 'B':
                return Byte.parseByte(body);
            case 'C':
                return (char)Integer.parseInt(body);
            case 'Z':
                return Boolean.parseBoolean(body);
            case 'D':
                return Double.longBitsToDouble(Long.parseLong(body));
            case 'F':
                return Float.intBitsToFloat(Integer.parseInt(body));
            case 'E':
                final int hash = body.indexOf('#');
                try
                {
                    final Class<? extends Enum> type = (Class<? extends Enum>)Class.forName(
                        body.substring(0, hash), false, loader);
                    return Enum.valueOf(type, body.substring(hash + 1));
                }
                catch (final ClassNotFoundException ex)
                {
                    throw new IllegalStateException("a merging type holds a constant of enum " +
                        body.substring(0, hash) + ", which this JVM cannot load", ex);
                }
            default:
                throw new IllegalStateException("a merging type holds a value of unknown kind '" + text.charAt(0) +
                    "'");
        }
    }
}
