/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.rewritten;

/**
 * A class the agent left alone: it is not shareable.
 */
public class Plain
{
    public int value;
}
