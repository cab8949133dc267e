/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advice of {@code SharedClassError} for the field types a new user reaches for first: it must say what to do
 * for that type, not only that the type is refused.
 */
class UnshareableFieldAdviceTest
{
    private static final String LINK_ELEMENTS = "link @Shared element objects (a value and a next field)";

    private final RewritingClassLoader loader = new RewritingClassLoader("fixtures.");

    @Test
    void listFieldsGetTheSameLinkedNodeAdviceAsArrayListFields() throws Exception
    {
        final String names = errorFor("names");
        final String list = errorFor("list");

        assertTrue(names.contains("of type java.util.List: java.util.List is a java.util list"), names);
        assertTrue(list.contains("of type java.util.ArrayList: java.util.ArrayList is a java.util list"), list);
        for (final String message : List.of(names, list))
        {
            assertTrue(message.contains(LINK_ELEMENTS), message);
            assertTrue(message.contains("mark the field transient to keep the list local to this JVM"), message);
            assertTrue(message.contains("the fabric's own collections are not available yet"), message);
        }
    }

    @Test
    void mapFieldsAreAdvisedToLinkEntryObjectsOrUseOneFieldPerKey() throws Exception
    {
        for (final String field : List.of("scores", "hashed"))
        {
            final String message = errorFor(field);
            assertTrue(message.contains("is a java.util map"), message);
            assertTrue(message.contains("link @Shared entry objects (key, value and next fields)"), message);
            assertTrue(message.contains("one field per key"), message);
        }
    }

    @Test
    void setCollectionAndQueueFieldsAreAdvisedForTheirKind() throws Exception
    {
        assertTrue(errorFor("tags").contains("java.util.Set is a java.util set"), errorFor("tags"));
        assertTrue(errorFor("tags").contains("check for an element before adding it"), errorFor("tags"));
        assertTrue(errorFor("items").contains("java.util.Collection is a java.util collection"), errorFor("items"));
        assertTrue(errorFor("items").contains(LINK_ELEMENTS), errorFor("items"));
        assertTrue(errorFor("pending").contains("java.util.Queue is a java.util queue"), errorFor("pending"));
    }

    @Test
    void aJdkValueTheFabricDoesNotHoldIsAdvisedWhatToStoreInsteadAndAValueRootWhereToPutIt() throws Exception
    {
        final String zone = errorFor("zone");
        final String started = errorFor("started");

        assertTrue(zone.contains("java.time.ZoneId is a JDK class the fabric cannot share"), zone);
        assertTrue(zone.contains("store it as its ISO-8601 text"), zone);
        assertTrue(started.contains("a root holds a primitive, a String, an enum or an object of a @Shared class"),
            started);
        assertTrue(started.contains("put the Instant in a field of a @Shared class"), started);
    }

    @Test
    void interfaceFieldIsAdvisedToBecomeAnAbstractSharedBaseClass() throws Exception
    {
        final String greeter = errorFor("greeter");
        final String task = errorFor("task");

        assertTrue(greeter.contains("of type fixtures.bad.Unshareables$Greeter"), greeter);
        assertTrue(greeter.contains("make Greeter an abstract @Shared class that its implementations extend, and " +
            "declare the field with it"), greeter);
        assertTrue(task.contains("Runnable is a JDK interface"), task);
        assertTrue(task.contains("declare the field with a @Shared class instead"), task);
    }

    private String errorFor(final String field) throws Exception
    {
        Class.forName("fixtures.bad.Unshareables", false, loader);
        final List<String> errors = loader.outcome("fixtures.bad.Unshareables").errors();
        final String prefix = "MemFabric cannot share field fixtures.bad.Unshareables." + field + " of type ";
        final List<String> matching = errors.stream().filter(error -> error.startsWith(prefix)).toList();
        assertEquals(1, matching.size(), field + " in " + errors);
        return matching.get(0);
    }
}
