/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FabricUriTest
{
    @Test
    void parseSplitsNamespaceFromPath()
    {
        final FabricUri uri = FabricUri.parse("fabric://bank/ledger");

        assertEquals("bank", uri.namespace());
        assertEquals("ledger", uri.path());
        assertEquals("fabric://bank/ledger", uri.toString());
    }

    @Test
    void pathKeepsEverySegmentAfterTheNamespace()
    {
        final FabricUri uri = FabricUri.parse("fabric://swarm/agents/planner/queue");

        assertEquals("swarm", uri.namespace());
        assertEquals("agents/planner/queue", uri.path());
    }

    @Test
    void namesMayUseLettersDigitsAndPunctuationAllowed()
    {
        final FabricUri uri = FabricUri.parse("fabric://My-app_2.0/a.b$c~d/x..y/.hidden");

        assertEquals("My-app_2.0", uri.namespace());
        assertEquals("a.b$c~d/x..y/.hidden", uri.path());
    }

    @Test
    void urisWithTheSameTextAreEqual()
    {
        final FabricUri first = FabricUri.parse("fabric://bank/ledger");
        final FabricUri second = FabricUri.parse("fabric://bank/ledger");

        assertEquals(first, second);
        assertEquals(first.hashCode(), second.hashCode());
    }

    @Test
    void urisAreCaseSensitive()
    {
        assertNotEquals(FabricUri.parse("fabric://bank/ledger"), FabricUri.parse("fabric://bank/Ledger"));
        assertNotEquals(FabricUri.parse("fabric://bank/ledger"), FabricUri.parse("fabric://Bank/ledger"));
    }

    @Test
    void nullIsRejected()
    {
        final InvalidFabricUriException ex = assertThrows(InvalidFabricUriException.class, () -> FabricUri.parse(null));

        assertTrue(ex.getMessage().contains("null"), ex.getMessage());
        assertTrue(ex.getMessage().contains("fabric://namespace/path"), ex.getMessage());
    }

    @Test
    void emptyTextIsRejected()
    {
        final InvalidFabricUriException ex = assertThrows(InvalidFabricUriException.class, () -> FabricUri.parse(""));

        assertTrue(ex.getMessage().contains("empty"), ex.getMessage());
        assertTrue(ex.getMessage().contains("fabric://namespace/path"), ex.getMessage());
    }

    static Stream<Arguments> invalidUris()
    {
        return Stream.of(
            Arguments.of("http://x/y", "the scheme is 'http', not 'fabric'"),
            Arguments.of("FABRIC://bank/ledger", "the scheme is 'FABRIC', not 'fabric'"),
            Arguments.of("bank/ledger", "does not start with 'fabric://'"),
            Arguments.of("fabric:/bank/ledger", "does not start with 'fabric://'"),
            Arguments.of("fabric:///x", "the namespace is missing"),
            Arguments.of("fabric://", "the namespace is missing"),
            Arguments.of("fabric://ns", "the path after the namespace 'ns' is missing"),
            Arguments.of("fabric://ns/", "the path after the namespace 'ns' is missing"),
            Arguments.of("fabric://ns/a//b", "empty segment"),
            Arguments.of("fabric://ns/a/", "empty segment"),
            Arguments.of("fabric://ns/a/../b", "'..' segment"),
            Arguments.of("fabric://ns/..", "'..' segment"),
            Arguments.of("fabric://ns/./b", "'.' segment"),
            Arguments.of("fabric://ns/a b", "the path segment 'a b' has the character '\\u0020' at 1"),
            Arguments.of("fabric://ns/a?x=1", "the path segment 'a?x=1' has the character '?' at 1"),
            Arguments.of("fabric://ns/a#frag", "has the character '#'"),
            Arguments.of("fabric://user@ns/a", "the namespace has the character '@' at 4"),
            Arguments.of("fabric://ns:20002/a", "the namespace has the character ':' at 2"),
            Arguments.of("fabric://ns/a\tb", "has the character '\\u0009'"));
    }

    @ParameterizedTest
    @MethodSource("invalidUris")
    void invalidUriIsRejectedNamingItAndWhatIsWrong(final String uri, final String what)
    {
        final InvalidFabricUriException ex = assertThrows(InvalidFabricUriException.class, () -> FabricUri.parse(uri));

        assertTrue(ex.getMessage().contains("'" + uri + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains(what), ex.getMessage());
        assertTrue(ex.getMessage().contains("expected fabric://namespace/path"), ex.getMessage());
    }

    @Test
    void uriOfMaximumLengthIsAccepted()
    {
        final String uri = uriOfLength(FabricUri.MAX_LENGTH);

        assertEquals(FabricUri.MAX_LENGTH, FabricUri.parse(uri).toString().length());
    }

    @Test
    void uriLongerThanMaximumIsRejected()
    {
        final String uri = uriOfLength(FabricUri.MAX_LENGTH + 1);

        final InvalidFabricUriException ex = assertThrows(InvalidFabricUriException.class, () -> FabricUri.parse(uri));

        assertTrue(ex.getMessage().contains(uri), ex.getMessage());
        assertTrue(ex.getMessage().contains("1025 characters long, more than the 1024 allowed"), ex.getMessage());
    }

    @Test
    void staticFieldUriNamesClassAndField()
    {
        final FabricUri uri = FabricUri.ofStaticField("com.acme.Board$Inner", "tasks");

        assertEquals("fabric://static/com.acme.Board$Inner/tasks", uri.toString());
        assertEquals("static", uri.namespace());
        assertEquals("com.acme.Board$Inner/tasks", uri.path());
    }

    @ParameterizedTest
    @ValueSource(strings = { "a b", "", ".." })
    void staticFieldUriRejectsFieldNameThatIsNotAPathSegment(final String fieldName)
    {
        assertThrows(InvalidFabricUriException.class, () -> FabricUri.ofStaticField("com.acme.Board", fieldName));
    }

    private static String uriOfLength(final int length)
    {
        final StringBuilder builder = new StringBuilder("fabric://ns/");
        while (builder.length() < length)
        {
            builder.append('p');
        }
        return builder.toString();
    }
}
