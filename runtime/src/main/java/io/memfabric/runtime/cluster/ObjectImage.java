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
