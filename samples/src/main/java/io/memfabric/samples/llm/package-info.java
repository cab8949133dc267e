/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * A small decoder-only transformer in plain Java whose KV cache the fabric can store: prefix computed once, pages
 * shared, suffixes prefilled by other agents with the same logits, bit for bit.
 * <p>
 * {@link io.memfabric.samples.llm.ModelConfig} gives a model's sizes, seed and fingerprint;
 * {@link io.memfabric.samples.llm.TinyTransformer} computes with it in a fixed float order;
 * {@link io.memfabric.samples.llm.KvState} is one sequence's KV cache; {@link io.memfabric.samples.llm.KvPages}
 * exports runs of its blocks as pages and imports them back, or lets a cache borrow them in place (zero copy);
 * {@link io.memfabric.samples.llm.KvAgent} answers over the KV-cache store;
 * {@link io.memfabric.samples.llm.PrefillTiming} prints what a cold prefix costs and what a question over imported or
 * borrowed pages costs.
 */
package io.memfabric.samples.llm;
