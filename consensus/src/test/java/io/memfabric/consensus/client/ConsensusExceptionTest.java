/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.FabricException;
import io.memfabric.consensus.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsensusExceptionTest
{
    // What each reason means to a caller: written out here so that a change of the mapping is a visible decision.
    private static final Map<ConsensusException.Reason, FabricException.Category> CATEGORIES = Map.ofEntries(
        Map.entry(ConsensusException.Reason.MALFORMED, FabricException.Category.REFUSED),
        Map.entry(ConsensusException.Reason.UNKNOWN_REQUEST, FabricException.Category.REFUSED),
        Map.entry(ConsensusException.Reason.UNSUPPORTED_VERSION, FabricException.Category.REFUSED),
        Map.entry(ConsensusException.Reason.NOT_CONNECTED, FabricException.Category.LOST),
        Map.entry(ConsensusException.Reason.NOT_OWNER, FabricException.Category.LOST),
        Map.entry(ConsensusException.Reason.STALE_TOKEN, FabricException.Category.LOST),
        Map.entry(ConsensusException.Reason.NO_SUCH_OBJECT, FabricException.Category.NOT_FOUND),
        Map.entry(ConsensusException.Reason.DUPLICATE_TOO_OLD, FabricException.Category.REFUSED),
        Map.entry(ConsensusException.Reason.LIMIT_EXCEEDED, FabricException.Category.LIMIT),
        Map.entry(ConsensusException.Reason.INTERNAL, FabricException.Category.INTERNAL),
        Map.entry(ConsensusException.Reason.OWNED, FabricException.Category.UNAVAILABLE),
        Map.entry(ConsensusException.Reason.CONFLICT, FabricException.Category.LOST),
        Map.entry(ConsensusException.Reason.UNKNOWN_CODE, FabricException.Category.REFUSED));

    @Test
    void everyWireCodeTranslatesToAReasonOfItsOwnAndItsCategory()
    {
        final Set<ConsensusException.Reason> seen = EnumSet.noneOf(ConsensusException.Reason.class);
        for (final ErrorCode code : ErrorCode.values())
        {
            if (code == ErrorCode.NULL_VAL)
            {
                continue;
            }
            final ConsensusException ex = ConsensusException.of(code.value(), "why");
            final ConsensusException.Reason reason = ex.reason();
            assertNotEquals(ConsensusException.Reason.UNKNOWN_CODE, reason, code + " has no reason");
            assertTrue(seen.add(reason), () -> code + " shares " + reason + " with another code");
            assertEquals(reason, ConsensusException.reasonOf(code));
            assertEquals(CATEGORIES.get(reason), ex.category(), reason::name);
            assertEquals(reason.category(), ex.category());
            assertEquals(reason + ": why", ex.getMessage());
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(ConsensusException.Reason.UNKNOWN_CODE)), seen,
            "every reason but UNKNOWN_CODE stands for a wire code");
        assertEquals(CATEGORIES.keySet(), EnumSet.allOf(ConsensusException.Reason.class));
    }

    @Test
    void aCodeThisClientDoesNotKnowIsNamedByItsNumber()
    {
        final ConsensusException ex = ConsensusException.of(77, "something new");
        assertEquals(ConsensusException.Reason.UNKNOWN_CODE, ex.reason());
        assertEquals(FabricException.Category.REFUSED, ex.category());
        assertTrue(ex.getMessage().contains("error code 77") && ex.getMessage().contains("something new"),
            ex.getMessage());
        assertEquals(ConsensusException.Reason.UNKNOWN_CODE, ConsensusException.reasonOf(ErrorCode.NULL_VAL.value()));
    }

    @Test
    void theClientsExceptionsAreFabricExceptionsOfTheirCategory()
    {
        assertEquals(FabricException.Category.UNAVAILABLE, new ConsensusTimeoutException("t").category());
        assertEquals(FabricException.Category.REFUSED, new ClusterRefusedException("r").category());
        assertEquals(FabricException.Category.REFUSED, new ClusterVersionException("v").category());
    }

    @Test
    void noPublicSignatureOfTheClientMentionsTheWireErrorCode()
    {
        for (final Class<?> type : new Class<?>[] {
            ConsensusException.class, ConsensusException.Reason.class, ConsensusClient.class, FabricConsensus.class})
        {
            final List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredConstructors()));
            for (final Executable member : members)
            {
                if (Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers()))
                {
                    assertFalse(member instanceof Method && ((Method)member).getReturnType() == ErrorCode.class,
                        member::toString);
                    assertFalse(List.of(member.getParameterTypes()).contains(ErrorCode.class), member::toString);
                }
            }
        }
    }
}
