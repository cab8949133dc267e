/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.annotations.Consistency;
import io.memfabric.annotations.Shared;
import io.memfabric.runtime.RewriteContract;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of what is shared, answered from class files through a Byte Buddy {@link TypePool}, so no class is loaded
 * to decide how another is rewritten. The one place these rules live:
 * <ul>
 *     <li>An instance field is shared if it is annotated {@code @Shared}, or its class is, unless it is transient or
 *     synthetic. A static field is shared (a root) only if it is annotated {@code @Shared} itself.</li>
 *     <li>A class is shareable if it is annotated {@code @Shared}, declares a shared instance field, or extends a
 *     shareable class. The top shareable class of a hierarchy carries the object header.</li>
 *     <li>A shared field may hold a primitive, a boxed primitive, a String, an enum or a shareable class.</li>
 * </ul>
 */
final class SharedTypeModel
{
    private static final String SHARED = Shared.class.getName();
    private static final Set<String> VALUE_TYPES = Set.of(
        "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
        "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double");

    private final TypePool pool;
    private final Map<String, Boolean> shareable = new HashMap<>();

    SharedTypeModel(final TypePool pool)
    {
        this.pool = pool;
    }

    /**
     * @param internalName a class's internal name, e.g. {@code com/acme/Board}.
     * @return its description, or {@code null} if no class file for it can be found.
     */
    TypeDescription describe(final String internalName)
    {
        final TypePool.Resolution resolution = pool.describe(internalName.replace('/', '.'));
        return resolution.isResolved() ? resolution.resolve() : null;
    }

    /**
     * @param type a class.
     * @return whether instances of it can be shared.
     */
    boolean isShareable(final TypeDescription type)
    {
        if (type == null || type.isPrimitive() || type.isArray() || type.isInterface() || type.isEnum() ||
            type.isAnnotation() || type.represents(Object.class))
        {
            return false;
        }
        final String name = type.getName();
        final Boolean known = shareable.get(name);
        if (known != null)
        {
            return known;
        }
        boolean result = isAnnotatedShared(type) || !sharedInstanceFields(type).isEmpty();
        if (!result)
        {
            final TypeDescription superType = superClass(type);
            result = superType != null && isShareable(superType);
        }
        shareable.put(name, result);
        return result;
    }

    /**
     * @param type a shareable class.
     * @return whether it is the top shareable class of its hierarchy, which declares the header.
     */
    boolean declaresHeader(final TypeDescription type)
    {
        return isShareable(type) && !isShareable(superClass(type));
    }

    /**
     * @param type a class.
     * @return the shared instance fields it declares, in declaration order (its slots).
     */
    List<FieldDescription.InDefinedShape> sharedInstanceFields(final TypeDescription type)
    {
        final List<FieldDescription.InDefinedShape> fields = new ArrayList<>();
        for (final FieldDescription.InDefinedShape field : type.getDeclaredFields())
        {
            if (!field.isStatic() && isShared(field))
            {
                fields.add(field);
            }
        }
        return fields;
    }

    /**
     * @param type a class.
     * @return the shared static fields (roots) it declares.
     */
    List<FieldDescription.InDefinedShape> sharedStaticFields(final TypeDescription type)
    {
        final List<FieldDescription.InDefinedShape> fields = new ArrayList<>();
        for (final FieldDescription.InDefinedShape field : type.getDeclaredFields())
        {
            if (field.isStatic() && isShared(field))
            {
                fields.add(field);
            }
        }
        return fields;
    }

    /**
     * @param type a shareable class.
     * @return the number of slots its superclasses declare, where its own slots start.
     */
    int slotBase(final TypeDescription type)
    {
        int base = 0;
        for (TypeDescription c = superClass(type); c != null; c = superClass(c))
        {
            base += sharedInstanceFields(c).size();
        }
        return base;
    }

    /**
     * @param field a field.
     * @return whether it is shared (whether or not its type may be).
     */
    boolean isShared(final FieldDescription.InDefinedShape field)
    {
        if (field.isSynthetic() || field.getName().startsWith(RewriteContract.PREFIX))
        {
            return false;
        }
        if (hasSharedAnnotation(field))
        {
            return true;
        }
        return !field.isStatic() && !field.isTransient() && isAnnotatedShared(field.getDeclaringType());
    }

    /**
     * Finds the field a field instruction refers to, which may be declared by a superclass of the named owner, and
     * returns it if it is shared.
     *
     * @param owner      internal name of the class named by the instruction.
     * @param name       the field's name.
     * @param descriptor the field's descriptor.
     * @param isStatic   whether the instruction is GETSTATIC or PUTSTATIC.
     * @return the shared field, or {@code null} if it is not shared (or cannot be found).
     */
    FieldDescription.InDefinedShape resolveSharedField(
        final String owner, final String name, final String descriptor, final boolean isStatic)
    {
        if (owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/") ||
            owner.startsWith("sun/") || owner.charAt(0) == '[')
        {
            return null;
        }
        for (TypeDescription c = describe(owner); c != null; c = superClass(c))
        {
            for (final FieldDescription.InDefinedShape field : c.getDeclaredFields())
            {
                if (field.getName().equals(name) && field.getDescriptor().equals(descriptor))
                {
                    return field.isStatic() == isStatic && isShared(field) ? field : null;
                }
            }
        }
        return null;
    }

    /**
     * Checks what a shared field may hold.
     *
     * @param field a shared field.
     * @return {@code null} if its type can be shared, else why not and what to do instead.
     */
    String checkFieldType(final FieldDescription.InDefinedShape field)
    {
        final TypeDescription type = field.getType().asErasure();
        if (type.isPrimitive() || VALUE_TYPES.contains(type.getName()))
        {
            return null;
        }
        final String name = type.getActualName();
        if (type.isArray())
        {
            return "arrays cannot be shared yet; use a @Shared class with a field per element, or a linked " +
                "structure of @Shared objects";
        }
        if (name.equals("java.lang.Object") || type.isInterface())
        {
            return "a shared field must name a concrete shareable type, not " +
                (type.isInterface() ? "an interface" : "Object") +
                "; declare it with a @Shared class, String, a boxed primitive or an enum";
        }
        if (type.isEnum() || isShareable(type))
        {
            return null;
        }
        if (isJvmBound(type))
        {
            return "a " + type.getSimpleName() + " belongs to one JVM and cannot move to another; mark the field " +
                "transient to keep it local to this JVM, and share the data it works on instead";
        }
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk."))
        {
            return name + " is a JDK class the fabric cannot share (its fields are not rewritten); model the data " +
                "with @Shared classes, or mark the field transient to keep it local (the fabric's own collections " +
                "are not available yet)";
        }
        return name + " is not shareable; annotate " + type.getSimpleName() + " with @Shared, or mark the field " +
            "transient to keep it local to this JVM";
    }

    /**
     * @param target a class, or a field.
     * @return the {@code value()} of its {@code @Shared} annotation, or {@code null} if it has none.
     */
    String rootName(final FieldDescription.InDefinedShape target)
    {
        final AnnotationDescription shared = target.getDeclaredAnnotations().ofType(sharedType());
        return shared == null ? null : shared.getValue("value").resolve(String.class);
    }

    /**
     * @param type a class.
     * @return the {@code value()} of its {@code @Shared} annotation, or {@code null}.
     */
    String rootName(final TypeDescription type)
    {
        final AnnotationDescription shared = type.getDeclaredAnnotations().ofType(sharedType());
        return shared == null ? null : shared.getValue("value").resolve(String.class);
    }

    /**
     * @param field a shared field.
     * @return its consistency: the field's own annotation, else its class's, else STRONG.
     */
    Consistency consistency(final FieldDescription.InDefinedShape field)
    {
        AnnotationDescription shared = field.getDeclaredAnnotations().ofType(sharedType());
        if (shared == null)
        {
            shared = field.getDeclaringType().getDeclaredAnnotations().ofType(sharedType());
        }
        if (shared == null)
        {
            return Consistency.STRONG;
        }
        final EnumerationDescription value = shared.getValue("consistency").resolve(EnumerationDescription.class);
        return Consistency.valueOf(value.getValue());
    }

    /**
     * @param field a field.
     * @return whether it carries {@code @Shared} itself.
     */
    boolean hasSharedAnnotation(final FieldDescription.InDefinedShape field)
    {
        return field.getDeclaredAnnotations().isAnnotationPresent(sharedType());
    }

    /**
     * @param type a class.
     * @return whether the class carries {@code @Shared}.
     */
    boolean isAnnotatedShared(final TypeDefinition type)
    {
        return type.asErasure().getDeclaredAnnotations().isAnnotationPresent(sharedType());
    }

    /**
     * @param type a class.
     * @return its superclass, or {@code null} for Object, interfaces and classes whose superclass cannot be found.
     */
    TypeDescription superClass(final TypeDescription type)
    {
        if (type == null)
        {
            return null;
        }
        final TypeDescription.Generic superType = type.getSuperClass();
        if (superType == null)
        {
            return null;
        }
        try
        {
            final TypeDescription erasure = superType.asErasure();
            return erasure.represents(Object.class) ? null : erasure;
        }
        catch (final TypePool.Resolution.NoSuchTypeException ex)
        {
            return null;
        }
    }

    private TypeDescription sharedType()
    {
        final TypePool.Resolution resolution = pool.describe(SHARED);
        return resolution.isResolved() ? resolution.resolve() : TypeDescription.ForLoadedType.of(Shared.class);
    }

    private boolean isJvmBound(final TypeDescription type)
    {
        for (TypeDescription c = type; c != null; c = superClass(c))
        {
            final String name = c.getName();
            if (name.equals("java.lang.Thread") || name.equals("java.lang.ClassLoader") ||
                name.equals("java.net.Socket") || name.equals("java.net.ServerSocket") ||
                name.equals("java.io.InputStream") || name.equals("java.io.OutputStream") ||
                name.equals("java.io.Reader") || name.equals("java.io.Writer") ||
                name.equals("java.nio.channels.spi.AbstractInterruptibleChannel") ||
                name.equals("java.lang.Process") || name.equals("java.lang.ref.Reference"))
            {
                return true;
            }
        }
        for (final TypeDescription.Generic iface : type.getInterfaces())
        {
            final String name = iface.asErasure().getName();
            if (name.equals("java.util.concurrent.Executor") || name.equals("java.util.concurrent.locks.Lock") ||
                name.equals("java.lang.AutoCloseable") || name.equals("java.io.Closeable"))
            {
                return true;
            }
        }
        return false;
    }
}
