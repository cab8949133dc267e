/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.annotations.Consistency;
import io.memfabric.annotations.Shared;
import io.memfabric.runtime.RewriteContract;
import io.memfabric.runtime.ValueTypes;
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
 *     <li>A shared field may hold a primitive, a boxed primitive, a String, an enum, a shareable class, or (an
 *     instance field) one of the JDK values of {@link ValueTypes}: UUID, the java.time values, BigInteger,
 *     BigDecimal.</li>
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
        if (ValueTypes.NAMES.contains(type.getName()))
        {
            return field.isStatic() ? "a root holds a primitive, a String, an enum or an object of a @Shared class; " +
                "put the " + type.getSimpleName() + " in a field of a @Shared class and make that the root" : null;
        }
        final String name = type.getActualName();
        if (isDynamic(type))
        {
            return field.isStatic() && name.equals("java.lang.Object") ? "a root holds a primitive, a String, an " +
                "enum, a collection or an object of a @Shared class, so it must be declared with one of those types, " +
                "not Object" : null;
        }
        if (type.isArray())
        {
            return arrayAdvice(type);
        }
        final String collectionAdvice = isJdk(name) ? collectionAdvice(type) : null;
        if (collectionAdvice != null)
        {
            return collectionAdvice;
        }
        if (name.equals("java.lang.Object"))
        {
            return "a shared field must name a concrete shareable type, not Object; declare it with a @Shared " +
                "class, String, a boxed primitive or an enum";
        }
        if (type.isInterface())
        {
            // The rewrite must know, from the field's type alone, that whatever is stored can be shared; an
            // interface promises nothing about its implementations' fields.
            final boolean jdk = isJdk(name);
            return "a shared field must name a shareable class, and " + type.getSimpleName() + " is " +
                (jdk ? "a JDK interface" : "an interface") + ", which any class, shareable or not, may implement; " +
                (jdk ? "declare the field with a @Shared class instead (an abstract one if several kinds of " +
                    "objects must fit)" :
                    "make " + type.getSimpleName() + " an abstract @Shared class that its implementations extend, " +
                    "and declare the field with it") +
                ", or mark the field transient to keep it local to this JVM";
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
        final String valueAdvice = jdkValueAdvice(name);
        if (valueAdvice != null)
        {
            return name + " is a JDK class the fabric cannot share (its fields are not rewritten); " + valueAdvice +
                ", or mark the field transient to keep it local to this JVM";
        }
        if (isJdk(name))
        {
            return name + " is a JDK class the fabric cannot share (its fields are not rewritten); model the data " +
                "with @Shared classes or the fabric's collections (List, Map, Set, Queue fields), or mark the field " +
                "transient to keep it local";
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

    // The runtime's DynamicValues.COLLECTION_TYPES by name: the agent must not load the runtime's collection
    // classes while it transforms (UnshareableFieldAdviceTest holds the two lists equal).
    static final List<String> COLLECTION_TYPE_NAMES = List.of(
        "java.util.Collection", "java.util.List", "java.util.Set", "java.util.Map", "java.util.Queue",
        "java.util.Deque", "java.util.concurrent.BlockingQueue", "java.util.concurrent.BlockingDeque");

    /**
     * @param type a field's type.
     * @return whether what the field holds is known only from each value: {@code Object} or one of the collection
     * interfaces the fabric has collections for (see {@code DynamicValues}).
     */
    boolean isDynamic(final TypeDescription type)
    {
        return type.represents(Object.class) || COLLECTION_TYPE_NAMES.contains(type.getName());
    }

    // Java arrays cannot be shared: code the agent does not rewrite (java.util.Arrays, System.arraycopy, any JDK
    // method handed the array) would store into a local copy. Name the fabric array type for the element type.
    private static String arrayAdvice(final TypeDescription type)
    {
        final TypeDescription component = type.getComponentType();
        final String instead;
        if (component.represents(long.class))
        {
            instead = "io.memfabric.collections.FabricLongArray";
        }
        else if (component.represents(int.class) || component.represents(short.class) ||
            component.represents(byte.class) || component.represents(char.class))
        {
            instead = "io.memfabric.collections.FabricIntArray";
        }
        else if (component.represents(double.class) || component.represents(float.class))
        {
            instead = "io.memfabric.collections.FabricDoubleArray";
        }
        else
        {
            instead = "io.memfabric.collections.FabricArray<" + (component.isPrimitive() ?
                "Boolean" : component.getSimpleName()) + ">";
        }
        return "a Java array cannot be shared (an element store in code the agent does not rewrite, such as " +
            "java.util.Arrays or System.arraycopy, would change a local copy only); declare the field as " + instead +
            " (new, get(i), set(i, v), length(): each element a shared field of its own), or as a List";
    }

    private static boolean isJdk(final String name)
    {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
    }

    // A field of a java.util collection class (or of an interface the fabric has no collection for): say which
    // interface to declare it with, so that what is stored becomes a fabric collection.
    private static String collectionAdvice(final TypeDescription type)
    {
        final String kind;
        final String declare;
        if (isA(type, "java.util.SortedMap") || isA(type, "java.util.SortedSet"))
        {
            return type.getActualName() + " is a sorted collection, and the fabric has no sorted collection yet (its " +
                "maps and sets keep insertion order); declare the field as Map or Set and sort when you read, or " +
                "mark it transient to keep it local to this JVM";
        }
        if (isA(type, "java.util.Map"))
        {
            kind = "map";
            declare = "Map";
        }
        else if (isA(type, "java.util.Set"))
        {
            kind = "set";
            declare = "Set";
        }
        else if (isA(type, "java.util.List"))
        {
            kind = "list";
            declare = "List";
        }
        else if (isA(type, "java.util.concurrent.BlockingDeque"))
        {
            kind = "queue";
            declare = "BlockingDeque";
        }
        else if (isA(type, "java.util.concurrent.BlockingQueue"))
        {
            kind = "queue";
            declare = "BlockingQueue";
        }
        else if (isA(type, "java.util.Deque"))
        {
            kind = "queue";
            declare = "Deque";
        }
        else if (isA(type, "java.util.Queue"))
        {
            kind = "queue";
            declare = "Queue";
        }
        else if (isA(type, "java.util.Collection") || type.getName().equals("java.lang.Iterable"))
        {
            kind = "collection";
            declare = "Collection";
        }
        else
        {
            return null;
        }
        return "a shared " + kind + " field must be declared with the interface " + declare + ", not " +
            type.getActualName() + ": a " + kind + " stored into it becomes a fabric " + kind + " with the same " +
            "contents (a java.util class keeps its elements in fields the agent does not rewrite), which that " +
            "class is not; declare it as " + declare + ", or mark it transient to keep the " + kind + " local to " +
            "this JVM";
    }

    private static boolean isA(final TypeDescription type, final String name)
    {
        if (type.getName().equals(name))
        {
            return true;
        }
        try
        {
            final TypeDescription.Generic superClass = type.getSuperClass();
            if (superClass != null && isA(superClass.asErasure(), name))
            {
                return true;
            }
            for (final TypeDescription.Generic iface : type.getInterfaces())
            {
                if (isA(iface.asErasure(), name))
                {
                    return true;
                }
            }
        }
        catch (final TypePool.Resolution.NoSuchTypeException ex)
        {
            // A supertype without a class file: only advice depends on it, so leave it out.
        }
        return false;
    }

    // JDK value classes a program is likely to reach for, with the shareable form of their value.
    private static String jdkValueAdvice(final String name)
    {
        switch (name)
        {
            case "java.util.UUID":
                return "store its text (toString(), UUID.fromString) in a String field, or its two halves " +
                    "(getMostSignificantBits, getLeastSignificantBits) in two long fields";
            case "java.time.Instant":
                return "store it as a long (toEpochMilli(), or epoch seconds and nanos in two fields) or as its " +
                    "ISO-8601 text in a String field";
            case "java.time.Duration":
                return "store it as a long (toNanos() or toMillis())";
            case "java.math.BigDecimal":
            case "java.math.BigInteger":
                return "store its text (toString()) in a String field";
            default:
                return name.startsWith("java.time.") ? "store it as its ISO-8601 text (toString(), parse) in a " +
                    "String field" : null;
        }
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
