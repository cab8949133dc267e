/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.FabricUri;
import io.memfabric.InvalidFabricUriException;
import io.memfabric.annotations.Consistency;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the agent will add to one class, decided from its description before any byte is written: whether it is
 * shareable and carries the header, its slots, its roots, and the errors that make it unusable.
 */
final class ClassPlan
{
    private final String internalName;
    private final boolean shareable;
    private final boolean declaresHeader;
    private final List<Slot> slots;
    private final List<Root> roots;
    private final List<String> errors;

    private ClassPlan(
        final String internalName,
        final boolean shareable,
        final boolean declaresHeader,
        final List<Slot> slots,
        final List<Root> roots,
        final List<String> errors)
    {
        this.internalName = internalName;
        this.shareable = shareable;
        this.declaresHeader = declaresHeader;
        this.slots = slots;
        this.roots = roots;
        this.errors = errors;
    }

    /**
     * @param model the sharing rules.
     * @param type  the class being rewritten.
     * @return its plan.
     */
    static ClassPlan of(final SharedTypeModel model, final TypeDescription type)
    {
        final String internalName = type.getInternalName();
        final String className = type.getName();
        final List<String> errors = new ArrayList<>();
        final boolean annotated = model.isAnnotatedShared(type);

        if (annotated)
        {
            final String value = model.rootName(type);
            if (value != null && !value.isEmpty())
            {
                errors.add("@Shared(\"" + value + "\") on class " + className + ": a root URI can only be given " +
                    "on a static field; put @Shared without a value on the class");
            }
            if (type.isInterface() || type.isAnnotation() || type.isEnum())
            {
                errors.add("@Shared on " + (type.isEnum() ? "enum " : "interface ") + className + ": only classes " +
                    "with instance fields can be shared" + (type.isEnum() ?
                    "; enum values are shared by storing them in shared fields" : ""));
            }
        }

        final boolean shareable = model.isShareable(type);
        final List<Slot> slots = new ArrayList<>();
        final List<Root> roots = new ArrayList<>();
        int index = shareable ? model.slotBase(type) : 0;
        for (final FieldDescription.InDefinedShape field : type.getDeclaredFields())
        {
            final String where = className + "." + field.getName();
            if (field.isTransient() && model.hasSharedAnnotation(field))
            {
                errors.add("Field " + where + " is both transient and @Shared; remove one of them (transient keeps " +
                    "it local to this JVM)");
                continue;
            }
            if (!model.isShared(field))
            {
                continue;
            }
            final String typeError = model.checkFieldType(field);
            if (typeError != null)
            {
                errors.add("MemFabric cannot share field " + where + " of type " +
                    field.getType().asErasure().getActualName() + ": " + typeError + ".");
            }
            final String rootName = model.rootName(field);
            if (field.isStatic())
            {
                if (field.isFinal())
                {
                    errors.add("Static field " + where + " is final and @Shared; a root must be writable, so " +
                        "remove final");
                    continue;
                }
                if (type.isInterface())
                {
                    errors.add("Field " + where + " is in an interface; roots belong in classes");
                    continue;
                }
                String uri = null;
                try
                {
                    uri = rootName == null || rootName.isEmpty() ?
                        FabricUri.ofStaticField(className, field.getName()).toString() :
                        FabricUri.parse(rootName).toString();
                }
                catch (final InvalidFabricUriException ex)
                {
                    errors.add("Static field " + where + ": " + ex.getMessage());
                    continue;
                }
                roots.add(new Root(field.getName(), field.getDescriptor(), uri));
            }
            else
            {
                if (rootName != null && !rootName.isEmpty())
                {
                    errors.add("@Shared(\"" + rootName + "\") on instance field " + where + ": a root URI can " +
                        "only be given on a static field; remove the value");
                }
                slots.add(new Slot(
                    index++, field.getName(), field.getDescriptor(), field.isFinal(), field.isVolatile(),
                    model.consistency(field),
                    field.getType().asErasure().isPrimitive() || typeError != null ||
                    !model.isShareable(field.getType().asErasure()) && !model.isDynamic(field.getType().asErasure())));
            }
        }

        return new ClassPlan(
            internalName,
            shareable,
            shareable && model.declaresHeader(type),
            Collections.unmodifiableList(slots),
            Collections.unmodifiableList(roots),
            Collections.unmodifiableList(errors));
    }

    String internalName()
    {
        return internalName;
    }

    boolean isShareable()
    {
        return shareable;
    }

    boolean declaresHeader()
    {
        return declaresHeader;
    }

    List<Slot> slots()
    {
        return slots;
    }

    List<Root> roots()
    {
        return roots;
    }

    List<String> errors()
    {
        return errors;
    }

    /**
     * @return whether the class needs anything added or changed in its declaration.
     */
    boolean changesDeclaration()
    {
        return shareable || !roots.isEmpty() || !errors.isEmpty();
    }

    /**
     * @return whether the static initializer needs a prefix: errors to raise, or root cells to bind.
     */
    boolean needsClinitPrefix()
    {
        return !roots.isEmpty() || !errors.isEmpty();
    }

    Slot slot(final String name)
    {
        for (final Slot slot : slots)
        {
            if (slot.name.equals(name))
            {
                return slot;
            }
        }
        return null;
    }

    /**
     * @return the {@code $mf$slots} listing: {@code name descriptor consistency volatility} per line, the volatility
     * ({@code volatile} or {@code plain}) as declared (the rewritten class makes every shared field volatile).
     */
    String slotListing()
    {
        final StringBuilder listing = new StringBuilder();
        for (final Slot slot : slots)
        {
            if (listing.length() > 0)
            {
                listing.append('\n');
            }
            listing.append(slot.name).append(' ').append(slot.descriptor).append(' ').append(slot.consistency)
                .append(' ').append(slot.isVolatile ? "volatile" : "plain");
        }
        return listing.toString();
    }

    /**
     * A shared instance field of the class.
     */
    static final class Slot
    {
        final int index;
        final String name;
        final String descriptor;
        final boolean isFinal;
        final boolean isVolatile;
        final Consistency consistency;
        final boolean holdsValues;

        Slot(
            final int index,
            final String name,
            final String descriptor,
            final boolean isFinal,
            final boolean isVolatile,
            final Consistency consistency,
            final boolean holdsValues)
        {
            this.index = index;
            this.name = name;
            this.descriptor = descriptor;
            this.isFinal = isFinal;
            this.isVolatile = isVolatile;
            this.consistency = consistency;
            this.holdsValues = holdsValues;
        }
    }

    /**
     * A shared static field of the class: a root.
     */
    static final class Root
    {
        final String name;
        final String descriptor;
        final String uri;

        Root(final String name, final String descriptor, final String uri)
        {
            this.name = name;
            this.descriptor = descriptor;
            this.uri = uri;
        }
    }
}
