/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Litmus tests whose actors run on different fabric nodes of one cluster ({@link io.memfabric.jcstress.FabricNodes#cluster()}):
 * every outcome the Java Memory Model forbids for {@code volatile} fields, and what {@code synchronized},
 * {@code wait}/{@code notify}, publication and fencing promise, must not happen between nodes either.
 */
package io.memfabric.jcstress.nodes;
