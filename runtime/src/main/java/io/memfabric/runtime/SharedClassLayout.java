/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime;

import io.memfabric.FabricException;
import io.memfabric.annotations.Consistency;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared fields of a shareable class, in slot order: those of its superclasses first, then its own, as the agent
 * listed them in each class's {@code $mf$slots}. Slow paths use it to read and write fields by slot, and
 * publication uses it to walk an object graph. Built once per class, on first use.
 */
public final class SharedClassLayout
{
    private static final ClassValue<SharedClassLayout> LAYOUTS = new ClassValue<>()
    {
        protected SharedClassLayout computeValue(final Class<?> type)
        {
            return build(type);
        }
    };

    private final Class<?> type;
    private final Slot[] slots;
    private final Slot[] sharedReferenceSlots;

    private SharedClassLayout(final Class<?> type, final Slot[] slots)
    {
        this.type = type;
        this.slots = slots;
        final List<Slot> refs = new ArrayList<>();
        for (final Slot slot : slots)
        {
            if (slot.holdsSharedObjects() || slot.isDynamic())
            {
                refs.add(slot);
            }
        }
        this.sharedReferenceSlots = refs.toArray(new Slot[0]);
    }

    /**
     * @param type a class the agent made shareable.
     * @return its layout.
     * @throws FabricException if the class was not rewritten by the agent.
     */
    public static SharedClassLayout of(final Class<?> type)
    {
        return LAYOUTS.get(type);
    }

    /**
     * @return the class.
     */
    public Class<?> type()
    {
        return type;
    }

    /**
     * @return the number of shared fields.
     */
    public int slotCount()
    {
        return slots.length;
    }

    /**
     * @param index a slot number.
     * @return the slot.
     */
    public Slot slot(final int index)
    {
        return slots[index];
    }

    /**
     * @return the slots whose type is a shareable class, and the dynamic ones (see {@link DynamicValues}), which
     * publication follows.
     */
    public Slot[] sharedReferenceSlots()
    {
        return sharedReferenceSlots;
    }

    private static SharedClassLayout build(final Class<?> type)
    {
        if (!SharedInstance.class.isAssignableFrom(type))
        {
            throw new FabricException(FabricException.Category.USAGE, notShareable(type));
        }
        final List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            chain.add(0, c);
        }
        final List<Slot> slots = new ArrayList<>();
        for (final Class<?> c : chain)
        {
            final String listing = declaredSlots(c);
            if (listing == null || listing.isEmpty())
            {
                continue;
            }
            final MethodHandles.Lookup lookup = privateLookup(c);
            for (final String row : listing.split("\n"))
            {
                final String[] parts = row.split(" ");
                final Field field;
                try
                {
                    field = c.getDeclaredField(parts[0]);
                    final VarHandle handle = lookup.unreflectVarHandle(field);
                    // A listing of an agent older than the volatility column: taken as volatile (written through).
                    slots.add(new Slot(slots.size(), c, field, handle, Consistency.valueOf(parts[2]),
                        parts.length < 4 || !parts[3].equals("plain")));
                }
                catch (final ReflectiveOperationException ex)
                {
                    throw new FabricException(FabricException.Category.CONFIGURATION,
                        "Cannot reach shared field " + c.getName() + "." + parts[0] + ": " +
                        ex + ". The class and the agent that rewrote it disagree; rebuild with the same fabric.jar.");
                }
            }
        }
        return new SharedClassLayout(type, slots.toArray(new Slot[0]));
    }

    private static String declaredSlots(final Class<?> c)
    {
        try
        {
            final Field field = c.getDeclaredField(RewriteContract.SLOTS_FIELD);
            field.setAccessible(true);
            return (String)field.get(null);
        }
        catch (final NoSuchFieldException ex)
        {
            return null;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new FabricException(FabricException.Category.INTERNAL,
                "Cannot read the shared-field list of " + c.getName() + ": " + ex);
        }
    }

    private static MethodHandles.Lookup privateLookup(final Class<?> c)
    {
        try
        {
            SharedClassLayout.class.getModule().addReads(c.getModule());
            return MethodHandles.privateLookupIn(c, MethodHandles.lookup());
        }
        catch (final IllegalAccessException ex)
        {
            throw new FabricException(FabricException.Category.USAGE,
                "Cannot reach the shared fields of " + c.getName() + " in " + c.getModule() +
                ": open its package to MemFabric (opens ... to ALL-UNNAMED) or move it to the class path. " + ex);
        }
    }

    /**
     * @param type a class that is not shareable.
     * @return its name and what to do to make it shareable, for messages.
     */
    public static String notShareable(final Class<?> type)
    {
        return type.getName() + " is not a shareable class: " + (JvmFabric.isAgentLoaded() ?
            "annotate it with @io.memfabric.annotations.Shared (or some of its fields)" :
            "this JVM was started without the MemFabric agent, so no class was rewritten; start it with " +
            "-javaagent:/path/to/fabric.jar");
    }

    /**
     * One shared field of a shareable class.
     */
    public static final class Slot
    {
        private final int index;
        private final Class<?> declaringClass;
        private final Field field;
        private final VarHandle handle;
        private final java.lang.invoke.MethodHandle volatileSetter;
        private final Consistency consistency;
        private final boolean declaredVolatile;
        private final boolean holdsSharedObjects;
        private final boolean dynamic;

        Slot(
            final int index,
            final Class<?> declaringClass,
            final Field field,
            final VarHandle handle,
            final Consistency consistency,
            final boolean declaredVolatile)
        {
            this.index = index;
            this.declaringClass = declaringClass;
            this.field = field;
            this.handle = handle;
            // A volatile store typed (Object, Object): invoked exactly, it costs a call, not VarHandle's generic
            // path, which converts types on every call from a site that sees many handles.
            this.volatileSetter = handle.toMethodHandle(VarHandle.AccessMode.SET_VOLATILE)
                .asType(java.lang.invoke.MethodType.methodType(void.class, Object.class, Object.class));
            this.consistency = consistency;
            this.declaredVolatile = declaredVolatile;
            this.holdsSharedObjects = SharedInstance.class.isAssignableFrom(field.getType());
            this.dynamic = DynamicValues.isDynamic(field.getType());
        }

        /**
         * @return the slot number.
         */
        public int index()
        {
            return index;
        }

        /**
         * @return the field's name.
         */
        public String name()
        {
            return field.getName();
        }

        /**
         * @return the field's declared type.
         */
        public Class<?> type()
        {
            return field.getType();
        }

        /**
         * @return the class that declares the field.
         */
        public Class<?> declaringClass()
        {
            return declaringClass;
        }

        /**
         * @return the consistency the field was declared with.
         */
        public Consistency consistency()
        {
            return consistency;
        }

        /**
         * @return whether the field is CAUSAL or EVENTUAL: written locally at once and replicated over the data
         * plane, not through the cluster.
         */
        public boolean isReplicated()
        {
            return consistency != Consistency.STRONG;
        }

        /**
         * @return whether the field is final (written once, in the constructor).
         */
        public boolean isFinal()
        {
            return Modifier.isFinal(field.getModifiers());
        }

        /**
         * @return whether the field was declared volatile (a write publishes every write before it); the agent makes
         * every shared field volatile, so this is what the source said.
         */
        public boolean isVolatile()
        {
            return declaredVolatile;
        }

        /**
         * @return whether the field's type is a shareable class.
         */
        public boolean holdsSharedObjects()
        {
            return holdsSharedObjects;
        }

        /**
         * @return whether the field's type does not fix what it holds ({@code Object}, a collection interface): its
         * values are checked, and {@code java.util} collections replaced, when they are stored (see
         * {@link DynamicValues}).
         */
        public boolean isDynamic()
        {
            return dynamic;
        }

        /**
         * Reads the field with volatile semantics, bypassing the accessors.
         *
         * @param owner the object.
         * @return the value, boxed if primitive.
         */
        public Object get(final Object owner)
        {
            return isFinal() ? handle.get(owner) : handle.getVolatile(owner);
        }

        /**
         * Writes the field with volatile semantics, bypassing the accessors: how a cluster-backed node fills the local
         * copy of an object from the cluster. A final field is set once, before the object is reachable.
         *
         * @param owner the object.
         * @param value the value, boxed exactly as the field's type if primitive.
         */
        public void set(final Object owner, final Object value)
        {
            if (isFinal())
            {
                try
                {
                    field.setAccessible(true);
                    field.set(owner, value);
                }
                catch (final ReflectiveOperationException | RuntimeException ex)
                {
                    throw new FabricException(FabricException.Category.INTERNAL,
                        "Cannot set final shared field " + this + ": " + ex);
                }
            }
            else
            {
                try
                {
                    volatileSetter.invokeExact(owner, value);
                }
                catch (final RuntimeException | Error ex)
                {
                    throw ex;
                }
                catch (final Throwable ex)
                {
                    throw new FabricException(FabricException.Category.INTERNAL, "Cannot set shared field " + this +
                        ": " + ex);
                }
            }
        }

        /**
         * @return the field and its type, for messages.
         */
        public String toString()
        {
            return declaringClass.getName() + "." + field.getName() + " (" + field.getType().getName() + ")";
        }
    }
}
