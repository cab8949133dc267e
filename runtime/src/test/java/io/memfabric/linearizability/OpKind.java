/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.linearizability;

/**
 * What an {@link Operation} did to its register.
 */
public enum OpKind
{
    /**
     * Read the register; the outcome is the value seen.
     */
    READ("read"),

    /**
     * Wrote a value into the register unconditionally.
     */
    WRITE("write"),

    /**
     * Compare-and-set: replaced the value with a new one if it equalled the expected one; the outcome says whether
     * it did.
     */
    CAS("cas");

    private final String token;

    OpKind(final String token)
    {
        this.token = token;
    }

    /**
     * @return the word the history file format uses for this kind.
     */
    public String token()
    {
        return token;
    }

    static OpKind ofToken(final String token)
    {
        for (final OpKind kind : values())
        {
            if (kind.token.equals(token))
            {
                return kind;
            }
        }
        return null;
    }
}
