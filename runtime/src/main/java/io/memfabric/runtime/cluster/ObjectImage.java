/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.cluster;

import io.memfabric.FabricException;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.client.SlotValue;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.runtime.DynamicValues;
import io.memfabric.runtime.SharedClassLayout;
import io.memfabric.runtime.SharedInstance;
import io.memfabric.runtime.ValueTypes;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * How a shared object looks in the consensus cluster, and back: the cluster holds an object as tagged slots; slot 0
 * holds its class's binary name, so another JVM can make an instance, and the class's shared field {@code i} (its
 * slot in {@link SharedClassLayout}) is cluster slot {@code i + 1}. Primitives and boxed primitives travel as their
 * 64 bits (floating point as raw bits), strings and enum constants as text (enums by name; a string longer than
 * {@link TextImage#INLINE_MAX} bytes as a reference to text objects of its own), references to shared objects as
 * object ids, {@code null} as null. A record is made through its canonical constructor, since its fields cannot be
 * set afterwards.
 * <p>
 * Used by the cluster-backed node to publish a graph (one batch of entries) and to fill the local copy of an object
 * from the cluster.
 */
public final class ObjectImage
{
    /**
     * The cluster slot holding the object's class name.
     */
    public static final int TYPE_SLOT = 0;

    private static final Object UNSAFE = unsafe();

    private ObjectImage()
    {
    }

    /**
     * @param layoutSlot a slot of {@link SharedClassLayout}.
     * @return its slot in the cluster.
     */
    public static int clusterSlot(final int layoutSlot)
    {
        return layoutSlot + 1;
    }

    /**
     * Adds the entries that write a whole object: its class name and every shared field.
     *
     * @param object   the object.
     * @param objectId its id in the cluster.
     * @param idOf     the cluster id of a shared object it references.
     * @param out      where the entries go.
     */
    public static void encode(
        final SharedInstance object,
        final long objectId,
        final ToLongFunction<Object> idOf,
        final List<FabricConsensus.Entry> out)
    {
        encode(object, objectId, idOf, SlotValue::ofString, out);
    }

    /**
     * Adds the entries that write a whole object: its class name and every shared field.
     *
     * @param object   the object.
     * @param objectId its id in the cluster.
     * @param idOf     the cluster id of a shared object it references.
     * @param textOf   how a string field's value is held (long texts live in objects of their own).
     * @param out      where the entries go.
     */
    public static void encode(
        final SharedInstance object,
        final long objectId,
        final ToLongFunction<Object> idOf,
        final Function<String, SlotValue> textOf,
        final List<FabricConsensus.Entry> out)
    {
        final SharedClassLayout layout = SharedClassLayout.of(object.getClass());
        out.add(new FabricConsensus.Entry(objectId, TYPE_SLOT, SlotValue.ofString(object.getClass().getName())));
        for (int i = 0; i < layout.slotCount(); i++)
        {
            final SharedClassLayout.Slot slot = layout.slot(i);
            out.add(new FabricConsensus.Entry(objectId, clusterSlot(i),
                encodeValue(slot.type(), slot.get(object), idOf, textOf)));
        }
    }

    /**
     * @param type  a shared field's declared type.
     * @param value the field's value, boxed if primitive.
     * @param idOf  the cluster id of a referenced shared object.
     * @return the value as the cluster holds it.
     */
    public static SlotValue encodeValue(final Class<?> type, final Object value, final ToLongFunction<Object> idOf)
    {
        return encodeValue(type, value, idOf, SlotValue::ofString);
    }

    /**
     * @param type   a shared field's declared type.
     * @param value  the field's value, boxed if primitive.
     * @param idOf   the cluster id of a referenced shared object.
     * @param textOf how a string is held.
     * @return the value as the cluster holds it.
     */
    public static SlotValue encodeValue(
        final Class<?> type,
        final Object value,
        final ToLongFunction<Object> idOf,
        final Function<String, SlotValue> textOf)
    {
        if (value == null)
        {
            return SlotValue.nullValue();
        }
        if (DynamicValues.isDynamic(type))
        {
            return encodeDynamic(value, idOf, textOf);
        }
        if (value instanceof String)
        {
            return textOf.apply((String)value);
        }
        if (value instanceof Enum)
        {
            return SlotValue.ofString(((Enum<?>)value).name());
        }
        if (ValueTypes.isValueType(type))
        {
            // Its text, in the slot itself (only a number can be longer than a slot holds).
            final String text = ValueTypes.encode(value);
            if (text.length() > Wire.MAX_VAR_LENGTH)
            {
                throw new FabricException(FabricException.Category.LIMIT, "Cannot put a " + type.getName() + " of " +
                    text.length() + " characters into a shared field: a value of it is at most " +
                    Wire.MAX_VAR_LENGTH + " characters; store its text in a String field instead");
            }
            return SlotValue.ofString(text);
        }
        if (value instanceof SharedInstance)
        {
            return SlotValue.ofRef(idOf.applyAsLong(value));
        }
        if (value instanceof Boolean)
        {
            return SlotValue.ofLong((Boolean)value ? 1 : 0);
        }
        if (value instanceof Character)
        {
            return SlotValue.ofLong((Character)value);
        }
        if (value instanceof Float)
        {
            return SlotValue.ofLong(Float.floatToRawIntBits((Float)value));
        }
        if (value instanceof Double)
        {
            return SlotValue.ofLong(Double.doubleToRawLongBits((Double)value));
        }
        if (value instanceof Number)
        {
            return SlotValue.ofLong(((Number)value).longValue());
        }
        throw new FabricException(FabricException.Category.USAGE,
            "Cannot put a " + value.getClass().getName() + " into a shared field of type " +
            type.getName());
    }

    // A slot of a dynamic field says what it holds: text starts with a letter naming its kind (S string, J long,
    // I int, H short, B byte, C char, Z boolean, D double and F float as their bits, E enum, V JDK value), and a
    // long string or a shared object is a reference.
    private static SlotValue encodeDynamic(
        final Object value, final ToLongFunction<Object> idOf, final Function<String, SlotValue> textOf)
    {
        if (value instanceof String)
        {
            final String text = (String)value;
            return (long)text.length() * 3 + 1 <= TextImage.INLINE_MAX ? SlotValue.ofString("S" + text) :
                dynamicText(textOf.apply(text));
        }
        if (value instanceof SharedInstance)
        {
            return SlotValue.ofRef(idOf.applyAsLong(value));
        }
        final String encoded;
        if (value instanceof Long) encoded = "J" + value;
        else if (value instanceof Integer) encoded = "I" + value;
        else if (value instanceof Short) encoded = "H" + value;
        else if (value instanceof Byte) encoded = "B" + value;
        else if (value instanceof Character) encoded = "C" + (int)(Character)value;
        else if (value instanceof Boolean) encoded = (Boolean)value ? "Z1" : "Z0";
        else if (value instanceof Double) encoded = "D" + Double.doubleToRawLongBits((Double)value);
        else if (value instanceof Float) encoded = "F" + Float.floatToRawIntBits((Float)value);
        else if (value instanceof Enum) encoded = "E" + ((Enum<?>)value).getDeclaringClass().getName() + "#" +
            ((Enum<?>)value).name();
        else if (ValueTypes.isValueType(value.getClass()))
        {
            final String text = ValueTypes.encode(value);
            if (text.length() > Wire.MAX_VAR_LENGTH / 2)
            {
                throw new FabricException(FabricException.Category.LIMIT, "Cannot store a " +
                    value.getClass().getName() + " of " + text.length() + " characters in a shared field: a " +
                    "value of it is at most " + Wire.MAX_VAR_LENGTH / 2 + " characters; store its text instead");
            }
            encoded = "V" + value.getClass().getName() + "\n" + text;
        }
        else
        {
            throw new FabricException(FabricException.Category.USAGE, "Cannot store a " +
                value.getClass().getName() + " in a shared field of type Object or a fabric collection");
        }
        return SlotValue.ofString(encoded);
    }

    private static SlotValue dynamicText(final SlotValue held)
    {
        // textOf answers a reference for a long text; a short one it answers inline, which needs its kind letter.
        return held.tag() == ValueTag.REF ? held : SlotValue.ofString("S" + held.asString());
    }

    private static Object decodeDynamic(final SlotValue value, final LongFunction<Object> resolve)
    {
        if (value.tag() == ValueTag.REF)
        {
            return resolve.apply(value.bits());
        }
        if (value.tag() != ValueTag.BYTES)
        {
            throw corrupt(value, "a slot of an Object field or a collection holds text or a reference");
        }
        final String text = value.asString();
        if (text.isEmpty())
        {
            throw corrupt(value, "its kind letter is missing");
        }
        final String rest = text.substring(1);
        try
        {
            switch (text.charAt(0))
            {
                case 'S': return rest;
                case 'J': return Long.parseLong(rest);
                case 'I': return Integer.parseInt(rest);
                case 'H': return Short.parseShort(rest);
                case 'B': return Byte.parseByte(rest);
                case 'C': return (char)Integer.parseInt(rest);
                case 'Z': return rest.equals("1");
                case 'D': return Double.longBitsToDouble(Long.parseLong(rest));
                case 'F': return Float.intBitsToFloat(Integer.parseInt(rest));
                case 'E':
                {
                    final int hash = rest.indexOf('#');
                    return enumValue(loadClass(rest.substring(0, hash)), rest.substring(hash + 1));
                }
                case 'V':
                {
                    final int newline = rest.indexOf('\n');
                    return ValueTypes.decode(loadClass(rest.substring(0, newline)), rest.substring(newline + 1));
                }
                default:
                    throw corrupt(value, "its kind letter '" + text.charAt(0) + "' is unknown");
            }
        }
        catch (final RuntimeException ex)
        {
            if (ex instanceof FabricException)
            {
                throw ex;
            }
            throw corrupt(value, ex.toString());
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object enumValue(final Class<?> type, final String name)
    {
        return Enum.valueOf((Class)type, name);
    }

    private static Class<?> loadClass(final String name)
    {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        try
        {
            return Class.forName(name, true, context != null ? context : ObjectImage.class.getClassLoader());
        }
        catch (final ClassNotFoundException ex)
        {
            try
            {
                return Class.forName(name, true, ObjectImage.class.getClassLoader());
            }
            catch (final ClassNotFoundException again)
            {
                throw new FabricException(FabricException.Category.USAGE, "A shared value is of class " + name +
                    ", which this JVM cannot load: put it on the class path of every JVM of the fabric", again);
            }
        }
    }

    private static FabricException corrupt(final SlotValue value, final String why)
    {
        return new FabricException(FabricException.Category.CORRUPT, "The fabric holds " + value +
            " for an Object field or a collection element, which cannot be read: " + why);
    }

    /**
     * @param slots an object's slots as read from the cluster.
     * @return the binary name of its class, or {@code null} if the object was never written.
     */
    public static String typeName(final List<SlotValue> slots)
    {
        return slots.isEmpty() ? null : slots.get(TYPE_SLOT).asString();
    }

    /**
     * Makes the local copy of a shared object of a shareable class, before its shared fields are filled from the
     * cluster. Its unshared fields (transient, or not {@code @Shared}) belong to this JVM and get what the class's
     * no-argument constructor (of any access) gives them, as they would in a {@code new} object: the constructor runs
     * with the object not yet shared, so its writes stay local, and the fabric's values then replace the shared
     * fields. A class without a no-argument constructor (or one this runtime may not call) gets an instance made
     * without any constructor, every field at its default.
     *
     * @param type the class.
     * @return a new, unshared instance.
     * @throws FabricException if the constructor throws, or shares the object it makes.
     */
    public static Object newInstance(final Class<?> type)
    {
        java.lang.reflect.Constructor<?> constructor;
        try
        {
            constructor = java.lang.reflect.Modifier.isAbstract(type.getModifiers()) ? null :
                type.getDeclaredConstructor();
            if (constructor != null)
            {
                constructor.setAccessible(true);
            }
        }
        catch (final NoSuchMethodException | RuntimeException ex)
        {
            // No such constructor, or its package is not opened to MemFabric: defaults it is, as documented.
            constructor = null;
        }
        if (constructor != null)
        {
            final Object made;
            try
            {
                made = constructor.newInstance();
            }
            catch (final java.lang.reflect.InvocationTargetException ex)
            {
                throw new FabricException(FabricException.Category.USAGE,
                    "Cannot make the local copy of a shared " + type.getName() + ": its " +
                    "no-argument constructor, which runs to give the fields it does not share their initial values " +
                    "in this JVM, threw " + ex.getCause(), ex.getCause());
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new FabricException(FabricException.Category.USAGE,
                    "Cannot make the local copy of a shared " + type.getName() + ": " + ex, ex);
            }
            if (made instanceof SharedInstance && ((SharedInstance)made).$mf$header() != null)
            {
                throw new FabricException(FabricException.Category.USAGE,
                    "Cannot make the local copy of a shared " + type.getName() + ": its " +
                    "no-argument constructor shares the object it makes (stores this into a shared field or root). " +
                    "It runs for every copy another JVM reads, so it must leave that to its callers.");
            }
            return made;
        }
        try
        {
            return UNSAFE.getClass().getMethod("allocateInstance", Class.class).invoke(UNSAFE, type);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new FabricException(FabricException.Category.INTERNAL,
                "Cannot make an instance of " + type.getName() + " to hold a shared object: " +
                ex);
        }
    }

    /**
     * Fills the shared fields of a local copy from the cluster's slots.
     *
     * @param target  the local copy.
     * @param slots   the object's slots, slot 0 its class name.
     * @param resolve the local object for a referenced object id.
     */
    public static void apply(final Object target, final List<SlotValue> slots, final LongFunction<Object> resolve)
    {
        apply(target, slots, resolve, true);
    }

    /**
     * Fills the shared fields of a local copy from the cluster's slots, its final fields only if asked: they are
     * written once, when the copy is made, and never change.
     *
     * @param target       the local copy.
     * @param slots        the object's slots, slot 0 its class name.
     * @param resolve      the local object for a referenced object id.
     * @param includeFinal whether to set final fields too.
     */
    public static void apply(
        final Object target, final List<SlotValue> slots, final LongFunction<Object> resolve, final boolean includeFinal)
    {
        final SharedClassLayout layout = SharedClassLayout.of(target.getClass());
        // A record's fields are all final and were given to its canonical constructor (see newRecord).
        final boolean setFinal = includeFinal && !target.getClass().isRecord();
        for (int i = 0; i < layout.slotCount(); i++)
        {
            final SharedClassLayout.Slot slot = layout.slot(i);
            if (!includeFinal && (slot.isFinal() || slot.isReplicated()))
            {
                // Written once, or (CAUSAL/EVENTUAL) newer here than in the cluster, which keeps its first value.
                continue;
            }
            if (!setFinal && slot.isFinal())
            {
                continue;
            }
            final int clusterSlot = clusterSlot(i);
            final SlotValue value = clusterSlot < slots.size() ? slots.get(clusterSlot) : SlotValue.nullValue();
            slot.set(target, decodeValue(slot.type(), value, resolve));
        }
    }

    /**
     * @param type    a shared field's declared type.
     * @param value   the value as the cluster holds it.
     * @param resolve the local object for a referenced object id.
     * @return the value for the field, boxed exactly as its type if primitive.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public static Object decodeValue(final Class<?> type, final SlotValue value, final LongFunction<Object> resolve)
    {
        final long bits = value.bits();
        if (type.isPrimitive())
        {
            if (type == long.class) return bits;
            if (type == int.class) return (int)bits;
            if (type == boolean.class) return bits != 0;
            if (type == double.class) return Double.longBitsToDouble(bits);
            if (type == float.class) return Float.intBitsToFloat((int)bits);
            if (type == short.class) return (short)bits;
            if (type == byte.class) return (byte)bits;
            return (char)bits;
        }
        if (value.isNull())
        {
            return null;
        }
        if (DynamicValues.isDynamic(type))
        {
            return decodeDynamic(value, resolve);
        }
        if (type == String.class) return value.tag() == ValueTag.REF ? resolve.apply(bits) : value.asString();
        if (type.isEnum()) return Enum.valueOf((Class)type, value.asString());
        if (ValueTypes.isValueType(type)) return ValueTypes.decode(type, value.asString());
        if (type == Long.class) return bits;
        if (type == Integer.class) return (int)bits;
        if (type == Boolean.class) return bits != 0;
        if (type == Double.class) return Double.longBitsToDouble(bits);
        if (type == Float.class) return Float.intBitsToFloat((int)bits);
        if (type == Short.class) return (short)bits;
        if (type == Byte.class) return (byte)bits;
        if (type == Character.class) return (char)bits;
        return resolve.apply(bits);
    }

    /**
     * Makes a record from the cluster's slots through its canonical constructor: a record's fields cannot be set
     * afterwards, not even by reflection. Objects it references must already have local copies.
     *
     * @param type    the record class.
     * @param slots   the object's slots, slot 0 its class name.
     * @param resolve the local object for a referenced object id.
     * @return the record.
     */
    public static Object newRecord(
        final Class<?> type, final List<SlotValue> slots, final LongFunction<Object> resolve)
    {
        final SharedClassLayout layout = SharedClassLayout.of(type);
        final RecordComponent[] components = type.getRecordComponents();
        final Class<?>[] types = new Class<?>[components.length];
        final Object[] args = new Object[components.length];
        for (int c = 0; c < components.length; c++)
        {
            types[c] = components[c].getType();
            args[c] = defaultValue(types[c]);
            for (int i = 0; i < layout.slotCount(); i++)
            {
                if (layout.slot(i).name().equals(components[c].getName()))
                {
                    final int clusterSlot = clusterSlot(i);
                    args[c] = decodeValue(types[c], clusterSlot < slots.size() ? slots.get(clusterSlot) :
                        SlotValue.nullValue(), resolve);
                }
            }
        }
        try
        {
            final Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        }
        catch (final InvocationTargetException ex)
        {
            throw new FabricException(FabricException.Category.USAGE,
                "The canonical constructor of record " + type.getName() + " refused the " +
                "values the fabric holds for it: " + ex.getCause(), ex.getCause());
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new FabricException(FabricException.Category.USAGE,
                "Cannot make record " + type.getName() + " to hold a shared object: " + ex +
                "; a record shared through the fabric must be accessible to MemFabric (open its package if it is " +
                "in a named module)", ex);
        }
    }

    /**
     * @param slots a record's slots.
     * @return the ids of the shared objects it references.
     */
    static List<Long> refs(final List<SlotValue> slots)
    {
        final List<Long> refs = new ArrayList<>();
        for (int i = TYPE_SLOT + 1; i < slots.size(); i++)
        {
            if (slots.get(i).tag() == ValueTag.REF)
            {
                refs.add(slots.get(i).bits());
            }
        }
        return refs;
    }

    private static Object defaultValue(final Class<?> type)
    {
        return type.isPrimitive() ? zero(type) : null;
    }

    private static Object zero(final Class<?> type)
    {
        try
        {
            return MethodHandles.zero(type).invoke();
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Object unsafe()
    {
        try
        {
            final Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return field.get(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
