/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.agent;

import io.memfabric.runtime.DynamicValues;
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
    private final RewritingClassLoader loader = new RewritingClassLoader("fixtures.");

    @Test
    void fieldsDeclaredWithACollectionInterfaceOrObjectAreAccepted() throws Exception
    {
        for (final String field : List.of("names", "scores", "tags", "items", "pending", "anything"))
        {
            assertEquals(List.of(), errorsFor(field), field);
        }
    }

    @Test
    void theAgentAndTheRuntimeNameTheSameCollectionInterfaces()
    {
        assertEquals(DynamicValues.COLLECTION_TYPE_NAMES, SharedTypeModel.COLLECTION_TYPE_NAMES);
    }

    @Test
    void aFieldOfAJavaUtilCollectionClassIsAdvisedToNameItsInterface() throws Exception
    {
        final String list = errorFor("list");
        final String hashed = errorFor("hashed");
        final String deque = errorFor("deque");

        assertTrue(list.contains("a shared list field must be declared with the interface List, not " +
            "java.util.ArrayList: a list stored into it becomes a fabric list with the same contents"), list);
        assertTrue(hashed.contains("declared with the interface Map, not java.util.HashMap"), hashed);
        assertTrue(deque.contains("declared with the interface Deque, not java.util.ArrayDeque"), deque);
        for (final String message : List.of(list, hashed, deque))
        {
            assertTrue(message.contains("or mark it transient to keep the"), message);
        }
    }

    @Test
    void aSortedCollectionAndAnObjectRootAreRefusedSayingWhy() throws Exception
    {
        final String ranked = errorFor("ranked");
        final String any = errorFor("any");

        assertTrue(ranked.contains("java.util.SortedMap is a sorted collection, and the fabric has no sorted " +
            "collection yet"), ranked);
        assertTrue(ranked.contains("declare the field as Map or Set and sort when you read"), ranked);
        assertTrue(any.contains("a root holds a primitive, a String, an enum, a collection or an object of a " +
            "@Shared class"), any);
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
        final List<String> matching = errorsFor(field);
        assertEquals(1, matching.size(), field + " in " + matching);
        return matching.get(0);
    }

    private List<String> errorsFor(final String field) throws Exception
    {
        Class.forName("fixtures.bad.Unshareables", false, loader);
        final List<String> errors = loader.outcome("fixtures.bad.Unshareables").errors();
        final String prefix = "MemFabric cannot share field fixtures.bad.Unshareables." + field + " of type ";
        return errors.stream().filter(error -> error.startsWith(prefix)).toList();
    }
}
