/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts state on the fabric: a single logical memory that spans JVMs and hosts.
 * <ul>
 *     <li>On a <b>type</b>: every non-transient instance field of the class is shared.</li>
 *     <li>On a <b>field</b>: that field is shared. On a static field it names a root, the entry point of a shared
 *     object graph: {@code @Shared("fabric://bank/ledger") static Ledger ledger;}</li>
 * </ul>
 * A JVM started with {@code -javaagent:fabric.jar} rewrites every read and write of a shared field, and
 * {@code synchronized} on a shared object, into operations on the fabric. A new object becomes shared when it is
 * first stored into a shared field or root, together with the objects it references.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.FIELD })
public @interface Shared
{
    /**
     * The fabric URI of a root, {@code fabric://namespace/path}, when put on a static field. Empty means a name
     * derived from the class and field ({@code fabric://static/com.acme.Board/tasks}). A value on an instance
     * field or on a type is an error, reported when the class loads.
     *
     * @return the root's URI, or empty for the derived name.
     */
    String value() default "";

    /**
     * The consistency of the shared field or, on a type, of its fields.
     *
     * @return the consistency level; {@link Consistency#STRONG} by default.
     */
    Consistency consistency() default Consistency.STRONG;
}
