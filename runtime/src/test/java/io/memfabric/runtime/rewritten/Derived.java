/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.rewritten;

/**
 * A subclass adding shared fields of weaker consistencies: it gets no header field of its own, only its own
 * {@code $mf$slots}, numbered after those of {@link Base}.
 */
public class Derived extends Base
{
    static final String $mf$slots =
        "label Ljava/lang/String; CAUSAL\n" +
        "child Lio/memfabric/runtime/rewritten/Node; EVENTUAL";

    public volatile String label;
    public volatile Node child;
}
